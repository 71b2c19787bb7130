"""Handlingsprogrammet's phone cards say what its table says, and mark the rows the summary counts.

The table's cells are checked against values derived from the DB in test_programme_page.py;
here every card must carry its row's indicator, verdict and change, and the summary's count
must equal the rows marked as counted.
"""

from __future__ import annotations

import re

from tests.apptest import run_app
from trygghet.core.format import md_esc
from trygghet.programme.data import CHANGE


def test_every_row_has_a_card_with_its_verdict_and_the_counted_rows_are_marked(app_env) -> None:
    at = run_app("pages/programme.py", kommun="0880", bas="2015")
    table = at.dataframe[0].value
    cards = [m.value for m in at.markdown if m.value.startswith("**") and "Bedömning:" in m.value]
    assert len(cards) == len(table)
    change = CHANGE.format(baseline=2015)
    for card, row in zip(cards, table.to_dict("records"), strict=True):
        assert card.startswith(f"**{md_esc(row['Indikator'])}**")
        assert f"Bedömning: **{md_esc(row['Bedömning'])}** · {md_esc(row[change])}" in card
        assert ("(räknas i sammanfattningen)" in card) == (row["Roll"] == "Mäter")
    summary = next(
        m.value for m in at.markdown if "indikatorer som mäter en punkt i programmet" in m.value
    )
    found = re.search(r"Av de (\d+) indikatorer", summary)
    assert found, summary
    assert int(found.group(1)) == sum(1 for card in cards if "(räknas i sammanfattningen)" in card)
    # The table puts the role right after the verdict, where the summary's rule can be read.
    order = at.dataframe[0].proto.column_order
    assert list(order).index("Roll") == list(order).index("Bedömning") + 1
