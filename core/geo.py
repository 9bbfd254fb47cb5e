"""Great-circle distance in Python, matching PostgreSQL's earthdistance used in queries."""

from __future__ import annotations

import math

from sqlalchemy.types import UserDefinedType

EARTH_RADIUS_KM = 6378.168  # the radius earthdistance's earth() uses, so Python and SQL agree


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


class EarthPoint(UserDefinedType):
    """PostgreSQL earthdistance's ``earth`` type (a point on the globe as a 3-D cube)."""

    cache_ok = True

    def get_col_spec(self, **kw) -> str:
        return "earth"


def km_text(km: float) -> str:
    """Swedish notation: one decimal, decimal comma ("2,4 km")."""
    return f"{km:.1f}".replace(".", ",") + " km"
