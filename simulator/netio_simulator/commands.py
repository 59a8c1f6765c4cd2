"""Write requests of the HTTP APIs, validated completely before anything is applied.

A request that names a bad output or action changes nothing (400), as a device that parses the
whole control command first would behave.
"""

from collections.abc import Mapping
from dataclasses import dataclass
import re
from typing import Final
from xml.etree.ElementTree import Element

from .device import OutputAction, SimulatedDevice

MAX_DELAY_MS: Final = 86_400_000
_URL_OUTPUT = re.compile(r"^output(\d+)$")
_URL_DELAY = re.compile(r"^delay(\d+)$")


class BadRequestError(ValueError):
    """The control command is malformed (HTTP 400)."""


@dataclass(frozen=True, slots=True)
class OutputCommand:
    """One output's part of a write: action, optional per-request delay, State for action 6."""

    output_id: int
    action: int
    delay_ms: int | None = None
    state: bool | None = None

    def describe(self) -> str:
        """Short text for the request log."""
        text = f"{self.output_id}:{self.action}"
        if self.delay_ms is not None:
            text += f"/{self.delay_ms}ms"
        if self.state is not None:
            text += f"={int(self.state)}"
        return text


def _int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRequestError(f"{what} must be an integer")
    return value


def _delay(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadRequestError("Delay must be a number of milliseconds")
    if not 0 <= value <= MAX_DELAY_MS:
        raise BadRequestError("Delay out of range")
    return round(value)


def _check_output(device: SimulatedDevice, output_id: int) -> None:
    if not 1 <= output_id <= len(device.outputs):
        raise BadRequestError(f"unknown output {output_id}")


def parse_json_commands(body: object, device: SimulatedDevice) -> list[OutputCommand]:
    """Validate a decoded `netio.json` POST body; other top-level keys are ignored."""
    if not isinstance(body, dict):
        raise BadRequestError("body must be a JSON object")
    outputs = body.get("Outputs", [])
    if not isinstance(outputs, list):
        raise BadRequestError("Outputs must be a list")
    commands: list[OutputCommand] = []
    for entry in outputs:
        if not isinstance(entry, dict):
            raise BadRequestError("each output must be an object")
        commands.append(_command(device, entry))
    return commands


def _command(device: SimulatedDevice, entry: Mapping[str, object]) -> OutputCommand:
    if "ID" not in entry:
        raise BadRequestError("output without ID")
    output_id = _int(entry["ID"], "ID")
    _check_output(device, output_id)
    if "Action" in entry and entry["Action"] is not None:
        action = _int(entry["Action"], "Action")
        if not 0 <= action <= OutputAction.IGNORE:
            raise BadRequestError(f"unknown action {action}")
    elif entry.get("State") is not None:
        action = OutputAction.IGNORE
    else:
        raise BadRequestError("output without Action")
    delay = entry.get("Delay")
    delay_ms = None if delay is None else _delay(delay)
    state: bool | None = None
    raw_state = entry.get("State")
    if raw_state is not None:
        if isinstance(raw_state, bool):
            state = raw_state
        elif raw_state in {0, 1} and isinstance(raw_state, int):
            state = bool(raw_state)
        else:
            raise BadRequestError("State must be 0 or 1")
    return OutputCommand(output_id, action, delay_ms, state)


def _xml_number(text: str | None, what: str) -> int | float | None:
    if text is None or not text.strip():
        return None
    try:
        return int(text.strip())
    except ValueError:
        try:
            return float(text.strip())
        except ValueError:
            raise BadRequestError(f"{what} must be a number") from None


def parse_xml_commands(root: Element, device: SimulatedDevice) -> list[OutputCommand]:
    """Validate a parsed `netio.xml` POST document (namespace prefixes are ignored)."""
    commands: list[OutputCommand] = []
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] != "Output":
            continue
        fields: dict[str, object] = {}
        for child in element:
            name = child.tag.rsplit("}", 1)[-1]
            if name in {"ID", "Action", "Delay", "State"}:
                value = _xml_number(child.text, name)
                if name != "Delay" and isinstance(value, float):
                    raise BadRequestError(f"{name} must be an integer")
                fields[name] = value
        if fields.get("Action") is None and fields.get("State") is None:
            raise BadRequestError("output without Action")
        commands.append(_command(device, fields))
    return commands


def parse_url_commands(query: Mapping[str, str], device: SimulatedDevice) -> list[OutputCommand]:
    """Validate `netio.cgi` parameters: outputN=<0..5>, optional delayN=<ms>."""
    actions: dict[int, int] = {}
    delays: dict[int, int] = {}
    for key, value in query.items():
        if match := _URL_OUTPUT.match(key):
            output_id = int(match.group(1))
            _check_output(device, output_id)
            if not value.isdigit() or int(value) > OutputAction.NO_CHANGE:
                raise BadRequestError(f"bad action {value!r}")
            actions[output_id] = int(value)
        elif match := _URL_DELAY.match(key):
            if not value.isdigit() or int(value) > MAX_DELAY_MS:
                raise BadRequestError(f"bad delay {value!r}")
            delays[int(match.group(1))] = int(value)
    if not actions:
        raise BadRequestError("no output given")
    return [
        OutputCommand(output_id, action, delays.get(output_id))
        for output_id, action in sorted(actions.items())
    ]


def apply_commands(device: SimulatedDevice, commands: list[OutputCommand]) -> None:
    """Carry out validated commands in order (action 6 with State sets the state)."""
    for command in commands:
        if command.action == OutputAction.IGNORE:
            if command.state is not None:
                device.set_state(command.output_id, command.state)
        else:
            device.apply_action(command.output_id, command.action, command.delay_ms)
