"""The dashboard's pages: entrances only (page_setup() and one feature's views)."""
