"""Skolor: the kommun's year-9 series from Skolverket beside Kolada's; schools as table and map."""

from trygghet.schools.views import page
from trygghet.sidebar.views import page_setup

page(*page_setup())
