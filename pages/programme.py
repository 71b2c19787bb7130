"""Handlingsprogrammet: a scorecard of "Ett tryggare Kalmar", then what open data cannot show."""

from trygghet.programme.views import page
from trygghet.sidebar.views import page_setup

page(*page_setup())
