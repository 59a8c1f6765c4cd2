"""Value coercion: numbers as strings, nulls, 999 sentinels, ISO times and MAC spellings."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from custom_components.netio.client import normalize_mac
from custom_components.netio.client.parsing import (
    format_mac,
    to_bool,
    to_datetime,
    to_float,
    to_int,
    to_sensor_float,
    to_str,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (222.4, 222.4),
        (5000, 5000.0),
        ("0.72", 0.72),
        ("241", 241.0),
        (None, None),
        ("", None),
        ("abc", None),
        (True, None),
        ([1], None),
        (float("nan"), None),
        (float("inf"), None),
        ("1e999", None),
        (10**400, None),
    ],
)
def test_to_float(raw: object, expected: float | None) -> None:
    assert to_float(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (5000, 5000),
        ("5000", 5000),
        ("5000.0", 5000),
        (2.0, 2),
        (2.5, None),
        ("2.5", None),
        (None, None),
        (False, None),
        ("9" * 5000, None),
        ({}, None),
    ],
)
def test_to_int(raw: object, expected: int | None) -> None:
    assert to_int(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1, True),
        (0, False),
        ("1", True),
        ("0", False),
        (" ON ", True),
        ("off", False),
        (True, True),
        (False, False),
        (1.0, True),
        (2, None),
        ("maybe", None),
        (None, None),
    ],
)
def test_to_bool(raw: object, expected: bool | None) -> None:
    assert to_bool(raw) is expected


def test_sensor_sentinel_999_is_unknown() -> None:
    assert to_sensor_float(999) is None
    assert to_sensor_float("999") is None
    assert to_sensor_float(999.0) is None
    assert to_sensor_float(21.5) == 21.5
    assert to_sensor_float(-999) == -999.0


def test_to_str() -> None:
    assert to_str("Power output 1") == "Power output 1"
    assert to_str(0) == "0"
    assert to_str(None) is None
    assert to_str(True) is None  # noqa: FBT003
    assert to_str(["x"]) is None


def test_to_datetime_keeps_the_offset() -> None:
    parsed = to_datetime("2022-10-11T15:11:46+01:00")
    assert parsed == datetime(2022, 10, 11, 14, 11, 46, tzinfo=UTC)
    assert parsed is not None
    assert parsed.utcoffset() == timedelta(hours=1)
    assert to_datetime("1970-01-01T01:00:00+01:00") == datetime(
        1970, 1, 1, 1, 0, tzinfo=timezone(timedelta(hours=1))
    )
    assert to_datetime("yesterday") is None
    assert to_datetime(1234) is None


@pytest.mark.parametrize(
    "raw",
    ["24:A4:2C:39:9D:27", "24A42C399D27", "24a42c399d27", "24-A4-2C-39-9D-27", "24a4.2c39.9d27"],
)
def test_normalize_mac_spellings(raw: str) -> None:
    assert normalize_mac(raw) == "24:A4:2C:39:9D:27"


@pytest.mark.parametrize("raw", ["", "24A42C399D2", "24A42C399D27FF", "ZZA42C399D27", None, 42])
def test_normalize_mac_rejects_non_macs(raw: object) -> None:
    assert normalize_mac(raw) is None


def test_format_mac() -> None:
    assert format_mac(bytes.fromhex("24a42c399d27")) == "24:A4:2C:39:9D:27"
