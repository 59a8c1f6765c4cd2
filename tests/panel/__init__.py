"""Tests of the panel and card: their build, registration and websocket commands."""
