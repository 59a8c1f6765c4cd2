"""Tests of the demo (scripts/develop)."""
