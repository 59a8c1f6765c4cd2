"""The NETIO status document (the shape of `netio.json`) turned into a `DeviceState`.

The JSON API returns this document; the XML API returns the same tree, which `xml_api` converts
to the same dict shape so both share this one parser. It walks the document once and keeps
unknown values as `None`: missing keys, nulls, odd types and 999 sentinels never raise. Only a
document that is not NETIO-shaped at all (no `Agent`, no `Outputs`, an output without an ID)
raises `NetioProtocolError`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

from .errors import NetioProtocolError
from .models import (
    DeviceState,
    GlobalMeasure,
    InputState,
    OutputState,
    Protocol,
    SystemInfo,
)
from .parsing import (
    SENSOR_ABSENT,
    normalize_mac,
    to_bool,
    to_datetime,
    to_float,
    to_int,
    to_sensor_float,
    to_str,
)

_STATES = {0: False, 1: True}
_NOT_NETIO = (
    "The device's reply is not a NETIO status document ({what}). Check that the host and port "
    "point to a NETIO device"
)


def parse_document(
    doc: object, *, protocol: Protocol, fetched_at: datetime | None = None
) -> DeviceState:
    """Build a `DeviceState` from a decoded NETIO status document."""
    if not isinstance(doc, dict):
        raise NetioProtocolError(_NOT_NETIO.format(what="not an object"))
    agent = doc.get("Agent")
    if not isinstance(agent, dict):
        raise NetioProtocolError(_NOT_NETIO.format(what="no Agent section"))
    outputs = _parse_list(doc.get("Outputs"), "Outputs", _parse_output, required=True)
    inputs = _parse_list(doc.get("Inputs"), "Inputs", _parse_input, required=False)
    measure_raw = doc.get("GlobalMeasure")
    if measure_raw is None:
        measure = None
    elif isinstance(measure_raw, dict):
        measure = _parse_measure(measure_raw)
    else:
        raise NetioProtocolError(_NOT_NETIO.format(what="GlobalMeasure is not an object"))
    return DeviceState(
        info=_parse_agent(agent, len(outputs), inputs if "Inputs" in doc else None),
        outputs=outputs,
        inputs=inputs,
        measure=measure,
        protocol=protocol,
        fetched_at=fetched_at,
    )


def _parse_list[T](
    raw: object,
    section: str,
    parse_item: Callable[[int, dict[str, Any]], T],
    *,
    required: bool,
) -> dict[int, T]:
    """Parse a list section (`Outputs`, `Inputs`) into items keyed by their 1-based ID."""
    if raw is None and not required:
        return {}
    if not isinstance(raw, list):
        raise NetioProtocolError(_NOT_NETIO.format(what=f"{section} is not a list"))
    items: dict[int, T] = {}
    for entry in raw:
        if not isinstance(entry, dict):
            raise NetioProtocolError(
                _NOT_NETIO.format(what=f"an entry of {section} is not an object")
            )
        item_id = to_int(entry.get("ID"))
        if item_id is None or item_id < 1:
            raise NetioProtocolError(
                _NOT_NETIO.format(what=f"an entry of {section} has no valid ID")
            )
        items[item_id] = parse_item(item_id, entry)
    return items


def _either(raw: dict[str, Any], key: str, old_key: str) -> Any:
    """Return `key`, or the spelling older firmware used when the new one is absent."""
    value = raw.get(key)
    return raw.get(old_key) if value is None else value


def _milli(value: object) -> float | None:
    """Convert milliamps (as NETIO reports current) to amps."""
    number = to_float(value)
    return None if number is None else number / 1000


def _parse_agent(
    agent: dict[str, Any], num_outputs: int, inputs: dict[int, InputState] | None
) -> SystemInfo:
    serial = to_str(agent.get("SerialNumber")) or None
    num_inputs = to_int(agent.get("NumInputs"))
    if num_inputs is None and inputs is not None:
        num_inputs = len(inputs)
    return SystemInfo(
        model=to_str(agent.get("Model")),
        name=to_str(agent.get("DeviceName")),
        serial=serial,
        # NETIO 4x report no MAC, but their serial number is the MAC with colons.
        mac=normalize_mac(agent.get("MAC")) or normalize_mac(serial),
        firmware=to_str(agent.get("Version")),
        api_version=to_str(_either(agent, "JSONVer", "XmlVer")),
        uptime_s=to_int(agent.get("Uptime")),
        device_time=to_datetime(agent.get("Time")),
        num_outputs=to_int(agent.get("NumOutputs")) or num_outputs,
        num_inputs=num_inputs,
    )


@lru_cache(maxsize=512, typed=True)
def plain_output(
    output_id: int, name: str | None, state: bool | None, pulse_delay_ms: int | None
) -> OutputState:
    """An output without metering, made once while it reads the same from poll to poll.

    Most outputs of most models are not metered, and a poll finds them as they were; the
    states are immutable, so one object serves every poll that reads these values.
    """
    return OutputState(id=output_id, name=name, state=state, pulse_delay_ms=pulse_delay_ms)


def _parse_output(output_id: int, raw: dict[str, Any]) -> OutputState:
    get = raw.get
    # Inline fast paths for the types a device normally sends (str, 0/1, int).
    name = get("Name")
    if type(name) is not str:
        name = to_str(name)
    state = get("State")
    state = _STATES.get(state) if type(state) is int else to_bool(state)
    delay = get("Delay")
    if type(delay) is not int:
        delay = to_int(delay)
    if "Load" not in raw and "Current" not in raw and "Energy" not in raw:
        # Not metered (most outputs of most models): skip the dozen lookups below.
        return plain_output(output_id, name, state, delay)
    return OutputState(
        id=output_id,
        name=name,
        state=state,
        pulse_delay_ms=delay,
        current_a=_milli(get("Current")),
        power_w=to_float(get("Load")),
        power_factor=to_float(get("PowerFactor")),
        phase_deg=to_float(get("Phase")),
        energy_wh=to_float(get("Energy")),
        energy_nr_wh=to_float(_either(raw, "EnergyNR", "Energy_NR")),
        reverse_energy_wh=to_float(get("ReverseEnergy")),
        reverse_energy_nr_wh=to_float(_either(raw, "ReverseEnergyNR", "ReverseEnergy_NR")),
    )


def _parse_input(input_id: int, raw: dict[str, Any]) -> InputState:
    temperature = to_sensor_float(_either(raw, "TemperatureC", "TempertureC"))
    if temperature is None:
        fahrenheit = to_float(raw.get("TemperatureF"))
        if fahrenheit is not None and fahrenheit != SENSOR_ABSENT:
            temperature = round((fahrenheit - 32) * 5 / 9, 2)
    return InputState(
        id=input_id,
        name=to_str(raw.get("Name")),
        state=to_bool(raw.get("State")),
        s0_counter=to_int(raw.get("S0Counter")),
        temperature_c=temperature,
        humidity_pct=to_sensor_float(raw.get("Humidity")),
    )


def _parse_measure(raw: dict[str, Any]) -> GlobalMeasure:
    power_factor = _either(raw, "TotalPowerFactor", "OverallPowerFactor")
    phase = _either(raw, "TotalPhase", "OverallPhase")
    return GlobalMeasure(
        voltage_v=to_float(raw.get("Voltage")),
        frequency_hz=to_float(raw.get("Frequency")),
        total_current_a=_milli(raw.get("TotalCurrent")),
        total_power_w=to_float(raw.get("TotalLoad")),
        total_energy_wh=to_float(raw.get("TotalEnergy")),
        total_energy_nr_wh=to_float(_either(raw, "TotalEnergyNR", "TotalEnergy_NR")),
        total_reverse_energy_wh=to_float(raw.get("TotalReverseEnergy")),
        total_reverse_energy_nr_wh=to_float(
            _either(raw, "TotalReverseEnergyNR", "TotalReverseEnergy_NR")
        ),
        power_factor=to_float(power_factor),
        phase_deg=to_float(raw.get("Phase") if phase is None else phase),
        energy_start=to_datetime(raw.get("EnergyStart")),
    )
