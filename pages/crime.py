"""Brott: reported crime per 100 000 inhabitants (Kolada, theme brott)."""

from trygghet.themes.views import theme_page

theme_page(
    "brott",
    "Anmälda brott per 100 000 invånare enligt Brottsförebyggande rådets statistik, via Kolada.",
    [
        "Anmälda brott är inte alla brott: många brott anmäls aldrig, och viljan att anmäla "
        "skiljer sig mellan brottstyper, platser och över tid.",
        "Narkotikabrott och andra spaningsbrott följer polisens arbete: fler insatser ger fler "
        "anmälda brott, utan att brottsligheten behöver ha ökat.",
        "Räknereglerna ändras ibland (t.ex. hur upprepade brott mot samma person räknas), "
        "vilket kan ge hopp i serien som inte är verkliga förändringar.",
        "Brotten räknas där de anmäls ha skett, inte där gärningspersonen bor; små kommuner "
        "med många besökare kan få höga tal per invånare.",
    ],
)
