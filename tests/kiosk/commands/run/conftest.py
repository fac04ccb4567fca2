"""A stand-in for systemd's ends of the notify and journal sockets: real datagram sockets."""

from __future__ import annotations

import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


class DatagramSink:
    """A bound AF_UNIX datagram socket, read like systemd reads NOTIFY_SOCKET."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.received: list[bytes] = []

    def drain(self, timeout: float = 0.05) -> list[bytes]:
        """Whatever arrives within ``timeout`` of the last datagram."""
        self.sock.settimeout(timeout)
        got = []
        while True:
            try:
                got.append(self.sock.recv(1 << 20))
            except TimeoutError:
                break
        self.received += got
        return got

    def wait_for(self, needle: bytes, timeout: float) -> bytes:
        """The first datagram (from now on) containing ``needle``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.sock.settimeout(max(deadline - time.monotonic(), 0.001))
            try:
                data = self.sock.recv(1 << 20)
            except TimeoutError:
                break
            self.received.append(data)
            if needle in data:
                return data
        raise AssertionError(f"no {needle!r} within {timeout} s; got {self.received[-5:]}")

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def sink() -> Iterator[DatagramSink]:
    # A short directory: a socket path must fit in 108 bytes, pytest's tmp_path may not.
    with tempfile.TemporaryDirectory(prefix="sd-") as folder:
        opened = DatagramSink(Path(folder) / "notify")
        yield opened
        opened.close()
