"""Hostile text from the sources themselves: a kommun name from Kolada, Polisen's summaries and
types, a school name from Skolverket, each carrying bare URLs, newlines, Markdown, an icon
code, an entity, HTML and a right-to-left override. Every page shows them as text.

The DB is the session's real build with those fields rewritten in a private copy (the
payloads are made up and say so; every number on the pages is still the real one).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.apptest import run_app
from trygghet.core.format import md_esc

NAME = "Kalmar https://evil.example/k www.evil.example <a href='https://evil.example'>x</a> \u202e"
TYPE = "Stöld :material/home: &amp; https://evil.example/t"
SUMMARY = (
    "Rad ett\n---\n1. lista\n# Rubrik https://evil.example/s ![x](https://evil.example/i.png) "
    ":smile: a@evil.example \u202eslut"
)
SCHOOL = "Skola\n# Rubrik www.evil.example https://evil.example/s :red[x]"
CODE_SPAN = re.compile(r"`[^`]*`")
KINDS = ("markdown", "caption", "warning", "info", "error", "success", "title", "header",
         "subheader")  # fmt: skip


@pytest.fixture()
def hostile_db(built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "hostile.duckdb"
    shutil.copyfile(built_db, db)
    con = duckdb.connect(str(db))
    try:
        con.execute(
            "UPDATE kolada_municipality SET title = ? WHERE municipality_id = '0880'", [NAME]
        )
        con.execute("UPDATE polisen_kommun SET kommun = ? WHERE kommun_id = '0880'", [NAME])
        con.execute(
            "UPDATE polisen_notice SET type = ?, summary = ? WHERE kommun_id = '0880'",
            [TYPE, SUMMARY],
        )
        con.execute(
            "UPDATE skolverket_school SET name = ? WHERE municipality_id = '0880'", [SCHOOL]
        )
    finally:
        con.close()
    monkeypatch.setenv("TRYGGHET_DB", str(db))
    return db


def _texts(at) -> list[str]:
    return [str(el.value) for kind in KINDS for el in at.get(kind)]


def _assert_text_only(texts: list[str]) -> None:
    for text in texts:
        plain = CODE_SPAN.sub("", text)
        assert not re.search(r"https?://evil", plain), text  # no autolink: a joiner stands in
        assert not re.search(r"www\.evil", plain, re.I), text
        assert not re.search(r"\w@evil", plain), text  # no mail autolink
        assert ":material/" not in plain and ":smile:" not in plain, text
        assert "\u202e" not in text, text
        assert not re.search(r"(?<!\\)&amp;", plain), text  # the entity stays text
        assert not re.search(r"(?<!\\)\[x\]\(", plain), text  # no link or image syntax
        assert not re.search(r"(?<!\\)<a href", plain), text


@pytest.mark.parametrize(
    "page", ["pages/overview.py", "pages/crime.py", "pages/incidents.py", "pages/school_units.py"]
)
def test_source_text_is_shown_as_text(hostile_db, page) -> None:
    at = run_app(page, kommun="0880", period="alla")
    texts = _texts(at)
    _assert_text_only(texts)
    assert any(md_esc(NAME) in t for t in texts)  # the kommun is named, escaped
    for chart in at.get("plotly_chart"):
        spec = json.dumps(json.loads(chart.proto.spec))
        assert "<a href" not in spec  # plotly would draw a link from the name


def test_polisen_notices_stay_one_list_item_each(hostile_db) -> None:
    at = run_app("pages/incidents.py", kommun="0880", period="alla")
    [notices] = [m.value for m in at.markdown if md_esc(SUMMARY) in m.value]
    lines = notices.split("\n")
    assert all(line.startswith("- **") for line in lines)  # no rule, heading or list broke out
    assert all(md_esc(TYPE) in line for line in lines)


def test_school_names_stay_text(hostile_db) -> None:
    at = run_app("pages/school_units.py", kommun="0880")
    texts = _texts(at)
    _assert_text_only(texts)
    shown = [t for t in texts if md_esc(SCHOOL) in t]
    frames = " ".join(str(df.value.to_dict()) for df in at.dataframe)
    assert shown or "Skola" in frames  # the name reaches the page (a list or the table)
