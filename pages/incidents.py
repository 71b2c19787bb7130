"""Händelser: Polisen's event notices for the kommun and the rest of the län, by time and place."""

from trygghet.incidents.views import render
from trygghet.sidebar.views import page_setup

render(*page_setup())
