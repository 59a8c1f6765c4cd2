"""The status document parser, fed real devices' documents (docs/protocol-notes.md §1)."""

from datetime import UTC, datetime
import json
from typing import Any

import pytest

from custom_components.netio.client import NetioProtocolError, Protocol
from custom_components.netio.client.document import parse_document
from custom_components.netio.client.transports.json_api import decode_json

# Protocol notes §1, sample (a): PowerPDU 4C, fw 3.4.2, JSONVer 2.1, as the device formats it.
POWERPDU_4C = b"""{
\t"Agent":\t{
\t\t"Model":\t"PowerPDU 4C",
\t\t"Version":\t"3.4.2",
\t\t"JSONVer":\t"2.1",
\t\t"DeviceName":\t"rack1-up-right",
\t\t"VendorID":\t0,
\t\t"OemID":\t0,
\t\t"SerialNumber":\t"24:A4:2C:39:3F:05",
\t\t"Uptime":\t4521231,
\t\t"Time":\t"2022-10-11T15:11:46+01:00",
\t\t"NumOutputs":\t4
\t},
\t"GlobalMeasure":\t{
\t\t"Voltage":\t222.4,
\t\t"Frequency":\t50.0,
\t\t"TotalCurrent":\t0,
\t\t"OverallPowerFactor":\t0.00,
\t\t"TotalLoad":\t0,
\t\t"TotalEnergy":\t233220,
\t\t"EnergyStart":\t"1970-01-01T01:00:00+01:00"
\t},
\t"Outputs":\t[{
\t\t\t"ID":\t1, "Name":\t"output_1", "State":\t1, "Action":\t6, "Delay":\t5000,
\t\t\t"Current":\t0, "PowerFactor":\t0.00, "Load":\t0, "Energy":\t233203
\t\t}, {
\t\t\t"ID":\t2, "Name":\t"mac_mini", "State":\t1, "Action":\t6, "Delay":\t5000,
\t\t\t"Current":\t0, "PowerFactor":\t0.00, "Load":\t0, "Energy":\t0
\t\t}, {
\t\t\t"ID":\t3, "Name":\t"output_3", "State":\t1, "Action":\t6, "Delay":\t5000,
\t\t\t"Current":\t0, "PowerFactor":\t0.00, "Load":\t0, "Energy":\t8
\t\t}, {
\t\t\t"ID":\t4, "Name":\t"output_4", "State":\t1, "Action":\t6, "Delay":\t5000,
\t\t\t"Current":\t0, "PowerFactor":\t0.00, "Load":\t0, "Energy":\t8
\t\t}]
}"""

# Protocol notes §1, sample (b): PowerPDU 4PS, fw 3.0.1, JSONVer 2.3, not metered.
POWERPDU_4PS: dict[str, Any] = {
    "Agent": {
        "Model": "4PS",
        "DeviceName": "PowerPDU SkyW",
        "MAC": "24:A4:2C:39:9D:27",
        "SerialNumber": "24A42C399D27",
        "JSONVer": "2.3",
        "Time": "1970-01-02T04:24:59+01:00",
        "Uptime": 55499,
        "Version": "3.0.1",
        "OemID": 100,
        "VendorID": 0,
        "NumOutputs": 4,
        "NumInputs": 0,
    },
    "Outputs": [
        {"ID": 1, "Name": "PW Mount", "State": 1, "Action": 6, "Delay": 5000},
        {"ID": 2, "Name": "PW MiniPC", "State": 1, "Action": 6, "Delay": 5000},
        {"ID": 3, "Name": "Power output 3", "State": 0, "Action": 6, "Delay": 5000},
        {"ID": 4, "Name": "Power output 4", "State": 0, "Action": 6, "Delay": 5000},
    ],
}

