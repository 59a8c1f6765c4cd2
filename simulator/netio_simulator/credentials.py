"""Accounts a simulated device checks, per protocol.

An empty username means "no authentication for that access level", as the NETIO web UI does
when the fields are left empty. Changing credentials at runtime is simply assigning new values.
"""

from dataclasses import dataclass, field
import hmac
from typing import Literal

type SnmpAccess = Literal["ro", "rw"]


@dataclass(slots=True)
class Account:
    """One username/password pair; empty username = open access at this level."""

    username: str = ""
    password: str = ""
    enabled: bool = True

    @property
    def open(self) -> bool:
        """Whether this level needs no credentials at all."""
        return self.enabled and not self.username

    def matches(self, username: str, password: str) -> bool:
        """Whether the given pair logs in to this account (constant-time compare)."""
        if not self.enabled or not self.username:
            return False
        return hmac.compare_digest(username.encode(), self.username.encode()) & hmac.compare_digest(
            password.encode(), self.password.encode()
        )


@dataclass(slots=True)
class ApiAccounts:
    """A read-only and a read-write account (JSON, XML, KSHELL)."""

    read: Account = field(default_factory=Account)
    write: Account = field(default_factory=Account)

    @classmethod
    def both(cls, username: str, password: str) -> ApiAccounts:
        """Use one user for reading and writing (like the demo devices' netio/netio)."""
        return cls(Account(username, password), Account(username, password))


@dataclass(slots=True)
class SnmpV3User:
    """An SNMPv3 USM user."""

    username: str
    auth_protocol: str = (
        "none"  # "none" | "md5" | "sha" | "sha224" | "sha256" | "sha384" | "sha512"
    )
    auth_key: str = ""
    priv_protocol: str = "none"  # "none" | "des" | "aes" | "aes192" | "aes256"
    priv_key: str = ""
    access: SnmpAccess = "ro"


@dataclass(slots=True)
class SnmpCredentials:
    """SNMP v1/v2c communities and v3 users. An empty community disables that access."""

    community_read: str = "public"
    community_write: str = "private"
    v3_users: list[SnmpV3User] = field(default_factory=list)


@dataclass(slots=True)
class Credentials:
    """Everything a device authenticates, one entry per protocol."""

    json: ApiAccounts = field(default_factory=ApiAccounts)
    xml: ApiAccounts = field(default_factory=ApiAccounts)
    url_password: str = ""
    """URL API write password (`pass=`); empty = no password."""
    kshell: ApiAccounts = field(default_factory=ApiAccounts)
    snmp: SnmpCredentials = field(default_factory=SnmpCredentials)

    def http_accounts(self, protocol: str) -> ApiAccounts:
        """Return the accounts of an HTTP API by protocol name ("json" or "xml")."""
        if protocol == "xml":
            return self.xml
        return self.json
