"""The live Skolverket client against httpx.MockTransport serving recorded wire-format payloads."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from pathlib import Path

import duckdb
import httpx
import pytest

from catalogues.settings import load_settings
from etl import runner
from etl.sources import skolverket as source
from tests.live_http import serve_with

FIXTURES = Path(__file__).parents[1] / "fixtures" / "skolverket"
BASE = "https://skolverket.test/planned-educations"


class FakeSkolverket:
    """Routes compact-school-units (two pages) and statistics/gr to the fixture files."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.faults: deque[Callable[[httpx.Request], httpx.Response]] = deque()
        self.statistics_fault: Callable[[httpx.Request], httpx.Response] | None = None

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.faults:
            return self.faults.popleft()(request)
        path = request.url.path.removeprefix("/planned-educations/v4/")
        if path == "compact-school-units":
            page = int(request.url.params["page"])
            return httpx.Response(200, content=(FIXTURES / f"compact_page{page}.json").read_bytes())
        parts = path.split("/")
        if len(parts) == 4 and parts[0] == "school-units" and parts[2:] == ["statistics", "gr"]:
            if self.statistics_fault:
                return self.statistics_fault(request)
            return httpx.Response(
                200, content=(FIXTURES / f"statistics_{parts[1]}.json").read_bytes()
            )
        return httpx.Response(404, json={"status": "NOT_FOUND"})


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeSkolverket:
    api = FakeSkolverket()
    serve_with(monkeypatch, api.handle, timeout_s=2, max_retries=2)
    return api


@pytest.fixture()
def settings(tmp_path: Path, snapshot_dir: Path):
    return load_settings().with_overrides(
        db_path=tmp_path / "t.duckdb", snapshot_dir=snapshot_dir, skolverket_base_url=BASE
    )


def _refresh(settings):
    return runner.refresh(["skolverket"], settings, offline=False, show_progress=False)[0]


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_live_run_pages_filters_county_and_keeps_value_types(fake, settings) -> None:
    outcome = _refresh(settings)
    assert outcome.error is None, outcome.error
    pages = [
        r.url.params.get("page")
        for r in fake.requests
        if r.url.path.endswith("compact-school-units")
    ]
    assert pages == ["0", "1"]
    assert all(r.headers["Accept"] == source.ACCEPT_V4 for r in fake.requests)
    # Stockholm is outside county 08; the invented F-6 school has no year-9 results.
    schools = _rows(settings.db_path, "SELECT school_unit_code FROM skolverket_school ORDER BY 1")
    assert schools == [("21736926",), ("87544967",), ("99856371",)]
    stats_urls = {r.url.path for r in fake.requests if "statistics" in r.url.path}
    assert len(stats_urls) == 4  # 44673074 is filtered out before its statistics are asked for
    got = dict(
        ((m, y), (v, t, raw))
        for m, y, v, t, raw in _rows(
            settings.db_path,
            "SELECT metric, school_year, value, value_type, raw_value "
            "FROM skolverket_school_stat WHERE school_unit_code = '87544967'",
        )
    )
    assert got[("averageGradesMeritRating9thGrade", "2024/25")] == (140.6, "EXISTS", "140,6")
    assert got[("ratioOfPupilsIn9thGradeWithAllSubjectsPassed", "2024/25")] == (
        None,
        "OMITTED_DUE_TO_BASED_ON_FEW_PUPILS",
        "..",
    )
    assert got[("ratioOfPupils9thGradeEligibleForNationalProgramYR", "2024/25")] == (
        None,
        "ROUNDED_OFF_DUE_TO_FEW_PUPILS_NOT_ELIGIBLE",
        "~100",
    )
    assert got[("averageResultNationalTestsSubjectSVE9thGrade", "2024/25")] == (
        None,
        "MISSING",
        ".",
    )
    status = _rows(
        settings.db_path,
        "SELECT status FROM v_school_results WHERE school_unit_code = '87544967' "
        "AND metric = 'ratioOfPupilsIn9thGradeWithAllSubjectsPassed'",
    )
    assert status == [("sekretess (få elever)",)]


