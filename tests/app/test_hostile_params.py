"""Hostile URL values: shown as text, and bounded in work whatever their size.

The parsers are where the caps hold (trygghet.core.url_limits), so the websocket path, which
no proxy limit sees, is covered too. Each multi-value parameter (egna, ind, kategori) gets the
mixed payload (one valid value and one bad) and a 50,000-part list.
"""

from __future__ import annotations

import re

import pytest

from tests.apptest import run_app
from trygghet.core.format import md_literal
from trygghet.core.url_limits import MAX_CHARS, MAX_NAMED, MAX_PARTS
from trygghet.incidents.params import parse_categories
from trygghet.samband.params import parse as parse_samband
from trygghet.sidebar.params import parse_params

LINK = "[logga in](https://evil.example/login)"
IMAGE = "![x](https://evil.example/x.png)"
HEADING = "# Rubrik\n---\n1. lista"
RLO = "ab\u202ecd"
PAYLOADS = [LINK, IMAGE, HEADING, RLO, "https://evil.example/a", "www.evil.example"]
CODE_SPAN = re.compile(r"`[^`]*`")
KOMMUNER = {"0880", "0881", "0882"}
KPIS = {"N15508", "U09808", "N07403", "N15816"}
SLUGS = ["vald", "stold", "trafik"]


def _outside_code(notices: list[str] | tuple[str, ...]) -> str:
    return " ".join(CODE_SPAN.sub("", n) for n in notices)


def _parsed(param: str, raw: str) -> tuple[tuple[str, ...], list[str] | tuple[str, ...]]:
    """(the values kept, the notices) of one multi-value parameter."""
    if param == "egna":
        p = parse_params({"kommun": "0880", "jmf": "egna", "egna": raw}, KOMMUNER, 2010, 2024)
        return p.egna, p.warnings
    if param == "ind":
        s = parse_samband({"ind": raw}, KPIS)
        return s.indicators, s.warnings
    chosen, notices = parse_categories(raw, SLUGS)
    return tuple(chosen), notices


VALID = {"egna": "0881", "ind": "U09808", "kategori": "vald"}


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("param", list(VALID))
def test_mixed_payload_keeps_the_valid_value_and_quotes_the_bad_one(param, payload) -> None:
    kept, notices = _parsed(param, f"{VALID[param]},{payload}")
    assert VALID[param] in kept
    first = payload.split(",")[0].strip()
    shown = md_literal(first.lower() if param == "kategori" else first)  # slugs are lower case
    assert any(shown in n for n in notices), notices
    rest = _outside_code(notices)
    assert "evil" not in rest and "\u202e" not in " ".join(notices) and "\n" not in rest


@pytest.mark.parametrize("param", list(VALID))
def test_fifty_thousand_parts_give_a_few_notices(param) -> None:
    raw = ",".join([VALID[param], *(f"x{i}" for i in range(50_000))])
    kept, notices = _parsed(param, raw)
    assert VALID[param] in kept
    own = [n for n in notices if f"{param}=" in n or "kategori" in n]
    assert len(own) <= MAX_NAMED + 1, own  # three named, one summing up the rest
    assert "har lästs" in own[-1]  # the summary says the list was cut


@pytest.mark.parametrize("param", list(VALID))
def test_one_huge_value_is_cut_before_it_is_read(param) -> None:
    kept, notices = _parsed(param, VALID[param] + "," + "A" * 100_000)
    assert VALID[param] in kept
    assert sum(len(n) for n in notices) < 2_000
    assert len(notices) <= MAX_NAMED + 2


def test_caps_fit_every_kommun_in_one_list() -> None:
    every = ",".join(f"{i:04d}" for i in range(290))  # Sweden has 290 kommuner
    assert len(every) <= MAX_CHARS and MAX_PARTS >= 290
    kommuner = {f"{i:04d}" for i in range(290)} | {"9999"}
    p = parse_params({"kommun": "9999", "jmf": "egna", "egna": every}, kommuner, 2010, 2024)
    assert len(p.egna) == 290 and not p.warnings


PAGES = {"egna": "pages/crime.py", "ind": "pages/samband.py", "kategori": "pages/incidents.py"}


@pytest.mark.parametrize("payload", [LINK, HEADING + " " + RLO], ids=["link", "heading-rlo"])
@pytest.mark.parametrize("param", list(VALID))
def test_mixed_payload_on_the_page(app_env, param, payload) -> None:
    extra = {"jmf": "egna"} if param == "egna" else {}
    at = run_app(PAGES[param], **extra, **{param: f"{VALID[param]},{payload}"})
    warnings = [w.value for w in at.warning]
    shown = md_literal(payload.lower() if param == "kategori" else payload)
    assert any(shown in w for w in warnings), warnings
    texts = [el.value for kind in ("warning", "markdown", "caption", "info") for el in at.get(kind)]
    assert "evil" not in _outside_code(texts)
    assert "\u202e" not in " ".join(texts)


def test_fifty_thousand_parts_on_the_page(app_env) -> None:
    raw = ",".join(["vald", *(f"x{i}" for i in range(50_000))])
    at = run_app("pages/incidents.py", kategori=raw)
    assert len([w for w in at.warning if "kategori" in w.value]) <= MAX_NAMED + 1
