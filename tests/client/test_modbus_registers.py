"""Modbus register decoding and read planning, from literal register values (protocol notes §4)."""

from datetime import UTC, datetime

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.netio.client.errors import (
    NetioConnectionError,
    NetioError,
    NetioProtocolError,
    NetioReadOnlyError,
    NetioUnsupportedError,
)
from custom_components.netio.client.models import OutputAction, OutputCommand, Protocol
from custom_components.netio.client.transports.modbus import (
    MAX_REGISTERS_PER_READ,
    Block,
    RegisterLayout,
    Table,
    _read_error,
    _write_error,
    check_command,
    decode_layout,
    decode_state,
    plan_reads,
)

FOUR_ALL = RegisterLayout(num_inputs=0, num_outputs=4, num_metered=4)


def _image(table: Table, start: int, values: list[int]) -> dict[tuple[Table, int], int]:
    return {(table, start + i): value for i, value in enumerate(values)}


def test_layout_from_count_registers() -> None:
    layout = decode_layout([1, 8, 1])
    assert layout == RegisterLayout(num_inputs=1, num_outputs=8, num_metered=1)
    assert list(layout.metered_ids) == [1]


@pytest.mark.parametrize("registers", [[], [0, 4], [0, 0, 0], [0, 4, 5], [40, 4, 0], [0, 65, 0]])
def test_implausible_counts_are_protocol_errors(registers: list[int]) -> None:
    with pytest.raises(NetioProtocolError):
        decode_layout(registers)


def test_blocks_of_an_unmetered_device() -> None:
    layout = RegisterLayout(num_inputs=0, num_outputs=4, num_metered=0)
    assert layout.blocks() == (
        Block(Table.HOLDING, 101, 4, optional=False),
        Block(Table.HOLDING, 201, 4),
    )


def test_blocks_of_the_8qs_read_only_output_1_metering() -> None:
    layout = RegisterLayout(num_inputs=1, num_outputs=8, num_metered=1)
    input_blocks = [b for b in layout.blocks() if b.table is Table.INPUT]
    assert [(b.start, b.count) for b in input_blocks] == [
        (0, 3),
        (100, 2),
        (200, 2),
        (300, 4),
        (400, 2),
        (500, 2),
    ]
    assert Block(Table.DISCRETE, 801, 1) in layout.blocks()


def test_plan_bridges_gaps_within_the_request_size_limit() -> None:
    spans = plan_reads(FOUR_ALL.blocks(), bridge_gaps=True)
    assert [(s.table, s.start, s.count) for s in spans] == [
        (Table.HOLDING, 101, 104),
        (Table.INPUT, 0, 105),
        (Table.INPUT, 200, 110),
        (Table.INPUT, 400, 105),
    ]
    assert all(s.count <= MAX_REGISTERS_PER_READ for s in spans)
    assert sum(len(s.blocks) for s in spans) == len(FOUR_ALL.blocks())


def test_plan_without_bridging_reads_each_block() -> None:
    spans = plan_reads(FOUR_ALL.blocks(), bridge_gaps=False)
    assert len(spans) == len(FOUR_ALL.blocks()) == 8
    assert all(len(s.blocks) == 1 for s in spans)


def test_plan_merges_touching_blocks_even_without_bridging() -> None:
    blocks = [Block(Table.INPUT, 10, 5), Block(Table.INPUT, 0, 10)]
    spans = plan_reads(blocks, bridge_gaps=False)
    assert [(s.start, s.count) for s in spans] == [(0, 15)]


def test_decode_a_metered_device() -> None:
    image = {
        **_image(Table.HOLDING, 101, [1, 0, 1, 1]),
        **_image(Table.HOLDING, 201, [50, 50, 20, 65535]),
        **_image(Table.INPUT, 0, [4998, 2301, 870]),
        **_image(Table.INPUT, 100, [1250, 100, 0, 350, 800]),
        **_image(Table.INPUT, 200, [262, 20, 0, 70, 172]),
        **_image(Table.INPUT, 300, [1, 2, 0, 1000, 0, 0, 0, 70000 & 0xFFFF, 2, 5]),
        **_image(Table.INPUT, 400, [870, 950, 0, 880, 860]),
        **_image(Table.INPUT, 500, [2950, 1800, 0, 65536 - 1500, 3050]),
    }
    state = decode_state(FOUR_ALL, image, fetched_at=datetime(2025, 1, 1, tzinfo=UTC))
    assert state.protocol is Protocol.MODBUS
    assert state.info.num_outputs == 4
    assert state.info.num_inputs == 0
    one, two, four = state.outputs[1], state.outputs[2], state.outputs[4]
    assert (one.state, two.state) == (True, False)
    assert one.pulse_delay_ms == 5000
    assert four.pulse_delay_ms == 6_553_500
    assert one.current_a == 0.1
    assert one.power_w == 20
    assert one.energy_wh == 1000
    assert state.outputs[3].energy_wh == 70000 & 0xFFFF
    assert four.energy_wh == 2 * 65536 + 5
    assert one.power_factor == 0.95
    assert state.outputs[3].phase_deg == -15.0
    assert four.phase_deg == 30.5
    measure = state.measure
    assert measure is not None
    assert measure.frequency_hz == 49.98
    assert measure.voltage_v == 230.1
    assert measure.power_factor == 0.87
    assert measure.total_current_a == 1.25
    assert measure.total_power_w == 262
    assert measure.total_energy_wh == 65538
    assert measure.phase_deg == 29.5


