"""Every CSV export on every page has the one format (trygghet.core.export).

The test opens each page and view that offers a download through dashboard.py, records every
file the page hands to Streamlit, and checks it: a header block that names the source, Swedish
column names, no float noise. A count of download buttons in the source keeps the list whole:
a new export makes this test fail until it is listed here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from tests.apptest import run_app
from tests.indicators import test_exports
from tests.indicators.test_exports import parse
from trygghet.core.export import PUBLISHED_DECIMALS, export_csv, published

REPO = Path(__file__).resolve().parents[2]
downloads = test_exports.downloads  # the fixture that records every file a page offers
# (page, query, what the page's files are): every page and view that offers a CSV.
EXPORTS = [
    ("pages/crime.py", {"kommun": "0880", "kpi": "N07403"}, "Över tid"),
    ("pages/crime.py", {"kommun": "0880", "kpi": "N07403", "vy": "karta"}, "Karta"),
    ("pages/crime.py", {"kommun": "0880", "kpi": "N07403", "vy": "jamfor"}, "Jämför"),
    ("pages/school.py", {"kommun": "1080", "kpi": "N15508", "kon": "K"}, "Över tid, kön"),
    ("pages/samband.py", {"kommun": "0880", "flik": "kommuner"}, "Samband, kommuner"),
    ("pages/samband.py", {"kommun": "0880", "flik": "forandring"}, "Samband, förändring"),
    ("pages/samband.py", {"kommun": "0880", "flik": "forvantat"}, "Samband, förväntat"),
    ("pages/programme.py", {"kommun": "0880", "bas": "2015"}, "Handlingsprogrammet"),
    ("pages/incidents.py", {"kommun": "0880", "period": "2025"}, "Händelser"),
    ("pages/school_units.py", {"kommun": "0880"}, "Skolor"),
]
# Where the source calls st.download_button: indicators' table_and_csv serves Över tid, Karta
# and Jämför; the others draw their own button.
BUTTON_SITES = {
    "trygghet/indicators/views.py": 1,
    "trygghet/incidents/views.py": 1,
    "trygghet/samband/views.py": 1,
    "trygghet/programme/views.py": 1,
    "trygghet/schools/views.py": 1,
}
ENGLISH_COLUMN = re.compile(r"^[a-z]+(_[a-z]+)+$|^(value|year|status|municipality|gender)$")
FLOAT_NOISE = re.compile(rf"\d,\d{{{PUBLISHED_DECIMALS + 1},}}")


def test_every_download_button_in_the_source_is_listed() -> None:
    found = {}
    for path in [*REPO.glob("trygghet/**/*.py"), *REPO.glob("pages/*.py")]:
        n = path.read_text(encoding="utf-8").count("st.download_button(")
        if n:
            found[str(path.relative_to(REPO))] = n
    assert found == BUTTON_SITES


@pytest.mark.parametrize(("page", "query", "what"), EXPORTS, ids=[e[2] for e in EXPORTS])
def test_every_export_has_the_header_block_and_swedish_columns(
    app_env, downloads: dict[str, bytes], page: str, query: dict[str, str], what: str
) -> None:
    run_app(page, **query)
    assert downloads, f"{what}: no CSV offered"
    for name, blob in downloads.items():
        assert blob.startswith("\ufeff".encode()), name
        about, table = parse(blob)
        assert next(iter(about)) == "Om filen", (name, about)
        assert about.get("Källa"), (name, about)
        header = table[0]
        english = [c for c in header if ENGLISH_COLUMN.match(c)]
        assert not english, (name, english)
        body = blob.decode("utf-8-sig").partition("\r\n\r\n")[2]
        assert not FLOAT_NOISE.search(body), (name, FLOAT_NOISE.search(body))


def test_published_rounds_float_noise_and_keeps_published_digits() -> None:
    frame = pd.DataFrame({"Värde": [845.0818549999999, 12.12345678, None], "Kod": ["a", "b", "c"]})
    out = published(frame)
    assert out["Värde"].iloc[0] == 845.081855  # the noise of a mean, gone
    assert out["Värde"].iloc[1] == 12.12345678  # Kolada's most decimals (8), kept
    assert pd.isna(out["Värde"].iloc[2])
    _about, table = parse(export_csv(frame, [("Källa", "Kolada")]))
    assert table[1] == ["845,081855", "a"]
