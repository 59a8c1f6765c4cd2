"""Security: secrets stay secret, read-only means no writes, TLS and SNMPv3 work."""
