"""Tillgänglighet: the accessibility statement that Swedish law asks of public digital service."""

from trygghet.about.views import accessibility_page
from trygghet.sidebar.views import page_setup

page_setup()
accessibility_page()
