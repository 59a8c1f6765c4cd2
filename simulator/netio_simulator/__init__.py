"""A NETIO device on loopback, written from the protocol reference apart from the client."""
