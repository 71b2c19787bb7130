"""Samband: school, youth activities and crime over time, across kommuner and as changes."""

from trygghet.samband.views import render
from trygghet.sidebar.views import page_setup

render(*page_setup())
