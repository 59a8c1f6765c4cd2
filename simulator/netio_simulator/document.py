"""The status document (`netio.json` / `netio.xml`) as each family writes it.

Key order and key presence follow the device samples of docs/protocol-notes.md §1: keys a model
or JSON version does not have are left out, never sent as null.
"""

from typing import Any, Final
from xml.sax.saxutils import escape

from .device import OutputMetering, SimulatedDevice

NOT_CONNECTED: Final = 999
XML_NAMESPACE: Final = "http://www.netio-products.com/XMLSchema/NETIO.xsd"

type Doc = dict[str, Any]


def _agent(device: SimulatedDevice, version_key: str) -> Doc:
    profile = device.profile
    ids: int | str = str(profile.vendor_id) if profile.ids_as_strings else profile.vendor_id
    oem: int | str = str(profile.oem_id) if profile.ids_as_strings else profile.oem_id
    values: Doc = {
        "Model": profile.model,
        "Version": profile.firmware,
        "JSONVer": profile.json_ver,
        "DeviceName": device.name,
        "VendorID": ids,
        "OemID": oem,
        "Uptime": device.uptime_s,
        "Time": device.device_time.isoformat(),
        "NumOutputs": len(device.outputs),
    }
    if profile.mac_in_agent:
        values["MAC"] = device.mac
    serial = device.serial
    if serial is not None:
        values["SerialNumber"] = serial
    if profile.num_inputs_in_agent:
        values["NumInputs"] = len(device.inputs)
    agent = {key: values[key] for key in profile.agent_order if key in values}
    if version_key != "JSONVer":
        agent = {(version_key if k == "JSONVer" else k): v for k, v in agent.items()}
        agent[version_key] = profile.xml_ver
    return agent


def _global_measure(device: SimulatedDevice, snapshot: dict[int, OutputMetering]) -> Doc | None:
    measure = device.global_measure(snapshot)
    if measure is None:
        return None
    profile = device.profile
    start = measure.energy_start.isoformat()
    if profile.integer_voltage:  # PowerCable 101x fw 2.x: its own order, integers, no current
        return {
            "Voltage": round(measure.voltage_v),
            "TotalLoad": measure.total_load_w,
            "TotalEnergy": measure.total_energy_wh,
            "OverallPowerFactor": measure.power_factor,
            "Frequency": round(measure.frequency_hz),
            "EnergyStart": start,
        }
    doc: Doc = {"Voltage": measure.voltage_v, "Frequency": measure.frequency_hz}
    if profile.total_current:
        doc["TotalCurrent"] = measure.total_current_ma
    if profile.phase:
        doc["TotalPowerFactor"] = measure.power_factor
        doc["TotalPhase"] = measure.phase_deg
    else:
        doc["OverallPowerFactor"] = measure.power_factor
    doc["TotalLoad"] = measure.total_load_w
    doc["TotalEnergy"] = measure.total_energy_wh
    if profile.nr_and_reverse:
        doc["TotalEnergyNR"] = measure.total_energy_nr_wh
        doc["TotalReverseEnergy"] = measure.total_reverse_energy_wh
        doc["TotalReverseEnergyNR"] = measure.total_reverse_energy_nr_wh
    doc["EnergyStart"] = start
    return doc


def _outputs(device: SimulatedDevice, snapshot: dict[int, OutputMetering]) -> list[Doc]:
    profile = device.profile
    nr_key = "Energy_NR" if profile.energy_nr_underscore else "EnergyNR"
    rev_nr_key = "ReverseEnergy_NR" if profile.energy_nr_underscore else "ReverseEnergyNR"
    result: list[Doc] = []
    for out in device.outputs:
        item: Doc = {
            "ID": out.id,
            "Name": out.name,
            "State": int(out.state),
            "Action": 6,
            "Delay": out.delay_ms,
        }
        metering = snapshot.get(out.id)
        if metering is not None:
            item["Current"] = metering.current_ma
            item["PowerFactor"] = metering.power_factor
            if profile.integer_voltage:
                item["Energy"] = metering.energy_wh
                item["Load"] = metering.load_w
            else:
                if profile.phase:
                    item["Phase"] = metering.phase_deg
                item["Load"] = metering.load_w
                item["Energy"] = metering.energy_wh
                if profile.nr_and_reverse:
                    item[nr_key] = metering.energy_nr_wh
                    item["ReverseEnergy"] = metering.reverse_energy_wh
                    item[rev_nr_key] = metering.reverse_energy_nr_wh
        result.append(item)
    return result


def _inputs(device: SimulatedDevice) -> list[Doc]:
    temp_key = "TempertureC" if device.profile.temperature_typo else "TemperatureC"
    result: list[Doc] = []
    for inp in device.inputs:
        item: Doc = {"ID": inp.id, "Name": inp.name, "State": int(inp.state)}
        if "s0" in inp.features:
            item["S0Counter"] = inp.s0_counter
        if "temperature" in inp.features:
            celsius = inp.temperature_c
            item[temp_key] = NOT_CONNECTED if celsius is None else round(celsius, 1)
            item["TemperatureF"] = (
                NOT_CONNECTED if celsius is None else round(celsius * 9 / 5 + 32, 1)
            )
        if "humidity" in inp.features:
            item["Humidity"] = NOT_CONNECTED if inp.humidity is None else round(inp.humidity, 1)
        result.append(item)
    return result


def status_document(device: SimulatedDevice, *, version_key: str = "JSONVer") -> Doc:
    """Build the read document from the device's current state (Action is always 6)."""
    doc: Doc = {"Agent": _agent(device, version_key)}
    snapshot = device.metering_snapshot()
    measure = _global_measure(device, snapshot)
    if measure is not None:
        doc["GlobalMeasure"] = measure
    doc["Outputs"] = _outputs(device, snapshot)
    if device.inputs:
        doc["Inputs"] = _inputs(device)
    return doc


def with_wrong_types(value: Any) -> Any:
    """Turn every number into a string and every output Delay into null (a broken firmware)."""
    if isinstance(value, dict):
        return {k: None if k == "Delay" else with_wrong_types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [with_wrong_types(v) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(value)
    return value


def _xml_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return escape(value)
    return escape(str(value))


def _xml_element(name: str, value: object, parts: list[str]) -> None:
    if isinstance(value, dict):
        parts.append(f"<{name}>")
        for key, item in value.items():
            _xml_element(str(key), item, parts)
        parts.append(f"</{name}>")
    elif isinstance(value, list):
        child = name.removesuffix("s")
        parts.append(f"<{name}>")
        for item in value:
            _xml_element(child, item, parts)
        parts.append(f"</{name}>")
    elif value is None or value == "":
        parts.append(f"<{name} />")
    else:
        parts.append(f"<{name}>{_xml_value(value)}</{name}>")


def xml_document(doc: Doc) -> str:
    """Serialize a status document as NETIO XML (`set:Root` in the NETIO namespace)."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        f'<set:Root xmlns:set="{XML_NAMESPACE}">',
    ]
    for key, value in doc.items():
        _xml_element(key, value, parts)
    parts.append("</set:Root>\n")
    return "".join(parts)
