"""Actions: pulses with a duration, toggling, several outputs in one request, all outputs."""

from __future__ import annotations

from datetime import timedelta
import itertools
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID, STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
import probatio as vol
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
import yaml

import custom_components.netio
from custom_components.netio.const import (
    CONF_CRITICAL_OUTPUTS,
    CONF_READ_ONLY,
    DOMAIN,
    MANUFACTURER,
)
from netio_simulator.credentials import ApiAccounts, Credentials
from netio_simulator.runner import RunningDevice
from netio_simulator.testing import simulated_device

from .conftest import (
    PASSWORD,
    USERNAME,
    ManualClock,
    device_unique_id,
    entry_data,
    modbus_entry,
    output_states,
    state_of,
    writes,
)

NAS = "switch.nas"
ROUTER = "switch.router"
OUTPUT_3 = "switch.output_3"
INTEGRATION_DIR = Path(custom_components.netio.__file__).parent


@pytest.fixture
def device(steady_device: RunningDevice) -> RunningDevice:
    """The steady simulated device (its pulses end when `sim_clock` says so)."""
    return steady_device


async def call(hass: HomeAssistant, service: str, data: dict[str, Any]) -> None:
    """Call one of our actions and wait for the device's answer."""
    await hass.services.async_call(DOMAIN, service, data, blocking=True)


def device_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """The device registry ID of the entry's device."""
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, str(entry.unique_id)), entry.entry_id
    )
    assert device is not None
    return device.id


async def let_time_pass(
    hass: HomeAssistant, sim_clock: ManualClock, freezer: FrozenDateTimeFactory, seconds: float
) -> None:
    """Move the device and Home Assistant on by `seconds`, running what falls due."""
    sim_clock.advance(seconds)
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


# Pulses and toggle ------------------------------------------------------------------------


