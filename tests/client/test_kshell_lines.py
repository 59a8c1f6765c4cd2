"""KSHELL line parsing and command building, from literal lines (docs/protocol-notes.md §6)."""

import hashlib

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.netio.client.errors import (
    NetioAuthenticationError,
    NetioError,
    NetioProtocolError,
    NetioReadOnlyError,
    NetioUnsupportedError,
)
from custom_components.netio.client.models import OutputAction, OutputCommand, Protocol
from custom_components.netio.client.transports.kshell import (
    build_state,
    check_command,
    login_hash,
    parse_bits,
    parse_reply,
    parse_salt,
    port_list_chars,
    reply_error,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("250 1001", (250, "1001")),
        ("250 OK\r\n", (250, "OK")),
        ("110 BYE", (110, "BYE")),
        ("503 INVALID LOGIN", (503, "INVALID LOGIN")),
        ("250", (250, "")),
    ],
)
def test_replies(line: str, expected: tuple[int, str]) -> None:
    assert parse_reply(line) == expected


@pytest.mark.parametrize("line", ["", "OK", "25 OK", "2500", "abc 250", "\x00\x01"])
def test_garbage_replies(line: str) -> None:
    with pytest.raises(NetioProtocolError):
        parse_reply(line)


def test_greetings() -> None:
    assert parse_salt("100 HELLO 1A2B3C4D - KSHELL V1.5") == "1A2B3C4D"
    assert parse_salt("100 HELLO 0badcafe") == "0badcafe"
    assert parse_salt("100 HELLO") is None
    with pytest.raises(NetioProtocolError):
        parse_salt("250 OK")


def test_clogin_hash_is_md5_of_user_password_salt() -> None:
    expected = hashlib.md5(b"adminsecret1A2B3C4D", usedforsecurity=False).hexdigest()
    assert login_hash("admin", "secret", "1A2B3C4D") == expected
    assert len(expected) == 32


def test_port_list_states() -> None:
    assert parse_bits("1001", "port list") == [True, False, False, True]
    for text in ("", "10x1", "1 0", "1" * 65):
        with pytest.raises(NetioProtocolError):
            parse_bits(text, "port list")


def test_state_from_port_list_and_input_list() -> None:
    state = build_state([True, False], [False], name="Rack", firmware="3.4.2")
    assert state.protocol is Protocol.KSHELL
    assert state.info.name == "Rack"
    assert state.info.firmware == "3.4.2"
    assert state.info.num_outputs == 2
    assert state.info.num_inputs == 1
    assert state.outputs[1].state is True
    assert state.outputs[2].state is False
    assert not state.outputs[1].metered
    assert state.inputs[1].state is False
    assert state.measure is None
    assert build_state([True], None).info.num_inputs is None


def test_port_list_characters() -> None:
    commands = [
        OutputCommand(1, OutputAction.OFF),
        OutputCommand(2, OutputAction.ON),
        OutputCommand(3, OutputAction.SHORT_OFF),
        OutputCommand(4, OutputAction.TOGGLE),
        OutputCommand(5, OutputAction.TOGGLE),
        OutputCommand(6, OutputAction.NO_CHANGE),
    ]
    states = [True, True, True, True, False, True, False, True]
    assert port_list_chars(commands, states) == "01i01uuu"
    with pytest.raises(NetioUnsupportedError):
        port_list_chars([OutputCommand(9, OutputAction.ON)], states)


@pytest.mark.parametrize(
    "command",
    [
        OutputCommand(1, OutputAction.SHORT_ON),
        OutputCommand(1, OutputAction.IGNORE),
        OutputCommand(1, OutputAction.SHORT_OFF, 2000),
        OutputCommand(0, OutputAction.ON),
    ],
)
def test_commands_kshell_cannot_carry(command: OutputCommand) -> None:
    with pytest.raises(NetioUnsupportedError):
        check_command(command)


def test_error_codes() -> None:
    assert isinstance(
        reply_error(503, "INVALID LOGIN", "clogin", "login"), NetioAuthenticationError
    )
    assert isinstance(reply_error(505, "FORBIDDEN", "port list 0", "write"), NetioReadOnlyError)
    assert isinstance(reply_error(505, "FORBIDDEN", "port list", "read"), NetioAuthenticationError)
    for code in (500, 501, 502, 999):
        assert isinstance(reply_error(code, "X", "port 9", "read"), NetioProtocolError)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_fuzz_reply_parsing_raises_only_netio_errors(line: str) -> None:
    try:
        code, _text = parse_reply(line)
    except NetioError:
        return
    assert 0 <= code <= 999


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_fuzz_greeting_and_states_raise_only_netio_errors(line: str) -> None:
    try:
        salt = parse_salt(line)
    except NetioError:
        salt = None
    assert salt is None or len(salt) == 8
    try:
        bits = parse_bits(line, "port list")
    except NetioError:
        return
    assert len(bits) == len(line.strip())


@settings(max_examples=200, deadline=None)
@given(
    commands=st.lists(
        st.builds(
            OutputCommand,
            st.integers(-1, 10),
            st.sampled_from(list(OutputAction)),
            st.none() | st.integers(0, 10_000),
        ),
        max_size=6,
    ),
    states=st.lists(st.booleans(), min_size=1, max_size=8),
)
def test_fuzz_port_list_building_raises_only_netio_errors(
    commands: list[OutputCommand], states: list[bool]
) -> None:
    try:
        for command in commands:
            check_command(command)
        chars = port_list_chars(commands, states)
    except NetioError:
        return
    assert len(chars) == len(states)
    assert set(chars) <= set("01iu")
