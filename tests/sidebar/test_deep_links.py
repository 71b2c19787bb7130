"""The cold-deep-link workaround in trygghet/sidebar/views.py leans on a Streamlit internal.

Streamlit 1.67 runs a shared link such as /crime?kommun=1080 as a legacy v1 page (without
dashboard.py's navigation) when it is the first request after a server start, because the app
has a pages/ folder. The sidebar clears PagesManager.uses_pages_directory and reruns. No public
API does this; if an upgrade moves the attribute, this test fails so the workaround is revisited
(the browser test of every page then shows whether cold deep links still work).
"""

from __future__ import annotations

import inspect

from streamlit.runtime.pages_manager import PagesManager

from trygghet.sidebar import views


def test_streamlit_still_has_the_flag_the_workaround_clears() -> None:
    assert hasattr(PagesManager, "uses_pages_directory"), (
        "Streamlit moved PagesManager.uses_pages_directory: check cold deep links "
        "(tests/browser) and update or drop _leave_legacy_multipage_mode"
    )


def test_the_workaround_is_called_before_anything_is_drawn() -> None:
    source = inspect.getsource(views.page_setup)
    assert source.index("_leave_legacy_multipage_mode()") < source.index("st.sidebar")
