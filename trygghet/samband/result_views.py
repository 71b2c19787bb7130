"""One cross-kommun result of the Samband page in Streamlit: numbers, reading, scatter, CSV."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from trygghet.core import style
from trygghet.core.format import fmt_num, md_esc
from trygghet.samband import text
from trygghet.samband.bundles import Result

DERIVED = "Egen bearbetning av data från Kolada"


def show_numbers(result: Result, control_label: str | None) -> None:
    """Metrics, the verdict and the coverage; r and n here are what the page test checks."""
    summary = result.summary
    if summary is None:
        return
    n, excluded = result.pairs.n, len(result.pairs.excluded)
    prefix = "Partiell " if summary.partial else ""
    cols = st.columns(3)
    cols[0].metric(
        f"{prefix}Pearson r",
        text.fmt_r(summary.pearson.r),
        help="Linjärt samband. 95 % konfidensintervall med Fishers z.",
    )
    cols[1].metric(
        f"{prefix}Spearman ρ",
        text.fmt_r(summary.spearman.r),
        help="Rangkorrelation: tål extrema värden bättre. Intervall: Fishers z med "
        "Bonett–Wrights standardfel.",
    )
    cols[2].metric("Kommuner", str(n), help=text.coverage(n, excluded))
    st.markdown(
        f"**{text.verdict(summary.pearson)}.** {text.numbers(summary.pearson, False)}; "
        f"{text.numbers(summary.spearman, False)}; {text.coverage(n, excluded)}."
    )
    if control_label:
        st.caption(
            f"Med hänsyn till {md_esc(control_label.lower())} (partiell korrelation). "
            "Linjen i diagrammet visar sambandet utan den hänsynen."
        )


def _points_table(csv: bytes) -> pd.DataFrame:
    """The scatter's points as the CSV names them (Swedish headers per variable and year),
    numbers in Swedish format: the table a screen reader or a keyboard reaches."""
    body = csv.decode("utf-8-sig").partition("\r\n\r\n")[2]  # after the header block
    table = pd.read_csv(io.StringIO(body), sep=";", decimal=",", dtype={"Kommunkod": str})
    for col in table.columns:
        if pd.api.types.is_float_dtype(table[col]):
            table[col] = [fmt_num(v) for v in table[col]]
    return table


def show_scatter(result: Result, kommun_id: str, kommun_name: str, caption: str, stem: str) -> None:
    """The scatter, the kommun's absence explained, the excluded kommuner and a CSV."""
    p = result.pairs
    st.plotly_chart(result.figure, config=style.PLOT_CONFIG, key=f"fig_{stem}")
    st.caption(caption)
    if kommun_id not in set(p.data["municipality_id"]):
        why = p.excluded.loc[p.excluded["municipality_id"] == kommun_id, "reason"]
        st.caption(
            f"{md_esc(kommun_name)} saknas i diagrammet: "
            f"{md_esc(why.iloc[0]) if len(why) else 'inga uppgifter'}."
        )
    with st.expander("Visa tabell"):
        st.dataframe(_points_table(result.csv), hide_index=True)
    if len(p.excluded):
        with st.expander(f"Kommuner utan data ({len(p.excluded)})"):
            st.dataframe(
                p.excluded.rename(
                    columns={"municipality_id": "Kod", "municipality": "Kommun", "reason": "Varför"}
                ),
                hide_index=True,
            )
    st.download_button(
        "Ladda ner punkterna (CSV)",
        result.csv,
        result.filename,
        "text/csv",
        key=f"dl_{stem}",
        on_click="ignore",
    )


def show_result(
    result: Result,
    kommun_id: str,
    kommun_name: str,
    control_label: str | None,
    reading: str,
    caption: str,
    stem: str,
) -> None:
    """Plain reading first, the statistics in an expander, then the scatter of one view.

    A parent reads the one plain sentence before r and ρ; the warning that the two disagree
    stays outside the expander, since it changes what the sentence means.
    """
    if result.summary is None:
        st.info(f"För få kommuner med data ({result.pairs.n}) för att visa ett samband.")
        return
    st.markdown(reading)
    warning = text.robustness(result.summary.pearson, result.summary.spearman)
    if warning:
        st.warning(warning)
    with st.expander("Statistiken: Pearson r, Spearman ρ och antal kommuner"):
        show_numbers(result, control_label)
    show_scatter(result, kommun_id, kommun_name, caption, stem)
