"""Tests of the NETIO integration, its client library and its simulator."""
