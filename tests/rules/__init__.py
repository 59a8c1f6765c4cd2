"""Tests of NETIO rules in Home Assistant."""
