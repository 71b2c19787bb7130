"""Trygghet: perceived safety from NTU and Medborgarundersökningen (theme trygghet)."""

from trygghet.themes.views import theme_page

theme_page(
    "trygghet",
    "Upplevd trygghet och oro enligt enkätundersökningar: Nationella trygghetsundersökningen "
    "(NTU, Brå) och SCB:s Medborgarundersökning, via Kolada.",
    [
        "NTU-värdena för kommuner är skattningar som slår ihop två års svar (t.ex. 2021–2022) "
        "för att få tillräckligt många svarande; år utan publicerat värde visas som luckor.",
        "Medborgarundersökningen görs inte varje år och alla kommuner deltar inte; "
        "se vilka år som finns i tabellen under diagrammet.",
        "Enkätresultat har felmarginaler: små skillnader mellan år eller kommuner kan bero "
        "på slumpen i urvalet.",
    ],
)