def test_decode_leaves_unread_registers_unknown() -> None:
    layout = RegisterLayout(num_inputs=2, num_outputs=4, num_metered=2)
    image = {**_image(Table.HOLDING, 101, [1, 1, 0, 0]), **_image(Table.DISCRETE, 801, [1, 0])}
    state = decode_state(layout, image)
    assert state.outputs[1].pulse_delay_ms is None
    assert state.outputs[1].power_w is None
    assert not state.outputs[1].metered
    assert state.inputs[1].state is True
    assert state.inputs[2].state is False
    assert state.measure is not None
    assert state.measure.voltage_v is None


def test_decode_falls_back_to_register_400_for_the_power_factor() -> None:
    image = {**_image(Table.HOLDING, 101, [1, 1, 1, 1]), (Table.INPUT, 400): 910}
    measure = decode_state(FOUR_ALL, image).measure
    assert measure is not None
    assert measure.power_factor == 0.91


@pytest.mark.parametrize("value", [2, 65535, -1, 70000])
def test_a_state_register_not_0_or_1_is_a_protocol_error(value: int) -> None:
    image = _image(Table.HOLDING, 101, [1, value, 0, 0])
    with pytest.raises(NetioProtocolError):
        decode_state(FOUR_ALL, image)


@pytest.mark.parametrize(
    "command",
    [
        OutputCommand(1, OutputAction.IGNORE),
        OutputCommand(1, OutputAction.SHORT_OFF, 2000),
        OutputCommand(0, OutputAction.ON),
        OutputCommand(5, OutputAction.ON),
    ],
)
def test_commands_modbus_cannot_carry(command: OutputCommand) -> None:
    with pytest.raises(NetioError):
        check_command(command, FOUR_ALL)


def test_commands_modbus_carries() -> None:
    for action in list(OutputAction)[:6]:
        check_command(OutputCommand(4, action), FOUR_ALL)
    check_command(OutputCommand(9, OutputAction.ON), None)


_LAYOUTS = st.builds(
    RegisterLayout,
    num_inputs=st.integers(0, 4),
    num_outputs=st.integers(1, 8),
    num_metered=st.integers(0, 8),
)
_ADDRESSES = st.tuples(st.sampled_from(list(Table)), st.integers(0, 820))


@settings(max_examples=200, deadline=None)
@given(
    layout=_LAYOUTS,
    image=st.dictionaries(_ADDRESSES, st.integers(-70000, 140000), max_size=60),
)
def test_fuzz_decode_state_raises_only_netio_errors(
    layout: RegisterLayout, image: dict[tuple[Table, int], int]
) -> None:
    try:
        state = decode_state(layout, image)
    except NetioError:
        return
    assert len(state.outputs) == layout.num_outputs


@settings(max_examples=200, deadline=None)
@given(registers=st.lists(st.integers(-5, 70000), max_size=5))
def test_fuzz_decode_layout_raises_only_netio_errors(registers: list[int]) -> None:
    try:
        layout = decode_layout(registers)
    except NetioError:
        return
    assert layout.num_outputs >= 1
    assert layout.num_metered <= layout.num_outputs


@settings(max_examples=200, deadline=None)
@given(layout=_LAYOUTS, bridge=st.booleans())
def test_fuzz_plans_cover_every_block_once(layout: RegisterLayout, bridge: bool) -> None:
    layout_ok = RegisterLayout(
        num_inputs=layout.num_inputs,
        num_outputs=layout.num_outputs,
        num_metered=min(layout.num_metered, layout.num_outputs),
    )
    spans = plan_reads(layout_ok.blocks(), bridge_gaps=bridge)
    planned = [block for span in spans for block in span.blocks]
    assert sorted(planned, key=lambda b: (b.table, b.start)) == sorted(
        layout_ok.blocks(), key=lambda b: (b.table, b.start)
    )
    for span in spans:
        assert span.count <= MAX_REGISTERS_PER_READ
        assert all(span.start <= b.start and b.end <= span.end for b in span.blocks)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (1, NetioReadOnlyError),
        (2, NetioUnsupportedError),
        (3, NetioProtocolError),
        (4, NetioConnectionError),
        (6, NetioConnectionError),
        (11, NetioConnectionError),
        (8, NetioProtocolError),
    ],
)
def test_write_exception_codes(code: int, error: type[NetioError]) -> None:
    raised = _write_error(code, OutputCommand(2, OutputAction.SHORT_ON))
    assert type(raised) is error
    assert "2" in str(raised)


