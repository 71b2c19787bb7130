"""URL parameter parsing: valid values kept, bad ones fall back with a notice."""

from __future__ import annotations

from trygghet.sidebar.params import Params, parse_params

IDS = {"0880", "1080", "0780", "0980"}


def parse(**raw: str) -> Params:
    return parse_params(raw, IDS, 1998, 2025)


def test_defaults_without_parameters() -> None:
    p = parse()
    assert (p.kommun_id, p.jmf, p.egna, p.fran, p.till) == ("0880", "liknande", (), 2010, 2025)
    assert p.warnings == ()
    assert p.to_query() == {"kommun": "0880", "jmf": "liknande", "fran": "2010", "till": "2025"}


def test_valid_parameters_round_trip() -> None:
    p = parse(kommun="1080", jmf="egna", egna="0780,0980", fran="2012", till="2020")
    assert p.warnings == ()
    assert p.to_query() == {
        "kommun": "1080",
        "jmf": "egna",
        "egna": "0780,0980",
        "fran": "2012",
        "till": "2020",
    }
    assert parse(**p.to_query()) == p


def test_bad_values_fall_back_each_with_a_warning() -> None:
    p = parse(kommun="9999", jmf="x", fran="abc", till="3000")
    assert (p.kommun_id, p.jmf, p.fran, p.till) == ("0880", "liknande", 2010, 2025)
    assert len(p.warnings) == 4


def test_egna_drops_unknown_and_self_and_falls_back_when_empty() -> None:
    p = parse(kommun="0880", jmf="egna", egna="0780,9999,0880,0780")
    assert p.egna == ("0780",) and p.jmf == "egna"
    assert len(p.warnings) == 2  # 9999 and 0880 (self) removed
    q = parse(jmf="egna", egna="9999")
    assert q.jmf == "liknande" and len(q.warnings) == 2


def test_reversed_years_fall_back() -> None:
    p = parse(fran="2020", till="2012")
    assert (p.fran, p.till) == (2010, 2025) and p.warnings