@pytest.mark.usefixtures("init_integration")
async def test_short_off_with_duration(
    hass: HomeAssistant,
    device: RunningDevice,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A power cycle of 250 ms is sent as 300 ms, as the device counts in 100 ms steps."""
    await call(hass, "short_off", {ATTR_ENTITY_ID: NAS, "duration": {"milliseconds": 250}})
    assert writes(device) == ["POST /netio.json -> 200 1:2/300ms"]
    assert output_states(device)[0] is False
    assert state_of(hass, NAS).state == STATE_OFF

    await let_time_pass(hass, sim_clock, freezer, 0.7)
    assert output_states(device)[0] is True
    assert state_of(hass, NAS).state == STATE_ON


@pytest.mark.usefixtures("init_integration")
async def test_short_off_default_duration(
    hass: HomeAssistant,
    device: RunningDevice,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Without a duration the output's own pulse length (5 s) applies."""
    await call(hass, "short_off", {ATTR_ENTITY_ID: [NAS, ROUTER]})
    assert sorted(writes(device)) == ["POST /netio.json -> 200 1:2", "POST /netio.json -> 200 2:2"]
    await let_time_pass(hass, sim_clock, freezer, 2)
    assert output_states(device)[:2] == [False, False]
    await let_time_pass(hass, sim_clock, freezer, 3.5)
    assert output_states(device)[:2] == [True, True]
    assert state_of(hass, NAS).state == STATE_ON


@pytest.mark.usefixtures("init_integration")
async def test_short_on(
    hass: HomeAssistant,
    device: RunningDevice,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Short ON lights an off output for the duration, then it is off again."""
    await call(hass, "short_on", {ATTR_ENTITY_ID: OUTPUT_3, "duration": 2})
    assert writes(device) == ["POST /netio.json -> 200 3:3/2000ms"]
    assert state_of(hass, OUTPUT_3).state == STATE_ON
    await let_time_pass(hass, sim_clock, freezer, 2.5)
    assert output_states(device)[2] is False
    assert state_of(hass, OUTPUT_3).state == STATE_OFF


@pytest.mark.usefixtures("init_integration")
async def test_toggle(hass: HomeAssistant, device: RunningDevice) -> None:
    """Toggle inverts on the device itself, one request per output."""
    await call(hass, "toggle", {ATTR_ENTITY_ID: [NAS, OUTPUT_3]})
    assert output_states(device)[:3] == [False, True, True]
    assert state_of(hass, NAS).state == STATE_OFF
    assert state_of(hass, OUTPUT_3).state == STATE_ON
    assert sorted(writes(device)) == ["POST /netio.json -> 200 1:4", "POST /netio.json -> 200 3:4"]


@pytest.mark.parametrize(
    ("duration", "sent"),
    [
        ({"milliseconds": 1}, "100ms"),
        ({"milliseconds": 100}, "100ms"),
        ({"hours": 1}, "3600000ms"),
        ("00:00:01.05", "1100ms"),
    ],
)
@pytest.mark.usefixtures("init_integration")
async def test_duration_rounding(
    hass: HomeAssistant, device: RunningDevice, duration: object, sent: str
) -> None:
    """Durations from 100 ms to 1 h, rounded up to whole 100 ms like the device does."""
    await call(hass, "short_on", {ATTR_ENTITY_ID: OUTPUT_3, "duration": duration})
    assert writes(device) == [f"POST /netio.json -> 200 3:3/{sent}"]


@pytest.mark.parametrize("duration", [0, {"hours": 1, "milliseconds": 1}, 86_400])
@pytest.mark.usefixtures("init_integration")
async def test_duration_out_of_range(
    hass: HomeAssistant, device: RunningDevice, duration: object
) -> None:
    """A duration the device cannot do is refused before anything is sent."""
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "short_off", {ATTR_ENTITY_ID: NAS, "duration": duration})
    assert err.value.translation_key == "invalid_duration"
    assert str(err.value) == "The duration must be between 100 ms and 3600000 ms"
    assert writes(device) == []


@pytest.mark.usefixtures("init_integration")
async def test_negative_duration(hass: HomeAssistant, device: RunningDevice) -> None:
    """A negative duration does not pass the action's schema."""
    with pytest.raises(vol.Invalid):
        await call(hass, "short_off", {ATTR_ENTITY_ID: NAS, "duration": -1})
    assert writes(device) == []


# Critical outputs --------------------------------------------------------------------------


@pytest.fixture
def critical_entry(device: RunningDevice) -> MockConfigEntry:
    """An entry whose outputs 1 and 3 are critical."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="NETIO 4All",
        unique_id=device_unique_id(device),
        data=entry_data(device),
        options={CONF_CRITICAL_OUTPUTS: ["1", "3"]},
        version=2,
        minor_version=1,
    )


@pytest.mark.parametrize(
    ("service", "data"),
    [
        ("short_off", {ATTR_ENTITY_ID: NAS}),
        ("short_on", {ATTR_ENTITY_ID: NAS}),
        ("toggle", {ATTR_ENTITY_ID: NAS}),
        (
            "set_outputs",
            {"outputs": [{"output": 2, "action": "off"}, {"output": 1, "action": "off"}]},
        ),
        ("set_outputs", {"outputs": [{"output": 1, "action": "short_off"}]}),
        ("all_outputs", {"action": "off"}),
        ("all_outputs", {"action": "power_cycle", "stagger": 1}),
    ],
)
async def test_critical_output_needs_confirm(
    hass: HomeAssistant,
    device: RunningDevice,
    critical_entry: MockConfigEntry,
    service: str,
    data: dict[str, Any],
) -> None:
    """Cutting a critical output's power is refused without `confirm`, and nothing is sent."""
    critical_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(critical_entry.entry_id)
    await hass.async_block_till_done()
    if ATTR_ENTITY_ID not in data:
        data = {ATTR_DEVICE_ID: device_id(hass, critical_entry), **data}
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, service, data)
    assert err.value.translation_key == "critical_output"
    assert err.value.translation_placeholders == {"output": "NAS"}
    assert writes(device) == []

    if "stagger" not in data:  # a stagger waits on the event loop, which frozen time stops
        await call(hass, service, {**data, "confirm": True})
        assert writes(device)
    assert await hass.config_entries.async_unload(critical_entry.entry_id)


async def test_critical_output_may_be_turned_on(
    hass: HomeAssistant, device: RunningDevice, critical_entry: MockConfigEntry
) -> None:
    """Toggle and short ON of a critical output that is off cut nothing: no confirm needed."""
    critical_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(critical_entry.entry_id)
    await hass.async_block_till_done()
    await call(hass, "short_on", {ATTR_ENTITY_ID: OUTPUT_3})
    assert output_states(device)[2] is True
    device.device.outputs[2].cancel_pulse()
    device.device.apply_action(3, 0)
    await critical_entry.runtime_data.async_refresh()
    await call(hass, "toggle", {ATTR_ENTITY_ID: OUTPUT_3})
    assert output_states(device)[2] is True
    assert await hass.config_entries.async_unload(critical_entry.entry_id)


# Several outputs ---------------------------------------------------------------------------


async def test_set_outputs_in_one_request(
    hass: HomeAssistant, device: RunningDevice, init_integration: MockConfigEntry
) -> None:
    """Each output its own action, all in one request to the device."""
    await call(
        hass,
        "set_outputs",
        {
            ATTR_DEVICE_ID: device_id(hass, init_integration),
            "outputs": [
                {"output": 1, "action": "off"},
                {"output": 3, "action": "on"},
                {"output": 4, "action": "short_off", "duration": {"milliseconds": 1500}},
                {"output": 2, "action": "toggle"},
            ],
        },
    )
    assert writes(device) == ["POST /netio.json -> 200 1:0 3:1 4:2/1500ms 2:4"]
    assert output_states(device) == [False, False, True, False]
    assert state_of(hass, NAS).state == STATE_OFF
    assert state_of(hass, OUTPUT_3).state == STATE_ON


@pytest.mark.parametrize(
    ("outputs", "key"),
    [
        ([{"output": 9, "action": "on"}], "unknown_output"),
        ([{"output": 1, "action": "on"}, {"output": 1, "action": "off"}], "unsupported"),
        ([{"output": 1, "action": "on", "duration": 0}], "invalid_duration"),
    ],
)
async def test_set_outputs_refused(
    hass: HomeAssistant,
    device: RunningDevice,
    init_integration: MockConfigEntry,
    outputs: list[dict[str, Any]],
    key: str,
) -> None:
    """Outputs the device lacks, one output twice, bad durations: refused, nothing sent."""
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            "set_outputs",
            {ATTR_DEVICE_ID: device_id(hass, init_integration), "outputs": outputs},
        )
    assert err.value.translation_key == key
    assert writes(device) == []