# Protocol notes §1, sample (c): PowerCable REST 101x, fw 2.1.0, JSONVer 2.0 (string IDs, no serial)
POWERCABLE_101X: dict[str, Any] = {
    "Agent": {
        "Model": "101x",
        "DeviceName": "COBRA 85",
        "MAC": "24:A4:2C:38:D3:85",
        "JSONVer": "2.0",
        "Time": "2019-11-18T23:06:16+01:00",
        "Uptime": 14497,
        "Version": "2.1.0",
        "OemID": "0",
        "VendorID": "0",
        "NumOutputs": 1,
    },
    "GlobalMeasure": {
        "Voltage": 241,
        "TotalLoad": 33,
        "TotalEnergy": 20364,
        "OverallPowerFactor": 0.72,
        "Frequency": 50,
        "EnergyStart": "1970-01-01T13:02:08+01:00",
    },
    "Outputs": [
        {
            "ID": 1,
            "Name": "Power output 1",
            "State": 1,
            "Action": 6,
            "Delay": 2000,
            "Current": 191,
            "PowerFactor": 0.72,
            "Energy": 20364,
            "Load": 33,
        }
    ],
}

# Protocol notes §1, sample (e): fw 5.3.1 (JSONVer 2.6) output and input shapes of a PowerPDU 8QS.
POWERPDU_8QS: dict[str, Any] = {
    "Agent": {
        "Model": "8QS",
        "DeviceName": "PowerPDU-EB",
        "SerialNumber": "24A42C3992EB",
        "Version": "5.3.1",
        "JSONVer": "2.6",
        "NumOutputs": 2,
        "NumInputs": 1,
    },
    "Outputs": [
        {
            "ID": 1,
            "Name": "Dream Machine",
            "State": 1,
            "Action": 6,
            "Delay": 5000,
            "Current": 0,
            "PowerFactor": 1.0,
            "Phase": 0.0,
            "Energy": 43078,
            "EnergyNR": 154263,
            "ReverseEnergy": 646,
            "ReverseEnergyNR": 66452,
            "Load": 0,
        },
        {"ID": 2, "State": 0, "Action": 6, "Delay": 5000, "Name": "Power output 2"},
    ],
    "Inputs": [{"ID": 1, "Name": "Input 1", "State": 1, "S0Counter": 1246811}],
}


def test_powerpdu_4c_sample() -> None:
    state = parse_document(decode_json(POWERPDU_4C), protocol=Protocol.JSON)
    info = state.info
    assert info.model == "PowerPDU 4C"
    assert info.firmware == "3.4.2"
    assert info.api_version == "2.1"
    assert info.name == "rack1-up-right"
    assert info.serial == "24:A4:2C:39:3F:05"
    assert info.mac == "24:A4:2C:39:3F:05"  # NETIO 4x: the serial number is the MAC
    assert info.uptime_s == 4521231
    assert info.device_time == datetime(2022, 10, 11, 14, 11, 46, tzinfo=UTC)
    assert info.num_outputs == 4
    assert info.num_inputs is None
    measure = state.measure
    assert measure is not None
    assert measure.voltage_v == 222.4
    assert measure.frequency_hz == 50.0
    assert measure.total_current_a == 0.0
    assert measure.power_factor == 0.0
    assert measure.total_power_w == 0.0
    assert measure.total_energy_wh == 233220
    assert measure.total_energy_nr_wh is None
    assert measure.phase_deg is None
    assert measure.energy_start == datetime(1970, 1, 1, tzinfo=UTC)
    assert list(state.outputs) == [1, 2, 3, 4]
    second = state.outputs[2]
    assert second.name == "mac_mini"
    assert second.state is True
    assert second.pulse_delay_ms == 5000
    assert second.metered
    assert state.outputs[1].energy_wh == 233203
    assert state.outputs[1].energy_nr_wh is None
    assert state.inputs == {}
    assert state.protocol is Protocol.JSON


