"""deploy/serve-many.sh 2: two dashboard processes behind HAProxy, sticky, health-checked.

Starts the launcher as documented (Debian's haproxy, two `streamlit run` processes on
loopback), opens websocket sessions through the proxy like browsers, and checks that they are
spread over both processes, survive a DB swap, and that after `kill -9` of one process its
sessions are lost while the others go on and new visitors land on the survivor.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from benchmarks.load import free_base, free_port, run_coroutine, wait_healthy
from benchmarks.stclient import REPO, Session

COOKIE = "TRYGGHET_SERVER"
pytestmark = [
    pytest.mark.load,
    pytest.mark.skipif(shutil.which("haproxy") is None, reason="needs haproxy (.ci/run installs)"),
]


class Proxy:
    """A running `deploy/serve-many.sh 2` and where it keeps its pid files."""

    def __init__(
        self, proc: subprocess.Popen[bytes], url: str, run: Path, backend: str = ""
    ) -> None:
        self.proc, self.url, self.run, self.backend = proc, url, run, backend

    def pid(self, name: str) -> int:
        return int((self.run / f"{name}.pid").read_text())


EMBEDDER = "https://kalmar.se"  # the kommun's own site, allowed to frame the dashboard here


@pytest.fixture()
def proxy(built_db: Path, tmp_path: Path) -> Iterator[Proxy]:
    db = tmp_path / "trygghet.duckdb"
    shutil.copyfile(built_db, db)
    port = free_port()
    base = free_base(2)
    run = tmp_path / "run"
    env = {
        **os.environ,
        "TRYGGHET_DB": str(db),
        "TRYGGHET_PORT": str(port),
        "TRYGGHET_BASE_PORT": str(base),
        "TRYGGHET_RUN_DIR": str(run),
        "TRYGGHET_FRAME_ANCESTORS": f"'self' {EMBEDDER}",
    }
    out = (tmp_path / "serve-many.out").open("wb")
    proc = subprocess.Popen(
        [str(REPO / "deploy" / "serve-many.sh"), "2"], env=env, stdout=out, stderr=out
    )
    started = Proxy(proc, f"http://127.0.0.1:{port}", run, f"http://127.0.0.1:{base + 1}")
    try:
        for i in (1, 2):
            wait_healthy(f"http://127.0.0.1:{base + i}", proc=proc)
        wait_healthy(started.url, proc=proc)
        _wait_both_up(started)
        yield started
    finally:
        children = sorted(run.glob("*.pid"))
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        out.close()
        # The launcher stops what it started: no dashboard or haproxy process outlives it.
        for pid_file in children:
            pid = int(pid_file.read_text())
            assert not _alive(pid), f"{pid_file.name} still runs after the launcher stopped"


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _wait_both_up(proxy: Proxy, timeout: float = 30) -> None:
    """HAProxy needs two passed checks (rise 2) per server before it balances over both."""
    deadline = time.monotonic() + timeout
    log = proxy.run / "haproxy.log"
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace") if log.exists() else ""
        if "2 active and 0 backup servers online" in text:
            return
        time.sleep(0.3)
    raise AssertionError(f"both servers never up: {log.read_text(errors='replace')[-2000:]}")


async def _open(url: str, count: int, cookie: str = "") -> list[Session]:
    sessions = []
    for _ in range(count):
        s = Session(url, cookie)
        await s.open()
        sessions.append(s)
    return sessions


async def _scenario(proxy: Proxy, db: Path) -> None:
    sessions = await _open(proxy.url, 4)
    servers = [s.cookie_value(COOKIE) for s in sessions]
    assert set(servers) == {"st1", "st2"}, servers  # leastconn spreads them over both

    for s in sessions:
        assert (await s.run("crime", "kommun=0880")).error is None

    # The ETL's swap: a new file over the live one. Every session goes on, on the new file.
    tmp = db.with_name(db.name + ".tmp")
    shutil.copyfile(db, tmp)
    os.replace(tmp, db)
    for s in sessions:
        result = await s.run("", "kommun=0881")
        assert result.error is None, result
        assert not s.closed

    # kill -9 one process: its sessions are lost, the other process's go on.
    os.kill(proxy.pid("st1"), signal.SIGKILL)
    for s, server in zip(sessions, servers, strict=True):
        result = await s.run("about", "kommun=0880", timeout=20)
        if server == "st1":
            assert result.error is not None and "connection closed" in result.error, result
        else:
            assert result.error is None, result

    # New visitors, and a returning one whose cookie names the dead process, reach the survivor.
    newcomers = await _open(proxy.url, 2) + await _open(proxy.url, 1, f"{COOKIE}=st1")
    for s in newcomers:
        assert s.cookie_value(COOKIE) == "st2"
        assert (await s.run("incidents", "kommun=0880")).error is None
    for s in sessions + newcomers:
        await s.close()


def test_sessions_survive_a_swap_and_the_loss_of_one_process(proxy: Proxy) -> None:
    run_coroutine(_scenario(proxy, proxy.run.parent / "trygghet.duckdb"))
    assert proxy.proc.poll() is None  # losing one process does not stop the launcher


def _get(url: str) -> httpx.Response:
    return httpx.get(url, timeout=10, follow_redirects=False)


def test_the_front_sets_security_headers_and_hides_internal_endpoints(proxy: Proxy) -> None:
    page = _get(proxy.url + "/")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == f"'self' {EMBEDDER}"  # from the environment
    assert directives["object-src"] == "'none'"
    assert "http" not in directives["connect-src"] + directives["img-src"]  # no other host
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "server" not in page.headers
    # The same process answered directly: it does send a banner, which the front drops.
    assert "server" in _get(proxy.backend + "/").headers
    for internal in (
        "/_stcore/metrics",
        "/_stcore/upload_file/x/y",
        "/_stcore/script-health-check",
    ):
        answer = _get(proxy.url + internal)
        assert answer.status_code == 404, internal
        assert "streamlit" not in answer.text.lower() and "session" not in answer.text.lower()
    assert _get(proxy.backend + "/_stcore/metrics").status_code == 200  # it is there behind
    health = _get(proxy.url + "/_stcore/health")
    assert (health.status_code, health.text) == (200, "ok")


def test_frame_ancestors_default_to_the_site_itself() -> None:
    """Without TRYGGHET_FRAME_ANCESTORS the recipe allows no other site to frame the page."""
    text = (REPO / "deploy" / "haproxy.cfg").read_text(encoding="utf-8")
    assert "presetenv TRYGGHET_FRAME_ANCESTORS \"'self'\"" in text
    assert "frame-ancestors ${TRYGGHET_FRAME_ANCESTORS}" in text
    check = subprocess.run(
        ["haproxy", "-c", "-f", str(REPO / "deploy" / "haproxy.cfg")],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "TRYGGHET_FRAME_ANCESTORS"},
    )
    assert check.returncode == 0, check.stderr
