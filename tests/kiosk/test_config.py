"""Configuration: defaults, overrides, and errors that name the file, the key and the fix."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import config_reference
from kiosk.config_loader import load_settings
from kiosk.errors import ConfigError
from tests.kiosk_command import run_kiosk

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_defaults_describe_the_demo_locker() -> None:
    s = load_settings(None, env={})
    assert len(s.locker.compartments) == 24
    assert s.locker.boards() == [0, 1]
    assert {c.size for c in s.locker.compartments} == {"S", "M", "L"}
    assert s.devices.lock_bus.port.startswith("sim:")
    assert s.central.url == "sim:"


def test_user_file_and_environment_override_the_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, '[kiosk]\nward = "Phường Bến Nghé"\n[timeouts]\nidle_s = 90\n')
    s = load_settings(
        path,
        env={
            "KIOSK_ID": "k-7",
            "KIOSK_CENTRAL_URL": "https://x.gov.vn",
            "KIOSK_TOKEN": "t",
            "KIOSK_DATA_DIR": str(tmp_path),
        },
    )
    assert (s.kiosk.ward, s.kiosk.id, s.timeouts.idle_s) == ("Phường Bến Nghé", "k-7", 90)
    assert (s.central.url, s.central.token, s.data_path()) == ("https://x.gov.vn", "t", tmp_path)
    assert len(s.locker.compartments) == 24  # untouched tables keep their defaults
    assert load_settings(None, env={"KIOSK_CONFIG": path}).kiosk.ward == "Phường Bến Nghé"


DOOR = (
    'label = "{label}"\nsize = "S"\nboard = {board}\nlock = {lock}\ncolumn = 1\nrow = 1\n'
    'height = "low"\n'
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[timeouts]\nidle_s = -5\n", "timeouts.idle_s: Input should be greater than or equal"),
        ("[kiosk]\nnmae = 'x'\n", "kiosk.nmae: unknown key"),
        ("[otp]\ndossier_hold_min = 'soon'\n", "otp.dossier_hold_min: Input should be a valid"),
        (
            "[locker]\n[[locker.compartments]]\n"
            + DOOR.format(label="A01", board=0, lock=1)
            + "[[locker.compartments]]\n"
            + DOOR.format(label="A01", board=0, lock=2),
            "duplicate compartment label A01",
        ),
        (
            "[locker]\n[[locker.compartments]]\n"
            + DOOR.format(label="A01", board=0, lock=1)
            + "[[locker.compartments]]\n"
            + DOOR.format(label="A02", board=0, lock=1),
            "A01 and A02 are both on board 0 lock 1",
        ),
        (
            "[locker]\n[[locker.compartments]]\n" + DOOR.format(label="A01", board=0, lock=51),
            "locker.compartments[0].lock: Input should be less than or equal to 50",
        ),
        (  # more locks than the board has: its channel count (16 for a KR-CU16)
            "[locker]\n[[locker.compartments]]\n" + DOOR.format(label="A01", board=0, lock=17),
            "compartment A01: board 0 has locks 1..16, not 17",
        ),
        (
            '[devices.lock_bus]\nprotocol = "8a80"\nport = "/dev/ttyUSB0"\n'
            "[[devices.lock_bus.boards]]\naddress = 1\nchannels = 24\n"
            "[locker]\n[[locker.compartments]]\n" + DOOR.format(label="A01", board=1, lock=20),
            None,  # lock 20 on a 24-channel 8A/80 board is fine
        ),
        ("[kiosk\n", "not valid TOML"),
    ],
)
def test_mistakes_name_the_file_and_the_key(
    tmp_path: Path, text: str, expected: str | None
) -> None:
    path = write(tmp_path, text)
    if expected is None:
        load_settings(path, env={})
        return
    with pytest.raises(ConfigError) as info:
        load_settings(path, env={})
    assert path in str(info.value)
    assert expected in str(info.value)


def test_environment_mistakes_name_the_variable() -> None:
    with pytest.raises(ConfigError, match=r"environment variable KIOSK_ID: kiosk\.id"):
        load_settings(None, env={"KIOSK_ID": ""})


def test_cli_exits_2_without_a_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "[timeouts]\nidle_s = 'long'\n")
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", path, "status"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "timeouts.idle_s" in done.stderr and path in done.stderr
    assert "Traceback" not in done.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", "/nope.toml", "status"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (missing.returncode, missing.stderr.strip()) == (
        2,
        "kiosk: /nope.toml: no such configuration file",
    )


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://central.example.vn", "plain http:// to central.example.vn"),
        ("ftp://127.0.0.1/", "scheme 'ftp'"),
        ("https://", "no host name"),
        ("central.example.vn", "scheme '(none)'"),
        ("https://central.example.vn:99999", "not a URL"),
        ("https://u:p@central.example.vn", "user names, ?query and #fragment are not allowed"),
        ("https://central.example.vn/v1 ", "spaces in the URL"),
    ],
)
def test_a_bad_central_url_is_refused_at_load(tmp_path: Path, url: str, problem: str) -> None:
    path = write(tmp_path, f'[central]\nurl = "{url}"\n')
    with pytest.raises(ConfigError) as info:
        load_settings(path, env={})
    assert f"{path}: central.url: Value error, {problem}" in str(info.value)


@pytest.mark.parametrize(
    "url", ["https://central.example.vn/", "http://127.0.0.1:8080", "http://localhost/x/", "sim:"]
)
def test_good_central_urls_load(url: str) -> None:
    assert load_settings(None, env={"KIOSK_CENTRAL_URL": url}).central.url == (
        url if url == "sim:" else url.rstrip("/")
    )


@pytest.mark.parametrize("command", [["sync", "--once"], ["run"], ["status"]])
def test_a_bad_central_url_stops_every_command_at_start_with_exit_2(
    tmp_path: Path, command: list[str]
) -> None:
    env = {
        **os.environ,
        "KIOSK_DATA_DIR": str(tmp_path),
        "KIOSK_CENTRAL_URL": "http://central.example.vn",
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = run_kiosk(*command, env=env, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "environment variable KIOSK_CENTRAL_URL: central.url" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "kiosk.sqlite3").exists()  # refused before anything was opened


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[timeouts]\nidle_s = 20\nidle_countdown_s = 20\n", "idle_countdown_s (20) must be"),
        ("[central]\nretry_base_s = 400\n", "retry_base_s (400) is longer than retry_cap_s"),
        ('[central]\nurl = "https://c.example.vn"\ntoken = ""\n', "token is empty"),
        ("[otp]\ndossier_fails_before_hold = 11\n", "void before it is ever held"),
        ("[staff]\npin_delay_first_s = 90\n", "pin_delay_first_s is longer"),
        (
            "[devices.lock_bus]\nalert_output = { board = 0, lock = 1 }\n",
            "is compartment A01's lock: wire the siren to a free output",
        ),
        ("[locker]\nitem_sensors = false\n", "say it per board, as [[devices.lock_bus.boards]]"),
        (
            '[devices.lock_bus]\nport = "sim:8a80"\n[[devices.lock_bus.boards]]\n'
            "address = 1\npulse_ms = 500\n",
            "only cu16 boards have (command 0x37)",
        ),
    ],
)
def test_values_that_contradict_each_other_are_refused(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=re.escape(expected)):
        load_settings(path, env={})


def test_the_reference_documents_every_key() -> None:
    assert (ROOT / "docs" / "config.md").read_text(encoding="utf-8") == config_reference.render()
