"""The device model, profiles and documents, driven by a fake clock (no sockets)."""

from datetime import UTC

import pytest

from netio_simulator.device import InputSpec, OutputAction, OutputSpec, SimulatedDevice
from netio_simulator.document import status_document, with_wrong_types, xml_document
from netio_simulator.faults import Faults
from netio_simulator.metering import LoadProfile
from netio_simulator.profiles import PROFILES, get_profile, with_firmware


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        """Start at an arbitrary non-zero time."""
        self.now = 1000.0

    def __call__(self) -> float:
        """Read the clock."""
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def on(device: SimulatedDevice, output_id: int) -> bool:
    """Read an output's state through a call (re-read each time, unlike a narrowed attribute)."""
    return device.output(output_id).state


def make(profile: str, clock: FakeClock, **kwargs: object) -> SimulatedDevice:
    return SimulatedDevice(profile, clock=clock, **kwargs)  # type: ignore[arg-type]


# Documents per family ------------------------------------------------------------------


def test_powerpdu_4c_document_matches_the_captured_shape(clock: FakeClock) -> None:
    doc = status_document(make("powerpdu_4c", clock, name="rack1-up-right"))
    assert list(doc) == ["Agent", "GlobalMeasure", "Outputs"]
    assert list(doc["Agent"]) == [
        "Model",
        "Version",
        "JSONVer",
        "DeviceName",
        "VendorID",
        "OemID",
        "SerialNumber",
        "Uptime",
        "Time",
        "NumOutputs",
    ]
    agent = doc["Agent"]
    assert agent["Model"] == "PowerPDU 4C"
    assert agent["JSONVer"] == "2.1"
    assert agent["SerialNumber"].startswith("24:A4:2C:")
    assert len(agent["SerialNumber"]) == 17
    assert list(doc["GlobalMeasure"]) == [
        "Voltage",
        "Frequency",
        "TotalCurrent",
        "OverallPowerFactor",
        "TotalLoad",
        "TotalEnergy",
        "EnergyStart",
    ]
    assert list(doc["Outputs"][0]) == [
        "ID",
        "Name",
        "State",
        "Action",
        "Delay",
        "Current",
        "PowerFactor",
        "Load",
        "Energy",
    ]
    assert [o["Name"] for o in doc["Outputs"]] == [f"output_{n}" for n in range(1, 5)]
    assert all(o["Action"] == 6 and o["Delay"] == 5000 for o in doc["Outputs"])


def test_netio_4_has_no_metering(clock: FakeClock) -> None:
    doc = status_document(make("netio_4", clock))
    assert "GlobalMeasure" not in doc
    assert "Inputs" not in doc
    assert all(set(o) == {"ID", "Name", "State", "Action", "Delay"} for o in doc["Outputs"])
    assert "MAC" not in doc["Agent"]
    assert "NumInputs" not in doc["Agent"]


def test_powerpdu_4ps_document_matches_the_sample_shape(clock: FakeClock) -> None:
    doc = status_document(make("powerpdu_4ps", clock))
    assert list(doc) == ["Agent", "Outputs"]
    agent = doc["Agent"]
    assert list(agent) == [
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
    ]
    assert agent["Model"] == "4PS"
    assert agent["JSONVer"] == "2.3"
    assert agent["NumInputs"] == 0
    assert agent["SerialNumber"] == agent["MAC"].replace(":", "")
    assert doc["Outputs"][2]["Name"] == "Power output 3"


def test_powerpdu_8qs_meters_only_output_1_and_has_an_s0_input(clock: FakeClock) -> None:
    doc = status_document(make("powerpdu_8qs", clock))
    assert doc["Agent"]["JSONVer"] == "2.6"
    assert doc["Agent"]["NumOutputs"] == 8
    assert doc["Agent"]["NumInputs"] == 1
    first, second = doc["Outputs"][0], doc["Outputs"][1]
    assert {"Phase", "EnergyNR", "ReverseEnergy", "ReverseEnergyNR", "Load"} <= set(first)
    assert set(second) == {"ID", "Name", "State", "Action", "Delay"}
    measure = doc["GlobalMeasure"]
    assert {"TotalPowerFactor", "TotalPhase", "TotalEnergyNR", "TotalReverseEnergy"} <= set(measure)
    assert "OverallPowerFactor" not in measure
    assert doc["Inputs"] == [
        {"ID": 1, "Name": "Input 1", "State": 0, "S0Counter": 0},
    ]


def test_powerdin_4pz_has_two_inputs_and_two_metered_outputs(clock: FakeClock) -> None:
    doc = status_document(make("powerdin_4pz", clock))
    assert len(doc["Inputs"]) == 2
    metered = ["Current" in o for o in doc["Outputs"]]
    assert metered == [True, True, False, False]


