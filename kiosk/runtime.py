"""Everything that runs behind the screen, built once in ``main()`` and handed to the UI.

Threads, and why each exists:
- ``services``: one thread owns the SQLite connection and runs every state change and every
  door command, in order. Door reports (opened, closed) for one compartment therefore can never
  overtake each other, and the UI thread never waits on SQLite or a serial port.
- ``io``: printing and HTTP look-ups (the central system's dossier check), which may take
  seconds and must not hold up a door.
- the drivers' own threads (door monitor, scanner), whose callbacks only hand work over;
  started, lent to commissioning and taken back by ``Listening`` (kiosk/listening.py).
- the sync agent, with its own connection, talking to the application only through the store.
- ``housekeeping``: hands the retention purges to the services thread one batch at a time, and
  deletes old backup and log files itself.

The UI calls methods that return ``concurrent.futures.Future``s and registers listeners that are
called on worker threads; ``kiosk.ui`` turns both into Qt signals.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from drivers.errors import DeviceError
from drivers.interfaces import (
    BoardStatus,
    DoorEvent,
    DoorEventKind,
    Receipt,
    ScanEvent,
    UnlockResult,
)
from drivers.registry import Devices, build_devices
from kiosk.clock import Clock
from kiosk.device_health import summarize
from kiosk.domain import Size
from kiosk.errors import DatabaseDamaged, DatabaseTooNew
from kiosk.listening import Listening
from kiosk.services import diagnostics, door_events, housekeeping
from kiosk.services.core import Services, open_checked_store, open_services, open_store
from kiosk.services.door_events import (
    DoorNotice,
    DoorNoticeKind,
    DoorOutcome,
    DoorStatus,
    PrintOutcome,
    Withdrawal,
)
from kiosk.services.doors import DoorGrant, DoorReading
from kiosk.settings import Settings
from kiosk.store import kv

if TYPE_CHECKING:
    from sync.agent import SyncAgent

# The door and print outcomes the screens receive are decided in kiosk.services.door_events.
__all__ = [
    "DoorNotice",
    "DoorNoticeKind",
    "DoorOutcome",
    "KioskRuntime",
    "PrintOutcome",
    "Withdrawal",
]

log = logging.getLogger(__name__)

T = TypeVar("T")
#: Device health is published at least this often (for ``kiosk status``, doctor, heartbeats).
HEALTH_INTERVAL_S = 15.0
#: A sync agent that stopped (not the central system: the agent itself) is started again after.
SYNC_RESTART_S = 30.0


def _log_failure(future: Future[Any]) -> None:
    """Work nobody waits for must not fail silently."""
    exc = future.exception()
    if exc is not None:
        log.error("background work failed", exc_info=exc)


class KioskRuntime:
    def __init__(
        self,
        settings: Settings,
        devices: Devices,
        clock: Clock | None = None,
        on_stop: Callable[[], None] | None = None,
    ) -> None:
        self.settings = settings
        self._on_stop = on_stop
        self.devices = devices
        self._clock = clock
        self._services: Services | None = None
        self._worker = ThreadPoolExecutor(1, "services", initializer=self._open_services)
        self._io = ThreadPoolExecutor(2, "io")
        self._labels = {(c.board, c.lock): c.label for c in settings.locker.compartments}
        self._door_listeners: list[Callable[[DoorNotice], None]] = []
        self._scan_listeners: list[Callable[[str], None]] = []
        self._stop = threading.Event()
        # The door monitor and the scanner: the kiosk's, or lent to commissioning.
        self.listening = Listening(
            devices,
            settings.locker.boards(),
            self.call,
            self._on_door_event,
            self._on_scan,
            self._stop,
        )
        self._threads: list[threading.Thread] = []
        # The running sync agent, for "sync now"; set by ``_run_sync`` on the sync thread.
        self._sync_agent: SyncAgent | None = None
        self._probe: Future[None] | None = None
        self._damaged: DatabaseDamaged | DatabaseTooNew | None = None

    # --- life cycle -------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        settings: Settings,
        clock: Clock | None = None,
        on_stop: Callable[[], None] | None = None,
    ) -> KioskRuntime:
        """Devices from the configuration. ``settings.central.url`` is a real URL: a command
        resolves ``sim:`` first (kiosk/commands/central.py) and passes the simulator's stop as
        ``on_stop``."""
        devices = build_devices(settings.devices, settings.locker.boards())
        return cls(settings, devices, clock, on_stop)

    def start(self, with_sync: bool = True) -> list[str]:
        """Reconcile doors left mid-command by a crash, then start listening to the devices.

        Returns what reconciliation decided (for the log and the technician's screen). Raises
        ``DatabaseDamaged`` when SQLite's quick check fails, ``DatabaseTooNew`` for a database
        from a newer release: then nothing is started.
        """
        self._worker.submit(lambda: None).result()  # the services thread has opened the store
        if self._damaged is not None:
            raise self._damaged
        decisions = self.listening.start()
        self._spawn("health", self._publish_health_loop)
        self._spawn("housekeeping", self._housekeeping_loop)
        if with_sync:
            self._spawn("sync", self._run_sync)
        return decisions

    def stop(self) -> None:
        self._stop.set()
        if (agent := self._sync_agent) is not None:
            agent.request_now()  # its wait ends now, not when it next looks at the stop event
        self.listening.stop()
        for thread in self._threads:
            thread.join(timeout=5)
        self._io.shutdown(wait=True)
        self._worker.submit(self._close_services).result()
        self._worker.shutdown(wait=True)
        self.devices.close()
        if self._on_stop is not None:
            self._on_stop()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    # --- listeners (called on worker threads) -------------------------------------------------

    def add_door_listener(self, listener: Callable[[DoorNotice], None]) -> None:
        self._door_listeners.append(listener)

    def add_scan_listener(self, listener: Callable[[str], None]) -> None:
        self._scan_listeners.append(listener)

    # --- work for the screens --------------------------------------------------------------

    def call(self, fn: Callable[[Services], T]) -> Future[T]:
        """Run ``fn(services)`` on the services thread (any state change goes through here)."""

        def run() -> T:
            assert self._services is not None
            return fn(self._services)

        return self._worker.submit(run)

    def pickup(
        self, otp: str, dossier_code: str | None = None, phone_digits: str | None = None
    ) -> Future[DoorOutcome]:
        return self.call(
            lambda s: self._open(s, s.citizen_doors.begin_pickup(otp, dossier_code, phone_digits))
        )

    def dropoff(
        self,
        dossier_code: str,
        size: Size | None,
        verified: bool,
        procedure_name: str | None = None,
        low_only: bool = False,
    ) -> Future[DoorOutcome]:
        return self.call(
            lambda s: self._open(
                s,
                s.citizen_doors.begin_dropoff(
                    dossier_code, size, verified, procedure_name, low_only
                ),
            )
        )

    def papers_left(self, compartment: str) -> Future[bool]:
        """The citizen left a pickup door shut on the papers: staff are told at once."""

        def report(services: Services) -> bool:
            raised = services.doors.papers_left(compartment)
            if raised:
                self.sync_now()
            return raised

        return self.call(report)

    def withdraw_dropoff(self, grant: DoorGrant) -> Future[Withdrawal]:
        """The citizen takes back the drop-off whose door is open: noted on its intent, with
        whether the item sensor sees papers inside now (the board read on the services thread,
        like an unlock)."""

        def withdraw(services: Services) -> Withdrawal:
            reading: DoorReading | None = None
            try:
                lock = self.devices.locks.read_board(grant.board).lock(grant.lock)
                reading = DoorReading(open=not lock.closed, item=lock.item)
            except DeviceError as exc:
                log.warning("door %s not read for its withdrawal: %s", grant.compartment, exc)
            return door_events.withdraw(services, grant, reading)

        return self.call(withdraw)

    def open_granted(self, begin: Callable[[Services], DoorGrant]) -> Future[DoorOutcome]:
        """Staff and technician door operations: ``begin`` journals the intent."""
        return self.call(lambda s: self._open(s, begin(s)))

    @property
    def clock(self) -> Clock:
        """The kiosk's clock: the services' and the UI's timers' (kiosk/ui/timers.py)."""
        assert self._clock is not None, "the runtime has not started"
        return self._clock

    def now(self) -> datetime:
        """The kiosk's time (monotonic, never below the newest server time), for receipts."""
        return self.clock.now()

    def rate(self, score: int, dossier_code: str | None, release_id: str | None) -> Future[None]:
        return self.call(lambda s: s.citizen_doors.submit_rating(score, dossier_code, release_id))

    def print_receipt(self, receipt: Receipt) -> Future[PrintOutcome]:
        return self._io.submit(self._print, receipt)

    def check_dossier(self, dossier_code: str) -> Future[Any]:
        """The central system's view of a dossier (``sync.wire.DossierInfo``) or None if it
        does not know it; the Future raises ``CentralUnavailable`` when it cannot be asked."""
        return self._io.submit(self._central_client().get_dossier, dossier_code)

    # --- doors ------------------------------------------------------------------------------

    def _open(self, services: Services, grant: DoorGrant) -> DoorOutcome:
        result: UnlockResult | DeviceError
        try:
            result = self.devices.locks.unlock(grant.board, grant.lock)
        except DeviceError as exc:
            result = exc
        outcome, decided = door_events.after_unlock(services, grant, result)
        self._decided(decided)
        if outcome.status is DoorStatus.UNKNOWN:
            self._spawn(f"settle-{grant.compartment}", partial(self._settle_unconfirmed, grant))
        return outcome

    def _settle_unconfirmed(self, grant: DoorGrant) -> None:
        """Read the board of an unknown unlock until it answers, then settle the intent (on
        the services thread, after the door events that reading produced)."""
        interval = self.settings.devices.lock_bus.poll_interval_ms / 1000
        status = self._read_until_answered(grant.board, interval)
        if status is None:
            return  # stopping: the next start-up settles it
        settle = partial(door_events.settle_unconfirmed, grant=grant, status=status)
        self.call(lambda s: self._decided(settle(s))).add_done_callback(_log_failure)

    def _read_until_answered(self, board: int, interval: float) -> BoardStatus | None:
        while not self._stop.is_set():
            try:
                return self.devices.locks.read_board(board)
            except DeviceError:
                self._stop.wait(interval)
        return None

    def _on_door_event(self, event: DoorEvent) -> None:
        # Called on the monitor thread: hand over to the services thread at once.
        self._worker.submit(self._handle_door_event, event).add_done_callback(_log_failure)

    def _handle_door_event(self, event: DoorEvent) -> None:
        services = self._services
        assert services is not None
        if event.lock is None:
            self._decided(door_events.on_board_event(services, event))
            if event.kind is DoorEventKind.BOARD_ONLINE:
                self._board_returned(services, event.board)
            return
        label = self._labels.get((event.board, event.lock))
        if label is None:
            return
        # The bus reports no item (None) for a board without trusted item sensors.
        self._decided(door_events.on_door_event(services, event, label, event.item))

    def _board_returned(self, services: Services, board: int) -> None:
        """Settle the doors a board's absence put out of service, from a fresh reading (on the
        services thread: after the door events of the reading that brought it back)."""
        try:
            status = self.devices.locks.read_board(board)
        except DeviceError as exc:
            log.info("board %d answered, then not again: its doors wait (%s)", board, exc)
            return
        self._decided(door_events.board_returned(services, status, self._labels))

    def _decided(self, decided: door_events.Decided) -> None:
        """Tell the screens; a new alarm goes out with a heartbeat at once."""
        if decided.alert:
            try:
                self.devices.locks.raise_alert()
            except DeviceError as exc:
                log.error("alert output not switched: %s", exc)
        if decided.alarmed:
            self.sync_now()
        for notice in decided.notices:
            for listener in self._door_listeners:
                listener(notice)

    # --- scanner, printer, health -----------------------------------------------------------

    def _on_scan(self, event: ScanEvent) -> None:
        for listener in self._scan_listeners:
            listener(event.text)

    def _print(self, receipt: Receipt) -> PrintOutcome:
        error: DeviceError | None = None
        try:
            self.devices.printer.print_receipt(receipt)
        except DeviceError as exc:
            error = exc
        code = receipt.dossier_code
        outcome = self.call(lambda s: door_events.after_print(s, code, error))
        if error is not None:
            self.sync_now()  # the printer's alarm goes out with a heartbeat at once
        return outcome.result()

    def _publish_health_loop(self) -> None:
        """Device health every ``HEALTH_INTERVAL_S``, and at once when a device's verdict
        changes (a port missing at boot that appears, a printer switched off): logged once
        per change, not on every look."""
        verdicts: dict[str, tuple[str, str | None]] = {}
        published_at = float("-inf")
        while not self._stop.is_set():
            try:
                self.devices.printer.status()  # health() reports the last status check
                summary = summarize(self.devices.health())
            except Exception:  # a driver's bug must not end device health for good
                log.exception("device health check failed")
                summary = {}
            now = {name: (d["state"], d.get("reason")) for name, d in summary.items()}
            for name, (state, reason) in now.items():
                if verdicts.get(name, ("ok", None))[0] != state:
                    level = logging.INFO if state == "ok" else logging.WARNING
                    log.log(level, "device %s: %s (%s)", name, state, reason or "working")
            changed, verdicts = now != verdicts, now
            if summary and (changed or time.monotonic() - published_at >= HEALTH_INTERVAL_S):
                published_at = time.monotonic()
                health = json.dumps(summary, ensure_ascii=False)
                self.call(partial(self._put_health, health=health)).add_done_callback(_log_failure)
            self._stop.wait(self.settings.devices.check_interval_ms / 1000)

    @staticmethod
    def _put_health(services: Services, health: str) -> None:
        ctx = services.ctx
        with ctx.store.transaction() as conn:
            kv.put(conn, kv.Key.DEVICE_HEALTH, health)
            kv.put(conn, kv.Key.DEVICE_HEALTH_AT, repr(ctx.clock.timestamp()))
            diagnostics.note_health(conn, ctx.clock, json.loads(health))
            # The sync agent may run as its own service: learn the newest server time it saw.
            ctx.clock.raise_floor(kv.clock_floor(conn))

    def _housekeeping_loop(self) -> None:
        """What the retention settings say is due, at start-up and every
        ``retention.purge_interval_min`` (kiosk/services/housekeeping.py)."""
        while not self._stop.is_set():
            try:
                housekeeping.run_due(self.call, self.settings, self._stop)
            except Exception:  # a failed pass is retried at the next interval
                log.exception("housekeeping failed")
            self._stop.wait(self.settings.retention.purge_interval_min * 60)

    # --- sync ------------------------------------------------------------------------------

    def _central_client(self) -> Any:
        from sync.client import CentralClient

        central = self.settings.central
        return CentralClient(central.url, self.settings.kiosk.id, central, clock=self._clock)

    def _run_sync(self) -> None:
        """The sync agent's loop on this thread. It never ends silently: whatever stops it
        (a bug, a store that cannot be opened) is logged, recorded as offline, and the agent
        is started again after ``SYNC_RESTART_S``."""
        from kiosk.store.sync_failure import FailureKind, SyncFailure
        from sync.agent import SyncAgent, record_offline

        while not self._stop.is_set():
            store = None
            try:
                store = open_store(self.settings)
                services_ready = self.call(lambda s: s.ctx).result()
                agent = SyncAgent(store, self.settings, services_ready.clock, services_ready.hasher)
                self._sync_agent = agent
                agent.run_forever(self._stop)
            except Exception:
                log.exception("the sync agent stopped; starting it again in %g s", SYNC_RESTART_S)

                def note(services: Services) -> None:
                    record_offline(services.ctx.store, SyncFailure(FailureKind.INTERNAL))

                self.call(note).add_done_callback(_log_failure)
                self._stop.wait(SYNC_RESTART_S)
            finally:
                self._sync_agent = None
                if store is not None:
                    store.close()

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    # --- the services thread's own connection --------------------------------------------------

    def _open_services(self) -> None:
        try:
            store = open_checked_store(self.settings)
        except (DatabaseDamaged, DatabaseTooNew) as exc:
            self._damaged = exc  # raised by start(): an initializer's exception would be lost
            return
        self._services = open_services(self.settings, self._clock, store)
        self._clock = self._services.ctx.clock

    def _close_services(self) -> None:
        if self._services is not None:
            self._services.close()

    # --- for the staff and technician screens, and alarms -------------------------------------

    def run_io(self, fn: Callable[[], T]) -> Future[T]:
        """Run ``fn()`` on the io pool: device reads and tests, file exports."""
        return self._io.submit(fn)

    def sync_now(self) -> None:
        """Ask the sync agent for a full cycle at once: the one on our sync thread, or the one
        running as its own service (through the store)."""
        agent = self._sync_agent
        if agent is not None:
            agent.request_now()
            return
        self.call(self._request_sync).add_done_callback(_log_failure)

    @staticmethod
    def _request_sync(services: Services) -> None:
        with services.ctx.store.transaction() as conn:
            kv.request_sync(conn)

    def services_responsive(self) -> bool:
        """True when the services thread has done the previous call of this (and then queues
        the next): the service watchdog stops vouching for a kiosk whose services thread hangs
        (a door command or a lock that never returns), not only for a frozen screen."""
        probe = self._probe
        if probe is not None and not probe.done():
            return False
        self._probe = self._worker.submit(lambda: None)
        return True
