"""Chart builders are pure: gaps stay gaps, the band covers all kommuner, colours are Okabe-Ito."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from trygghet.core.format import NBSP
from trygghet.core.style import PALETTE
from trygghet.indicators.charts import indicator_figure
from trygghet.indicators.data import coverage_table, table_frame
from trygghet.indicators.text import (
    change_text,
    gap_note,
    standing_text,
    summary_sentence,
    year_ranges,
)

REPO = Path(__file__).resolve().parents[2]


def frame() -> pd.DataFrame:
    """A hand-made series in the shape of trygghet/sql/series.sql (values invented for tests)."""
    return pd.DataFrame(
        {
            "year": [2019, 2020, 2021, 2022],
            "value": [10.0, 12.0, None, 11.0],
            "status": [None, None, "Unpublished", None],
            "riket": [9.0, 9.5, 9.8, None],
            "riket_status": [None, None, None, "Privacy"],
            "cmp_mean": [8.0, 8.5, 9.0, 9.5],
            "cmp_n": [7, 7, 7, 7],
            "all_min": [1.0, 2.0, None, 3.0],
            "all_p25": [5.0, 6.0, None, 7.0],
            "all_p75": [12.0, 13.0, None, 14.0],
            "all_max": [30.0, 31.0, None, 32.0],
            "all_n": [290, 290, 0, 289],
            "all_size": [290, 290, 290, 290],
        }
    )


def test_gap_is_none_and_not_joined() -> None:
    fig = indicator_figure(
        frame(), kommun_name="Kalmar", comparison="Liknande kommuner (7)", unit="%"
    )
    line = next(t for t in fig.data if t.name == "Kalmar")
    assert list(line.y) == [10.0, 12.0, None, 11.0]
    assert line.connectgaps is False
    assert list(line.x) == [2019, 2020, 2021, 2022]
    riket = next(t for t in fig.data if t.name == "Riket")
    assert riket.y[3] is None and "sekretess" in riket.customdata[3]
    # The gap is marked with its reason.
    assert any(
        "2021" in (a.hovertext or "") and "ej publicerat" in a.hovertext
        for a in fig.layout.annotations
    )


def test_comparison_mean_is_labelled_unweighted() -> None:
    fig = indicator_figure(
        frame(), kommun_name="Kalmar", comparison="Liknande kommuner (7)", unit="%"
    )
    names = [t.name for t in fig.data]
    assert "Liknande kommuner (7), medelvärde (ovägt)" in names
    mean = next(t for t in fig.data if t.name and "ovägt" in t.name)
    assert list(mean.y) == [8.0, 8.5, 9.0, 9.5]


def test_band_split_at_missing_year() -> None:
    fig = indicator_figure(frame(), kommun_name="K", comparison="C", unit="%")
    outer = [t for t in fig.data if t.legendgroup == "Alla kommuner, lägst–högst"]
    assert len(outer) == 2  # 2019–2020 and 2022 (a narrow box), nothing drawn for 2021
    first, single = outer
    assert list(first.x) == [2019.0, 2020.0, 2020.0, 2019.0]
    assert list(first.y) == [30.0, 31.0, 2.0, 1.0]
    assert list(single.x) == [2021.8, 2022.2, 2022.2, 2021.8]
    assert [t.showlegend for t in outer] == [True, False]


def test_hover_is_swedish() -> None:
    df = frame()
    df.loc[0, "value"] = 1234.5
    fig = indicator_figure(df, kommun_name="K", comparison="C", unit="antal")
    line = next(t for t in fig.data if t.name == "K")
    assert line.customdata[0] == f"1{NBSP}234,5{NBSP}antal"
    assert line.customdata[2] == "ej publicerat"
    assert fig.layout.separators == "," + NBSP


def test_no_comparison_line_without_members() -> None:
    df = frame().assign(cmp_mean=None)
    fig = indicator_figure(df, kommun_name="K", comparison="C", unit="%")
    assert not any(t.name and "ovägt" in t.name for t in fig.data)


def test_palette_matches_streamlit_config() -> None:
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert tuple(config["theme"]["chartCategoricalColors"]) == PALETTE


def test_sentence_names_years_and_change() -> None:
    s = summary_sentence(frame(), "Kalmar", "%")
    assert s == (
        f"År 2022 var värdet för Kalmar 11{NBSP}%, 1,0{NBSP}procentenheter lägre än "
        "2020 (2021 saknas: ej publicerat)."
    )
    s2 = summary_sentence(frame().iloc[:2], "Kalmar", "antal")
    assert s2 == f"År 2020 var värdet för Kalmar 12{NBSP}antal, 20,0{NBSP}% högre än 2019."
    same = frame().assign(
        value=[10.0, None, None, 11.0], status=[None, "Unpublished", "Unpublished", None]
    )
    assert summary_sentence(same, "K", "%").endswith("än 2019 (2020–2021 saknas: ej publicerat).")
    mixed = same.assign(status=[None, "Privacy", "Unpublished", None])
    assert summary_sentence(mixed, "K", "%").endswith(
        "än 2019 (2020: sekretess; 2021: ej publicerat)."
    )
    empty = frame().assign(value=None)
    assert "inga publicerade värden" in summary_sentence(empty, "Kalmar", "%")


def test_texts() -> None:
    assert gap_note(frame(), "Kalmar") == (
        "Luckor för Kalmar: 2021 (ej publicerat). Luckor visas som avbrott i linjen."
    )
    assert (
        standing_text(5.0, pd.Series([6.0, 7.0, 4.0, None]), "liknande kommuner")
        == "lägre än 2 av 3 liknande kommuner"
    )
    assert standing_text(5.0, pd.Series([1.0, 2.0, 9.0]), "kommuner") == "högre än 2 av 3 kommuner"
    assert change_text(frame(), 1, "%") == "inget värde 2021 (ej publicerat)"
    assert change_text(frame(), 3, "%") == f"1,0{NBSP}procentenheter högre än 2019"
    assert year_ranges([2008, 2009, 2010, 2012]) == "2008–2010, 2012"


def test_tables() -> None:
    t = table_frame(frame(), "Kalmar", "Liknande kommuner (7)", 7)
    assert t["Kalmar"].tolist() == ["10", "12", "ej publicerat", "11"]
    assert t["Riket"].tolist()[3] == "sekretess"
    cov = pd.DataFrame(
        {
            "theme": ["brott"],
            "label": ["x"],
            "kpi_id": ["N1"],
            "years_with_value": [[2020, 2022]],
            "gap_years": [[2021]],
            "gap_status": [["Privacy"]],
        }
    )
    row = coverage_table(cov).iloc[0]
    assert row["År med värde"] == "2020, 2022"
    assert row["Luckor (orsak)"] == "2021: sekretess"
