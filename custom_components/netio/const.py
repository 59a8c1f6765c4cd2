"""Constants of the NETIO integration."""

from typing import Final

DOMAIN: Final = "netio"
MANUFACTURER: Final = "NETIO products a.s."
