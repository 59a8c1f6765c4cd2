"""Tests of the watchdogs."""