def test_second_live_run_changes_nothing(fake, settings) -> None:
    first = _refresh(settings)
    second = _refresh(settings)
    assert first.result.stats.added > 0
    s = second.result.stats
    assert (s.added, s.changed, s.deleted) == (0, 0, 0)
    assert s.unchanged == first.result.stats.added


def _count(db: Path) -> int:
    return _rows(db, "SELECT count(*) FROM skolverket_school_stat")[0][0]


@pytest.mark.parametrize(
    "fault, message",
    [
        (lambda r: httpx.Response(503, text="down"), "failed with HTTP 503 after 3 attempts"),
        (
            lambda r: (_ for _ in ()).throw(httpx.ReadTimeout("slow", request=r)),
            "timed out after 3 attempts",
        ),
        (
            lambda r: httpx.Response(200, content=b'{"status": "OK", "body": {'),
            "returned invalid JSON",
        ),
        (
            lambda r: httpx.Response(
                200,
                json={
                    "status": "OK",
                    "message": "",
                    "body": {
                        "schoolUnit": "99856371",
                        "averageGradesMeritRating9thGrade": [
                            {"value": "två hundra", "valueType": "EXISTS", "timePeriod": "2024/25"}
                        ],
                    },
                },
            ),
            "averageGradesMeritRating9thGrade[2024/25].value' is 'två hundra' "
            "with valueType EXISTS",
        ),
        (
            lambda r: httpx.Response(
                200, json={"status": "ERROR", "message": "Internal", "body": None}
            ),
            "answered status 'ERROR'",
        ),
    ],
)
def test_fault_fails_the_run_clearly_and_keeps_the_previous_db(
    fake, settings, fault, message
) -> None:
    assert _refresh(settings).error is None
    before = _count(settings.db_path)
    fake.statistics_fault = fault
    outcome = _refresh(settings)
    assert outcome.result is None
    assert message in outcome.error
    assert _count(settings.db_path) == before


def test_changed_paging_schema_is_named(fake, settings) -> None:
    fake.faults.append(
        lambda r: httpx.Response(
            200,
            json={"status": "OK", "message": "", "body": {"_embedded": {"compactSchoolUnits": []}}},
        )
    )
    outcome = _refresh(settings)
    assert outcome.error is not None
    assert "body.page.totalPages" in outcome.error and "compact-school-units" in outcome.error
    assert not settings.db_path.exists()


def test_a_retry_after_one_503_succeeds(fake, settings) -> None:
    fake.faults.append(lambda r: httpx.Response(503))
    outcome = _refresh(settings)
    assert outcome.error is None
    assert len(fake.requests) == 1 + 2 + 4  # the failed try, two pages, four statistics calls


def test_fixture_values_match_the_snapshot(snapshot_dir: Path) -> None:
    """The verbatim fixtures really are the snapshot's bodies (so the test above uses real data)."""
    for code in ("99856371", "21736926"):
        fixture = json.loads((FIXTURES / f"statistics_{code}.json").read_text(encoding="utf-8"))
        snap = json.loads(
            (snapshot_dir / "skolverket" / "statistics" / "gr" / f"{code}.json").read_text(
                encoding="utf-8"
            )
        )
        assert fixture == snap


def test_live_run_without_the_downloaded_report_keeps_its_rows(
    fake, settings, tmp_path: Path
) -> None:
    assert _refresh(settings).error is None
    before = _rows(settings.db_path, "SELECT count(*) FROM skolverket_kommun_result")[0][0]
    elsewhere = settings.with_overrides(snapshot_dir=tmp_path / "no-snapshot")
    outcome = _refresh(elsewhere)
    assert outcome.error is None
    assert any("report not found" in n for n in outcome.result.notes)
    assert (
        _rows(settings.db_path, "SELECT count(*) FROM skolverket_kommun_result")[0][0] == before > 0
    )
