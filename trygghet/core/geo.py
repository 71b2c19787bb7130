"""Kommun boundaries from the snapshot's GeoJSON, read at runtime (not copied) once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

from etl.config import load_settings

GEOJSON = Path("geo") / "kommuner_sweden_2024_wgs84.geojson"


def geojson_path() -> Path:
    """<snapshot>/geo/kommuner_sweden_2024_wgs84.geojson (env TRYGGHET_SNAPSHOT moves it)."""
    return load_settings().snapshot_dir / GEOJSON


@lru_cache(maxsize=2)
def _features(path: str) -> tuple[dict[str, Any], ...] | None:
    try:
        return tuple(orjson.loads(Path(path).read_bytes())["features"])
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        return None


def kommun_features() -> tuple[dict[str, Any], ...] | None:
    """Every kommun's GeoJSON feature (properties kommun_kod, lan_kod); None without the file."""
    return _features(str(geojson_path()))


def outer_rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    """Outer rings of a (Multi)Polygon; holes are left out (kommuner have no enclaves here)."""
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    return [polygon[0] for polygon in polygons]


def outline(kommun: str) -> list[tuple[list[float], list[float]]] | None:
    """Outer rings of the kommun's boundary as (lons, lats); None if file or kommun is absent."""
    features = kommun_features()
    geometry = next(
        (f["geometry"] for f in features or () if f["properties"].get("kommun_kod") == kommun), None
    )
    if geometry is None:
        return None
    return [([p[0] for p in ring], [p[1] for p in ring]) for ring in outer_rings(geometry)]
