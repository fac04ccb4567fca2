"""deploy/install.sh into a throwaway root (--root): the files it writes, the commands it would run.

Every run here is the real script; with --root it writes under tmp_path and prints, instead of
running, what would act on the machine (apt-get, useradd, systemctl, udevadm, pip, kiosk …).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from kiosk.config_loader import load_settings

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "deploy" / "install.sh"
KIOSK_UNIT = "etc/systemd/system/atm-ho-so-kiosk.service"
SYNC_UNIT = "etc/systemd/system/atm-ho-so-sync.service"
CONFIG = "etc/atm-ho-so/kiosk.toml"
RULES = "etc/udev/rules.d/70-atm-ho-so.rules"
LOCKS = "/dev/serial/by-path/platform-xhci-hcd.0-usb-0:1.3:1.0-port0"
SCANNER = "/dev/serial/by-id/usb-Honeywell_1900_13140B4A02-if00"
# A token that needs escaping in TOML and in a shell replacement (& is special in bash 5.2).
TOKEN = 'tok-&-"q"-\\b'


def install(root: Path, *flags: str, expect: int = 0) -> str:
    done = subprocess.run(
        ["bash", str(SCRIPT), "--root", str(root), *flags],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == expect, done.stdout + done.stderr
    return done.stdout + done.stderr


def identity(tmp_path: Path) -> list[str]:
    token = tmp_path / "token"
    token.write_text(TOKEN + "\n", encoding="utf-8")
    return [
        "--kiosk-id",
        "hcm-q1-01",
        "--central-url",
        "https://mc.example.gov.vn/kiosk",
        "--token-file",
        str(token),
    ]


def first_install(tmp_path: Path) -> tuple[Path, str]:
    root = tmp_path / "root"
    root.mkdir()
    devices = ["--locks", LOCKS, "--printer", "usb", "--scanner", SCANNER]
    return root, install(root, *identity(tmp_path), *devices)


def would_run(output: str) -> list[str]:
    return [
        line.split("would run: ", 1)[1] for line in output.splitlines() if "would run: " in line
    ]


def unit(root: Path, path: str) -> dict[str, list[str]]:
    """``Section.Key`` → every value it is given, as systemd reads a unit file."""
    keys: dict[str, list[str]] = {}
    section = ""
    for line in (root / path).read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif line and not line.startswith("#"):
            key, value = line.split("=", 1)
            keys.setdefault(f"{section}.{key}", []).append(value)
    return keys


def tree(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mode)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_kiosk_unit_runs_cage_on_tty1_under_the_watchdog(tmp_path: Path) -> None:
    root, _ = first_install(tmp_path)
    kiosk = unit(root, KIOSK_UNIT)
    assert kiosk["Service.ExecStart"] == [
        "/usr/bin/cage -- /opt/atm-ho-so/venv/bin/kiosk run --no-sync"
    ]
    assert kiosk["Service.Type"] == ["notify"]
    assert kiosk["Service.NotifyAccess"] == ["all"]  # READY/WATCHDOG come from cage's child
    assert (kiosk["Service.WatchdogSec"], kiosk["Service.Restart"]) == (["30"], ["always"])
    assert kiosk["Service.User"] == ["atm-ho-so"]
    assert kiosk["Service.SupplementaryGroups"] == ["video render"]  # udev hands it its devices
    assert kiosk["Service.TTYPath"] == ["/dev/tty1"]
    assert kiosk["Unit.Conflicts"] == ["getty@tty1.service"]
    assert kiosk["Service.StateDirectory"] == ["atm-ho-so"]
    assert "KIOSK_DATA_DIR=/var/lib/atm-ho-so" in kiosk["Service.Environment"]
    assert "KIOSK_CONFIG=/etc/atm-ho-so/kiosk.toml" in kiosk["Service.Environment"]
    assert "QT_QPA_PLATFORM=wayland" in kiosk["Service.Environment"]
    assert kiosk["Install.WantedBy"] == ["graphical.target"]
    # The serial ports, the GPU and the input devices must stay visible to the kiosk.
    assert "Service.PrivateDevices" not in kiosk
    assert {"char-drm rw", "char-input rw", "char-ttyUSB rw", "char-usb_device rw"} <= set(
        kiosk["Service.DeviceAllow"]
    )
    for u in (kiosk, unit(root, SYNC_UNIT)):
        assert u["Service.LoadCredentialEncrypted"] == [
            "kiosk-token:/etc/credstore.encrypted/atm-ho-so-token",
            "device-key:/etc/credstore.encrypted/atm-ho-so-device-key",
        ]


def test_sync_unit_is_ready_after_its_first_cycle_and_never_gives_up(tmp_path: Path) -> None:
    root, _ = first_install(tmp_path)
    sync = unit(root, SYNC_UNIT)
    assert sync["Service.ExecStart"] == ["/opt/atm-ho-so/venv/bin/kiosk sync"]
    assert sync["Service.Type"] == ["notify"]
    assert (sync["Service.WatchdogSec"], sync["Service.TimeoutStartSec"]) == (["120"], ["300"])
    assert (sync["Service.Restart"], sync["Unit.StartLimitIntervalSec"]) == (["always"], ["0"])
    # A damaged database (exit 3) or a broken configuration (2) is not restarted in a loop.
    assert sync["Service.RestartPreventExitStatus"] == ["2 3"]
    assert sync["Service.StateDirectory"] == ["atm-ho-so"]
    assert "KIOSK_DATA_DIR=/var/lib/atm-ho-so" in sync["Service.Environment"]
    assert sync["Unit.After"] == sync["Unit.Wants"] == ["network-online.target"]


def test_configuration_is_written_from_the_flags_and_loads(tmp_path: Path) -> None:
    root, output = first_install(tmp_path)
    path = root / CONFIG
    assert "installed  /etc/atm-ho-so/kiosk.toml" in output
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "chown root:atm-ho-so /etc/atm-ho-so/kiosk.toml" in would_run(output)
    assert "token" not in path.read_text(encoding="utf-8").split("[central]")[1].split("[")[0]
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / "kiosk-token").write_text(TOKEN, encoding="utf-8")
    settings = load_settings(str(path), env={"CREDENTIALS_DIRECTORY": str(credentials)})
    assert (settings.kiosk.id, settings.central.url, settings.central.token) == (
        "hcm-q1-01",
        "https://mc.example.gov.vn/kiosk",
        TOKEN,
    )
    # The token went into the encrypted credential, not into the configuration.
    token = str(tmp_path / "token")
    assert (
        f"systemd-creds encrypt --name=kiosk-token --with-key=auto {token}"
        " /etc/credstore.encrypted/atm-ho-so-token"
    ) in would_run(output)
    devices = settings.devices
    assert (devices.lock_bus.port, devices.printer.port, devices.scanner.port) == (
        "/dev/kiosk-locks",
        "/dev/kiosk-printer",
        "/dev/kiosk-scanner",
    )
    assert len(settings.locker.compartments) == 24  # the layout to edit, complete and valid


def test_udev_rules_pin_each_device_given(tmp_path: Path) -> None:
    root, output = first_install(tmp_path)
    rules = [
        line
        for line in (root / RULES).read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    owner = 'GROUP="atm-ho-so", MODE="0660", ENV{ID_MM_DEVICE_IGNORE}="1"'
    assert rules == [
        f'SUBSYSTEM=="tty", SYMLINK=="{LOCKS[5:]}", SYMLINK+="kiosk-locks", {owner}',
        'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ENV{ID_USB_INTERFACES}=="*:0701??:*", '
        f'SYMLINK+="kiosk-printer", {owner}',
        f'SUBSYSTEM=="tty", SYMLINK=="{SCANNER[5:]}", SYMLINK+="kiosk-scanner", {owner}',
    ]
    assert "udevadm control --reload" in would_run(output)


def test_a_device_not_given_gets_no_name_and_a_warning(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    output = install(root, *identity(tmp_path), "--locks", LOCKS)
    text = (root / RULES).read_text(encoding="utf-8")
    assert 'SYMLINK+="kiosk-locks"' in text
    assert "kiosk-printer" not in "\n".join(
        line for line in text.splitlines() if not line.startswith("#")
    )
    assert "WARNING: /dev/kiosk-printer: not pinned (--printer NAME)" in output
    # Later runs keep what was pinned and add what is given.
    install(root, "--scanner", SCANNER)
    text = (root / RULES).read_text(encoding="utf-8")
    assert 'SYMLINK+="kiosk-locks"' in text and 'SYMLINK+="kiosk-scanner"' in text


def test_an_unstable_device_name_is_refused_before_anything_changes(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    output = install(root, *identity(tmp_path), "--locks", "/dev/ttyUSB0", expect=2)
    assert "--locks /dev/ttyUSB0: give a persistent name" in output
    assert list(root.iterdir()) == []


def test_first_install_needs_the_kiosk_identity(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    output = install(root, "--kiosk-id", "k1", expect=2)
    assert "first install: give --kiosk-id, --central-url and --token-file" in output
    assert list(root.iterdir()) == []


def test_lock_down_drop_ins(tmp_path: Path) -> None:
    root, output = first_install(tmp_path)
    logind = unit(root, "etc/systemd/logind.conf.d/60-atm-ho-so.conf")
    assert (logind["Login.NAutoVTs"], logind["Login.ReserveVT"]) == (["0"], ["0"])
    journald = unit(root, "etc/systemd/journald.conf.d/60-atm-ho-so.conf")
    assert journald["Journal.Storage"] == ["persistent"]
    assert journald["Journal.SystemMaxUse"] == ["200M"]
    assert journald["Journal.MaxRetentionSec"] == ["30day"]
    sysctl = (root / "etc/sysctl.d/90-atm-ho-so.conf").read_text(encoding="utf-8")
    assert "kernel.sysrq = 0" in sysctl.splitlines()
    manager = unit(root, "etc/systemd/system.conf.d/60-atm-ho-so.conf")
    assert manager["Manager.RuntimeWatchdogSec"] == ["10s"]
    commands = would_run(output)
    assert "sysctl --load=/etc/sysctl.d/90-atm-ho-so.conf" in commands
    assert "systemctl mask ctrl-alt-del.target" in commands


def test_commands_a_first_install_would_run(tmp_path: Path) -> None:
    _, output = first_install(tmp_path)
    commands = would_run(output)
    useradd = next(c for c in commands if c.startswith("useradd "))
    assert "--system" in useradd and "--groups video,render " in useradd
    assert useradd.endswith(" atm-ho-so")
    assert "python3 -m venv /opt/atm-ho-so/venv" in commands
    pip = next(c for c in commands if " install " in c and "pip" in c)
    # From the installed copy, editable: config/ and assets/ stay beside the packages.
    assert pip.startswith("/opt/atm-ho-so/venv/bin/pip install")
    assert pip.endswith(" -e /opt/atm-ho-so/app")
    assert "systemctl enable atm-ho-so-kiosk.service atm-ho-so-sync.service" in commands
    assert "systemctl set-default graphical.target" in commands
    assert any(c.startswith("env DEBIAN_FRONTEND=noninteractive apt-get install") for c in commands)
    # A first install starts nothing (the layout is still to be edited) and migrates nothing.
    assert not [c for c in commands if c.startswith("systemctl st") or c.endswith(" migrate")]
    assert commands[-1] == "/usr/local/bin/kiosk doctor"  # with the services' credentials
    # A new device key, straight into its credential; USBGuard from the devices present.
    assert any(
        c.startswith("sh -c 'head -c 32 /dev/urandom | systemd-creds encrypt --name=device-key")
        for c in commands
    )
    assert any("usbguard generate-policy --no-hashes" in c for c in commands)
    assert "systemctl enable --now usbguard.service" in commands


def test_the_kiosk_runs_from_a_copy_of_the_release_with_its_data_files(tmp_path: Path) -> None:
    root, _ = first_install(tmp_path)
    app = root / "opt/atm-ho-so/app"
    for needed in ("pyproject.toml", "config/default.toml", "assets/fonts", "kiosk/cli.py"):
        assert (app / needed).exists(), needed
    assert (app / "assets/style/kiosk.qss").read_bytes() == (
        REPO / "assets/style/kiosk.qss"
    ).read_bytes()
    assert not list(app.rglob("__pycache__")) and not (app / "tests").exists()
    assert "unchanged  /opt/atm-ho-so/app/" in install(root)


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    output = install(root, "--dry-run", *identity(tmp_path), "--locks", LOCKS)
    assert list(root.iterdir()) == []
    assert "would install  /etc/systemd/system/atm-ho-so-kiosk.service" in output
    assert "would install  /etc/atm-ho-so/kiosk.toml" in output
    # And on an installed root, a dry run leaves every file as it was.
    first_root, _ = first_install(tmp_path)
    before = tree(first_root)
    install(first_root, "--dry-run", "--locks", SCANNER)
    assert tree(first_root) == before


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    root, _ = first_install(tmp_path)
    before = tree(root)
    output = install(root)
    assert tree(root) == before
    said = {line.split()[1]: line.split()[0] for line in output.splitlines() if "  /" in line}
    assert said == {
        "/opt/atm-ho-so/app/": "unchanged",
        "/usr/local/bin/kiosk": "unchanged",
        "/etc/atm-ho-so/": "unchanged",
        "/etc/atm-ho-so/kiosk.toml": "kept",
        "/var/lib/atm-ho-so/": "unchanged",
        "/" + RULES: "unchanged",
        "/" + KIOSK_UNIT: "unchanged",
        "/" + SYNC_UNIT: "unchanged",
        "/etc/systemd/logind.conf.d/60-atm-ho-so.conf": "unchanged",
        "/etc/systemd/system.conf.d/60-atm-ho-so.conf": "unchanged",
        "/etc/sysctl.d/90-atm-ho-so.conf": "unchanged",
        "/etc/systemd/journald.conf.d/60-atm-ho-so.conf": "unchanged",
        "/etc/credstore.encrypted/": "unchanged",
    }
    commands = would_run(output)
    for reload in ("systemctl daemon-reload", "udevadm control --reload", "sysctl --load"):
        assert not [c for c in commands if c.startswith(reload)]


def test_an_existing_user_only_gets_the_groups(tmp_path: Path) -> None:
    root, _ = first_install(tmp_path)
    (root / "etc/passwd").write_text(
        "atm-ho-so:x:999:999::/nonexistent:/usr/sbin/nologin\n", encoding="utf-8"
    )
    commands = would_run(install(root))
    # Groups an older release gave (dialout, input) are taken away, not appended to.
    assert "usermod --groups video,render atm-ho-so" in commands
    assert not [c for c in commands if c.startswith("useradd")]


def test_a_technicians_configuration_is_kept(tmp_path: Path) -> None:
    root, _ = first_install(tmp_path)
    config = root / CONFIG
    edited = config.read_text(encoding="utf-8").replace('hotline = "1900 0000"', 'hotline = "1"')
    config.write_text(edited, encoding="utf-8")
    config.chmod(0o644)
    output = install(root, *identity(tmp_path))
    assert config.read_text(encoding="utf-8") == edited
    assert "kept       /etc/atm-ho-so/kiosk.toml" in output
    assert "used only on the first install" in output
    assert stat.S_IMODE(config.stat().st_mode) == 0o640  # root:atm-ho-so, nobody else's


def test_upgrade_stops_migrates_as_the_kiosk_user_then_starts(tmp_path: Path) -> None:
    root, _ = first_install(tmp_path)
    database = root / "var/lib/atm-ho-so/kiosk.sqlite3"
    database.write_bytes(b"SQLite format 3\x00")
    commands = would_run(install(root))
    migrate = "/usr/local/bin/kiosk migrate"
    order = [
        "systemctl stop atm-ho-so-kiosk.service atm-ho-so-sync.service",
        next(c for c in commands if c.startswith("/opt/atm-ho-so/venv/bin/pip install")),
        migrate,
        "systemctl start atm-ho-so-sync.service",
        "systemctl start atm-ho-so-kiosk.service",
        migrate.replace("migrate", "doctor"),
    ]
    assert [commands.index(c) for c in order] == sorted(commands.index(c) for c in order)
    assert database.read_bytes() == b"SQLite format 3\x00"


def test_a_desktop_display_manager_is_disabled(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "etc/systemd/system").mkdir(parents=True)
    (root / "etc/systemd/system/display-manager.service").symlink_to(
        "/lib/systemd/system/lightdm.service"
    )
    output = install(root, *identity(tmp_path))
    assert "systemctl disable lightdm.service" in would_run(output)


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    # verify also checks that the programs exist: point them at one that does.
    for name in ("atm-ho-so-kiosk.service", "atm-ho-so-sync.service"):
        text = (REPO / "deploy" / "systemd" / name).read_text(encoding="utf-8")
        text = text.replace("/usr/bin/cage", "/bin/true")
        text = text.replace("/opt/atm-ho-so/venv/bin/kiosk", "/bin/true")
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = subprocess.run(
        ["systemd-analyze", "verify", "atm-ho-so-kiosk.service", "atm-ho-so-sync.service"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"},
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
@pytest.mark.parametrize("name", ["atm-ho-so-kiosk.service", "atm-ho-so-sync.service"])
def test_units_are_sandboxed_to_an_exposure_of_at_most_4(tmp_path: Path, name: str) -> None:
    shutil.copy(REPO / "deploy" / "systemd" / name, tmp_path / name)
    done = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", "--no-pager", f"./{name}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith(f"→ Overall exposure level for {name}: "), done.stdout + done.stderr
    assert float(last.split(": ")[1].split()[0]) <= 4.0, last


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="shellcheck not installed")
def test_install_script_is_shellcheck_clean() -> None:
    done = subprocess.run(["shellcheck", str(SCRIPT)], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, "")


def test_a_token_file_others_can_read_is_fixed_and_said_and_a_dry_run_says_it(
    tmp_path: Path,
) -> None:
    args = identity(tmp_path)
    token = tmp_path / "token"
    token.chmod(0o644)
    root = tmp_path / "empty"
    root.mkdir()
    output = install(root, "--dry-run", *args)
    assert f"WARNING: --token-file {token} has mode 0644: other users can read the token" in output
    assert f"would run: chmod 600 {token}" in output
    assert stat.S_IMODE(token.stat().st_mode) == 0o644  # a dry run changes nothing
    output = install(root, *args)
    assert f"mode fixed {token} (0600)" in output
    assert stat.S_IMODE(token.stat().st_mode) == 0o600


def test_an_older_installs_device_key_moves_into_its_credential(tmp_path: Path) -> None:
    root, _ = first_install(tmp_path)
    (root / "var/lib/atm-ho-so/device.key").write_bytes(bytes(32))
    commands = would_run(install(root))
    assert (
        "systemd-creds encrypt --name=device-key --with-key=auto /var/lib/atm-ho-so/device.key"
        " /etc/credstore.encrypted/atm-ho-so-device-key"
    ) in commands
    removal = next(c for c in commands if "systemd-creds decrypt" in c)
    assert "cmp -s - /var/lib/atm-ho-so/device.key && rm /var/lib/atm-ho-so/device.key" in removal


def test_an_older_installs_token_moves_from_the_configuration_into_its_credential(
    tmp_path: Path,
) -> None:
    root, _ = first_install(tmp_path)
    config = root / CONFIG
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[central]\n", '[central]\ntoken = "old-token"\n'), "utf-8")
    commands = would_run(install(root))
    move = next(c for c in commands if "--name=kiosk-token" in c)
    assert move.startswith('sh -c \'python3 -c "$1" "$2" | systemd-creds encrypt')
    assert move.endswith(" /etc/atm-ho-so/kiosk.toml /etc/credstore.encrypted/atm-ho-so-token")
    assert commands[commands.index(move) + 1] == (
        "sed -i '/^[[:space:]]*token[[:space:]]*=/d' /etc/atm-ho-so/kiosk.toml"
    )
