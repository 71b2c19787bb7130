"""How an overview card words its change, place and summary (pure); core.judgement judges.

The window runs from the comparison year (the published year closest to five years before
the latest value) to the latest value. Whether the change is *bättre*, *sämre* or *ingen
säker förändring* is core.judgement's call, the same one the scorecard makes; RULE states it
to visitors (Om data shows it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trygghet.core import judgement as jd
from trygghet.core.format import fit_decimals, fmt_num

BETTER, WORSE, UNSURE, NONE = jd.BETTER, jd.WORSE, jd.UNSURE, jd.NONE
IN_STEP = jd.IN_STEP
ORDINALS = ("", "", "näst", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde", "nionde")

RULE = (
    "**Så bedöms förändringar** (korten på Översikt, tabellen i Handlingsprogrammet och "
    "första meningen på temasidorna använder samma regel). Förändringen räknas från "
    "jämförelseåret till det senaste året med värde. På Översikt är jämförelseåret det "
    "publicerade år som ligger närmast fem år före det senaste; i Handlingsprogrammet det "
    "basår du väljer. Varje förändring visas med ett 95-procentigt osäkerhetsintervall, till "
    'exempel "↓ 1,9 % (95 %: −4,7 till +0,9 %)". Bara när hela intervallet ligger på samma '
    "sida om noll står det *bättre* eller *sämre* (enligt indikatorns riktning: färre anmälda "
    "brott är bättre, fler elever som klarar alla ämnen är bättre). Annars står det *ingen "
    "säker förändring*: skillnaden ryms i det brus som siffran har ändå, vilket inte betyder "
    "att inget har hänt.\n\n"
    "Bruset beror på vad siffran är:\n\n"
    "- **Anmälda brott per 100 000 invånare:** antalet brott räknas fram ur takten och "
    "folkmängden (Kolada N01951). Antal händelser varierar slumpmässigt (Poisson) och "
    "brottsstatistik varierar mer än så mellan åren; hur mycket mer skattas ur kommunens egna "
    "år sedan 2015 (då ändrades hur brott knyts till kommuner), eller ur kommuner av samma "
    "storlek när kommunens egna år är för få. Exempel: "
    "med omkring 100 brott om året är slumpens spridning ensam ungefär ±10 brott (kvadratroten "
    "ur 100), så en ökning från 100 till 110 brott ryms i bruset.\n"
    "- **Andel elever (åk 9):** andelen bygger på en årskull. Med 20 elever är en elev 5 "
    "procentenheter, så slumpen i vilka elever som går ut ett visst år räknas in (binomial "
    "fördelning med årskullens storlek, plus den extra variation kommunens egna år visar). "
    "Årskullens storlek är Skolverkets antal elever i åk 9 i kommunens skolor; Koladas andel "
    "räknar eleverna efter hemkommun, så storleken är ungefärlig (saknas ett års storlek används "
    "grannårets).\n"
    "- **Enkäter (Trygghet):** bara den osäkerhet som källan själv publicerar används. Kolada "
    'publicerar ett "osäkerhetstal" för NTU:s kommunvärden, men det finns inte i den data som '
    'läses in här; därför står förändringen med "osäkerheten redovisas inte här – ingen '
    'bedömning". NTU:s kommunvärden är tvåårsmedel: värdet för 2022 avser 2021–2022.\n'
    "- **Övriga serier** (till exempel idrottsföreningarnas deltagartillfällen): en rät linje "
    "anpassas till alla år i perioden, och förändringen är linjens förändring från första "
    "till sista året. Osäkerheten kommer från hur mycket åren avviker från linjen, så ett "
    "enstaka ovanligt år i början eller slutet avgör inte bedömningen.\n\n"
    "**Seriebrott:** där en serie byter innebörd (till exempel 2015, då brott per kommun "
    "började räknas bara när de kunde härledas till kommunen) visar diagrammen en streckad "
    "linje med förklaring, tabellerna en kolumn Seriebrott, och en förändring över brottet "
    "bedöms inte: den blandar två sätt att räkna.\n\n"
    "**Jämfört med gruppen:** kommunens förändring jämförs med medelvärdet av "
    "gruppkommunernas egna förändringar samma två år, bara kommuner med värde båda åren (antalet "
    "står på kortet). Skillnaden får ett intervall av båda osäkerheterna (kommunens och "
    "spridningen mellan gruppens kommuner); ligger det helt på ena sidan om noll har kommunen "
    "utvecklats bättre eller sämre än gruppen, annars står det *ingen säker skillnad*. Läget "
    "räknas bland jämförelsegruppens kommuner med värde samma år, kommunen inräknad, och bland "
    "alla kommuner i fjärdedelar. Sammanfattningen överst räknar korten med bedömning; kort "
    "utan värde eller utan bedömning nämns för sig. Metoden prövas i projektets tester på "
    "simulerade serier utan verklig förändring: där blir högst 5 % av bedömningarna bättre "
    "eller sämre."
)


def fmt_rounded(value: float, unit: str) -> str:
    """A card's value rounded to fit (the unit is in the label)."""
    return fmt_num(value, fit_decimals(value, unit))


