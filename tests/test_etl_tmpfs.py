"""Disk full and read-only for real: the DB on a small tmpfs (skipped where mount is not allowed).

The injected faults in test_etl_failures.py cover every path; these check that the kernel's own
ENOSPC and EROFS take the same paths.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl import load, runner
from etl.__main__ import main
from etl.config import load_settings
from tests.live_http import file_digest


def _mount(point: Path, options: str) -> None:
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
        check=True,
        capture_output=True,
    )


@pytest.fixture()
def small_tmpfs(tmp_path: Path, snapshot_dir: Path) -> Iterator[Path]:
    """A Polisen-only DB on a tmpfs with room for it but not for its staged copy."""
    built = tmp_path / "built" / "trygghet.duckdb"
    settings = load_settings().with_overrides(db_path=built, snapshot_dir=snapshot_dir)
    [outcome] = runner.refresh(["polisen"], settings, offline=True, show_progress=False)
    assert outcome.error is None
    point = tmp_path / "mnt"
    point.mkdir()
    size_kb = built.stat().st_size * 3 // 2 // 1024
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    try:
        _mount(point, f"size={size_kb}k")
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc.stderr.decode().strip()}")
    try:
        db = point / "trygghet.duckdb"
        shutil.copy(built, db)
        yield db
    finally:
        subprocess.run(["umount", str(point)], check=False)


def test_a_really_full_disk(small_tmpfs, snapshot_dir, capsys):
    db = small_tmpfs
    digest = file_digest(db)
    args = ["refresh", "--offline", "--db", str(db), "--snapshot", str(snapshot_dir)]
    assert main([*args, "polisen", "skolverket"]) == 4
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert file_digest(db) == digest
    assert load.partial_files(db) == []
    assert main(["status", "--db", str(db), "polisen"]) == 1
    assert "FAILED" in capsys.readouterr().out


def test_a_really_read_only_directory(small_tmpfs, snapshot_dir, capsys):
    db = small_tmpfs
    subprocess.run(["mount", "-o", "remount,ro", str(db.parent)], check=True)
    digest = file_digest(db)
    args = ["refresh", "polisen", "--offline", "--db", str(db), "--snapshot", str(snapshot_dir)]
    assert main(args) == 4
    err = capsys.readouterr().err
    assert "Read-only file system" in err and len(err.strip().splitlines()) == 1
    assert file_digest(db) == digest
    assert main(["status", "--db", str(db), "polisen"]) == 1
    assert f"PROBLEM: {db.parent} is not writable: Read-only file system" in capsys.readouterr().out