def test_powerpdu_4ps_sample_is_not_metered() -> None:
    state = parse_document(POWERPDU_4PS, protocol=Protocol.JSON)
    assert state.measure is None
    assert state.info.serial == "24A42C399D27"
    assert state.info.mac == "24:A4:2C:39:9D:27"
    assert state.info.num_inputs == 0
    assert state.info.device_time is not None
    assert state.info.device_time.year == 1970
    assert [o.state for o in state.outputs.values()] == [True, True, False, False]
    assert not any(o.metered for o in state.outputs.values())
    assert state.outputs[3].current_a is None


def test_powercable_101x_sample() -> None:
    state = parse_document(POWERCABLE_101X, protocol=Protocol.JSON)
    assert state.info.serial is None
    assert state.info.mac == "24:A4:2C:38:D3:85"
    measure = state.measure
    assert measure is not None
    assert measure.voltage_v == 241.0
    assert measure.total_current_a is None
    assert measure.power_factor == 0.72
    output = state.outputs[1]
    assert output.current_a == pytest.approx(0.191)
    assert output.power_w == 33.0
    assert output.pulse_delay_ms == 2000


def test_firmware_5_sample_with_inputs_and_reverse_energy() -> None:
    state = parse_document(POWERPDU_8QS, protocol=Protocol.JSON)
    first = state.outputs[1]
    assert first.energy_nr_wh == 154263
    assert first.reverse_energy_wh == 646
    assert first.reverse_energy_nr_wh == 66452
    assert first.phase_deg == 0.0
    assert not state.outputs[2].metered
    assert state.inputs[1].state is True
    assert state.inputs[1].s0_counter == 1246811
    assert state.inputs[1].temperature_c is None
    assert state.info.num_inputs == 1


def test_old_spellings_are_read() -> None:
    doc = json.loads(json.dumps(POWERPDU_8QS))
    output = doc["Outputs"][0]
    output["Energy_NR"] = output.pop("EnergyNR")
    output["ReverseEnergy_NR"] = output.pop("ReverseEnergyNR")
    doc["Inputs"][0].update({"TempertureC": 21.5, "Humidity": 999})
    doc["GlobalMeasure"] = {"OverallPhase": 12.5, "TotalEnergy_NR": 7}
    state = parse_document(doc, protocol=Protocol.JSON)
    assert state.outputs[1].energy_nr_wh == 154263
    assert state.outputs[1].reverse_energy_nr_wh == 66452
    assert state.inputs[1].temperature_c == 21.5
    assert state.inputs[1].humidity_pct is None
    assert state.measure is not None
    assert state.measure.phase_deg == 12.5
    assert state.measure.total_energy_nr_wh == 7


def test_newer_names_win_over_older_ones() -> None:
    doc = {
        "Agent": {"Model": "4KS"},
        "GlobalMeasure": {
            "TotalPowerFactor": 0.9,
            "OverallPowerFactor": 0.1,
            "TotalPhase": 20,
            "Phase": 5,
        },
        "Outputs": [{"ID": 1}],
    }
    state = parse_document(doc, protocol=Protocol.JSON)
    assert state.measure is not None
    assert state.measure.power_factor == 0.9
    assert state.measure.phase_deg == 20.0


def test_sensor_sentinels_and_fahrenheit_only() -> None:
    doc = {
        "Agent": {},
        "Outputs": [{"ID": 1}],
        "Inputs": [
            {"ID": 1, "TemperatureC": 999, "TemperatureF": 999, "Humidity": 999},
            {"ID": 2, "TemperatureF": 71.6, "Humidity": 45.5},
        ],
    }
    state = parse_document(doc, protocol=Protocol.JSON)
    assert state.inputs[1].temperature_c is None
    assert state.inputs[1].humidity_pct is None
    assert state.inputs[2].temperature_c == 22.0
    assert state.inputs[2].humidity_pct == 45.5
    assert state.info.num_inputs == 2


