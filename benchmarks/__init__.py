"""Performance harness of the integration: `.venv/bin/python -m benchmarks [--quick]`."""
