"""Scanners: the pure line handling, key decoding, and the serial driver against its simulator."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from drivertest import Collector
from hypothesis import given
from hypothesis import strategies as st

from drivers.config import ScannerConfig
from drivers.errors import PortMissingError
from drivers.interfaces import ScanEvent
from drivers.scanner import detect
from drivers.scanner.keymap import KeyDecoder
from drivers.scanner.lines import MAX_CODE_BYTES, Deduplicator, decode_code, split_lines
from drivers.scanner.serial_scanner import SerialScanner
from drivers.scanner.sim import ScannerSimulator
from kiosk.doctor.devices import check_scanner
from kiosk.doctor.findings import Status


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"]Q1HS-0001", "HS-0001"),
        (b"]C0123456", "123456"),
        (b"HS-0001", "HS-0001"),
        (b"Ph\xc6\xb0\xe1\xbb\x9dng", "Phường"),
        (b"", None),
        (b"]Q1", None),
        (b"\xff\xfe", None),
        (b"AB\x00C", None),
    ],
)
def test_decode_code(raw: bytes, code: str | None) -> None:
    assert decode_code(raw, strip_aim=True) == code


def test_aim_prefix_kept_when_not_stripping() -> None:
    assert decode_code(b"]Q1HS", strip_aim=False) == "]Q1HS"


def test_split_lines_keeps_the_unfinished_rest() -> None:
    assert split_lines(b"A\r\nB\r\nC", "CRLF") == ([b"A", b"B"], b"C")


@pytest.mark.parametrize(
    ("data", "lines", "rest"),
    [
        (b"A\rB\nC\r\nD", [b"A", b"B", b"C"], b"D"),
        (b"\nA\r", [b"A"], b""),  # the LF of a CRLF split across reads is not a code
        (b"A\r\n\r\nB", [b"A"], b"B"),
    ],
)
def test_any_suffix_takes_cr_lf_and_crlf(data: bytes, lines: list[bytes], rest: bytes) -> None:
    assert split_lines(data, "any") == (lines, rest)


def test_gap_suffix_leaves_everything_to_the_idle_gap() -> None:
    assert split_lines(b"A\rB", "gap") == ([], b"A\rB")


def test_duplicates_within_the_window_are_dropped() -> None:
    dedupe = Deduplicator(1.0)
    assert [dedupe.accept(t, at) for t, at in [("A", 0), ("A", 0.5), ("B", 0.6), ("A", 0.7)]] == [
        True,
        False,
        True,
        True,
    ]
    assert dedupe.accept("A", 1.8)


@given(st.binary(max_size=64))
def test_random_bytes_never_crash_and_never_carry_control_characters(data: bytes) -> None:
    lines, _ = split_lines(data, "any")
    for raw in lines:
        code = decode_code(raw, strip_aim=True)
        assert code is None or (code and all(ord(c) >= 0x20 and c != "\x7f" for c in code))


def test_keyboard_wedge_keys_with_shift() -> None:
    decoder = KeyDecoder()
    # H (shift+h), S (shift+s), "-", "0", "1", Enter; key-up events (value 0) are ignored
    events = [(42, 1), (35, 1), (35, 0), (31, 1), (42, 0), (12, 1), (11, 1), (2, 1), (2, 0)]
    assert [decoder.feed(code, value) for code, value in events] == [None] * len(events)
    assert decoder.feed(28, 1) == "HS-01"


def test_keypad_digits_and_enter() -> None:
    decoder = KeyDecoder()
    for code in (79, 80, 81, 74, 82, 83, 71):  # KP1 KP2 KP3 KP- KP0 KP. KP7
        decoder.feed(code, 1)
    assert decoder.feed(96, 1) == "123-0.7"  # keypad Enter


def type_keys(decoder: KeyDecoder, keys: list[tuple[int, ...]]) -> str | None:
    """Press each key, holding the modifiers listed before it."""
    for *modifiers, key in keys:
        for modifier in modifiers:
            decoder.feed(modifier, 1)
        decoder.feed(key, 1)
        decoder.feed(key, 0)
        for modifier in modifiers:
            decoder.feed(modifier, 0)
    return decoder.feed(28, 1)


SHIFT, ALTGR = 42, 100


@pytest.mark.parametrize(
    ("layout", "keys", "text"),
    [
        # AZERTY: digits are Shift + the top row, "a" is where US has "q", "@" is AltGr + 0.
        ("fr", [(SHIFT, 2), (SHIFT, 3), (16,), (SHIFT, 51), (ALTGR, 11)], "12a.@"),
        ("fr", [(2,), (3,)], "&é"),
        # QWERTZ: y and z swapped, "/" is Shift + 7, "@" is AltGr + q.
        ("de", [(21,), (44,), (SHIFT, 8), (ALTGR, 16), (SHIFT, 52)], "zy/@:"),
        ("us", [(21,), (44,), (53,), (SHIFT, 4)], "yz/#"),
    ],
)
def test_keyboard_layouts(layout: str, keys: list[tuple[int, ...]], text: str) -> None:
    assert type_keys(KeyDecoder(layout), keys) == text


@pytest.mark.parametrize("suffix", ["CR", "LF", "CRLF", "gap"])
def test_the_default_suffix_reads_every_scanner(suffix: str) -> None:
    """suffix = any (the default) reads scanners ending codes with CR, LF, CRLF or nothing."""
    sim = ScannerSimulator(suffix).start()
    scanner = SerialScanner(ScannerConfig(partial_line_timeout_ms=100), port=sim.port)
    events = Collector()
    try:
        scanner.start(events)
        sim.scan("HS-0001", aim="]Q1")
        events.wait_for(lambda e: e.text == "HS-0001")
        time.sleep(0.15)  # a scanner without suffix: the idle gap ends each code
        sim.scan("HS-0002", pieces=3, gap=0.01)
        events.wait_for(lambda e: e.text == "HS-0002")
        assert texts(events) == ["HS-0001", "HS-0002"]
        assert scanner.discarded == 0
    finally:
        scanner.stop()
        sim.close()


@pytest.fixture(params=["CR", "CRLF"])
def scanner_pair(
    request: pytest.FixtureRequest,
) -> Iterator[tuple[ScannerSimulator, SerialScanner]]:
    sim = ScannerSimulator(request.param).start()
    config = ScannerConfig(
        suffix=request.param, duplicate_window_ms=300, partial_line_timeout_ms=250
    )
    scanner = SerialScanner(config, port=sim.port)
    yield sim, scanner
    scanner.stop()
    sim.close()


def texts(events: Collector) -> list[str]:
    return [e.text for e in events.events]


def test_codes_arrive_as_events(scanner_pair: tuple[ScannerSimulator, SerialScanner]) -> None:
    sim, scanner = scanner_pair
    events = Collector()
    scanner.start(events)
    before = time.time()
    sim.scan("HS-0001", aim="]Q1")
    sim.scan("HS-0002")
    event = events.wait_for(lambda e: e.text == "HS-0002")
    assert texts(events) == ["HS-0001", "HS-0002"]
    assert isinstance(event, ScanEvent) and event.at >= before


def test_duplicate_scan_is_ignored_then_accepted_later(
    scanner_pair: tuple[ScannerSimulator, SerialScanner],
) -> None:
    sim, scanner = scanner_pair
    events = Collector()
    scanner.start(events)
    sim.scan("HS-0001")
    sim.scan("HS-0001")
    events.wait_for(lambda e: True)
    sim.scan("END")
    events.wait_for(lambda e: e.text == "END")
    assert texts(events) == ["HS-0001", "END"]
    time.sleep(0.3)
    sim.scan("HS-0001")
    events.wait_for(lambda e: e.text == "HS-0001" and e is not events.events[0])


@pytest.mark.logs(logging.WARNING)
def test_noise_and_partial_lines_are_discarded(
    scanner_pair: tuple[ScannerSimulator, SerialScanner],
) -> None:
    sim, scanner = scanner_pair
    events = Collector()
    scanner.start(events)
    sim.noise(b"\xff\x00\x13", with_suffix=True)  # garbage with a line end: noise
    sim.scan("HS-0003", pieces=4, gap=0.01)  # slow but complete: one code
    events.wait_for(lambda e: e.text == "HS-0003")
    sim.partial("HS-00")  # never finished: dropped after partial_line_timeout
    deadline = time.monotonic() + 2
    while scanner.discarded < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    sim.scan("HS-0004")
    events.wait_for(lambda e: e.text == "HS-0004")
    assert texts(events) == ["HS-0003", "HS-0004"]
    assert scanner.health()["discarded"] >= 2


@pytest.mark.logs(logging.WARNING)
def test_a_run_longer_than_any_code_is_cut_to_its_head_with_one_log_line(
    scanner_pair: tuple[ScannerSimulator, SerialScanner], caplog: pytest.LogCaptureFixture
) -> None:
    sim, scanner = scanner_pair
    events = Collector()
    scanner.start(events)
    # Longer than any QR code (in pieces, as a UART delivers it): only its head is kept, for
    # the kiosk to refuse as too long.
    sim.scan("A" * MAX_CODE_BYTES * 5, pieces=20, gap=0.02)
    time.sleep(0.5)  # the next code is due after the run's last piece (the simulator's timers)
    sim.scan("HS-0005")
    events.wait_for(lambda e: e.text == "HS-0005")
    assert texts(events) == ["A" * MAX_CODE_BYTES, "HS-0005"]
    long_runs = [r for r in caplog.records if "longer than any code" in r.getMessage()]
    assert len(long_runs) == 1
    assert "AAAA" not in caplog.text


@pytest.mark.logs(logging.WARNING)
def test_a_key_run_longer_than_any_code_is_cut_to_its_head() -> None:
    decoder = KeyDecoder()
    for _ in range(MAX_CODE_BYTES * 3):
        assert decoder.feed(30, 1) is None  # "a", held down
    assert decoder.feed(28, 1) == "a" * MAX_CODE_BYTES  # Enter
    decoder.feed(2, 1)
    assert decoder.feed(28, 1) == "1"  # the next code reads as before


@pytest.mark.logs(logging.WARNING)  # "port … failed; opening it again", "… open again"
def test_a_scanner_unplugged_and_plugged_back_reads_again(tmp_path: Path) -> None:
    # The udev name (a link) stays; the device behind it goes and comes back.
    first = ScannerSimulator().start()
    name = tmp_path / "scanner"
    name.symlink_to(first.port)
    scanner = SerialScanner(ScannerConfig(), port=str(name))
    events = Collector()
    scanner.start(events)
    second = ScannerSimulator()
    try:
        first.scan("HS-0001")
        events.wait_for(lambda e: e.text == "HS-0001")
        first.close()
        deadline = time.monotonic() + 5
        while scanner.health()["online"] and time.monotonic() < deadline:
            time.sleep(0.01)
        assert scanner.health()["last_error"] is not None
        second.start()
        name.unlink()
        name.symlink_to(second.port)
        deadline = time.monotonic() + 5
        while not scanner.health()["online"] and time.monotonic() < deadline:
            time.sleep(0.01)
        second.scan("HS-0002")
        events.wait_for(lambda e: e.text == "HS-0002")
        assert texts(events) == ["HS-0001", "HS-0002"]
    finally:
        scanner.stop()
        second.close()


def test_missing_port_is_a_clear_error() -> None:
    scanner = SerialScanner(ScannerConfig(), port="/dev/no-scanner-here")
    with pytest.raises(PortMissingError, match="does not exist"):
        scanner.start(Collector())


def test_doctor_recognises_a_keyboard_mode_scanner_when_the_config_says_serial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_id = tmp_path / "by-id"
    by_id.mkdir()
    for name in ("usb-Logitech_USB_Keyboard-event-kbd", "usb-Honeywell_Imaging_1900-event-kbd"):
        (by_id / name).touch()
    monkeypatch.setattr(detect, "INPUT_BY_ID", by_id)
    config = ScannerConfig(port="/dev/ttyACM-none")
    finding = check_scanner(SerialScanner(config, port=config.port), config, None)
    assert finding.status is Status.FAIL
    assert "usb-Honeywell_Imaging_1900-event-kbd is a scanner in USB keyboard (HID) mode" in (
        finding.found
    )
    assert finding.fix is not None and 'kind = "evdev"' in finding.fix
    assert "USB CDC" in finding.fix


def test_keyboards_that_are_not_scanners_are_not_taken_for_one(tmp_path: Path) -> None:
    (tmp_path / "usb-Dell_KB216-event-kbd").touch()
    (tmp_path / "usb-Newland_NLS-HR22-event-kbd").touch()
    (tmp_path / "usb-Zebra_DS2208-event-mouse").touch()
    assert detect.keyboard_scanners(tmp_path) == [str(tmp_path / "usb-Newland_NLS-HR22-event-kbd")]
