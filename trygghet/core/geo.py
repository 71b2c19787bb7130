"""Kommun boundaries from the snapshot's GeoJSON, read at runtime (not copied) once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson

from catalogues.settings import load_settings

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


def outline(kommun_id: str) -> list[tuple[list[float], list[float]]] | None:
    """Outer rings of the kommun's boundary as (lons, lats); None if file or kommun is absent."""
    features = kommun_features()
    geometry = next(
        (f["geometry"] for f in features or () if f["properties"].get("kommun_kod") == kommun_id),
        None,
    )
    if geometry is None:
        return None
    return [([p[0] for p in ring], [p[1] for p in ring]) for ring in outer_rings(geometry)]


# One kommun drawn on a map: lons and lats with NaN between rings (plotly starts a new polygon
# after a gap) and a point inside its largest ring for labels and hover markers.
Coords = npt.NDArray[np.floating[Any]]
Shape = tuple[Coords, Coords, tuple[float, float]]
# Simplification tolerance in degrees (~1 km): below a pixel on a map of the whole country.
TOLERANCE = 0.01


def simplify_ring(points: Coords, tolerance: float) -> Coords:
    """Douglas-Peucker: the ring's vertices whose removal would move the line by > tolerance.

    Iterative (no recursion limit on long coastlines); first and last vertex always stay.
    """
    n = len(points)
    if n <= 4:
        return points
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        seg = points[j] - points[i]
        rel = points[i + 1 : j] - points[i]
        length = float(np.hypot(seg[0], seg[1]))
        # A closed ring starts and ends on the same vertex: measure from that vertex then.
        dist = (
            np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / length
            if length > 0
            else np.hypot(rel[:, 0], rel[:, 1])
        )
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            keep[i + 1 + k] = True
            stack.extend(((i, i + 1 + k), (i + 1 + k, j)))
    return points[keep]


def simplified_shape(geometry: dict[str, Any], tolerance: float = TOLERANCE) -> Shape:
    """A kommun's outer rings simplified; islands that collapse below a triangle are left out.

    The largest ring always stays, so every kommun keeps a shape.
    """
    rings = [np.asarray(r, dtype=float)[:, :2] for r in outer_rings(geometry)]
    largest = max(range(len(rings)), key=lambda i: len(rings[i]))
    kept = []
    for i, ring in enumerate(rings):
        small = simplify_ring(ring, tolerance)
        if len(small) >= 4 or i == largest:
            kept.append(small if len(small) >= 4 else ring)
    gap = np.array([np.nan])
    xs = np.concatenate([np.concatenate([r[:, 0], gap]) for r in kept])
    ys = np.concatenate([np.concatenate([r[:, 1], gap]) for r in kept])
    big = rings[largest]
    # float32 (about 1 m here) halves what every rerun sends to the browser for the map.
    return (
        xs.astype(np.float32),
        ys.astype(np.float32),
        (float(big[:, 0].mean()), float(big[:, 1].mean())),
    )


@lru_cache(maxsize=2)
def _simplified(path: str, tolerance: float) -> dict[str, Shape] | None:
    features = _features(path)
    if features is None:
        return None
    return {
        str(f["properties"]["kommun_kod"]): simplified_shape(f["geometry"], tolerance)
        for f in features
    }


def simplified_shapes(tolerance: float = TOLERANCE) -> dict[str, Shape] | None:
    """kommun code -> simplified Shape for all kommuner, built once per process; None w/o file."""
    return _simplified(str(geojson_path()), tolerance)
