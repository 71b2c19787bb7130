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

from catalogues.settings import load_settings
from etl import load, runner
from etl.__main__ import main
from tests.live_http import file_digest


def _mount(point: Path, options: str) -> None:
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
        check=True,
        capture_output=True,
    )


def _polisen_on_tmpfs(tmp_path: Path, snapshot_dir: Path, size_kb: int | None) -> Iterator[Path]:
    """A Polisen-only DB on a tmpfs of `size_kb` (None: 1.5 times the DB)."""
    built = tmp_path / "built" / "trygghet.duckdb"
    settings = load_settings().with_overrides(db_path=built, snapshot_dir=snapshot_dir)
    [outcome] = runner.refresh(["polisen"], settings, offline=True, show_progress=False)
    assert outcome.error is None
    point = tmp_path / "mnt"
    point.mkdir()
    if size_kb is None:
        size_kb = built.stat().st_size * 3 // 2 // 1024
    else:
        size_kb += built.stat().st_size * 2 // 1024
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


@pytest.fixture()
def small_tmpfs(tmp_path: Path, snapshot_dir: Path) -> Iterator[Path]:
    """A Polisen-only DB on a tmpfs with room for it but not for its staged copy."""
    yield from _polisen_on_tmpfs(tmp_path, snapshot_dir, None)


@pytest.fixture()
def copy_fits_tmpfs(tmp_path: Path, snapshot_dir: Path) -> Iterator[Path]:
    """Room for the DB, its staged copy and 512 kB more: the copy fits, Skolverket's load
    (several MB) does not, so the disk fills during DuckDB's commit, not during the copy."""
    yield from _polisen_on_tmpfs(tmp_path, snapshot_dir, 512)


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


def test_a_disk_that_fills_during_the_load_stops_the_run_with_exit_4(
    copy_fits_tmpfs, snapshot_dir, capsys
):
    """DuckDB raises a TransactionException ('Failed to commit: Could not write file ...: No
    space left on device') here, not an IOException: still a full disk, exit 4 and a stop."""
    db = copy_fits_tmpfs
    digest = file_digest(db)
    args = ["refresh", "--offline", "--db", str(db), "--snapshot", str(snapshot_dir)]
    assert main([*args, "skolverket", "kolada"]) == 4
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert file_digest(db) == digest  # the live file as it was
    assert load.partial_files(db) == []
    assert main(["status", "--db", str(db), "skolverket", "kolada"]) == 1
    out = capsys.readouterr().out
    assert "No space left on device" in out
    assert "not attempted: an earlier source stopped the run" in out  # kolada never ran
