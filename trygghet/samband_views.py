"""The Samband page's three views as Streamlit render functions (numbers from samband_data/stats)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from trygghet import samband_charts as charts
from trygghet import samband_data as data
from trygghet import samband_text as text
from trygghet.format import md_esc, safe_csv

DERIVED = "Egen bearbetning av data från Kolada"
PLOT_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


@dataclass(frozen=True)
class Indicator:
    """A catalogue entry as the views need it."""

    kpi_id: str
    label: str
    unit: str


def show_numbers(summary: data.Summary, n_excluded: int, control_label: str | None) -> None:
    """Metrics, the verdict and the plain reading; r and n here are what the page test checks."""
    prefix = "Partiell " if summary.partial else ""
    cols = st.columns(3)
    cols[0].metric(f"{prefix}Pearson r", text.fmt_r(summary.pearson.r),
                   help="Linjärt samband. 95 % konfidensintervall med Fishers z.")
    cols[1].metric(f"{prefix}Spearman ρ", text.fmt_r(summary.spearman.r),
                   help="Rangkorrelation: tål extrema värden bättre. Intervall: Fishers z med "
                        "Bonett–Wrights standardfel.")
    cols[2].metric("Kommuner", str(summary.pearson.n), help=text.coverage(summary.pearson.n, n_excluded))
    st.markdown(
        f"**{text.verdict(summary.pearson)}.** {text.numbers(summary.pearson, False)}; "
        f"{text.numbers(summary.spearman, False)}; {text.coverage(summary.pearson.n, n_excluded)}."
    )
    if control_label:
        st.caption(f"Med hänsyn till {md_esc(control_label.lower())} (partiell korrelation). "
                   "Linjen i diagrammet visar sambandet utan den hänsynen.")
    warning = text.robustness(summary.pearson, summary.spearman)
    if warning:
        st.warning(warning)


def show_scatter(p: data.Pairs, summary: data.Summary, sel, titles: tuple[str, str],
                 units: tuple[str, str], caption: str, file_stem: str) -> None:
    """Scatter with the fitted line, the kommun's absence explained, the excluded kommuner."""
    fig = charts.scatter(p.data, sel.kommun_id, sel.members, titles[0], titles[1], units[0],
                         units[1], summary.line, sel.comparison_label)
    st.plotly_chart(fig, config=PLOT_CONFIG, key=f"fig_{file_stem}")
    st.caption(caption)
    if sel.kommun_id not in set(p.data["municipality_id"]):
        why = p.excluded.loc[p.excluded["municipality_id"] == sel.kommun_id, "reason"]
        st.caption(f"{md_esc(sel.kommun_name)} saknas i diagrammet: "
                   f"{md_esc(why.iloc[0]) if len(why) else 'inga uppgifter'}.")
    if len(p.excluded):
        with st.expander(f"Kommuner utan data ({len(p.excluded)})"):
            st.dataframe(p.excluded.rename(columns={
                "municipality_id": "Kod", "municipality": "Kommun", "reason": "Varför"}),
                hide_index=True)
    st.download_button("Ladda ner punkterna (CSV)", safe_csv(p.data), f"{file_stem}.csv",
                       "text/csv", key=f"dl_{file_stem}")


def over_time(panels: list[charts.Panel], sel, indexed: bool, base: int | None, kpis: list[str]) -> None:
    """View 1: the chosen indicators on one shared year axis, with the comparison group's mean."""
    if not panels:
        st.info("Välj minst en indikator.")
        return
    fig = charts.time_panels(panels, sel.kommun_name, sel.comparison_label, indexed, base)
    st.plotly_chart(fig, config=PLOT_CONFIG)
    derived = "index och " if indexed else ""
    st.caption(
        f"Källa: Kolada ({', '.join(kpis)}) för {md_esc(sel.kommun_name)}; {derived}jämförelsegruppens "
        f"oviktade medelvärde: {DERIVED}. Luckor betyder att värdet saknas eller är sekretessbelagt."
    )
    st.caption("Att två linjer rör sig åt samma håll visar inte att de hänger ihop: "
               "många saker förändras samtidigt över tid.")
