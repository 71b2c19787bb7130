"""A theme page (Brott, Trygghet, Skola, Unga & fritid): one indicator at a time as Över tid
(drawn by trygghet.indicators), Karta or Jämför (?vy=tid|karta|jamfor, the year in ?ar=)."""
