"""NETIO rules: the shared corpus and its runs on the device and in Home Assistant."""
