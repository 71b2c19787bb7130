"""Text of the Händelser page: the latest notices as escaped Markdown, times in Swedish."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from urllib.parse import quote

import pandas as pd

from trygghet.core.format import md_esc
from trygghet.core.style import MONTHS

SITE = "https://polisen.se/"
CAVEAT = (
    "- Polisen väljer ut vilka händelser som publiceras: notiserna är ett urval, inte "
    "brottsstatistik (se sidan Brott för anmälda brott).\n"
    "- Koordinaterna är kommunens eller länets mittpunkt, inte platsen för händelsen.\n"
    "- ”Sammanfattning …”-notiser samlar många händelser i en notis.\n"
    "- Notiserna är preliminära och kan ändras; här visas den senast sedda versionen.\n"
    "- Sedan 2026 anger Polisen bara länet som plats; kommunen tas då från rubrikens slut."
)
SOURCE = "Källa: Polisen (polisen.se/api/events)."


def when(ts: pd.Timestamp | datetime | str | None) -> str:
    """'21 aug 2026 kl. 16.33' (the value is already Swedish local time)."""
    if ts is None or pd.isna(ts):
        return "tid saknas"
    t = pd.Timestamp(ts)
    return f"{t.day} {MONTHS[t.month - 1]} {t.year} kl. {t:%H.%M}"


def safe_link(url: object) -> str | None:
    """Only links to polisen.se, with characters that would end a Markdown link encoded."""
    if not isinstance(url, str) or not url.startswith(SITE):
        return None
    return quote(url, safe=":/?&=#%-._~")


def notice_markdown(row: pd.Series, labels: Mapping[str, str]) -> str:
    """One notice as a Markdown list item; every external text is escaped."""
    time = when(
        row["incident_local"] if pd.notna(row["incident_local"]) else row["published_local"]
    )
    label = labels.get(row["category"], row["category"])
    text = (
        f"- **{time}** · {md_esc(row['type'])} ({md_esc(label.lower())}): {md_esc(row['summary'])}"
    )
    link = safe_link(row["url"])
    if link:
        text += f" [Läs på polisen.se]({link})"
    if row["versions"] > 1:
        text += f" _(ändrad, {int(row['versions'])} versioner)_"
    return text


def notices_markdown(df: pd.DataFrame, labels: Mapping[str, str]) -> str:
    return "\n".join(notice_markdown(row, labels) for _, row in df.iterrows())


def outside_notice(
    kommun_md: str, kommun_county: str | None, loaded: list[tuple[str, str]], shown: str
) -> str:
    """Why Händelser shows another kommun, which län is loaded and how to load another."""
    names = " och ".join(f"{md_esc(name)} ({md_esc(code)})" for code, name in loaded) or "inget län"
    where = f" ligger i {md_esc(kommun_county)} och" if kommun_county else ""
    return (
        f"Polisens notiser är inlästa för {names}. {kommun_md}{where} ingår inte, så sidan "
        f"visar {md_esc(shown)}. För att läsa in fler län: sätt miljövariabeln "
        "`TRYGGHET_COUNTY` till en lista med länskoder (t.ex. `08,10`) eller `all` för hela "
        "landet och kör `python -m etl refresh polisen` (se README, avsnittet Polisen)."
    )
