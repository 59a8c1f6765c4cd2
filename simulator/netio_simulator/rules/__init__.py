"""NETIO's Conditions & Rules on the simulated device: the reference for rule fidelity.

Written from NETIO's documents only (the rules page `netio-rules-wiki.txt`, the manual's
Scheduler/Watchdog/Actions parts, `netio-protocols.md` §10 and the wiki's PAB pages), sharing no
code with the integration. `RulesEngine` (one per newer-platform device, `device.rules`) holds
a document `{"rules", "pabs", "watchdogs", "schedules"}` and runs it on the device's clock.

What the documents say, and how it is implemented
-------------------------------------------------
- Conditions `PAB/<n>/IN`, `PAB/<n>/ZONE`, `PAB/<n>/DAY`, `WDT/<n>/FAIL`, `OUTPUTS/<n>/STATE`,
  `INPUTS/<n>/STATE` ("on"/"off"), `SYSTEM/DEVICE_POWER_UP`; `operator` AND/OR, OR when missing.
- Filters are a mask, all ANDed: `SCHEDULE/<n>/ACTIVE`, `OUTPUTS/<n>/STATE`, and (the page's
  prose: "scheduler, DI or DO state") `INPUTS/<n>/STATE`.
- Actions `OUTPUTS/<n>/ACTION` 0..5 go through the device's own action code (a short OFF/ON
  is a pulse of the output's delay; switching during a pulse is ignored, manual §5.1.1);
  `CLOUD/OUTPUT/<n>/ALARM` sets `alarms[n]` and writes the device log; `${COND_RESULT}` is 1/0.
- Sequences: `repeat` N, or 0/true = until the rule is disabled; `delay` (ms) waited after its
  step's actions, rounded up to whole 100 ms.
- PAB sources and units as the device measures: `OUTPUTS/<n>/LOAD` W, `/CURRENT` mA, `/POWER`
  Wh (the PAB page: "Energy: OUTPUTS/4/POWER [Wh]"), `OUTPUTS|INPUTS/<n>/STATE` 0/1,
  `INPUTS/<n>/TEMP` °C. RANGE bounds inclusive; ZONES zone = how many thresholds the value
  reaches (130 mA with [50, 100, 150, 200] is zone 2, the page's example).
- WatchDog parameters `target`, `pingInterval`, `timeout`, `maxTimeouts`, `timeToReboot`,
  `maxRestarts` (0 = no limit, N = N per outage, -1 = one per outage, then FAIL stays until a
  ping answers: CR01), `startDelay`.
- Schedules: NETIO's defaults Always, Weekend and Work days exist on every device.

Where the sources are silent: the project's choices
---------------------------------------------------
Document form
 1. A document has the sections `rules`, `pabs`, `watchdogs`, `schedules` (all optional), each
    `{name: object}`. Unknown keys anywhere are errors. Rules, PABs and watchdogs may carry
    `enabled` (default true) and a `name` equal to their key; `document()` always writes
    `enabled` and never `name`.
 2. `operator` may stand at the rule's top level or inside `conditions` (both appear on the
    wiki); both present and different is an error.
 3. Condition and filter values are strict: booleans for IN/DAY/FAIL/ACTIVE/POWER_UP, an
    integer >= 0 for ZONE, exactly "on"/"off" for STATE. An output action is 0..5 or
    "${COND_RESULT}" (1 on the rise, 0 on the fall); a cloud alarm 0/1, true/false or
    "${COND_RESULT}".
 4. The sequence container is `"sequence": {"repeat": ..., "actions": [...]}` inside
    `actions` (the page lost the key). A step is an object of actions plus an optional
    `delay`; several actions in one step run together; a step with only a delay is a pause.
    `repeat` missing = 1. `${COND_RESULT}` is not allowed inside a sequence. An endless
    sequence without any delay is refused (it would never yield).
 5. Schedules are `{"mon": [["08:00", "17:00"]], ..., "sun": []}`; times "HH:MM" or
    "HH:MM:SS", "24:00" = end of day, start before end (an interval over midnight is two
    intervals), missing days empty, intervals include their start and exclude their end.
    Always = every day 00:00-24:00, Weekend = Sat+Sun, Work days = Mon-Fri, whole days. A
    document may redefine them by name.
 6. DAYLIGHT takes `latitude`/`longitude` as numbers or NETIO's strings ("50.0058144N",
    "14.4129433E"; S and W negative); `altitude` is accepted and ignored.
 7. A total PAB source is written `TOTAL/LOAD`, `TOTAL/CURRENT` or `TOTAL/POWER` (NETIO's CR11
    "Total load" exists, its source string is not published). `timeHysteresis` missing = 0.
    The PAB type "ZONE" (the PAB page's table) is read as "ZONES" (its example) and kept as
    written.
 8. WatchDogs need all six parameters of the published examples; `startDelay` missing = 0.
Rules
 9. A rule acts on a change of its combined condition, evaluated whenever something it could
    read changes. false -> true: its one-time actions run in document order, then its
    sequence starts at the same instant (so its first step meets a pulse the one-time actions
    began, and is ignored like any switching during a pulse). true -> false: only
    `${COND_RESULT}` actions run (with 0). Filters are checked at the moment of the change,
    for both directions; a filtered change is lost (it does not fire when the filter opens).
10. A condition already true when the rule is loaded, enabled, or started after boot does not
    fire it (the first evaluation only records the result).
11. A rule that fires again while its sequence runs restarts the sequence; a finite sequence
    runs to its end even when the condition turns false; disabling the rule, loading a new
    document or a power cut stops it.
12. Rules act on outputs through the device, so an output switched by a rule is a change that
    other rules see at once: in the same instant, rules are evaluated in document order and
    again until nothing changes (at most 100 rounds, then the device log says so).
PABs
13. PABs are evaluated on every change of anything and, for measured sources, once a second
    (the PAB page: "periodically evaluated"). A RANGE PAB turns IN true once the value has
    stayed inside for `timeHysteresis` s and false as soon as it leaves; a ZONES PAB moves to a
    new zone once the value has stayed in that zone for `timeHysteresis` s (returning to the
    current zone cancels a pending move).
14. A PAB starts (load, boot) as if its value had just appeared: RANGE reads false and ZONES
    zone 0 until the value has stayed `timeHysteresis` s (the PAB page: "in specified
    interval for a time period ... evaluates to TRUE. Otherwise ... FALSE"), so an appliance
    already idle when CR03 is loaded is restarted once the hysteresis has passed. Without
    hysteresis the value holds at once (a condition already true: no firing).
15. An output that is off measures 0 (W, mA). A disabled PAB reads false / zone 0.
16. DAYLIGHT: DAY is true from sunrise (inclusive) to sunset, computed from NOAA's solar
    equations for the sun's upper limb with refraction (zenith 90.789°, the horizon Home
    Assistant's `sun` uses); polar day/night hold all day.
WatchDogs
17. Checks: the first ping `startDelay` s after the watchdog starts (document loaded, device
    booted), then one every `pingInterval` s (never two at once). A ping is answered at once
    when its target is reachable at the moment it is sent; an unanswered ping fails
    `timeout` s later.
18. FAIL turns true after `maxTimeouts` failed pings in a row (0 counts as 1). If the restart
    limit allows, that failure is counted as a restart, FAIL stays true while the watchdog
    waits `timeToReboot` s (no pings), then FAIL returns to false and monitoring resumes, so
    the next failure turns FAIL true again and fires its rules again ("re-announces"). With
    no restarts left FAIL stays true, pings continue, and only an answered ping clears it.
    An answered ping clears FAIL and the restart count.
19. A target is reachable when it was set so (`set_host_reachable`, control API); otherwise
    `host_resolver` (the simulator's hosts) decides; a name nobody knows is unreachable.
    A disabled watchdog does not ping and reads FAIL false.
Time, boot
20. The device's wall clock is its monotonic clock plus an offset (`set_wall_time`), so the
    manual clock of tests drives schedules and daylight too; schedules are read in the
    device's time zone (`SimulatedDevice.timezone`, None = the host's).
21. `reboot(downtime_s)` is a power cut: pulses, sequences and timers end, outputs are off
    for the downtime, then take their power-up state ("last" = the state before the cut);
    cloud alarms and enabled flags survive. Construction of the device is not a boot.
22. After a boot, PABs and watchdogs start afresh (restart counts 0). `SYSTEM/DEVICE_POWER_UP`
    is true for exactly one evaluation: the rule's first after that boot (at boot, or when its
    `bootDelay` has passed), and false again at the same instant (so `${COND_RESULT}` actions
    see 1 then 0).
23. `bootDelay` (s) delays a rule's start after a boot: before that it neither fires nor
    records; it then starts like a freshly enabled rule, except that it sees DEVICE_POWER_UP.
    A rule loaded or enabled within `bootDelay` of the last boot starts when it has passed.
24. While the device is down nothing runs and output actions are ignored.
Output timers (the manual's Scheduler/Timer, §5.1.2)
25. An enabled timer sets its output to the schedule's state when it is enabled and whenever
    that state changes (adjacent intervals make no change); switching by hand holds until
    the next change. After a power-up enabled timers set their outputs at once (over the
    power-up state). Loading a document keeps timers and does not switch; a timer whose
    schedule disappears is disabled and its output left as it is (manual §5.5, deleting a
    schedule). Schedules are numbered 1.. in document order, NETIO's defaults first.
Reading the documents
26. The rules page's example text says "Restart output No. 2" while its JSON restarts output
    1 (`"OUTPUTS/1/ACTION": 2`, the 2 being the action code); the JSON is what runs.
27. The PAB page lists `OUTPUTS/<n>/STATE` as a source ("[int 0/1]") and §10.1 `INPUTS/<n>/TEMP`
    (FW 5.0.3+); both are accepted (TEMP only on inputs with a temperature sensor).
"""

from .engine import HostResolver, RuleLogEntry, RulesEngine, WatchdogStatus
from .model import DEFAULT_SCHEDULES, RuleDocumentError

__all__ = [
    "DEFAULT_SCHEDULES",
    "HostResolver",
    "RuleDocumentError",
    "RuleLogEntry",
    "RulesEngine",
    "WatchdogStatus",
]
