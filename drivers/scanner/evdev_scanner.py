"""USB-HID keyboard-wedge scanners on Linux, read with python-evdev (the optional 'hid' extra).

The device is grabbed so the typed code does not also reach the UI's focused widget.
"""

from __future__ import annotations

import logging
import select
import threading
import time
from typing import Any

from drivers.config import ScannerConfig
from drivers.errors import DeviceError, PortBusyError, PortMissingError
from drivers.interfaces import JsonDict, ScanEvent, ScanListener
from drivers.scanner.keymap import KeyDecoder
from drivers.scanner.lines import Deduplicator, decode_code

log = logging.getLogger(__name__)

EV_KEY = 1


class EvdevScanner:
    def __init__(self, config: ScannerConfig) -> None:
        self._config = config
        self._device: Any = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.reads = 0

    def start(self, listener: ScanListener) -> None:
        try:
            import evdev
        except ImportError as exc:
            raise DeviceError(
                "scanner: python-evdev is not installed (pip install 'atm-ho-so[hid]')"
            ) from exc
        path = self._config.evdev_device
        try:
            self._device = evdev.InputDevice(path)
        except FileNotFoundError as exc:
            raise PortMissingError(f"scanner: {path} does not exist (plugged in?)") from exc
        except PermissionError as exc:
            raise PortMissingError(f"scanner: no permission on {path} (group input)") from exc
        if self._config.evdev_grab:
            try:
                self._device.grab()
            except OSError as exc:
                raise PortBusyError(f"scanner: {path} is grabbed by another program") from exc
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(listener,), name="scanner-evdev", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None
        if self._device is not None:
            self._device.close()
            self._device = None

    close = stop

    def health(self) -> JsonDict:
        return {
            "online": self._thread is not None,
            "kind": "evdev",
            "port": self._config.evdev_device,
            "reads": self.reads,
        }

    def _run(self, listener: ScanListener) -> None:
        decoder = KeyDecoder(self._config.evdev_layout)
        dedupe = Deduplicator(self._config.duplicate_window_ms / 1000)
        while not self._stop.is_set():
            readable, _, _ = select.select([self._device.fd], [], [], 0.1)
            if not readable:
                continue
            try:
                events = list(self._device.read())
            except OSError as exc:  # unplugged
                log.warning("scanner: %s lost: %s", self._config.evdev_device, exc)
                return
            for event in events:
                if event.type != EV_KEY:
                    continue
                line = decoder.feed(event.code, event.value)
                text = None if line is None else decode_code(line.encode(), strip_aim=True)
                if text is not None and dedupe.accept(text, time.monotonic()):
                    self.reads += 1
                    listener(ScanEvent(text, time.time()))
