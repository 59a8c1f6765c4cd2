"""Watchdogs: ping what hangs on an output and power-cycle it, with NETIO's WatchDog semantics.

`machine` (the state machine), `checks` (ICMP/TCP/HTTP), `runner` (drives one machine) and
`config` (settings, NETIO's JSON) import nothing from Home Assistant; `runtime`, `flow` and
`entities` bind them to a config entry.
"""
