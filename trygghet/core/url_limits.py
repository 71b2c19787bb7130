"""Bounded work per page run: caps on a URL parameter's length, parts and notices (pure).

A page run's CPU is what limits how many visitors one process serves, and a parameter is
read on every run, over HTTP and over the websocket alike (a rerun carries the query string
the browser sends, which no proxy limit sees). So every parser takes its values through
here: a value is cut to MAX_CHARS, a list to MAX_PARTS parts, and a parameter names at most
MAX_NAMED bad values, with one more notice summarising the rest. The cost of a hostile
address is then the cost of a normal one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trygghet.core.format import fmt_num, md_literal

# A list of every kommun (290 codes of four digits and a comma) is about 1,450 characters.
MAX_CHARS = 2000
MAX_PARTS = 300
MAX_NAMED = 3


def capped(raw: str | None, limit: int = MAX_CHARS) -> str | None:
    """The value cut to `limit` characters (None stays None)."""
    return raw if raw is None or len(raw) <= limit else raw[:limit]


@dataclass
class Parts:
    """A comma-separated parameter read within the caps, and the notices about what was dropped."""

    param: str
    values: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    over: int = 0  # parts beyond MAX_PARTS, or a value cut at MAX_CHARS, not looked at
    cut: bool = False

    def reject(self, value: str) -> None:
        """Note a part that was not understood (only the first MAX_NAMED are kept)."""
        if len(self.bad) < MAX_NAMED:
            self.bad.append(value)
        else:
            self.over += 1

    def notices(self, what: str) -> list[str]:
        """At most MAX_NAMED notices naming a bad value, then one summarising the rest."""
        out = [
            f"Okänd {what} i adressen ({self.param}={md_literal(v)}) har tagits bort."
            for v in self.bad
        ]
        rest = []
        if self.over:
            rest.append(f"ytterligare {fmt_num(self.over)} okända värden har tagits bort")
        if self.cut:
            rest.append(
                f"bara de första {fmt_num(MAX_PARTS)} delarna och {fmt_num(MAX_CHARS)} tecknen "
                "har lästs"
            )
        if rest:
            out.append(f"Adressens {self.param}=: " + "; ".join(rest) + ".")
        return out


def split_parts(raw: str | None, param: str, lower: bool = False) -> Parts:
    """The non-empty, stripped parts of '?param=a,b,c' within MAX_CHARS and MAX_PARTS."""
    parts = Parts(param)
    if not raw:
        return parts
    parts.cut = len(raw) > MAX_CHARS
    pieces = (raw[:MAX_CHARS] if parts.cut else raw).split(",", MAX_PARTS)
    if len(pieces) > MAX_PARTS:
        parts.cut = True
        pieces = pieces[:MAX_PARTS]
    for piece in pieces:
        value = piece.strip().lower() if lower else piece.strip()
        if value:
            parts.values.append(value)
    return parts
