"""deploy/: the systemd units and crontab call real CLI commands with known sources and ages."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from etl.__main__ import _parser
from etl.pipelines import PIPELINES

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _etl_commands() -> list[tuple[str, list[str]]]:
    """Every `python -m etl ...` invocation in deploy/, as (file, argv after 'etl')."""
    found = []
    # The recipes only: not deploy/k8s/ and not the prose of deploy/README.md.
    for path in sorted(p for p in DEPLOY.iterdir() if p.is_file() and p.suffix != ".md"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith("#"):
                continue
            for match in re.finditer(r"python -m etl ([^|)>&\n]+)", line):
                found.append((path.name, shlex.split(match.group(1))))
    return found


def test_every_deploy_command_parses_and_names_known_sources():
    commands = _etl_commands()
    assert len(commands) >= 8
    for name, argv in commands:
        args = _parser().parse_args(argv)
        assert set(args.sources) <= set(PIPELINES), (name, argv)
        if args.command == "status":
            assert args.max_age is not None, (name, argv)


@pytest.mark.parametrize("name", ["trygghet-polisen.service", "trygghet-nightly.service"])
def test_services_refresh_the_sources_their_timers_promise(name):
    refreshed = {
        s for n, argv in _etl_commands() if n == name and argv[0] == "refresh" for s in argv[1:]
    }
    assert refreshed == ({"polisen"} if "polisen" in name else set(PIPELINES) - {"polisen"})


def test_polisen_runs_every_30_minutes_in_both_schedulers():
    timer = (DEPLOY / "trygghet-polisen.timer").read_text(encoding="utf-8")
    assert re.search(r"^OnCalendar=\*-\*-\* \*:07,37:00$", timer, re.M)
    cron = (DEPLOY / "crontab").read_text(encoding="utf-8")
    assert re.search(r"^7,37 \* \* \* \* .*refresh polisen", cron, re.M)
