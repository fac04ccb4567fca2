"""The systemd service notification protocol (sd_notify(3)) in plain Python.

``Type=notify`` units learn from these datagrams that the kiosk is ready (``READY=1``), what it
is doing (``STATUS=``, shown by ``systemctl status``) and that it is still alive
(``WATCHDOG=1``): a unit with ``WatchdogSec=`` is killed and restarted when the pings stop.
The protocol is one datagram of ``KEY=value`` lines to the socket named in ``NOTIFY_SOCKET``;
that is all a library would do for us, so we do it here and depend on nothing.

Outside systemd (run by hand, the demo, tests) ``NOTIFY_SOCKET`` is unset and every call does
nothing.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Mapping

log = logging.getLogger(__name__)


def watchdog_interval_s(environ: Mapping[str, str], pid: int, parent_pid: int) -> float | None:
    """The ``WatchdogSec=`` systemd asks us to honour, or None when there is no watchdog.

    systemd names the process it watches in ``WATCHDOG_PID``: the unit's main process. The
    kiosk UI runs as the only client of the ``cage`` compositor, which is the main process, so
    the watchdog is also ours when ``WATCHDOG_PID`` names our parent (the unit sets
    ``NotifyAccess=all`` so that systemd takes the pings from us).
    """
    usec = environ.get("WATCHDOG_USEC", "")
    if not usec.isdigit() or int(usec) == 0:
        return None
    watched = environ.get("WATCHDOG_PID", "")
    if watched and watched not in (str(pid), str(parent_pid)):
        return None
    return int(usec) / 1_000_000


class ServiceNotifier:
    """Tells systemd about the service's life; a no-op when not run by systemd."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET", "")
        # "@name" is a socket in the abstract namespace, spelled with a leading NUL byte.
        self._address = "\0" + address[1:] if address.startswith("@") else address
        self.watchdog_s = watchdog_interval_s(env, os.getpid(), os.getppid())
        self._socket: socket.socket | None = None
        self._failing = False
        if self._address:
            self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    @property
    def enabled(self) -> bool:
        return self._socket is not None

    def ready(self, status: str) -> None:
        self._send(f"READY=1\nSTATUS={status}")
        log.info("ready: %s", status)

    def status(self, text: str) -> None:
        self._send(f"STATUS={text}")

    def watchdog(self) -> None:
        self._send("WATCHDOG=1")

    def stopping(self, status: str) -> None:
        self._send(f"STOPPING=1\nSTATUS={status}")

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def _send(self, message: str) -> None:
        # No lock: a datagram send is atomic, and a lock here would deadlock a signal handler
        # that interrupts a send to send (the worst a race does is log a failure twice).
        if self._socket is None:
            return
        try:
            self._socket.sendto(message.encode(), self._address)
        except OSError as exc:
            # systemd gone (shutdown) or a wrong socket: the kiosk keeps serving; say it once.
            if not self._failing:
                log.warning("cannot notify systemd at %s: %s", self._address, exc)
            self._failing = True
            return
        if self._failing:
            log.info("systemd notifications work again")
        self._failing = False


class WatchdogPinger:
    """``WATCHDOG=1`` at half the interval, sent only from the loop it vouches for.

    The loop calls ``alive()`` as it turns (the UI's timer, the sync agent's waits): when the
    loop hangs, the calls stop, the pings stop, and systemd restarts the service.
    """

    def __init__(
        self, notifier: ServiceNotifier, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._notifier = notifier
        self._monotonic = monotonic
        interval = notifier.watchdog_s if notifier.enabled else None
        self.period_s = interval / 2 if interval else None
        self._last: float | None = None

    def alive(self) -> None:
        if self.period_s is None:
            return
        now = self._monotonic()
        if self._last is None or now - self._last >= self.period_s:
            self._last = now
            self._notifier.watchdog()
