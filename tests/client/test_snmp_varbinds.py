"""SNMP varbind decoding, from literal values in the MIB's units (docs/protocol-notes.md §5)."""

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings, strategies as st
from pysnmp.proto import rfc1902, rfc1905
import pytest

from custom_components.netio.client.errors import NetioError, NetioProtocolError
from custom_components.netio.client.models import OutputAction, OutputCommand, Protocol
from custom_components.netio.client.transports.snmp import (
    OUTPUT_ENTRY,
    Column,
    Group,
    Key,
    Scalar,
    SnmpValue,
    SystemObject,
    check_command,
    decode_date_and_time,
    decode_state,
    output_id_from_walk,
    plain_value,
)

ID_COLUMN = (*OUTPUT_ENTRY, Column.ID)


def _row(output_id: int, **columns: SnmpValue) -> dict[Key, SnmpValue]:
    return {(Group.OUTPUT, Column[name.upper()], output_id): v for name, v in columns.items()}


def test_decode_a_metered_device() -> None:
    values: dict[Key, SnmpValue] = {
        **_row(1, name=b"NAS", state=1, load=48, energy=12345, current=215, power_factor=970),
        **_row(2, name=b"Router \xc5\xa1", state=0, load=0, energy=7, current=0, power_factor=0),
        (Group.GLOBAL, Scalar.VOLTAGE, 0): 230_512,
        (Group.GLOBAL, Scalar.FREQUENCY, 0): 49_987,
        (Group.GLOBAL, Scalar.TOTAL_CURRENT, 0): 215,
        (Group.GLOBAL, Scalar.POWER_FACTOR, 0): 970,
        (Group.GLOBAL, Scalar.TOTAL_LOAD, 0): 48,
        (Group.GLOBAL, Scalar.TOTAL_ENERGY, 0): 12352,
        (Group.GLOBAL, Scalar.ENERGY_START, 0): bytes([7, 233, 3, 14, 9, 26, 53, 5, 43, 1, 30]),
        (Group.SYSTEM, SystemObject.NAME, 0): b"Rack 2",
        (Group.SYSTEM, SystemObject.UPTIME, 0): 123_456,
    }
    state = decode_state([2, 1], values, fetched_at=datetime(2025, 3, 14, tzinfo=UTC))
    assert state.protocol is Protocol.SNMP
    assert state.info.name == "Rack 2"
    assert state.info.uptime_s == 1234
    assert state.info.num_outputs == 2
    assert state.info.num_inputs is None
    nas, router = state.outputs[1], state.outputs[2]
    assert (nas.name, nas.state) == ("NAS", True)
    assert (router.name, router.state) == ("Router š", False)
    assert nas.power_w == 48
    assert nas.energy_wh == 12345
    assert nas.current_a == 0.215
    assert nas.power_factor == 0.97
    assert router.metered
    measure = state.measure
    assert measure is not None
    assert measure.voltage_v == 230.512
    assert measure.frequency_hz == 49.987
    assert measure.total_current_a == 0.215
    assert measure.total_power_w == 48
    assert measure.total_energy_wh == 12352
    assert measure.power_factor == 0.97
    assert measure.energy_start == datetime(
        2025, 3, 14, 9, 26, 53, 500_000, tzinfo=timezone(timedelta(hours=1, minutes=30))
    )


def test_objects_the_agent_lacks_are_unknown() -> None:
    state = decode_state([1], {**_row(1, state=1), (Group.GLOBAL, Scalar.VOLTAGE, 0): None})
    assert state.outputs[1].name is None
    assert not state.outputs[1].metered
    assert state.measure is None
    assert state.info.name is None
    assert state.info.uptime_s is None


def test_wrongly_typed_values_are_unknown() -> None:
    values = {**_row(1, state=0, name=5, load=b"48"), (Group.SYSTEM, SystemObject.NAME, 0): b""}
    state = decode_state([1], values)
    assert state.outputs[1].name is None
    assert state.outputs[1].power_w is None
    assert state.info.name is None


