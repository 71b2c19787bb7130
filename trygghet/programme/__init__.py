"""Handlingsprogrammet: the commitments of "Ett tryggare Kalmar" and what open data says."""
