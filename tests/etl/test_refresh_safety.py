"""A refresh never damages the live DB: failures, interruptions, readers, locks, re-runs."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from catalogues.settings import load_settings
from etl import load, runlog, runner, store
from etl.__main__ import main
from etl.indicators import load_catalogue
from tests.live_http import file_digest, lock_held_elsewhere

REPO = Path(__file__).resolve().parents[2]


def _content(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [
            con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in (
                "kolada_value",
                "kolada_kpi",
                "kolada_municipality",
                "kolada_group",
                "kolada_group_member",
                "indicator",
            )
        ]


@pytest.fixture()
def live_copy(built_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "trygghet.duckdb"
    shutil.copy(built_db, db)
    return db


def _broken_snapshot(snapshot_dir: Path, tmp_path: Path, broken_kpi: str) -> Path:
    """A snapshot dir of symlinks to the real files, with one KPI file truncated mid-way."""
    root = tmp_path / "snapshot" / "kolada"
    (root / "data").mkdir(parents=True)
    for name in ("kpi.json", "municipality.json", "municipality_groups.json"):
        (root / name).symlink_to(snapshot_dir / "kolada" / name)
    for kpi in load_catalogue()["kpi_id"]:
        src = snapshot_dir / "kolada" / "data" / f"{kpi}.json"
        if kpi == broken_kpi:
            (root / "data" / src.name).write_bytes(src.read_bytes()[:5000])
        else:
            (root / "data" / src.name).symlink_to(src)
    return root.parent


def test_failure_midway_leaves_the_db_unchanged(live_copy, snapshot_dir, tmp_path):
    digest = file_digest(live_copy)
    # U09808 sorts late in the catalogue, so earlier KPIs were already loaded into the copy.
    settings = load_settings().with_overrides(
        db_path=live_copy, snapshot_dir=_broken_snapshot(snapshot_dir, tmp_path, "U09808")
    )
    [outcome] = runner.refresh(["kolada"], settings, offline=True, show_progress=False)
    assert outcome.result is None
    assert "U09808.json is not valid JSON" in outcome.error
    assert file_digest(live_copy) == digest
    assert not live_copy.with_name(live_copy.name + ".tmp").exists()
    with duckdb.connect(str(live_copy), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM kolada_value").fetchall()[0][0] > 0


def test_interrupted_run_leaves_the_db_unchanged(live_copy, snapshot_dir, monkeypatch):
    digest = file_digest(live_copy)
    calls = {"n": 0}
    real_upsert = store.upsert

    def interrupt_on_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 6:
            raise KeyboardInterrupt
        return real_upsert(*args, **kwargs)

    monkeypatch.setattr(store, "upsert", interrupt_on_third)
    settings = load_settings().with_overrides(db_path=live_copy, snapshot_dir=snapshot_dir)
    with pytest.raises(KeyboardInterrupt):
        runner.refresh(["kolada"], settings, offline=True, show_progress=False)
    assert file_digest(live_copy) == digest


def test_second_refresh_changes_nothing_and_a_reader_is_not_blocked(live_copy, snapshot_dir):
    before = _content(live_copy)
    reader = duckdb.connect(str(live_copy), read_only=True)
    runs_before = reader.execute("SELECT count(*) FROM etl_run").fetchall()[0][0]
    settings = load_settings().with_overrides(db_path=live_copy, snapshot_dir=snapshot_dir)
    [outcome] = runner.refresh(["kolada"], settings, offline=True, show_progress=False)
    stats = outcome.result.stats
    assert (stats.added, stats.changed, stats.deleted) == (0, 0, 0)
    assert stats.unchanged > 280_000
    # The open reader still sees its old file; a reopened one sees the new run.
    assert reader.execute("SELECT count(*) FROM etl_run").fetchall()[0][0] == runs_before
    reader.close()
    with duckdb.connect(str(live_copy), read_only=True) as fresh:
        assert fresh.execute("SELECT count(*) FROM etl_run").fetchall()[0][0] == runs_before + 1
    assert _content(live_copy) == before


def test_a_second_refresh_at_the_same_time_exits_at_once(live_copy, snapshot_dir, capsys):
    with lock_held_elsewhere(live_copy):
        digest = file_digest(live_copy)
        started = time.monotonic()
        code = main(
            [
                "refresh",
                "kolada",
                "--offline",
                "--db",
                str(live_copy),
                "--snapshot",
                str(snapshot_dir),
            ]
        )
        assert code == 3
        assert time.monotonic() - started < 5  # it does not wait for the lock
        assert "another refresh" in capsys.readouterr().err
        assert file_digest(live_copy) == digest


def test_status_reports_and_flags_stale_sources(live_copy, capsys):
    assert main(["status", "kolada", "--db", str(live_copy), "--max-age", "1h"]) == 0
    out = capsys.readouterr().out
    with duckdb.connect(str(live_copy), read_only=True) as con:
        rows = con.execute(
            "SELECT rows_seen FROM v_etl_last_run WHERE source = 'kolada'"
        ).fetchall()[0][0]
    assert rows > 0
    assert [line.split()[0] for line in out.splitlines()[2:]] == ["kolada"]
    assert f" {rows} " in out.splitlines()[2]
    assert main(["status", "kolada", "--db", str(live_copy), "--max-age", "0s"]) == 1
    assert "STALE" in capsys.readouterr().out


def test_status_shows_the_last_error(live_copy, snapshot_dir, tmp_path, capsys):
    settings = load_settings().with_overrides(
        db_path=live_copy, snapshot_dir=_broken_snapshot(snapshot_dir, tmp_path, "N07403")
    )
    runner.refresh(["kolada"], settings, offline=True, show_progress=False)
    # Issue 14: a latest run that failed is a failing status (it exited 0 before).
    assert main(["status", "kolada", "--db", str(live_copy)]) == 1
    assert "N07403.json is not valid JSON" in capsys.readouterr().out


def test_cli_refresh_exit_codes(live_copy, snapshot_dir, tmp_path, capsys):
    assert main(["refresh", "nosuchsource", "--db", str(live_copy)]) == 2
    assert (
        main(
            [
                "refresh",
                "kolada",
                "--offline",
                "--db",
                str(live_copy),
                "--snapshot",
                str(_broken_snapshot(snapshot_dir, tmp_path, "N07403")),
            ]
        )
        == 1
    )
    assert "kolada: FAILED" in capsys.readouterr().err
    assert main(["refresh", "--offline", "--if-missing", "--db", str(live_copy)]) == 0


def test_a_staged_copy_that_breaks_an_invariant_never_replaces_the_db(live_copy):
    digest = file_digest(live_copy)
    with (
        pytest.raises(
            store.EtlError,
            match="validation failed: 1 rows: Kolada values that are null without a status",
        ),
        load.staged_copy(live_copy) as con,
    ):
        store.run(
            con,
            "UPDATE kolada_value SET status = NULL WHERE status = 'Privacy' AND rowid = "
            "(SELECT min(rowid) FROM kolada_value WHERE status = 'Privacy')",
        )
    assert file_digest(live_copy) == digest


def test_a_bad_county_setting_is_a_clear_error(live_copy, monkeypatch, capsys):
    monkeypatch.setenv("TRYGGHET_COUNTY", "Kalmar")
    assert main(["status", "--db", str(live_copy)]) == 2
    assert (
        "TRYGGHET_COUNTY must be a 2-digit län code such as 08, not 'Kalmar'"
        in capsys.readouterr().err
    )


def _fitted(db: Path) -> tuple[object, object]:
    """The run log's end of the model step and the model rows, as the DB holds them."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT * FROM expected_value ORDER BY ALL").fetchall()
    entry = runlog.read(db).get("expected")  # none in a copy: the run log is beside the file
    return (entry.ended if entry else None), rows


def test_refresh_kolada_refits_the_model_and_a_failed_kolada_leaves_it(
    live_copy, snapshot_dir, tmp_path, capsys
):
    """The structural model reads Kolada's values: `refresh kolada` refits it after a load,
    and not after a Kolada step that failed."""
    ended, rows = _fitted(live_copy)
    broken = _broken_snapshot(snapshot_dir, tmp_path, "N07403")
    args = ["refresh", "kolada", "--offline", "--db", str(live_copy)]
    assert main([*args, "--snapshot", str(broken)]) == 1
    assert "expected:" not in capsys.readouterr().out
    assert _fitted(live_copy) == (ended, rows)

    assert main([*args, "--snapshot", str(snapshot_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out if not line.startswith(" ")] == [
        "kolada",
        "expected",
    ]
    # Values, models and coefficients all unchanged: the same values give the same fit.
    assert re.search(
        r"^expected: 0 added, 0 changed, \d+ unchanged, 0 deleted", "\n".join(out), re.M
    )
    later, same = _fitted(live_copy)
    assert later is not None and later != ended  # the run log records the model's new run
    assert same == rows and rows  # the same values: the same fit
