"""Parsing Polisen items: times, kommun from location or title, categories, schema errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from etl.errors import SchemaError
from etl.pipelines.polisen import load_config
from etl.sources.polisen import read_boundary_names
from etl.transforms import polisen as t
from etl.transforms import polisen_times

FIXTURE = Path(__file__).parents[1] / "fixtures" / "polisen" / "events_kalmar_lan.json"


@pytest.fixture(scope="module")
def places(snapshot_dir: Path) -> t.Places:
    kommuner, counties = read_boundary_names(snapshot_dir)
    return t.Places.from_rows(kommuner, counties)


@pytest.fixture(scope="module")
def categories() -> t.Categories:
    return load_config()


def test_published_with_unpadded_hour_is_kept_in_utc():
    assert polisen_times.parse_published("2025-05-15 6:56:09 +02:00") == datetime(
        2025, 5, 15, 4, 56, 9, tzinfo=UTC
    )
    assert polisen_times.parse_published("2024-01-05 23:01:00 +01:00") == datetime(
        2024, 1, 5, 22, 1, tzinfo=UTC
    )


def test_incident_time_from_name_both_separators_and_new_year():
    pub = polisen_times.parse_published("2024-08-29 18:18:26 +02:00")
    assert polisen_times.parse_incident("29 augusti 17.26, Olaga hot, Kalmar", pub) == datetime(
        2024, 8, 29, 15, 26, tzinfo=UTC
    )
    assert polisen_times.parse_incident("29 augusti 17:26, Olaga hot, Kalmar", pub) == datetime(
        2024, 8, 29, 15, 26, tzinfo=UTC
    )
    new_year = polisen_times.parse_published("2025-01-01 0:20:00 +01:00")
    assert polisen_times.parse_incident("31 december 23.50, Brand, Kalmar", new_year) == datetime(
        2024, 12, 31, 22, 50, tzinfo=UTC
    )
    assert polisen_times.parse_incident("Sammanfattning, Kalmar län", pub) is None
    assert polisen_times.parse_incident("30 februari 10.00, Brand, Kalmar", pub) is None


def test_gps_is_lat_lon():
    assert t.parse_gps("56.663445,16.356779") == (56.663445, 16.356779)
    assert t.parse_gps("") == (None, None)


def test_kommun_from_location_or_from_title_when_location_is_a_county(places):
    assert t.place_of("Kalmar", "29 augusti 17.26, Olaga hot, Kalmar", places) == ("0880", "08")
    assert t.place_of("Kalmar län", "22 augusti 09.59, Brand, Borgholm", places) == ("0885", "08")
    assert t.place_of("Kalmar län", "15 maj 06.55, Sammanfattning natt, Kalmar län", places) == (
        None,
        "08",
    )
    assert t.place_of("Upplands väsby", "1 maj 10.00, Brand, Upplands väsby", places) == (
        "0114",
        "01",
    )
    # A title naming a kommun of another län than the location is not trusted.
    assert t.place_of("Kalmar län", "1 maj 10.00, Brand, Kiruna", places) == (None, "08")


def test_2026_snapshot_notices_with_county_location_get_the_title_kommun(
    snapshot_dir, places, categories
):
    path = snapshot_dir / "polisen" / "responses" / "events_2026-08-22T0655Z.json"
    rows = t.notice_rows(
        json.loads(path.read_text(encoding="utf-8")), str(path), places, categories
    )
    county_level = rows[rows["location_name"].str.endswith(" län")]
    assert len(county_level) == len(rows) == 500  # 2026: every location is a län
    with_kommun = county_level.dropna(subset=["kommun_id"])
    names = {c: n for n, c in places.kommun_by_name.items()}
    suffix = with_kommun["name"].str.rsplit(",", n=1).str[-1].str.strip().str.casefold()
    assert (suffix == with_kommun["kommun_id"].map(names)).all()
    assert (with_kommun["kommun_id"].str[:2] == with_kommun["county_id"]).all()
    kalmar = rows[rows["id"] == 650241].iloc[0]
    assert (kalmar["kommun_id"], kalmar["county_id"]) == ("0883", "08")  # '..., Västervik'


def test_categories_strip_types_and_fall_back(categories):
    assert categories.of("Lagen om hundar och katter ".strip()) == "övrigt"
    assert categories.of("Misshandel, grov") == "våld"
    assert categories.of("Sammanfattning morgon") == "sammanfattning"
    assert categories.of("Helt ny typ") == "övrigt"
    assert categories.unknown(["Brand", "Helt ny typ"]) == ["Helt ny typ"]


def test_every_type_in_the_snapshot_is_mapped(snapshot_dir, categories):
    types = set()
    for path in (snapshot_dir / "polisen").rglob("*.json"):
        types |= {item["type"].strip() for item in json.loads(path.read_text(encoding="utf-8"))}
    assert categories.unknown(types) == []


def test_fixture_rows(places, categories):
    rows = t.notice_rows(
        json.loads(FIXTURE.read_text(encoding="utf-8")), "fixture", places, categories
    )
    assert rows["id"].tolist() == [650237, 990001, 583377, 544735]
    first = rows.iloc[0]
    assert (
        first["url"]
        == "https://polisen.se/aktuellt/handelser/2026/augusti/21/21-augusti-16.33-trafikolycka-kalmar/"
    )
    assert (first["kommun_id"], first["category"], first["lat"], first["lon"]) == (
        "0880",
        "trafik",
        57.235016,
        16.184935,
    )
    assert rows.iloc[2]["category"] == "sammanfattning" and pd.isna(rows.iloc[2]["kommun_id"])


@pytest.mark.parametrize(
    "item, field",
    [
        ({"id": "1"}, "id"),
        (
            {
                "id": 1,
                "datetime": "2025-05-15 6:56:09 +02:00",
                "name": "x",
                "type": "Brand",
                "url": "/",
                "summary": "s",
            },
            "location",
        ),
        (
            {
                "id": 1,
                "datetime": "15 maj 2025",
                "name": "x",
                "type": "Brand",
                "url": "/",
                "summary": "s",
                "location": {"name": "Kalmar", "gps": "1,2"},
            },
            "datetime",
        ),
        (
            {
                "id": 1,
                "datetime": "2025-05-15 6:56:09 +02:00",
                "name": "x",
                "type": None,
                "url": "/",
                "summary": "s",
                "location": {"name": "Kalmar", "gps": "1,2"},
            },
            "type",
        ),
    ],
)
def test_changed_schema_names_the_field(item, field, places, categories):
    with pytest.raises(SchemaError) as err:
        t.notice_rows([item], "GET https://polisen.se/api/events", places, categories)
    assert err.value.field == field
    assert "polisen.se/api/events" in str(err.value)


def test_body_that_is_not_an_array_is_a_schema_error(places, categories):
    with pytest.raises(SchemaError, match="expected an array"):
        t.notice_rows({"events": []}, "GET x", places, categories)


def test_fast_datetime_parse_equals_strptime_on_every_snapshot_notice(snapshot_dir):
    path = snapshot_dir / "polisen" / "responses" / "events_2024-10-01T0636Z.json"
    raws = [item["datetime"] for item in json.loads(path.read_text(encoding="utf-8"))]
    assert any(r.split(" ")[1].index(":") == 1 for r in raws)  # unpadded hours are in there
    for raw in raws:
        assert polisen_times.parse_published(raw) == datetime.strptime(raw, "%Y-%m-%d %H:%M:%S %z")
    with pytest.raises(ValueError):
        polisen_times.parse_published("2025-05-15T06:56:09+02:00")


def test_county_filter_drops_other_lan_before_parsing(snapshot_dir, places, categories):
    path = snapshot_dir / "polisen" / "responses" / "events_2026-08-22T0655Z.json"
    payload = json.loads(path.read_text(encoding="utf-8"))
    everything = t.notice_rows(payload, str(path), places, categories)
    kalmar = t.notice_rows(payload, str(path), places, categories, county="08")
    assert kalmar["id"].tolist() == everything.loc[everything["county_id"] == "08", "id"].tolist()
    assert 0 < len(kalmar) < len(everything)