def place_in_group(own: float, others: Sequence[float], group_word: str, missing: int = 0) -> str:
    """'högst av 8 liknande kommuner' / 'tredje lägst av 8 ...' (the kommun counted in).

    `missing` members without a value are left out, and the phrase says so.
    """
    n = len(others) + 1
    from_top = sum(v > own for v in others) + 1
    from_bottom = sum(v < own for v in others) + 1
    if n == 1:
        return ""
    if from_top <= from_bottom:
        rank, end = from_top, "högst"
    else:
        rank, end = from_bottom, "lägst"
    word = ORDINALS[rank] + " " if rank < len(ORDINALS) else f"{rank}:e "
    tail = " med värde" if missing else ""
    return f"{word.lstrip()}{end} av {n} {group_word}{tail}"


def place_in_all(own: float, others: Sequence[float]) -> str:
    """Which quarter of all kommuner the value falls in, as a phrase."""
    n = len(others)
    if n == 0:
        return ""
    if sum(v > own for v in others) < n / 4:
        return "bland den fjärdedel av landets kommuner som har högst värden"
    if sum(v < own for v in others) < n / 4:
        return "bland den fjärdedel av landets kommuner som har lägst värden"
    return "i mittenhalvan av landets kommuner"


@dataclass(frozen=True)
class Outcome:
    """What the summary needs from one card."""

    title: str
    verdict: str  # BETTER | WORSE | UNSURE | NONE, or "" without a judgement
    base_year: int | None
    versus: str  # BETTER | WORSE | IN_STEP | ""
    why_not: str  # why a card has no verdict ("inget värde", the judgement's reason, ...)


def _count(n: int) -> str:
    return "ingen" if n == 0 else str(n)


def summary(outcomes: Sequence[Outcome], group_word: str) -> str:
    """One or two sentences summing up the cards by the rule in RULE."""
    judged = [o for o in outcomes if o.verdict in (BETTER, WORSE, UNSURE)]
    n = len(outcomes)
    if not judged:
        rest = [f"{o.title.lower()} ({o.why_not})" for o in outcomes]
        return f"Ingen av de {n} huvudindikatorerna har en bedömd förändring för de valda åren" + (
            f": {', '.join(rest)}." if rest else "."
        )
    years = sorted({o.base_year for o in judged if o.base_year is not None})
    head = (
        f"Sedan {years[0]}"
        if len(years) == 1
        else f"Jämfört med omkring fem år tidigare ({years[0]}–{years[-1]})"
    )
    better, worse, unsure = (sum(o.verdict == v for o in judged) for v in (BETTER, WORSE, UNSURE))
    text = f"{head} har {_count(better)} av {n} huvudindikatorer blivit bättre"
    text += f" och {_count(worse)} sämre"
    if unsure:
        text += f"; {unsure} har ingen säker förändring"
    rest = [f"{o.title.lower()} ({o.why_not})" for o in outcomes if o not in judged]
    text += "." if not rest else f"; ingen bedömning för {', '.join(rest)}."
    rel = [o.versus for o in judged if o.versus]
    counts = ((rel.count(BETTER), "bättre"), (rel.count(WORSE), "sämre"))
    parts = [f"{c} {w}" for c, w in counts if c]
    if rel.count(IN_STEP):
        parts.append(f"{rel.count(IN_STEP)} utan säker skillnad mot gruppen")
    if parts:
        joined = " och ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
        text += f" Jämfört med {group_word} utvecklades {joined}."
    return text
