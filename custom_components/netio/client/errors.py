"""One error taxonomy for every protocol; messages tell the user what to do."""


class NetioError(Exception):
    """Base of every error the client raises."""


class NetioConnectionError(NetioError):
    """The device could not be reached, or the connection broke."""


class NetioTimeoutError(NetioConnectionError):
    """The device did not answer in time."""


class NetioAuthenticationError(NetioError):
    """The device rejected the credentials (HTTP 401, KSHELL 503, SNMP authentication)."""


class NetioForbiddenError(NetioError):
    """The device refused the request (HTTP 403): API disabled, or a read-only account."""


class NetioApiDisabledError(NetioForbiddenError):
    """The M2M API used is switched off in the device's web interface."""


class NetioReadOnlyError(NetioForbiddenError):
    """The account may read but not switch outputs."""


class NetioProtocolError(NetioError):
    """The device's reply was malformed or unexpected; the message says what was wrong."""


class NetioUnconfirmedError(NetioProtocolError):
    """The device took a command, but its state after it could not be read.

    The command was applied (the device accepted the request); only the confirmation of the
    resulting state is missing. Callers must not report the command as failed, nor send it again.
    """


class NetioUnsupportedError(NetioError):
    """The device or the protocol in use cannot do what was asked."""