@pytest.mark.parametrize(
    ("code", "error"),
    [(1, NetioProtocolError), (2, NetioProtocolError), (4, NetioConnectionError)],
)
def test_read_exception_codes(code: int, error: type[NetioError]) -> None:
    assert type(_read_error(code, "holding registers 101..104")) is error


def _reference_decode(  # noqa: C901  # one oracle, read top to bottom
    layout: RegisterLayout, image: dict[tuple[Table, int], int]
) -> object:
    """The register map read value by value, in the order the state lists them (the oracle)."""

    def word(table: Table, address: int) -> int | None:
        value = image.get((table, address))
        if value is not None and not 0 <= value < 0x10000:
            raise NetioProtocolError(f"Modbus register {address} holds {value}, not a 16-bit value")
        return value

    def scaled(table: Table, address: int, divisor: float) -> float | None:
        value = word(table, address)
        return None if value is None else value / divisor

    def bit(table: Table, address: int) -> bool | None:
        value = word(table, address)
        if value not in {None, 0, 1}:
            raise NetioProtocolError(f"Modbus address {address} reads {value}, not 0 or 1")
        return None if value is None else value == 1

    def signed(address: int) -> float | None:
        value = word(Table.INPUT, address)
        return None if value is None else (value - 0x10000 * (value >= 0x8000)) / 100

    def double(address: int) -> float | None:
        high, low = word(Table.INPUT, address), word(Table.INPUT, address + 1)
        return None if high is None or low is None else float(high * 0x10000 + low)

    outputs = []
    for n in range(1, layout.num_outputs + 1):
        delay = word(Table.HOLDING, 200 + n)
        row: tuple[object, ...] = (n, bit(Table.HOLDING, 100 + n), delay and delay * 100)
        if n <= layout.num_metered:
            row += (
                scaled(Table.INPUT, 100 + n, 1000),
                scaled(Table.INPUT, 200 + n, 1),
                double(300 + 2 * n),
                scaled(Table.INPUT, 400 + n, 1000),
                signed(500 + n),
            )
        outputs.append(row)
    inputs = [bit(Table.DISCRETE, 800 + n) for n in range(1, layout.num_inputs + 1)]
    measure = None
    if layout.num_metered:
        power_factor = scaled(Table.INPUT, 2, 1000)
        if power_factor is None:
            power_factor = scaled(Table.INPUT, 400, 1000)
        current = scaled(Table.INPUT, 100, 1000)
        measure = (
            scaled(Table.INPUT, 1, 10),
            scaled(Table.INPUT, 0, 100),
            current,
            scaled(Table.INPUT, 200, 1),
            double(300),
            power_factor,
            signed(500),
        )
    return outputs, inputs, measure


def _decoded(layout: RegisterLayout, image: dict[tuple[Table, int], int]) -> object:
    state = decode_state(layout, image)
    outputs = []
    for n, output in sorted(state.outputs.items()):
        row: tuple[object, ...] = (n, output.state, output.pulse_delay_ms)
        if n <= layout.num_metered:
            row += (
                output.current_a,
                output.power_w,
                output.energy_wh,
                output.power_factor,
                output.phase_deg,
            )
        else:
            assert not output.metered
        outputs.append(row)
    inputs = [state.inputs[n].state for n in range(1, layout.num_inputs + 1)]
    measure = state.measure
    if measure is not None:
        measure = (  # type: ignore[assignment]
            measure.voltage_v,
            measure.frequency_hz,
            measure.total_current_a,
            measure.total_power_w,
            measure.total_energy_wh,
            measure.power_factor,
            measure.phase_deg,
        )
    return outputs, inputs, measure


def _outcome(decode: object, layout: RegisterLayout, image: dict[tuple[Table, int], int]) -> object:
    try:
        return decode(layout, image)  # type: ignore[operator]
    except NetioProtocolError as err:
        return str(err)


_MAP_ADDRESSES = st.one_of(
    st.tuples(st.just(Table.HOLDING), st.integers(100, 109) | st.integers(200, 209)),
    st.tuples(st.just(Table.DISCRETE), st.integers(800, 805)),
    st.tuples(
        st.just(Table.INPUT),
        st.sampled_from([0, 1, 2]) | st.integers(100, 120) | st.integers(200, 220),
    ),
    st.tuples(st.just(Table.INPUT), st.integers(300, 320) | st.integers(400, 520)),
)


@settings(max_examples=400, deadline=None)
@given(
    layout=_LAYOUTS,
    image=st.dictionaries(
        _MAP_ADDRESSES,
        st.integers(0, 0xFFFF) | st.sampled_from([0, 1, -1, 0x10000, 70000]),
        max_size=80,
    ),
)
def test_decode_state_reads_the_map_as_the_reference_does(
    layout: RegisterLayout, image: dict[tuple[Table, int], int]
) -> None:
    """Same values, or the same error for the first bad register, as a plain reading."""
    layout = RegisterLayout(
        num_inputs=layout.num_inputs,
        num_outputs=layout.num_outputs,
        num_metered=min(layout.num_metered, layout.num_outputs),
    )
    assert _outcome(_decoded, layout, image) == _outcome(_reference_decode, layout, image)
