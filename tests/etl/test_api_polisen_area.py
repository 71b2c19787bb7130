"""Polisen for one län, several or the whole country (TRYGGHET_COUNTY), and what is covered."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import httpx
import orjson
import pytest

from catalogues.settings import Settings, load_settings
from etl import runner
from etl.sources.polisen import ARCHIVE_DIR, RESPONSES_DIR, read_boundary_names
from etl.transforms.polisen import place_of
from etl.transforms.polisen_reference import Places
from etl.transforms.polisen_times import published_window
from tests.live_http import serve_with

BASE = "https://polisen.test/api"
LATEST = "events_2026-08-22T0655Z.json"  # a verbatim national answer of the snapshot


def _settings(tmp_path: Path, snapshot_dir: Path, name: str, counties: str) -> Settings:
    """Settings as load_settings() makes them with TRYGGHET_COUNTY=`counties`."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRYGGHET_COUNTY", counties)
        settings = load_settings()
    return settings.with_overrides(
        db_path=tmp_path / name, snapshot_dir=snapshot_dir, polisen_base_url=BASE
    )


def _refresh(settings: Settings, offline: bool = True) -> runner.Outcome:
    [outcome] = runner.refresh(["polisen"], settings, offline=offline, show_progress=False)
    return outcome


def _placed_ids(snapshot_dir: Path) -> dict[int, str]:
    """Every notice id of the snapshot (archive and responses) -> its län, read independently."""
    kommuner, counties = read_boundary_names(snapshot_dir) or ([], [])
    places = Places.from_rows(kommuner, counties)
    found: dict[int, str] = {}
    for folder in (ARCHIVE_DIR, RESPONSES_DIR):
        for path in sorted((snapshot_dir / folder).glob("*.json")):
            for item in orjson.loads(path.read_bytes()):
                _, county = place_of(item["location"]["name"], item["name"], places)
                assert county is not None, item
                found[item["id"]] = county
    return found


def test_the_county_setting_takes_one_several_or_all(monkeypatch):
    for raw, county_id, notices in [
        ("07", "07", ("07",)),
        ("08,07,08", "08", ("08", "07")),
        ("all", "08", None),
        ("ALL", "08", None),
    ]:
        monkeypatch.setenv("TRYGGHET_COUNTY", raw)
        settings = load_settings()
        assert (settings.county_id, settings.notice_counties) == (county_id, notices), raw
    monkeypatch.setenv("TRYGGHET_COUNTY", "08,Kalmar")
    with pytest.raises(ValueError, match=r"08, not '08,Kalmar' \(or a comma list such as 08,09"):
        load_settings()


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory, snapshot_dir: Path) -> Path:
    """An offline load of the whole country."""
    settings = _settings(tmp_path_factory.mktemp("all"), snapshot_dir, "all.duckdb", "all")
    outcome = _refresh(settings)
    assert outcome.error is None, outcome.error
    assert outcome.result.notes[0] == "23 responses applied; 0 notices outside Sweden skipped"
    return settings.db_path


def test_offline_all_loads_every_notice_of_the_snapshot_in_its_lan(national, snapshot_dir):
    expected = _placed_ids(snapshot_dir)
    with duckdb.connect(str(national), read_only=True) as con:
        loaded = dict(con.execute("SELECT id, county_id FROM v_incidents").fetchall())
        area = con.execute(
            "SELECT count(*), count(DISTINCT county_id) FROM v_incident_area"
        ).fetchall()
    assert loaded == expected
    assert len(set(expected.values())) == 21
    assert area == [(290, 21)]  # every kommun of every län


def test_kalmar_lan_reads_the_same_whether_loaded_alone_or_with_the_country(
    national, db_con, tmp_path, snapshot_dir
):
    query = "SELECT * FROM v_incidents WHERE county_id = '08' ORDER BY id"
    with duckdb.connect(str(national), read_only=True) as con:
        assert con.execute(query).fetchall() == db_con.execute(query).fetchall()
    # The default load (08) knows only Kalmar län's twelve kommuner.
    assert db_con.execute(
        "SELECT count(*), min(county_id), max(county_id) FROM v_incident_area"
    ).fetchall() == [(12, "08", "08")]