def test_numbers_as_strings_and_nulls() -> None:
    doc = {
        "Agent": {"Model": "4All", "Uptime": "12", "NumOutputs": None, "SerialNumber": ""},
        "GlobalMeasure": {"Voltage": "230.1", "TotalCurrent": "1500", "EnergyStart": None},
        "Outputs": [
            {"ID": "2", "State": "0", "Delay": None, "Current": "250", "Load": "57"},
            {"ID": "1", "State": None, "Delay": "5000", "Name": 7},
        ],
    }
    state = parse_document(doc, protocol=Protocol.XML)
    assert state.info.uptime_s == 12
    assert state.info.num_outputs == 2  # counted when NumOutputs is unknown
    assert state.info.serial is None
    assert state.measure is not None
    assert state.measure.total_current_a == 1.5
    assert state.measure.energy_start is None
    assert state.outputs[2].state is False
    assert state.outputs[2].pulse_delay_ms is None
    assert state.outputs[2].current_a == 0.25
    assert state.outputs[1].state is None
    assert state.outputs[1].name == "7"
    assert state.protocol is Protocol.XML


def test_null_sections_count_as_absent() -> None:
    doc: dict[str, Any] = {
        "Agent": {},
        "Outputs": [{"ID": 1}],
        "GlobalMeasure": None,
        "Inputs": None,
    }
    state = parse_document(doc, protocol=Protocol.JSON)
    assert state.measure is None
    assert state.inputs == {}


@pytest.mark.parametrize(
    "doc",
    [
        [],
        "NETIO",
        {"Outputs": []},
        {"Agent": [], "Outputs": []},
        {"Agent": {}},
        {"Agent": {}, "Outputs": {"ID": 1}},
        {"Agent": {}, "Outputs": [1]},
        {"Agent": {}, "Outputs": [{"Name": "no id"}]},
        {"Agent": {}, "Outputs": [{"ID": 0}]},
        {"Agent": {}, "Outputs": [{"ID": "x"}]},
        {"Agent": {}, "Outputs": [], "Inputs": {}},
        {"Agent": {}, "Outputs": [], "GlobalMeasure": 5},
    ],
)
def test_documents_that_are_not_netio_are_protocol_errors(doc: object) -> None:
    with pytest.raises(NetioProtocolError, match="not a NETIO status document"):
        parse_document(doc, protocol=Protocol.JSON)


@pytest.mark.parametrize(
    "body", [b"", b"<html>", b'{"Agent":', b"\xff\xfe", b"[" * 100_000, b"NaN NaN"]
)
def test_bodies_that_are_not_json(body: bytes) -> None:
    with pytest.raises(NetioProtocolError, match="not valid JSON"):
        decode_json(body)


@pytest.mark.parametrize("body", [b"", b'{"Agent":', b"[" * 100_000, b"\xff\xfe"])
def test_stdlib_json_fallback_maps_errors_too(body: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    from custom_components.netio.client.transports import json_api  # noqa: PLC0415

    monkeypatch.setattr(json_api, "_loads", json_api._stdlib_loads)
    with pytest.raises(NetioProtocolError):
        decode_json(body)
    assert json_api.decode_json(b'{"a": [1]}') == {"a": [1]}


def test_an_unmetered_output_that_reads_the_same_is_one_object() -> None:
    """Immutable states: two polls reading the same unmetered output share its state."""
    doc = {
        "Agent": {"Model": "4PS"},
        "Outputs": [{"ID": 1, "Name": "a", "State": 1, "Delay": 5000}],
    }
    first = parse_document(doc, protocol=Protocol.JSON).outputs[1]
    again = parse_document(doc, protocol=Protocol.JSON).outputs[1]
    assert again is first
    assert (first.name, first.state, first.pulse_delay_ms, first.metered) == (
        "a",
        True,
        5000,
        False,
    )
    doc["Outputs"] = [{"ID": 1, "Name": "a", "State": 0, "Delay": 5000}]
    assert parse_document(doc, protocol=Protocol.JSON).outputs[1].state is False
