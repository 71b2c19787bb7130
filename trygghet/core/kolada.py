"""Kolada's conventions the read side relies on, each written once (pure).

- Riket's municipality id in Kolada ("0000"), beside the 290 kommuner's four-digit ids;
- a rate per 100 000 inhabitants is told by its unit ("antal/100 000 inv"): such a figure is a
  count of events divided by the population, which the verdicts and the rounding rely on.
"""

from __future__ import annotations

RIKET_ID = "0000"
PER_100K = "100 000"  # in a rate's unit, "antal/100 000 inv"


def is_rate(unit: str) -> bool:
    """Whether a unit is a rate per 100 000 inhabitants."""
    return PER_100K in unit
