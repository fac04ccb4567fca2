"""USB-HID keyboard-wedge scanners on Linux, read with python-evdev (the optional 'hid' extra).

The device is grabbed so the typed code does not also reach the UI's focused widget.
"""

from __future__ import annotations

import logging
import select
from typing import Any

from drivers.config import ScannerConfig
from drivers.errors import DeviceError, PortBusyError, PortMissingError
from drivers.interfaces import JsonDict, ScanListener
from drivers.scanner.keymap import KeyDecoder
from drivers.scanner.lines import decode_code
from drivers.scanner.reader import ThreadedScanner

log = logging.getLogger(__name__)

EV_KEY = 1


class EvdevScanner(ThreadedScanner):
    thread_name = "scanner-evdev"

    def __init__(self, config: ScannerConfig) -> None:
        super().__init__(config)
        self._device: Any = None

    def health(self) -> JsonDict:
        return {
            "online": self._thread is not None,
            "kind": "evdev",
            "port": self._config.evdev_device,
            "reads": self.reads,
        }

    def _open(self) -> None:
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

    def _close(self) -> None:
        if self._device is not None:
            self._device.close()
            self._device = None

    def _wake(self) -> None:
        """Nothing to cut short: the reader looks at ``_stop`` every 0.1 s."""

    def _run(self, listener: ScanListener) -> None:
        decoder = KeyDecoder(self._config.evdev_layout)
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
                if text is not None:
                    self._deliver(text, listener)
