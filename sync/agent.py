"""The sync agent: one cycle pulls releases, pushes the outbox, pulls staff, sends a heartbeat.

It talks to the application only through the store: what it learns goes into SQLite, what it
reports comes out of the outbox, and its own state (``online``, last success, last error, the
server's poll interval) is kept in ``kv`` for the UI and ``kiosk status``.

Threads: a SQLite connection belongs to the thread that opened it, so give the agent a store
*factory* (``lambda: Store(path)``) when it runs on a worker thread; it opens the store on the
first cycle, on the thread that runs it. A ``Store`` instance works when the agent runs on the
thread that made it (``kiosk sync``, tests).

Failures are logged once when they start and once when they end (Home Assistant's update
coordinator style); between the two, ``online`` is "0" and ``last_failure`` says why
(``kiosk.store.sync_failure.SyncFailure``: the step, the kind of failure, the HTTP status).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import requests

from kiosk.clock import Clock
from kiosk.errors import ConfigError
from kiosk.services.otp_key import OtpHasher
from kiosk.settings import SIM_URL, Settings
from kiosk.store import Store, kv
from kiosk.store.sync_failure import FailureKind, SyncFailure
from sync.client import CentralClient
from sync.errors import AuthRejected, BadReply, CentralUnavailable
from sync.events import push_outbox
from sync.heartbeat import send_heartbeat
from sync.releases import pull_releases
from sync.retry import Backoff
from sync.staff import pull_staff

log = logging.getLogger(__name__)
WAIT_SLICE_S = 0.25  # how often a long wait looks at the stop event


class Step(StrEnum):
    RELEASES = "releases"
    OUTBOX = "outbox"
    STAFF = "staff"
    HEARTBEAT = "heartbeat"


@dataclass(frozen=True)
class StepResult:
    ok: bool
    detail: str  # for the log and ``kiosk sync --once``
    failure: SyncFailure | None = None  # why it failed (None for a step skipped after one)


@dataclass
class CycleReport:
    """What one cycle did, step by step (a skipped step is a failed one)."""

    steps: dict[Step, StepResult] = field(default_factory=dict)
    retry_after_s: float | None = None
    auth_rejected: bool = False

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(r.ok for r in self.steps.values())

    @property
    def first_error(self) -> str:
        return next((f"{s}: {r.detail}" for s, r in self.steps.items() if not r.ok), "")

    @property
    def first_failure(self) -> SyncFailure | None:
        return next((r.failure for r in self.steps.values() if r.failure is not None), None)

    def __str__(self) -> str:
        return "; ".join(
            f"{s} {'ok' if r.ok else 'FAILED'}: {r.detail}" for s, r in self.steps.items()
        )


class SyncAgent:
    def __init__(
        self,
        store: Store | Callable[[], Store],
        settings: Settings,
        clock: Clock,
        hasher: OtpHasher,
        session: requests.Session | None = None,
        *,
        base_url: str | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        """``base_url`` overrides ``settings.central.url`` (needed when that is ``sim:``)."""
        url = base_url or settings.central.url
        if url == SIM_URL:
            raise ConfigError(
                "central.url is sim:: start the simulator first (kiosk.commands.central.resolve)"
                " and pass its url as base_url"
            )
        self._store_source = store
        self._store: Store | None = store if isinstance(store, Store) else None
        self.settings = settings
        self.clock = clock
        self.hasher = hasher
        self.backoff = backoff or Backoff(
            settings.central.retry_base_s, settings.central.retry_cap_s
        )
        self._stop = threading.Event()
        self._wake = threading.Event()
        self.client = CentralClient(
            url,
            settings.kiosk.id,
            settings.central,
            clock=clock,
            session=session,
            backoff=self.backoff,
            wait=self._wait_for_stop,
        )
        self._started = clock.monotonic()
        self._failing: bool | None = None  # unknown until the first cycle (read from kv)
        # Called as the loop turns (between steps, in every wait): the service watchdog's proof
        # that the loop is alive. Set by run_forever.
        self._alive: Callable[[], None] = _nothing
        # The last "sync now" another process left in kv (None: not read yet).
        self._seen_request: str | None = None

    def _wait_for_stop(self, seconds: float) -> bool:
        """The client's wait between retries: in slices, so the loop still shows it is alive."""
        deadline = time.monotonic() + seconds
        # self._stop is looked up at each call: run_forever replaces it with its caller's.
        while (left := deadline - time.monotonic()) > 0:
            self._alive()
            if self._stop.wait(min(WAIT_SLICE_S, left)):
                return True
        return self._stop.is_set()

    @property
    def store(self) -> Store:
        if self._store is None:
            factory = self._store_source
            assert callable(factory)
            self._store = factory()
        return self._store

    # --- one cycle --------------------------------------------------------------------------

    def run_once(self, *, heartbeat: bool = True) -> CycleReport:
        """One full cycle; every step is tried unless the server is unreachable or refuses us."""
        store = self.store
        steps: list[tuple[Step, Callable[[], object]]] = [
            (
                Step.RELEASES,
                lambda: pull_releases(
                    store, self.client, self.hasher, self.clock, self.settings.central.page_limit
                ),
            ),
            (Step.OUTBOX, lambda: push_outbox(store, self.client, self.clock)),
            (Step.STAFF, lambda: pull_staff(store, self.client, self.clock)),
        ]
        if heartbeat:
            uptime = self.clock.monotonic() - self._started
            steps.append(
                (Step.HEARTBEAT, lambda: send_heartbeat(store, self.client, self.clock, uptime))
            )
        report = CycleReport()
        halted: str | None = None
        for step, run in steps:
            self._alive()
            if halted is not None:
                report.steps[step] = StepResult(False, f"skipped: {halted}")
                continue
            try:
                report.steps[step] = StepResult(True, str(run()))
                continue
            except AuthRejected as exc:
                report.auth_rejected = True
                halted = "the central system refused our token"
                error: CentralUnavailable = exc
            except BadReply as exc:
                # The server answers, but not sensibly here; the other steps may still work.
                error = exc
            except CentralUnavailable as exc:
                halted = "the central system is unavailable"
                report.retry_after_s = exc.retry_after_s
                error = exc
            failure = SyncFailure(error.kind, step.value, error.status)
            report.steps[step] = StepResult(False, str(error), failure)
        self._record(report)
        return report

    def _record(self, report: CycleReport) -> None:
        store = self.store
        if self._failing is None:
            self._failing = kv.get(store.conn, kv.Key.ONLINE) == "0"
        with store.transaction() as conn:
            kv.put(conn, kv.Key.ONLINE, "1" if report.ok else "0")
            if report.ok:
                kv.put(conn, kv.Key.LAST_SUCCESS_AT, self.clock.iso())
                kv.put(conn, kv.Key.LAST_FAILURE, "")
            else:
                failure = report.first_failure or SyncFailure(FailureKind.INTERNAL)
                kv.put(conn, kv.Key.LAST_FAILURE, failure.to_json())
            kv.raise_clock_floor(conn, self.clock.floor)
        if report.ok and self._failing:
            log.info("sync recovered: the central system answers again (%s)", report)
        elif not report.ok and not self._failing:
            level = logging.ERROR if report.auth_rejected else logging.WARNING
            log.log(
                level, "sync failing, working offline until it recovers: %s", report.first_error
            )
        else:
            log.debug("sync cycle: %s", report)
        self._failing = not report.ok

    # --- the loop ---------------------------------------------------------------------------

    def request_now(self) -> None:
        """Run a full cycle (with a heartbeat) as soon as possible: "sync now", an alarm."""
        self._wake.set()

    def _requested_elsewhere(self) -> bool:
        """True once per "sync now" the kiosk process left in the store (``kv.request_sync``):
        the agent may run as its own service, out of reach of ``request_now``. What was asked
        before the first look is served by the cycle that ran before it."""
        if self._store is None:
            return False
        try:
            request = kv.get(self._store.conn, kv.Key.SYNC_REQUESTED, "")
        except sqlite3.Error as exc:
            log.debug("cannot look for a sync request: %s", exc)  # the next cycle says why
            return False
        seen, self._seen_request = self._seen_request, request
        return seen is not None and request != seen

    def run_forever(
        self,
        stop: threading.Event,
        *,
        on_cycle: Callable[[CycleReport], None] | None = None,
        alive: Callable[[], None] | None = None,
    ) -> None:
        """Cycle at the server's poll interval until ``stop`` is set; back off while failing.

        ``on_cycle`` hears every cycle's report; ``alive`` is called at least every
        ``WAIT_SLICE_S`` while the loop waits and between the steps of a cycle (both for the
        service manager: ready, status, watchdog)."""
        self._stop = stop
        self._alive = alive or _nothing
        failures = 0
        next_heartbeat = 0.0
        not_before = 0.0
        broken = ""  # the last unexpected failure, told once
        while not stop.is_set():
            try:
                failures, next_heartbeat, not_before = self._turn(
                    stop, failures, next_heartbeat, not_before, on_cycle
                )
                broken = ""
            except Exception as exc:
                # A full disk or a bug must not end sync for good on a kiosk nobody watches:
                # say it loudly (once, with the traceback), record that we are offline, back
                # off, try again.
                again = str(exc) == broken
                broken = str(exc)
                log.log(
                    logging.DEBUG if again else logging.ERROR,
                    "sync cycle failed unexpectedly; retrying later",
                    exc_info=not again,
                )
                self.record_broken(exc)
                self._sleep(stop, self.backoff.ceiling(failures), not_before)
                failures += 1

    def _turn(
        self,
        stop: threading.Event,
        failures: int,
        next_heartbeat: float,
        not_before: float,
        on_cycle: Callable[[CycleReport], None] | None,
    ) -> tuple[int, float, float]:
        """One cycle and the wait after it; returns the loop's state for the next."""
        now = time.monotonic()
        forced = self._wake.is_set()
        self._wake.clear()
        beat = forced or now >= next_heartbeat
        report = self.run_once(heartbeat=beat)
        if on_cycle is not None:
            on_cycle(report)
        if beat and report.steps.get(Step.HEARTBEAT, StepResult(False, "")).ok:
            next_heartbeat = now + self.settings.central.heartbeat_interval_s
        if report.ok:
            failures = 0
            delay = min(self.poll_interval_s(), max(next_heartbeat - time.monotonic(), 0))
        elif report.auth_rejected:
            delay = self.settings.central.retry_cap_s
        else:
            delay = max(self.backoff.delay(failures), self.settings.central.retry_base_s)
            failures += 1
        if report.retry_after_s is not None:
            not_before = time.monotonic() + report.retry_after_s
            delay = max(delay, report.retry_after_s)
        self._sleep(stop, delay, not_before)
        return failures, next_heartbeat, not_before

    def record_broken(self, exc: BaseException) -> None:
        """Sync itself failed (not the central system): ``online`` "0" and why, for the UI,
        ``kiosk status`` and the heartbeat; never raises (the store may be what failed). The
        exception itself is for the log (the caller's)."""
        try:
            record_offline(self.store, SyncFailure(FailureKind.INTERNAL))
        except Exception:
            log.exception("cannot even record that sync is offline")
        self._failing = True

    def poll_interval_s(self) -> float:
        value = kv.get(self.store.conn, kv.Key.POLL_INTERVAL_S)
        try:
            return float(value) if value else self.settings.central.poll_interval_s
        except ValueError:
            return self.settings.central.poll_interval_s

    def _sleep(self, stop: threading.Event, delay: float, not_before: float) -> None:
        """Wait ``delay`` seconds; ``request_now`` cuts it short, but never before
        ``not_before`` (a server's Retry-After is honoured even for "sync now")."""
        deadline = time.monotonic() + delay
        while not stop.is_set():
            self._alive()
            if self._requested_elsewhere():
                self._wake.set()
            now = time.monotonic()
            if now >= deadline:
                return
            if not self._wake.is_set():
                self._wake.wait(min(WAIT_SLICE_S, deadline - now))
            elif now >= not_before:
                return
            else:
                stop.wait(min(WAIT_SLICE_S, not_before - now))

    def start_thread(self, stop: threading.Event) -> threading.Thread:
        """Run the loop on a new thread named "sync-agent"; join it after setting ``stop``."""
        thread = threading.Thread(target=self.run_forever, args=(stop,), name="sync-agent")
        thread.start()
        return thread


def record_offline(store: Store, why: SyncFailure) -> None:
    """``online`` "0" with ``why`` as the last failure (what the agent records when a cycle
    fails, for whoever finds sync broken before or around the agent)."""
    with store.transaction() as conn:
        kv.put(conn, kv.Key.ONLINE, "0")
        kv.put(conn, kv.Key.LAST_FAILURE, why.to_json())


def _nothing() -> None:
    pass