@pytest.mark.parametrize("value", [2, -1, b"1"])
def test_a_state_not_0_or_1_is_a_protocol_error(value: SnmpValue) -> None:
    with pytest.raises(NetioProtocolError):
        decode_state([1], _row(1, state=value))


@pytest.mark.parametrize(
    ("octets", "expected"),
    [
        (bytes([7, 233, 1, 2, 3, 4, 5, 0]), datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)),
        (
            bytes([7, 232, 12, 31, 23, 59, 60, 9, ord("-"), 5, 0]),
            datetime(2024, 12, 31, 23, 59, 59, 900_000, tzinfo=timezone(timedelta(hours=-5))),
        ),
    ],
)
def test_date_and_time(octets: bytes, expected: datetime) -> None:
    assert decode_date_and_time(octets) == expected


@pytest.mark.parametrize(
    "octets",
    [
        None,
        5,
        b"",
        bytes(8),  # an unset clock
        bytes([7, 233, 13, 1, 0, 0, 0, 0]),
        bytes([7, 233, 1, 1, 0, 0, 0, 10]),
        bytes([7, 233, 1, 1, 0, 0, 0, 0, ord("*"), 0, 0]),
        bytes([7, 233, 1, 1, 0, 0, 0, 0, ord("+"), 14, 0]),
    ],
)
def test_invalid_date_and_time_is_unknown(octets: SnmpValue) -> None:
    assert decode_date_and_time(octets) is None


def test_plain_values() -> None:
    assert plain_value(rfc1902.Integer32(-3)) == -3
    assert plain_value(rfc1902.Gauge32(7)) == 7
    assert plain_value(rfc1902.TimeTicks(100)) == 100
    assert plain_value(rfc1902.Counter64(2**40)) == 2**40
    assert plain_value(rfc1902.OctetString(b"on")) == b"on"
    assert plain_value(rfc1905.noSuchInstance) is None
    assert plain_value(rfc1905.noSuchObject) is None
    assert plain_value(rfc1905.endOfMibView) is None
    assert plain_value(rfc1902.ObjectIdentifier((1, 3, 6))) is None
    assert plain_value("text") is None


def test_walked_output_ids() -> None:
    assert output_id_from_walk(ID_COLUMN, (*ID_COLUMN, 3)) == (3, (3,))
    assert output_id_from_walk(ID_COLUMN, (*ID_COLUMN, 3, 0)) == (3, (3, 0))
    assert output_id_from_walk(ID_COLUMN, (*OUTPUT_ENTRY, Column.NAME, 1)) is None
    for oid in ((*ID_COLUMN, 3, 1), (*ID_COLUMN,), (*ID_COLUMN, 0), (*ID_COLUMN, 1, 0, 0)):
        with pytest.raises(NetioProtocolError):
            output_id_from_walk(ID_COLUMN, oid)


def test_commands_snmp_carries() -> None:
    for action in list(OutputAction)[:6]:
        check_command(OutputCommand(8, action))


_KEYS = st.tuples(st.sampled_from(list(Group)), st.integers(0, 30), st.integers(0, 9))
_VALUES = st.none() | st.integers(-(2**40), 2**40) | st.binary(max_size=16)


@settings(max_examples=200, deadline=None)
@given(
    output_ids=st.lists(st.integers(1, 9), max_size=8),
    values=st.dictionaries(_KEYS, _VALUES, max_size=80),
)
def test_fuzz_decode_state_raises_only_netio_errors(
    output_ids: list[int], values: dict[tuple[Group, int, int], SnmpValue]
) -> None:
    try:
        state = decode_state(output_ids, values)
    except NetioError:
        return
    assert sorted(state.outputs) == sorted(set(output_ids))


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=8, max_size=11) | st.binary(max_size=20))
def test_fuzz_date_and_time_never_raises(octets: bytes) -> None:
    moment = decode_date_and_time(octets)
    assert moment is None or moment.tzinfo is not None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**32), max_size=16))
def test_fuzz_walk_rows_raise_only_netio_errors(oid: list[int]) -> None:
    try:
        entry = output_id_from_walk(ID_COLUMN, tuple(oid))
    except NetioError:
        return
    assert entry is None or 1 <= entry[0] <= 64
