"""Översikt: one card per theme's headline indicator that says whether it got better or worse."""

from trygghet.overview.views import page
from trygghet.sidebar.views import page_setup

page(*page_setup())