def test_powercable_101x_strings_and_no_serial(clock: FakeClock) -> None:
    doc = status_document(make("powercable_101x", clock))
    agent = doc["Agent"]
    assert agent["Model"] == "101x"
    assert agent["JSONVer"] == "2.0"
    assert agent["VendorID"] == "0"
    assert agent["OemID"] == "0"
    assert "SerialNumber" not in agent
    assert "NumInputs" not in agent
    assert agent["MAC"].startswith("24:A4:2C:")
    measure = doc["GlobalMeasure"]
    assert "TotalCurrent" not in measure
    assert isinstance(measure["Voltage"], int)
    assert isinstance(measure["Frequency"], int)
    assert doc["Outputs"][0]["Delay"] == 2000
    assert list(doc["Outputs"][0])[-2:] == ["Energy", "Load"]


def test_old_firmware_spellings(clock: FakeClock) -> None:
    device = make(
        "powerpdu_8qs",
        clock,
        inputs=[InputSpec(features=frozenset({"s0", "temperature", "humidity"}))],
    )
    device.switch_firmware(firmware="4.1.0")
    doc = status_document(device)
    assert "Energy_NR" in doc["Outputs"][0]
    assert "ReverseEnergy_NR" in doc["Outputs"][0]
    assert "EnergyNR" not in doc["Outputs"][0]
    assert doc["Inputs"][0]["TempertureC"] == 999
    assert doc["Inputs"][0]["Humidity"] == 999
    assert "TemperatureC" not in doc["Inputs"][0]
    device.switch_firmware(firmware="5.3.1")
    doc = status_document(device)
    assert "EnergyNR" in doc["Outputs"][0]
    assert "TemperatureC" in doc["Inputs"][0]


def test_sensor_values_and_999_for_no_sensor(clock: FakeClock) -> None:
    device = make(
        "powerdin_4pz",
        clock,
        inputs=[
            InputSpec(features=frozenset({"temperature", "humidity"}), temperature_c=21.5),
            InputSpec(features=frozenset({"s0"}), s0_counter=10, s0_pulses_per_hour=3600),
        ],
    )
    clock.advance(5)
    inputs = status_document(device)["Inputs"]
    assert inputs[0]["TemperatureC"] == 21.5
    assert inputs[0]["TemperatureF"] == 70.7
    assert inputs[0]["Humidity"] == 999
    assert "S0Counter" not in inputs[0]
    assert inputs[1]["S0Counter"] == 15


def test_json_version_switch_changes_key_presence(clock: FakeClock) -> None:
    device = make("powerpdu_8qs", clock)
    device.switch_firmware(json_ver="2.3")
    doc = status_document(device)
    assert "Phase" not in doc["Outputs"][0]
    assert "EnergyNR" not in doc["Outputs"][0]
    assert "OverallPowerFactor" in doc["GlobalMeasure"]
    assert doc["Agent"]["JSONVer"] == "2.3"
    assert with_firmware(get_profile("powerpdu_4ps"), json_ver="2.6").nr_and_reverse


def test_every_profile_builds_json_and_xml(clock: FakeClock) -> None:
    for key, profile in PROFILES.items():
        device = make(key, clock)
        doc = status_document(device)
        assert doc["Agent"]["Model"] == profile.model
        assert len(doc["Outputs"]) == profile.num_outputs
        assert None not in _leaves(doc)
        xml = xml_document(status_document(device, version_key="XmlVer"))
        assert "<XmlVer>2.0</XmlVer>" in xml
        assert "JSONVer" not in xml


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


def test_wrong_types_turns_numbers_into_strings(clock: FakeClock) -> None:
    doc = with_wrong_types(status_document(make("netio_4all", clock)))
    assert doc["Outputs"][0]["ID"] == "1"
    assert doc["Outputs"][0]["Delay"] is None
    assert isinstance(doc["GlobalMeasure"]["Voltage"], str)


def test_identity_is_distinct_per_seed_and_stable(clock: FakeClock) -> None:
    a = make("netio_4all", clock, seed=1)
    b = make("netio_4all", clock, seed=2)
    again = make("netio_4all", clock, seed=1)
    assert a.mac != b.mac
    assert a.mac == again.mac
    assert a.mac.startswith("24:A4:2C:")


def test_clock_not_set_reports_1970(clock: FakeClock) -> None:
    device = make("powerpdu_4ps", clock, clock_set=False, timezone=UTC)
    clock.advance(3661)
    assert device.device_time.isoformat() == "1970-01-01T01:01:01+00:00"
    assert device.uptime_s == 3661


