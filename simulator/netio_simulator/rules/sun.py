"""Sunrise and sunset from NOAA's solar calculator equations (no third-party astronomy).

DAYLIGHT PABs need the moments the sun's upper limb (apparent radius 16') touches the horizon,
lifted by atmospheric refraction as NOAA's refraction formula gives it for that elevation
(0.522°, so the zenith is 90.789°). That is the horizon Home Assistant's `sun` uses, so a rule
and its translation switch within a second of each other; NETIO does not document its own.
Each event is refined by evaluating the sun's position at the estimated moment until it settles.
"""

from datetime import UTC, date, datetime, timedelta
import math
from typing import Final

_RADIUS_DEG: Final = 32.0 / 120.0


def _refraction_deg(elevation: float) -> float:
    """NOAA's refraction near the horizon (elevation between -0.575° and 5°), in degrees."""
    e = elevation
    return (1735.0 + e * (-518.2 + e * (103.4 + e * (-12.79 + e * 0.711)))) / 3600.0


ZENITH_DEG: Final = 90.0 + _RADIUS_DEG + _refraction_deg(-_RADIUS_DEG)
_J2000: Final = 2451545.0
_UNIX_EPOCH_JD: Final = 2440587.5


def _julian_day(moment: datetime) -> float:
    return _UNIX_EPOCH_JD + moment.timestamp() / 86_400.0


def _sun(julian_day: float) -> tuple[float, float]:
    """Declination (radians) and equation of time (minutes) at a Julian day."""
    t = (julian_day - _J2000) / 36525.0
    mean_long = math.radians((280.46646 + t * (36000.76983 + t * 0.0003032)) % 360.0)
    anomaly = math.radians(357.52911 + t * (35999.05029 - 0.0001537 * t))
    ecc = 0.016708634 - t * (0.000042037 + 0.0000001267 * t)
    center = (
        math.sin(anomaly) * (1.914602 - t * (0.004817 + 0.000014 * t))
        + math.sin(2 * anomaly) * (0.019993 - 0.000101 * t)
        + math.sin(3 * anomaly) * 0.000289
    )
    omega = math.radians(125.04 - 1934.136 * t)
    apparent_long = math.radians(
        math.degrees(mean_long) + center - 0.00569 - 0.00478 * math.sin(omega)
    )
    seconds = 21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))
    obliquity = math.radians(23.0 + (26.0 + seconds / 60.0) / 60.0 + 0.00256 * math.cos(omega))
    declination = math.asin(math.sin(obliquity) * math.sin(apparent_long))
    y = math.tan(obliquity / 2.0) ** 2
    eq_time = 4.0 * math.degrees(
        y * math.sin(2 * mean_long)
        - 2 * ecc * math.sin(anomaly)
        + 4 * ecc * y * math.sin(anomaly) * math.cos(2 * mean_long)
        - 0.5 * y * y * math.sin(4 * mean_long)
        - 1.25 * ecc * ecc * math.sin(2 * anomaly)
    )
    return declination, eq_time


def _event(day: date, latitude: float, longitude: float, rising: bool) -> datetime | None:
    """Sunrise (rising) or sunset of a UTC day; None when the sun does not cross that day."""
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    minutes = 720.0 - 4.0 * longitude
    lat = math.radians(latitude)
    for _ in range(4):
        declination, eq_time = _sun(_julian_day(midnight + timedelta(minutes=minutes)))
        cos_ha = math.cos(math.radians(ZENITH_DEG)) / (
            math.cos(lat) * math.cos(declination)
        ) - math.tan(lat) * math.tan(declination)
        if not -1.0 <= cos_ha <= 1.0:
            return None
        hour_angle = math.degrees(math.acos(cos_ha))
        noon = 720.0 - 4.0 * longitude - eq_time
        minutes = noon - 4.0 * hour_angle if rising else noon + 4.0 * hour_angle
    return midnight + timedelta(minutes=minutes)


def _sun_up_at_noon(day: date, latitude: float, longitude: float) -> bool:
    """For polar day/night: whether the sun is above the horizon at local solar noon."""
    declination, _ = _sun(_julian_day(datetime(day.year, day.month, day.day, 12, tzinfo=UTC)))
    elevation = 90.0 - abs(latitude - math.degrees(declination))
    return elevation > 90.0 - ZENITH_DEG


def day_intervals(
    moment: datetime, latitude: float, longitude: float
) -> list[tuple[datetime, datetime]]:
    """Daylight intervals [sunrise, sunset) around a moment (UTC days before and after).

    A day without a sunrise or sunset (polar day or night) is one whole-day interval or none.
    """
    base = moment.astimezone(UTC).date()
    intervals: list[tuple[datetime, datetime]] = []
    for offset in (-2, -1, 0, 1, 2):
        day = base + timedelta(days=offset)
        rise = _event(day, latitude, longitude, rising=True)
        sets = _event(day, latitude, longitude, rising=False)
        if rise is not None and sets is not None:
            if sets < rise:
                sets += timedelta(days=1)
            intervals.append((rise, sets))
        elif _sun_up_at_noon(day, latitude, longitude):
            start = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(
                hours=longitude / 15.0
            )
            intervals.append((start, start + timedelta(days=1)))
    intervals.sort()
    merged: list[tuple[datetime, datetime]] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def is_day(moment: datetime, latitude: float, longitude: float) -> bool:
    """Whether the sun is up at a moment (sunrise inclusive, sunset exclusive)."""
    return any(start <= moment < end for start, end in day_intervals(moment, latitude, longitude))


def next_change(moment: datetime, latitude: float, longitude: float) -> datetime | None:
    """The first sunrise or sunset after a moment (None within two days: polar day/night)."""
    edges = sorted(
        edge
        for interval in day_intervals(moment, latitude, longitude)
        for edge in interval
        if edge > moment
    )
    return edges[0] if edges else None
