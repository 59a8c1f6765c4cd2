"""Device families: what each NETIO model reports and how it spells it.

A `Profile` holds everything that differs between families and firmware generations, so the
device model and the protocol servers never test model names. Facts come from the protocol
notes (docs/protocol-notes.md §1 and §9); the few guesses are marked there as our choice.
"""

from dataclasses import dataclass, field, replace
from typing import Literal

type Platform = Literal["netio4x", "esp"]
type SerialStyle = Literal["colons", "plain", "none"]
type InputFeature = Literal["s0", "temperature", "humidity"]


@dataclass(frozen=True, slots=True)
class Profile:
    """One device family at one firmware version.

    Key-presence flags are explicit so that a firmware switch (`with_firmware`) can change
    them the way real firmware generations differ.
    """

    key: str
    model: str
    firmware: str
    json_ver: str
    platform: Platform
    num_outputs: int
    metered_outputs: frozenset[int]
    num_inputs: int = 0
    input_features: frozenset[InputFeature] = frozenset()
    xml_ver: str = "2.0"
    serial_style: SerialStyle = "colons"
    mac_in_agent: bool = False
    num_inputs_in_agent: bool = False
    ids_as_strings: bool = False
    """VendorID/OemID sent as strings (PowerCable 101x fw 2.x)."""
    nr_and_reverse: bool = False
    """EnergyNR, ReverseEnergy, ReverseEnergyNR and their totals (JSONVer 2.4+, inferred)."""
    phase: bool = False
    """Per-output Phase and TotalPhase; TotalPowerFactor instead of OverallPowerFactor."""
    total_current: bool = True
    integer_voltage: bool = False
    """Voltage and Frequency as integers (PowerCable 101x fw 2.1.0)."""
    energy_nr_underscore: bool = False
    """Old spelling `Energy_NR` / `ReverseEnergy_NR` (firmware up to 4.x)."""
    temperature_typo: bool = False
    """Old spelling `TempertureC` (firmware up to 5.0.x)."""
    default_delay_ms: int = 5000
    vendor_id: int = 0
    oem_id: int = 0
    discover_product: str = "Netio4"
    discover_pretty_name: str = "NETIO 4"
    discover_platform: str = "NETIO 4x"
    agent_order: tuple[str, ...] = field(default=())

    @property
    def metered(self) -> bool:
        """Whether the device has a GlobalMeasure section at all."""
        return bool(self.metered_outputs)

    def default_output_name(self, output_id: int) -> str:
        """Return the factory name: `output_N` on NETIO 4x, `Power output N` on ESP models."""
        if self.platform == "netio4x":
            return f"output_{output_id}"
        return f"Power output {output_id}"

    def default_input_name(self, input_id: int) -> str:
        """Return the factory name of an input."""
        return f"Input {input_id}"


_NETIO4X_AGENT = (
    "Model",
    "Version",
    "JSONVer",
    "DeviceName",
    "VendorID",
    "OemID",
    "MAC",
    "SerialNumber",
    "Uptime",
    "Time",
    "NumOutputs",
    "NumInputs",
)
_ESP_AGENT = (
    "Model",
    "DeviceName",
    "MAC",
    "SerialNumber",
    "JSONVer",
    "Time",
    "Uptime",
    "Version",
    "OemID",
    "VendorID",
    "NumOutputs",
    "NumInputs",
)

