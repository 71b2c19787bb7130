"""The kommun boundary for the school map, read at runtime from the snapshot's GeoJSON (not copied)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import orjson

from etl.config import load_settings

GEOJSON = Path("geo") / "kommuner_sweden_2024_wgs84.geojson"


def geojson_path() -> Path:
    """<snapshot>/geo/kommuner_sweden_2024_wgs84.geojson (env TRYGGHET_SNAPSHOT moves it)."""
    return load_settings().snapshot_dir / GEOJSON


@lru_cache(maxsize=4)
def _features(path: str) -> dict[str, list]:
    data = orjson.loads(Path(path).read_bytes())
    return {f["properties"]["kommun_kod"]: f["geometry"] for f in data["features"]}


def outline(kommun: str) -> list[tuple[list[float], list[float]]] | None:
    """Outer rings of the kommun's (Multi)Polygon as (lons, lats); None if the file is absent."""
    try:
        geometry = _features(str(geojson_path())).get(kommun)
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        return None
    if geometry is None:
        return None
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rings = []
    for polygon in polygons:
        ring = polygon[0]  # the outer ring; islands are their own polygons
        rings.append(([p[0] for p in ring], [p[1] for p in ring]))
    return rings