async def test_set_outputs_on_outlet_switches(
    hass: HomeAssistant, device: RunningDevice, init_integration: MockConfigEntry
) -> None:
    """Outlet switches as targets: one action for all of them, in one request."""
    await call(
        hass,
        "set_outputs",
        {ATTR_ENTITY_ID: [NAS, OUTPUT_3], "action": "toggle"},
    )
    assert writes(device) == ["POST /netio.json -> 200 1:4 3:4"]
    assert state_of(hass, NAS).state == STATE_OFF
    assert state_of(hass, OUTPUT_3).state == STATE_ON
    await call(
        hass,
        "set_outputs",
        {
            ATTR_ENTITY_ID: ROUTER,
            "action": "short_off",
            "duration": {"seconds": 2},
            ATTR_DEVICE_ID: device_id(hass, init_integration),
            "outputs": [{"output": 1, "action": "on"}],
        },
    )
    assert writes(device)[-1] == "POST /netio.json -> 200 1:1 2:2/2000ms"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"action": "on"}, "set_outputs_what"),
        ({ATTR_ENTITY_ID: NAS}, "set_outputs_what"),
        ({ATTR_ENTITY_ID: "button.nas_power_cycle", "action": "on"}, "not_an_outlet_switch"),
        ({ATTR_ENTITY_ID: "switch.nothing", "action": "on"}, "not_an_outlet_switch"),
        ({ATTR_ENTITY_ID: [ROUTER, "switch.nothing"], "action": "off"}, "not_an_outlet_switch"),
    ],
)
async def test_set_outputs_targets_refused(
    hass: HomeAssistant,
    device: RunningDevice,
    init_integration: MockConfigEntry,
    data: dict[str, Any],
    key: str,
) -> None:
    """Targets that are not outlet switches, or no action for them, change nothing."""
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "set_outputs", data)
    assert err.value.translation_key == key
    assert writes(device) == []


def test_device_pickers_offer_power_strips_only() -> None:
    """The actions' device pickers filter on the manufacturer, which only power strips carry."""
    services = yaml.safe_load((INTEGRATION_DIR / "services.yaml").read_text(encoding="utf-8"))
    for name in ("set_outputs", "all_outputs"):
        picker = services[name]["fields"]["device_id"]["selector"]["device"]["filter"]
        assert picker == {"integration": DOMAIN, "manufacturer": MANUFACTURER}


@pytest.mark.parametrize(
    "outputs",
    [[], [{"output": 0, "action": "on"}], [{"output": 1, "action": "explode"}], "1"],
)
@pytest.mark.usefixtures("init_integration")
async def test_set_outputs_schema(hass: HomeAssistant, outputs: object) -> None:
    """The outputs list is checked by the action's schema."""
    with pytest.raises(vol.Invalid):
        await call(hass, "set_outputs", {ATTR_DEVICE_ID: "x", "outputs": outputs})