PROFILES: dict[str, Profile] = {
    "netio_4": Profile(
        key="netio_4",
        model="NETIO 4",
        firmware="3.4.2",
        json_ver="2.1",
        platform="netio4x",
        num_outputs=4,
        metered_outputs=frozenset(),
        discover_pretty_name="NETIO 4",
        agent_order=_NETIO4X_AGENT,
    ),
    "netio_4all": Profile(
        key="netio_4all",
        model="NETIO 4All",
        firmware="3.4.2",
        json_ver="2.1",
        platform="netio4x",
        num_outputs=4,
        metered_outputs=frozenset({1, 2, 3, 4}),
        discover_pretty_name="NETIO 4All",
        agent_order=_NETIO4X_AGENT,
    ),
    "powerpdu_4c": Profile(
        key="powerpdu_4c",
        model="PowerPDU 4C",
        firmware="3.4.2",
        json_ver="2.1",
        platform="netio4x",
        num_outputs=4,
        metered_outputs=frozenset({1, 2, 3, 4}),
        discover_pretty_name="PowerPDU 4C",
        agent_order=_NETIO4X_AGENT,
    ),
    "powerpdu_4ps": Profile(
        key="powerpdu_4ps",
        model="4PS",
        firmware="3.0.1",
        json_ver="2.3",
        platform="esp",
        num_outputs=4,
        metered_outputs=frozenset(),
        serial_style="plain",
        mac_in_agent=True,
        num_inputs_in_agent=True,
        discover_product="PowerPDU 4PS",
        discover_pretty_name="PowerPDU 4PS",
        discover_platform="ESP",
        agent_order=_ESP_AGENT,
    ),
    "powerpdu_8qs": Profile(
        key="powerpdu_8qs",
        model="8QS",
        firmware="5.3.1",
        json_ver="2.6",
        platform="esp",
        num_outputs=8,
        metered_outputs=frozenset({1}),
        num_inputs=1,
        input_features=frozenset({"s0"}),
        serial_style="plain",
        mac_in_agent=True,
        num_inputs_in_agent=True,
        nr_and_reverse=True,
        phase=True,
        discover_product="PowerPDU 8QS",
        discover_pretty_name="PowerPDU 8QS",
        discover_platform="ESP",
        agent_order=_ESP_AGENT,
    ),
    "powerdin_4pz": Profile(
        key="powerdin_4pz",
        model="4PZ",
        firmware="5.3.1",
        json_ver="2.6",
        platform="esp",
        num_outputs=4,
        metered_outputs=frozenset({1, 2}),
        num_inputs=2,
        input_features=frozenset({"s0"}),
        serial_style="plain",
        mac_in_agent=True,
        num_inputs_in_agent=True,
        nr_and_reverse=True,
        phase=True,
        discover_product="PowerDIN 4PZ",
        discover_pretty_name="PowerDIN 4PZ",
        discover_platform="ESP",
        agent_order=_ESP_AGENT,
    ),
    "powercable_101x": Profile(
        key="powercable_101x",
        model="101x",
        firmware="2.1.0",
        json_ver="2.0",
        platform="esp",
        num_outputs=1,
        metered_outputs=frozenset({1}),
        serial_style="none",
        mac_in_agent=True,
        ids_as_strings=True,
        total_current=False,
        integer_voltage=True,
        default_delay_ms=2000,
        discover_product="PowerCable",
        discover_pretty_name="PowerCable 101F/E/G/J/S/B",
        discover_platform="ESP",
        agent_order=_ESP_AGENT,
    ),
}


def get_profile(key: str) -> Profile:
    """Look a profile up by name; the error lists the names that exist."""
    try:
        return PROFILES[key]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ValueError(f"unknown profile {key!r}; known: {known}") from None


def _version_tuple(version: str) -> tuple[int, ...]:
    parts: list[int] = []
    for part in version.split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def with_firmware(
    profile: Profile,
    *,
    firmware: str | None = None,
    json_ver: str | None = None,
    energy_nr_underscore: bool | None = None,
    temperature_typo: bool | None = None,
) -> Profile:
    """Return the profile as another firmware/JSON version would present it.

    Key presence follows the JSONVer evidence table: NumInputs from 2.3, NR/reverse energy,
    Phase and TotalPowerFactor from 2.4 (inferred). The old spellings default from the firmware
    (`Energy_NR` up to 4.x, `TempertureC` up to 5.0.x) unless given explicitly.
    """
    fw = firmware if firmware is not None else profile.firmware
    jv = json_ver if json_ver is not None else profile.json_ver
    jv_t = _version_tuple(jv)
    fw_t = _version_tuple(fw)
    changes: dict[str, object] = {"firmware": fw, "json_ver": jv}
    if json_ver is not None:
        changes["num_inputs_in_agent"] = jv_t >= (2, 3)
        newer = jv_t >= (2, 4)
        changes["nr_and_reverse"] = newer
        changes["phase"] = newer
        if profile.platform == "esp" and jv_t >= (2, 3) and profile.serial_style == "none":
            changes["serial_style"] = "plain"
    if energy_nr_underscore is None:
        energy_nr_underscore = (
            profile.energy_nr_underscore if firmware is None else fw_t[:1] <= (4,)
        )
    if temperature_typo is None:
        temperature_typo = profile.temperature_typo if firmware is None else fw_t[:2] <= (5, 0)
    changes["energy_nr_underscore"] = energy_nr_underscore
    changes["temperature_typo"] = temperature_typo
    return replace(profile, **changes)  # type: ignore[arg-type]
