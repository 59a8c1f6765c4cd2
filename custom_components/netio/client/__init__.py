"""An asyncio client for NETIO network power strips; it imports nothing from Home Assistant."""
