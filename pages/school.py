"""Skola: year-9 results, also for girls and boys (theme skola)."""

from trygghet.themes.views import theme_page

theme_page(
    "skola",
    "Resultat i årskurs 9 (Skolverket, via Kolada). Välj Kvinnor eller Män för flickor "
    "respektive pojkar.",
    [
        "Hemkommun betyder elever folkbokförda i kommunen, oavsett skolans huvudman; "
        "kommunala skolor betyder elever i kommunens egna skolor.",
        "Små elevgrupper kan ge stora svängningar mellan år; värden med för få elever "
        "döljs (sekretess) och visas som luckor.",
    ],
    see_also=(
        "pages/school_units.py",
        "Per skola, och kommunens resultat till läsåret 2024/25 enligt Skolverket →",
    ),
)