def test_coverage_tells_a_covered_stretch_from_one_nobody_looked_at(national):
    with duckdb.connect(str(national), read_only=True) as con:
        stockholm = con.execute(
            "SELECT covered_from, covered_to FROM v_incident_coverage "
            "WHERE county_id = '01' ORDER BY covered_from"
        ).fetchall()
        kalmar = con.execute(
            "SELECT kommun, covered_from, continuous_from, first_notice FROM v_incident_area "
            "WHERE kommun_id = '0880'"
        ).fetchall()
        malmo = con.execute(
            "SELECT continuous_from, covered_to FROM v_incident_area WHERE kommun_id = '1280'"
        ).fetchall()
    # Outside Kalmar län only the national polls: 2024-10-01..14 and 2026-08-15..22, daily.
    # Each starts at its answer's oldest notices (the 1 % oldest are stragglers, left out).
    assert [(a.date().isoformat(), b) for a, b in stockholm] == [
        ("2024-09-23", datetime(2024, 10, 14, 6, 35, tzinfo=UTC)),
        ("2026-08-06", datetime(2026, 8, 22, 6, 55, tzinfo=UTC)),
    ]
    # Kalmar län also has the archive (a backfill taken whole: from its oldest notice on).
    [(name, covered_from, continuous_from, first_notice)] = kalmar
    assert name == "Kalmar" and covered_from == continuous_from
    assert covered_from.date().isoformat() == "2023-02-12" and first_notice >= covered_from
    assert malmo == [(stockholm[1][0], datetime(2026, 8, 22, 6, 55, tzinfo=UTC))]


class NationalFake:
    def __init__(self, body: bytes) -> None:
        self.body = body
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, content=self.body, headers={"Content-Type": "application/json"})


@pytest.fixture()
def api(monkeypatch: pytest.MonkeyPatch, snapshot_dir: Path) -> NationalFake:
    fake = NationalFake((snapshot_dir / RESPONSES_DIR / LATEST).read_bytes())
    serve_with(monkeypatch, fake.handler, max_retries=1)
    monkeypatch.setattr("etl.sources.polisen.time.sleep", lambda s: None)
    return fake


def test_live_all_is_one_call_without_a_location_filter(api, tmp_path, snapshot_dir):
    settings = _settings(tmp_path, snapshot_dir, "live.duckdb", "all")
    outcome = _refresh(settings, offline=False)
    assert outcome.error is None, outcome.error
    [request] = api.requests
    assert str(request.url) == f"{BASE}/events"
    assert outcome.result.stats.added == len(orjson.loads(api.body))
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        coverage = con.execute(
            "SELECT count(DISTINCT county_id), min(source), min(seen_at) = max(seen_at) "
            "FROM polisen_coverage"
        ).fetchall()
    assert coverage == [(21, f"GET {BASE}/events", True)]


def test_live_comma_list_names_each_lan_and_its_kommuner(api, tmp_path, snapshot_dir):
    settings = _settings(tmp_path, snapshot_dir, "live.duckdb", "07,08")
    outcome = _refresh(settings, offline=False)
    assert outcome.error is None, outcome.error
    [request] = api.requests
    names = request.url.params["locationname"].split(";")
    assert names[0] == "Kronobergs län" and "Växjö" in names and "Kalmar län" in names
    assert len(names) == 1 + 8 + 1 + 12  # two län and their kommuner
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        counties = con.execute("SELECT DISTINCT county_id FROM v_incidents ORDER BY 1").fetchall()
        covered = con.execute("SELECT DISTINCT county_id FROM polisen_coverage ORDER BY 1")
        assert covered.fetchall() == [("07",), ("08",)]
    assert counties == [("07",), ("08",)]
    assert "notices outside län 07, 08 skipped" in outcome.result.notes[0]


def test_an_unknown_lan_in_the_list_fails_clearly(tmp_path, snapshot_dir):
    settings = dataclasses.replace(
        _settings(tmp_path, snapshot_dir, "x.duckdb", "08"), polisen_counties=("08", "99")
    )
    outcome = _refresh(settings)
    assert outcome.error == "län 99 (TRYGGHET_COUNTY) is not among the known län"


def test_a_window_skips_undatable_items_and_an_empty_answer_has_none():
    items = [{"datetime": "2026-08-22 6:55:00 +02:00"}, {"datetime": "soon"}, "x"]
    when = datetime(2026, 8, 22, 4, 55, tzinfo=UTC)
    assert published_window(items) == (when, when)
    assert published_window([]) is None
    assert published_window({"not": "a list"}) is None


def test_an_empty_live_answer_loads_nothing_and_claims_no_coverage(
    monkeypatch, tmp_path, snapshot_dir
):
    fake = NationalFake(b"[]")
    serve_with(monkeypatch, fake.handler, max_retries=1)
    settings = _settings(tmp_path, snapshot_dir, "empty.duckdb", "all")
    outcome = _refresh(settings, offline=False)
    assert outcome.error is None, outcome.error
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM polisen_coverage").fetchall() == [(0,)]
