"""Unga & fritid: leisure activities for children and young people (theme unga_fritid)."""

from trygghet.themes.views import theme_page

theme_page(
    "unga_fritid",
    "Ungas fritid: idrottsföreningar, fritidsgårdar, kulturskola och bibliotek, via Kolada.",
    [
        "Deltagartillfällen räknas i föreningar som får LOK-stöd; aktivitet i andra "
        "föreningar och spontanidrott syns inte.",
        "Kostnader och antal verksamheter säger inget om kvaliteten eller hur många unga "
        "som faktiskt deltar.",
    ],
)
