"""Swedish sentences of the Förväntat view: the verdict, the model's quality, its limits."""

from __future__ import annotations

from catalogues.covariates import Outcome
from trygghet.core.format import fmt_num, md_esc

WITHIN = "inom det förväntade för en kommun med liknande struktur"
METHOD = (
    "Förväntat värde: Huber-robust linjär regression över alla kommuner ett år (logaritmerade "
    "tal per invånare, logit för andelar), skattad utan kommunen själv. Intervallet (95 %) "
    "bygger på hur långt de andra kommunernas värden ligger från modellen. Egen bearbetning "
    "av data från Kolada."
)
ABOUT = (
    "**Vad modellen kan säga:** om kommunens värde är högt eller lågt *jämfört med kommuner "
    "med liknande struktur* (storlek, åldersstruktur, föräldrars utbildning, unga som varken "
    "arbetar eller studerar, trångboddhet), och hur säkert det är.",
    "**Vad den inte kan säga:** varför. Kovariaterna beskriver kommunerna, de orsakar inte "
    "brott eller otrygghet, och sambanden gäller kommuner, inte människor. Anmälda brott "
    "räknas där de sker (besöksorter och köpcentrum ger höga tal) och beror på viljan att "
    "anmäla och på polisens insatser.",
    "**Ärligt byggd:** kommunens förväntade värde skattas utan kommunens eget värde; "
    "korsvaliderat R² visar hur mycket av skillnaderna modellen förutsäger för en kommun den "
    "inte sett; andelen kommuner inom sitt eget intervall visar att intervallet håller. Under "
    "R² 0,3 ger sidan inget omdöme.",
)


def pct(share: float) -> str:
    """0.945 -> '94,5 %'."""
    return f"{fmt_num(share * 100, 1)}\u00a0%"


def verdict_md(outcome: Outcome, position: str | None) -> str:
    """The plain verdict for a position ('above', 'within', 'below'), capitalised, as Markdown
    (the catalogue's wording is escaped like any outside text)."""
    text = {"above": outcome.more, "below": outcome.fewer}.get(position or "", WITHIN)
    return md_esc(text[:1].upper() + text[1:])


def quality(cv_r2: float, coverage: float, n: int, year: int, floor: float) -> str:
    """The model's out-of-sample quality in one sentence."""
    base = (
        f"Korsvaliderat R² {fmt_num(cv_r2, 2)}: modellen förutsäger {pct(max(cv_r2, 0))} av "
        f"skillnaderna mellan kommunerna för en kommun den inte sett ({n} kommuner, {year}). "
        f"{pct(coverage)} av kommunerna ligger inom sitt eget 95-procentsintervall."
    )
    if cv_r2 < floor:
        return (
            base + f" Det är under {fmt_num(floor, 1)}: modellen förklarar för lite för att "
            "ge ett omdöme om enskilda kommuner."
        )
    return base


def no_verdict(cv_r2: float, floor: float) -> str:
    return (
        f"Inget omdöme: modellen förklarar för lite (korsvaliderat R² {fmt_num(cv_r2, 2)}, "
        f"under {fmt_num(floor, 1)})."
    )


def who_line_md(kommun_md: str, who: str, changed: bool, position: str | None) -> str:
    """How the kommun's result changes when the 'who' covariate is added to the model, as
    Markdown: `kommun_md` is already escaped, the covariate's catalogue label is escaped here."""
    who = md_esc(who)
    where = {"above": "över", "below": "under"}.get(position or "", "inom")
    if changed:
        return (
            f"Med {who.lower()} i modellen hamnar {kommun_md} {where} intervallet i stället: "
            "resultatet beror alltså på om man räknar med vilka som bor i kommunen."
        )
    return (
        f"Med {who.lower()} i modellen blir bedömningen av {kommun_md} "
        f"densamma ({where} intervallet)."
    )


WHO_WHY = (
    "Andelen utrikes födda beskriver vilka som bor i kommunen, inte deras villkor. Den ingår "
    "inte i det förväntade värdet: villkoren som officiella modeller tar hänsyn till "
    "(utbildning, sysselsättning, boende) finns redan med. Raden visar hur resultatet hade "
    "ändrats med den."
)
