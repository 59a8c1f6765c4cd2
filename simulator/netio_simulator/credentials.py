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
    admin: Account = field(default_factory=lambda: Account("admin", "admin"))
    """The web administrator (configuration API `/api`), separate from every M2M account.

    NETIO's factory default is admin/admin; an account without a username cannot log in.
    """

    def http_accounts(self, protocol: str) -> ApiAccounts:
        """Return the accounts of an HTTP API by protocol name ("json" or "xml")."""
        if protocol == "xml":
            return self.xml
        return self.json


class CredentialsError(ValueError):
    """A credentials mapping (config file, control API) is malformed."""


def _account(data: object, base: Account) -> Account:
    if not isinstance(data, dict):
        raise CredentialsError("an account must be a mapping with username/password/enabled")
    unknown = set(data) - {"username", "password", "enabled"}
    if unknown:
        raise CredentialsError(f"unknown account keys {sorted(unknown)}")
    username = data.get("username", base.username)
    password = data.get("password", base.password)
    enabled = data.get("enabled", base.enabled)
    if not isinstance(username, str) or not isinstance(password, str):
        raise CredentialsError("username and password must be strings")
    if not isinstance(enabled, bool):
        raise CredentialsError("enabled must be true or false")
    return Account(username, password, enabled)


def _accounts(data: object, base: ApiAccounts) -> ApiAccounts:
    if not isinstance(data, dict):
        raise CredentialsError("accounts must be a mapping with read/write")
    unknown = set(data) - {"read", "write"}
    if unknown:
        raise CredentialsError(f"unknown keys {sorted(unknown)}; expected read/write")
    read = _account(data["read"], base.read) if "read" in data else base.read
    write = _account(data["write"], base.write) if "write" in data else base.write
    return ApiAccounts(read, write)


def _snmp(data: object, base: SnmpCredentials) -> SnmpCredentials:
    if not isinstance(data, dict):
        raise CredentialsError("snmp must be a mapping")
    unknown = set(data) - {"community_read", "community_write", "v3_users"}
    if unknown:
        raise CredentialsError(f"unknown snmp keys {sorted(unknown)}")
    result = SnmpCredentials(base.community_read, base.community_write, list(base.v3_users))
    for key in ("community_read", "community_write"):
        if key in data:
            if not isinstance(data[key], str):
                raise CredentialsError(f"{key} must be a string")
            setattr(result, key, data[key])
    if "v3_users" in data:
        users = data["v3_users"]
        if not isinstance(users, list) or not all(isinstance(u, dict) for u in users):
            raise CredentialsError("v3_users must be a list of mappings")
        try:
            result.v3_users = [SnmpV3User(**u) for u in users]
        except TypeError as err:
            raise CredentialsError(f"bad v3 user: {err}") from None
    return result


def updated_credentials(base: Credentials, data: object) -> Credentials:
    """Return `base` with the parts named in `data` replaced (config files, control API).

    `data` looks like {"json": {"read": {"username": "u", "password": "p"}, "write": {...}},
    "xml": {...}, "kshell": {...}, "url_password": "...", "snmp": {"community_read": ...,
    "community_write": ..., "v3_users": [{"username": ..., "auth_protocol": ..., ...}]},
    "admin": {"username": ..., "password": ...}}.
    Raises ValueError on anything else; `base` is never modified.
    """
    if not isinstance(data, dict):
        raise CredentialsError("credentials must be a mapping")
    unknown = set(data) - {"json", "xml", "kshell", "url_password", "snmp", "admin"}
    if unknown:
        raise CredentialsError(f"unknown credential keys {sorted(unknown)}")
    result = Credentials(
        json=_accounts(data["json"], base.json) if "json" in data else base.json,
        xml=_accounts(data["xml"], base.xml) if "xml" in data else base.xml,
        url_password=base.url_password,
        kshell=_accounts(data["kshell"], base.kshell) if "kshell" in data else base.kshell,
        snmp=_snmp(data["snmp"], base.snmp) if "snmp" in data else base.snmp,
        admin=_account(data["admin"], base.admin) if "admin" in data else base.admin,
    )
    if "url_password" in data:
        if not isinstance(data["url_password"], str):
            raise CredentialsError("url_password must be a string")
        result.url_password = data["url_password"]
    return result