@pytest.mark.parametrize(
    ("action", "expected_and_sent"),
    [
        ("off", ([False] * 4, "1:0 2:0 3:0 4:0")),
        ("on", ([True] * 4, "1:1 2:1 3:1 4:1")),
        ("power_cycle", ([False, False, True, False], "1:2 2:2 3:2 4:2")),
    ],
)
async def test_all_outputs(
    hass: HomeAssistant,
    device: RunningDevice,
    init_integration: MockConfigEntry,
    action: str,
    expected_and_sent: tuple[list[bool], str],
) -> None:
    """All outputs at once, in one request; short OFF turns an output that is off on."""
    await call(
        hass, "all_outputs", {ATTR_DEVICE_ID: device_id(hass, init_integration), "action": action}
    )
    expected, sent = expected_and_sent
    assert writes(device) == [f"POST /netio.json -> 200 {sent}"]
    assert output_states(device) == expected


async def test_all_outputs_staggered(hass: HomeAssistant, socket_enabled: None) -> None:
    """With a stagger the outputs switch one by one, in order, one request each.

    (Real time here: the stagger waits on the event loop, which frozen time would stop.)
    """
    async with simulated_device(
        "netio_4all", credentials=Credentials(json=ApiAccounts.both(USERNAME, PASSWORD))
    ) as dev:
        entry = MockConfigEntry(
            domain=DOMAIN,
            title="NETIO 4All",
            unique_id=device_unique_id(dev),
            data=entry_data(dev),
            version=2,
            minor_version=1,
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        dev.device.apply_action(1, 0)
        dev.device.apply_action(2, 0)
        await call(
            hass,
            "all_outputs",
            {ATTR_DEVICE_ID: device_id(hass, entry), "action": "on", "stagger": 0.05},
        )
        sent = dev.device.requests(kind="write")
        assert [request.detail for request in sent] == [
            f"POST /netio.json -> 200 {n}:1" for n in range(1, 5)
        ]
        # 50 ms apart (less a little for the event loop's clock resolution).
        assert all(b.time - a.time >= 0.04 for a, b in itertools.pairwise(sent))
        assert output_states(dev) == [True] * 4
        assert await hass.config_entries.async_unload(entry.entry_id)


async def test_all_outputs_stagger_too_long(
    hass: HomeAssistant, device: RunningDevice, init_integration: MockConfigEntry
) -> None:
    """A stagger of more than a minute is refused."""
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            "all_outputs",
            {
                ATTR_DEVICE_ID: device_id(hass, init_integration),
                "action": "on",
                "stagger": {"seconds": 61},
            },
        )
    assert err.value.translation_key == "invalid_stagger"
    assert writes(device) == []


async def test_several_outputs_over_modbus(hass: HomeAssistant, socket_enabled: None) -> None:
    """Modbus/TCP switches one output per request: the actions still work, one by one."""
    async with simulated_device("netio_4all", protocols=frozenset({"modbus"})) as dev:
        entry = modbus_entry(dev, **{CONF_CRITICAL_OUTPUTS: ["1"]})
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        target = device_id(hass, entry)

        # Output 1 is critical; without names from the device it is called "Output 1".
        with pytest.raises(ServiceValidationError) as err:
            await call(hass, "all_outputs", {ATTR_DEVICE_ID: target, "action": "off"})
        assert err.value.translation_placeholders == {"output": "Output 1"}
        await call(hass, "all_outputs", {ATTR_DEVICE_ID: target, "action": "off", "confirm": True})
        assert output_states(dev) == [False] * 4
        await call(
            hass,
            "set_outputs",
            {
                ATTR_DEVICE_ID: target,
                "outputs": [{"output": 2, "action": "on"}, {"output": 4, "action": "on"}],
            },
        )
        assert output_states(dev) == [False, True, False, True]
        assert len(writes(dev)) == 6

        # Modbus cannot carry a pulse length per command.
        switch = hass.states.async_all("switch")[0].entity_id
        with pytest.raises(ServiceValidationError) as err:
            await call(hass, "short_off", {ATTR_ENTITY_ID: switch, "duration": 1, "confirm": True})
        assert err.value.translation_key == "unsupported"
        assert await hass.config_entries.async_unload(entry.entry_id)


# Targets and failures ---------------------------------------------------------------------


