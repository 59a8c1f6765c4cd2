"""Chaos soak against misbehaving simulated devices."""
