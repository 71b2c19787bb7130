"""Om data: sources as a person reads them, attribution, freshness, coverage for the kommun."""

from trygghet.about.views import page
from trygghet.sidebar.views import page_setup

page(*page_setup())