@pytest.mark.usefixtures("init_integration")
async def test_unknown_device(hass: HomeAssistant) -> None:
    """A device ID that is not a NETIO device is refused."""
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "all_outputs", {ATTR_DEVICE_ID: "nope", "action": "on"})
    assert err.value.translation_key == "unknown_device"
    assert str(err.value) == "Device nope is not a NETIO device"


async def test_outlet_device_refused(
    hass: HomeAssistant, device: RunningDevice, init_integration: MockConfigEntry
) -> None:
    """An outlet's own device is not taken for its whole power strip."""
    outlet = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, f"{init_integration.unique_id}_1"), init_integration.entry_id
    )
    assert outlet is not None
    before = output_states(device)
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "all_outputs", {ATTR_DEVICE_ID: outlet.id, "action": "off"})
    assert err.value.translation_key == "outlet_not_power_strip"
    assert output_states(device) == before


async def test_device_not_loaded(
    hass: HomeAssistant, device: RunningDevice, init_integration: MockConfigEntry
) -> None:
    """A NETIO device whose entry is unloaded is refused with its name."""
    target = device_id(hass, init_integration)
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            "set_outputs",
            {ATTR_DEVICE_ID: target, "outputs": [{"output": 1, "action": "on"}]},
        )
    assert err.value.translation_key == "device_not_loaded"
    assert str(err.value) == "NETIO 4All is not loaded"


@pytest.mark.parametrize(
    ("service", "data"),
    [
        ("short_off", {ATTR_ENTITY_ID: NAS}),
        ("all_outputs", {"action": "on"}),
        ("set_outputs", {"outputs": [{"output": 1, "action": "on"}]}),
    ],
)
async def test_device_failure(
    hass: HomeAssistant,
    device: RunningDevice,
    init_integration: MockConfigEntry,
    service: str,
    data: dict[str, Any],
) -> None:
    """A device that fails the request: a translated HomeAssistantError, not a validation one."""
    if ATTR_ENTITY_ID not in data:
        data = {ATTR_DEVICE_ID: device_id(hass, init_integration), **data}
    device.device.faults.set("json", http_500=True)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, service, data)
    assert not isinstance(err.value, ServiceValidationError)
    assert err.value.translation_key == "command_failed"


async def test_read_only(
    hass: HomeAssistant, device: RunningDevice, config_entry: MockConfigEntry
) -> None:
    """Read-only mode refuses every action with a validation error."""
    config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(config_entry, options={CONF_READ_ONLY: True})
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "toggle", {ATTR_ENTITY_ID: NAS})
    assert err.value.translation_key == "read_only"
    with pytest.raises(ServiceValidationError):
        await call(
            hass,
            "all_outputs",
            {ATTR_DEVICE_ID: device_id(hass, config_entry), "action": "on", "stagger": 1},
        )
    assert writes(device) == []
    assert await hass.config_entries.async_unload(config_entry.entry_id)


# Descriptions ------------------------------------------------------------------------------


def test_actions_are_described() -> None:
    """Every action and field has a name and description in every language, and an icon."""
    services = yaml.safe_load((INTEGRATION_DIR / "services.yaml").read_text(encoding="utf-8"))
    icons = yaml.safe_load((INTEGRATION_DIR / "icons.json").read_text(encoding="utf-8"))
    for language in ("en", "cs", "de"):
        strings = yaml.safe_load(
            (INTEGRATION_DIR / "translations" / f"{language}.json").read_text(encoding="utf-8")
        )
        for service, spec in services.items():
            text = strings["services"][service]
            assert text["name"], (language, service)
            assert text["description"], (language, service)
            for field in spec.get("fields", {}):
                assert text["fields"][field]["name"], (language, service, field)
                assert text["fields"][field]["description"], (language, service, field)
    assert set(icons["services"]) == set(services)


def test_exceptions_are_translated() -> None:
    """Every translation key the actions raise has a message."""
    strings = yaml.safe_load(
        (INTEGRATION_DIR / "translations" / "en.json").read_text(encoding="utf-8")
    )
    raised = {
        "read_only",
        "read_only_account",
        "authentication_failed",
        "unsupported",
        "command_failed",
        "critical_output",
        "invalid_duration",
        "invalid_stagger",
        "device_not_loaded",
        "unknown_device",
        "outlet_not_power_strip",
        "unknown_output",
        "not_an_outlet_switch",
        "set_outputs_what",
    }
    assert raised <= set(strings["exceptions"])