# Actions ----------------------------------------------------------------------------


def test_basic_actions(clock: FakeClock) -> None:
    device = make("netio_4", clock)
    device.apply_action(1, OutputAction.OFF)
    assert not on(device, 1)
    device.apply_action(1, OutputAction.ON)
    assert on(device, 1)
    device.apply_action(1, OutputAction.TOGGLE)
    assert not on(device, 1)
    device.apply_action(1, OutputAction.NO_CHANGE)
    device.apply_action(1, OutputAction.IGNORE)
    assert not on(device, 1)
    device.set_state(1, on=True)
    assert on(device, 1)


def test_short_off_uses_delay_then_turns_back_on(clock: FakeClock) -> None:
    device = make("netio_4", clock, outputs=[OutputSpec(delay_ms=2000)])
    device.apply_action(1, OutputAction.SHORT_OFF)
    assert not on(device, 1)
    clock.advance(1.999)
    assert not on(device, 1)
    clock.advance(0.002)
    assert on(device, 1)
    assert not device.outputs[0].pulse_active


def test_per_request_delay_applies_once(clock: FakeClock) -> None:
    device = make("netio_4", clock)
    device.apply_action(2, OutputAction.SHORT_OFF, delay_ms=300)
    clock.advance(0.301)
    assert on(device, 2)
    assert device.outputs[1].delay_ms == 5000
    device.apply_action(2, OutputAction.SHORT_OFF)
    clock.advance(4.9)
    assert not on(device, 2)
    clock.advance(0.2)
    assert on(device, 2)


def test_switching_during_a_pulse_is_ignored(clock: FakeClock) -> None:
    device = make("netio_4", clock)
    device.apply_action(1, OutputAction.SHORT_OFF, delay_ms=1000)
    device.apply_action(1, OutputAction.ON)
    device.set_state(1, on=True)
    device.apply_action(1, OutputAction.TOGGLE)
    assert not on(device, 1)
    clock.advance(1.0)
    assert on(device, 1)


def test_short_off_on_an_off_output_turns_it_on(clock: FakeClock) -> None:
    device = make("netio_4", clock, outputs=[OutputSpec(state=False)])
    device.apply_action(1, OutputAction.SHORT_OFF)
    assert on(device, 1)
    assert not device.outputs[0].pulse_active


def test_short_on_pulses_an_off_output_and_turns_an_on_output_off(clock: FakeClock) -> None:
    device = make("netio_4", clock, outputs=[OutputSpec(state=False), OutputSpec(state=True)])
    device.apply_action(1, OutputAction.SHORT_ON, delay_ms=500)
    assert on(device, 1)
    clock.advance(0.5)
    assert not on(device, 1)
    device.apply_action(2, OutputAction.SHORT_ON)
    assert not on(device, 2)
    assert not device.outputs[1].pulse_active


@pytest.mark.parametrize(
    ("output_id", "action", "delay"),
    [(0, 1, None), (5, 1, None), (1, 7, None), (1, -1, None), (1, True, None), (1, 2, -5)],
)
def test_bad_arguments_raise_value_error(
    clock: FakeClock, output_id: int, action: int, delay: int | None
) -> None:
    device = make("netio_4", clock)
    with pytest.raises(ValueError, match=r"output|action|delay"):
        device.apply_action(output_id, action, delay)
    assert all(o.state for o in device.outputs)


def test_reboot_is_a_power_cut_then_power_up_states(clock: FakeClock) -> None:
    device = make(
        "netio_4",
        clock,
        initial_uptime_s=500,
        outputs=[
            OutputSpec(state=False, power_up="on"),
            OutputSpec(state=True, power_up="off"),
            OutputSpec(state=False, power_up="last"),
            OutputSpec(state=True, power_up="last"),
        ],
    )
    device.apply_action(4, OutputAction.SHORT_OFF)
    assert device.uptime_s == 500
    device.reboot(downtime_s=2)
    assert device.uptime_s == 0
    assert [o.power_up for o in device.outputs] == ["on", "off", "last", "last"]
    assert device.is_down
    assert [o.state for o in device.outputs] == [False, False, False, False]
    assert not device.outputs[3].pulse_active
    clock.advance(2.5)
    assert [o.state for o in device.outputs] == [True, False, False, False]
    assert device.uptime_s == 0
    assert device.now() > 1002
    clock.advance(10)
    assert device.uptime_s == 10
    assert not on(device, 4)


# Energy ----------------------------------------------------------------------------


