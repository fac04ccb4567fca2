"""``atm-hub`` as a person runs it: the real command in its own process, on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

OTP_IN_SMS = re.compile(r"Ma nhan: ([0-9]{8})")


def hub_env(data_dir: Path, database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATM_HUB_")}
    return env | {"ATM_HUB_DATA_DIR": str(data_dir), "ATM_HUB_DATABASE": database}


def atm_hub(env: dict[str, str], *args: str) -> Any:
    """Run one ``atm-hub`` command to completion; its JSON output."""
    done = subprocess.run(
        [sys.executable, "-m", "hub", *args, "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


@dataclass
class HubProcess:
    """``atm-hub serve --port 0`` running; ``url`` from the line it prints once bound."""

    env: dict[str, str]
    sms_file: Path
    log_file: Path
    extra: tuple[str, ...] = ()
    proc: subprocess.Popen[str] | None = None
    url: str = ""
    session: requests.Session = field(default_factory=requests.Session)

    def start(self) -> HubProcess:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hub",
                "serve",
                "--port",
                "0",
                "--sms",
                f"file:{self.sms_file}",
                *self.extra,
            ],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=self.log_file.open("a"),
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        match = re.search(r"serving at (http://\S+)", line)
        assert match, f"atm-hub serve did not start: {line!r}\n{self.log()}"
        self.url = match.group(1)
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None and self.proc.stdout is not None:
            self.proc.stdout.close()

    def log(self) -> str:
        return self.log_file.read_text() if self.log_file.exists() else ""

    # --- what the one-stop system does ----------------------------------------------------

    def call(self, method: str, path: str, key: str, body: Any = None) -> requests.Response:
        return self.session.request(
            method,
            self.url + path,
            json=body,
            headers={"Authorization": f"Bearer {key}"},
            timeout=10,
        )


def sms_lines(path: Path, to: str) -> list[dict[str, str]]:
    if not path.exists():
        return []
    lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [m for m in lines if m["to"] == to]


def wait_for_sms(path: Path, to: str, count: int, timeout_s: float = 10.0) -> list[dict[str, str]]:
    """The messages to ``to`` once there are ``count`` (the sender runs beside the requests)."""
    deadline = time.monotonic() + timeout_s
    while True:
        lines = sms_lines(path, to)
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def otp_of(message: dict[str, str]) -> str:
    match = OTP_IN_SMS.search(message["text"])
    assert match, message
    return match.group(1)
