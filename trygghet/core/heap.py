"""Keep what a server process loads once out of the garbage collector's full passes.

Python's full collections walk every tracked object. After the first page run, most of the
heap is there for good (Streamlit, pandas, plotly and its validators, the DB handle); freezing
it once leaves the collector only what page runs and caches add later.
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_once() -> None:
    """gc.freeze() after a collection, the first time it is called in this process."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()  # what is garbage now is not frozen with the rest
        gc.freeze()
