"""Constants of the NETIO integration."""

from datetime import timedelta
import logging
from typing import Final

DOMAIN: Final = "netio"
LOGGER = logging.getLogger(__package__)
MANUFACTURER: Final = "NETIO products a.s."

# Config entry data (host, port, username, password, ssl and verify_ssl are Home Assistant's
# standard keys, the ones the built-in integration stores too).
CONF_PROTOCOL: Final = "protocol"
CONF_MODBUS_PORT: Final = "modbus_port"
CONF_KSHELL_PORT: Final = "kshell_port"
CONF_SNMP_PORT: Final = "snmp_port"
CONF_SNMP_VERSION: Final = "snmp_version"
CONF_SNMP_COMMUNITY_READ: Final = "snmp_community_read"
CONF_SNMP_COMMUNITY_WRITE: Final = "snmp_community_write"
CONF_SNMP_USERNAME: Final = "snmp_username"
CONF_SNMP_AUTH_PROTOCOL: Final = "snmp_auth_protocol"
CONF_SNMP_AUTH_KEY: Final = "snmp_auth_key"
CONF_SNMP_PRIV_PROTOCOL: Final = "snmp_priv_protocol"
CONF_SNMP_PRIV_KEY: Final = "snmp_priv_key"
PROTOCOL_AUTO: Final = "auto"

# Options.
CONF_READ_ONLY: Final = "read_only"
CONF_BACKGROUND_DISCOVERY: Final = "background_discovery"
CONF_CRITICAL_OUTPUTS: Final = "critical_outputs"

# A poll is one small HTTP GET (about 1-2 kB) that the device answers from memory; every 10 s keeps
# power readings and changes made on the device fresh without loading its embedded web server.
# Switching does not wait for a poll: a command's reply updates Home Assistant at once.
DEFAULT_SCAN_INTERVAL: Final = timedelta(seconds=10)
MIN_SCAN_INTERVAL_S: Final = 1
MAX_SCAN_INTERVAL_S: Final = 3600

# Background discovery sends one UDP discover every few minutes.
DISCOVERY_INTERVAL: Final = timedelta(minutes=5)
DISCOVERY_TIMEOUT_S: Final = 2.0

# After a pulse ends, read the device again this much later so the "back on" state shows at once.
PULSE_REREAD_MARGIN_S: Final = 0.3

# YAML (optional): where discovery sends its request, e.g. a directed broadcast of another subnet.
CONF_DISCOVERY_ADDRESS: Final = "discovery_address"
CONF_DISCOVERY_PORT: Final = "discovery_port"
CONF_DISCOVERY_REPLY_PORT: Final = "discovery_reply_port"
DEFAULT_DISCOVERY_ADDRESS: Final = "255.255.255.255"
DEFAULT_DISCOVERY_PORT: Final = 62387
DEFAULT_DISCOVERY_REPLY_PORT: Final = 62386

# Configuration access (optional, entry data): the device's web administrator, for the output
# settings (name, short ON/OFF delay, power-up state) and the device's rules. Settings change
# rarely and only by hand, so they are read far less often than the outputs' state.
CONF_ADMIN_USERNAME: Final = "admin_username"
CONF_ADMIN_PASSWORD: Final = "admin_password"  # noqa: S105 - a config key
SETTINGS_SCAN_INTERVAL: Final = timedelta(minutes=5)
