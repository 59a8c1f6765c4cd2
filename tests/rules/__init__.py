"""NETIO rules: translation, and the shared corpus run on the device and in Home Assistant."""