def test_energy_grows_with_load_times_time(clock: FakeClock) -> None:
    device = make("netio_4all", clock, outputs=[OutputSpec(load=LoadProfile.constant(120.0))])
    start = device.output_metering(1)
    assert start is not None
    assert start.load_w == 120
    clock.advance(1800)  # half an hour at 120 W = 60 Wh
    later = device.output_metering(1)
    assert later is not None
    assert later.energy_wh - start.energy_wh == 60
    assert later.energy_nr_wh - start.energy_nr_wh == 60
    device.apply_action(1, OutputAction.OFF)
    clock.advance(3600)
    off = device.output_metering(1)
    assert off is not None
    assert off.energy_wh == later.energy_wh
    assert off.load_w == 0
    assert off.current_ma == 0


def test_energy_is_independent_of_polling_rate(clock: FakeClock) -> None:
    polled = make("netio_4all", clock, outputs=[OutputSpec(load=LoadProfile.periodic(100, 50, 60))])
    idle = make("netio_4all", clock, outputs=[OutputSpec(load=LoadProfile.periodic(100, 50, 60))])
    for _ in range(3600):
        clock.advance(1)
        polled.output_metering(1)
    a, b = polled.output_metering(1), idle.output_metering(1)
    assert a is not None
    assert b is not None
    assert a.energy_wh == b.energy_wh == 100


def test_current_follows_load_voltage_and_power_factor(clock: FakeClock) -> None:
    device = make("netio_4all", clock, outputs=[OutputSpec(load=LoadProfile.constant(230.0, 1.0))])
    metering = device.output_metering(1)
    assert metering is not None
    expected = 230.0 / device.voltage_v * 1000
    assert abs(metering.current_ma - expected) <= 1
    assert metering.power_factor == 1.0
    assert metering.phase_deg == 0.0


def test_inrush_peaks_after_switch_on_and_decays(clock: FakeClock) -> None:
    device = make(
        "netio_4all",
        clock,
        outputs=[OutputSpec(state=False, load=LoadProfile.inrush(50, 500, tau_s=1.0))],
    )
    device.apply_action(1, OutputAction.ON)
    peak = device.output_metering(1)
    clock.advance(10)
    settled = device.output_metering(1)
    assert peak is not None
    assert settled is not None
    assert peak.load_w == 550
    assert settled.load_w == 50


def test_reverse_energy_for_a_producer(clock: FakeClock) -> None:
    device = make("powerpdu_8qs", clock, outputs=[OutputSpec(load=LoadProfile.constant(-360))])
    clock.advance(3600)
    metering = device.output_metering(1)
    assert metering is not None
    assert metering.reverse_energy_wh == 360
    assert metering.energy_wh == 0
    assert metering.load_w == -360


def test_global_measure_sums_outputs_and_reset(clock: FakeClock) -> None:
    device = make(
        "netio_4all",
        clock,
        outputs=[OutputSpec(load=LoadProfile.constant(100.0), energy_wh=50) for _ in range(4)],
    )
    clock.advance(3600)
    measure = device.global_measure()
    assert measure is not None
    assert measure.total_load_w == 400
    assert measure.total_energy_wh == 4 * 150
    device.reset_energy()
    measure = device.global_measure()
    assert measure is not None
    assert measure.total_energy_wh == 0
    assert measure.total_energy_nr_wh == 600
    assert make("netio_4", clock).global_measure() is None


def test_faults_merge_global_and_per_protocol() -> None:
    faults = Faults()
    faults.set(latency_s=0.1)
    faults.set("json", latency_s=0.2, drop=True)
    assert faults.for_protocol("json").drop
    assert faults.for_protocol("json").latency_s == pytest.approx(0.3)
    assert not faults.for_protocol("xml").drop
    faults.clear("json")
    assert not faults.for_protocol("json").drop
    with pytest.raises(ValueError, match="unknown fault"):
        faults.set(explode=True)
    with pytest.raises(ValueError, match="unknown protocol"):
        faults.set("ftp", drop=True)
    with pytest.raises(ValueError, match="true or false"):
        faults.set(drop="yes")
    faults.clear()
    assert not faults.for_protocol("json").any


def test_one_document_adds_up_with_noisy_loads(clock: FakeClock) -> None:
    device = make(
        "netio_4all",
        clock,
        outputs=[OutputSpec(load=LoadProfile.noisy(100, noise_w=20)) for _ in range(4)],
    )
    for _ in range(20):
        clock.advance(7)
        doc = status_document(device)
        loads = [o["Load"] for o in doc["Outputs"]]
        assert doc["GlobalMeasure"]["TotalLoad"] == sum(loads)
        assert doc["GlobalMeasure"]["TotalCurrent"] == sum(o["Current"] for o in doc["Outputs"])
