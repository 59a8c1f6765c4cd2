"""Watchdog targets that are the simulator's own hosts, plugged into outputs (hosts.py)."""

from netio_simulator import OutputSpec
from netio_simulator.hosts import HostConfig, SimulatedHost
from netio_simulator.runner import DeviceConfig, Simulator

from .rules_helpers import bench

WATCH_NAS = {
    "watchdogs": {
        "W": {
            "target": "nas",
            "pingInterval": 10,
            "timeout": 2,
            "maxTimeouts": 0,
            "timeToReboot": 60,
            "maxRestarts": 0,
        }
    },
    "rules": {"R": {"conditions": {"WDT/W/FAIL": True}, "actions": {"OUTPUTS/1/ACTION": 2}}},
}


async def test_the_simulator_resolves_targets_to_its_hosts(simulator: Simulator) -> None:
    running = await simulator.add_device(
        DeviceConfig(profile="powerdin_4pz", id="din", rules=WATCH_NAS)
    )
    engine = running.device.rules
    assert engine is not None
    assert engine.host_reachable("nas") is False  # no such host yet
    host = await simulator.add_host(HostConfig(name="nas", device="din", output=1))
    assert engine.host_reachable("nas") is True  # on: booted long ago
    host.hang()
    assert engine.host_reachable("nas") is False
    engine.set_host_reachable("nas", reachable=True)  # a name set on the engine wins
    assert engine.host_reachable("nas") is True


def test_a_hung_host_is_power_cycled_by_a_rule_and_boots_again() -> None:
    rig = bench(outputs=[OutputSpec(state=True, delay_ms=1000)])
    host = SimulatedHost("nas", rig.device.output(1), boot_s=20)
    rig.rules.host_resolver = lambda name: host.answering if name == "nas" else None
    rig.rules.load(WATCH_NAS)
    rig.at(15)
    host.hang()
    rig.at(30)
    # The ping at 20 fails at 22: short OFF (1 s). The restart un-hangs the host; it boots 20 s.
    assert rig.timeline() == [(22, 1, "off"), (23, 1, "on")]
    assert not host.answering
    rig.at(50)
    assert host.answering
    rig.at(90)  # after timeToReboot the ping at 82 is answered
    status = rig.rules.watchdog_status("W")
    assert (status.fail, status.restarts, status.phase) == (False, 0, "ok")
    assert rig.timeline() == [(22, 1, "off"), (23, 1, "on")]
