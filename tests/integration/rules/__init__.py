"""Tests of NETIO rules in Home Assistant: import, export, blueprints."""
