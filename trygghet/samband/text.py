"""Plain-Swedish wording for correlations, derived from r, its interval and n (never hand-typed)."""

from __future__ import annotations

from trygghet.core.format import fmt_num
from trygghet.core.stats import Correlation

DERIVED = "Egen bearbetning av data från Kolada"  # a source line's words for our own numbers
MIN_N = 10  # below this many kommuner the page reports the numbers but draws no conclusion
# Conventional (Cohen-style) bands for |r|; the upper bound of each band is exclusive.
STRENGTHS: tuple[tuple[float, str], ...] = (
    (0.1, "mycket svagt"),
    (0.3, "svagt"),
    (0.5, "måttligt"),
    (1.01, "starkt"),
)
METHOD_SYMBOL = {"pearson": "r", "spearman": "ρ"}
METHOD_NAME = {"pearson": "Pearson", "spearman": "Spearman"}

CAVEATS = (
    "**Samband är inte orsak.** Att två mått följs åt visar inte att det ena påverkar det andra. "
    "Båda kan bero på något tredje, till exempel befolkningens ålder, utbildning eller inkomster.",
    "**Kommuner är inte individer.** Ett samband mellan kommuner säger ingenting om enskilda "
    "ungdomar (ekologiskt felslut). Även om kommuner med fler deltagartillfällen skulle ha färre "
    "anmälda brott, betyder det inte att just de som idrottar begår färre brott.",
    "**Anmälda brott är inte alla brott.** Siffrorna beror på hur benägna människor är att anmäla "
    "och på hur mycket polisen arbetar med olika brott, inte bara på hur många brott som begås.",
    "**Små kommuner svänger mer.** Några få händelser kan flytta en liten kommuns tal per "
    "100 000 invånare mycket från år till år, så enstaka punkter långt ut bör läsas försiktigt.",
)

METHODS = (
    "**Pearson r** mäter hur väl punkterna följer en rak linje; **Spearman ρ** jämför kommunernas "
    "rangordning och påverkas mindre av enstaka extrema kommuner. 95 % konfidensintervall: Fishers "
    "z-transformation med standardfelet 1/√(n − 3) för r och Bonett–Wrights √((1 + ρ²/2)/(n − 3)) "
    "för ρ. **Partiell korrelation**: båda måtten rensas med linjär regression från "
    "kontrollindikatorn (för ρ på rangerna) och resterna korreleras; intervallet använder n − 4. "
    "Ordet för styrkan (mycket svagt < 0,1 ≤ svagt < 0,3 ≤ måttligt < 0,5 ≤ starkt) täcker hela "
    "intervallet, och rymmer intervallet noll skriver vi att inget samband är säkerställt. "
    "Kommuner som saknar något värde (ej publicerat eller sekretess) räknas bort och redovisas.",
)


def strength(abs_r: float) -> str:
    """The strength word for |r|."""
    for upper, word in STRENGTHS:
        if abs_r < upper:
            return word
    return STRENGTHS[-1][1]


def fmt_r(value: float) -> str:
    """A coefficient with two decimals, decimal comma and typographic minus."""
    return fmt_num(value, 2)


def numbers(c: Correlation, with_n: bool = True) -> str:
    """'r = −0,25 (95 % KI −0,36 till −0,14), n = 281' (without ', n = …' if with_n is False)."""
    sym = METHOD_SYMBOL[c.method]
    n = f", n = {c.n}" if with_n else ""
    if c.r != c.r:  # NaN: a constant variable
        return f"{sym} kan inte beräknas{n}"
    ci = (
        f" (95 % KI {fmt_r(c.low)} till {fmt_r(c.high)})"
        if c.has_interval
        else " (inget intervall: för få kommuner)"
    )
    return f"{sym} = {fmt_r(c.r)}{ci}{n}"


def verdict(c: Correlation) -> str:
    """A judgement that follows the numbers: a CI including 0 means no established relation."""
    if c.r != c.r:
        return "Sambandet kan inte beräknas (ett av måtten har samma värde överallt)"
    if c.n < MIN_N or not c.has_interval:
        return f"För få kommuner med data (n = {c.n}) för att säga något om ett samband"
    if c.interval_includes_zero:
        return "Inget säkerställt samband (intervallet rymmer noll)"
    direction = "positivt" if c.r > 0 else "negativt"
    near, far = sorted((abs(c.low), abs(c.high)))
    # The words span what the interval allows, so a wide interval cannot read as "starkt".
    weak, strong = strength(near), strength(far)
    words = weak if weak == strong else f"{weak} till {strong}"
    return f"Ett {words} {direction} samband"


def reading(c: Correlation, x_label: str, y_label: str, when: str = "") -> str:
    """What the relation means in words, or why nothing can be said."""
    if c.r != c.r or c.n < MIN_N or c.interval_includes_zero:
        return (
            "Uppgifterna visar inte att kommuner med högre "
            f"{x_label.lower()} har högre eller lägre "
            f"{y_label.lower()}{when}."
        )
    more_or_less = "högre" if c.r > 0 else "lägre"
    return (
        f"Kommuner med högre {x_label.lower()} hade i genomsnitt {more_or_less} "
        f"{y_label.lower()}{when}. Det säger inget om orsak."
    )


def robustness(pearson: Correlation, spearman: Correlation) -> str | None:
    """A warning when Pearson and Spearman disagree on whether there is a relation at all."""
    if pearson.interval_includes_zero == spearman.interval_includes_zero and (
        pearson.interval_includes_zero or (pearson.r > 0) == (spearman.r > 0)
    ):
        return None
    return (
        "Pearson och Spearman ger olika besked. Det kan bero på ett fåtal kommuner med extrema "
        "värden; tolka sambandet mycket försiktigt."
    )


def coverage(n: int, excluded: int) -> str:
    """'n = 281, 9 utan data'."""
    return f"n = {n}, {excluded} utan data" if excluded else f"n = {n}, alla kommuner har data"
