"""The hub's rules on its own database, in-process on SQLite: codes unique among a kiosk's
active releases, expiry deleting the code, SMS superseded when their code stopped working."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from hub import releases
from hub.context import Hub
from hub.crypto import HubKeys
from hub.db import open_engine
from hub.fleet import add_kiosk
from hub.migrate import upgrade
from hub.schema import releases as release_table
from hub.schema import sms
from hub.server import housekeeping
from hub.sms import SmsWorker

FUTURE = "2099-01-01T17:00:00+07:00"


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, to: str, text: str) -> None:
        self.sent.append((to, text))


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    engine = open_engine(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    upgrade(engine)
    made = Hub(engine, HubKeys.load(tmp_path))
    with engine.begin() as conn:
        add_kiosk(conn, made, "k1", "Phường Bến Nghé")
    yield made
    engine.dispose()


def release(hub: Hub, n: int, expires_at: str = FUTURE) -> str:
    new = releases.NewRelease(
        "k1",
        f"000.00.07.H29-251123-{n:04d}",
        "Đăng ký khai sinh",
        "Nguyễn Văn An",
        "0912345821",
        expires_at,
    )
    with hub.engine.begin() as conn:
        return releases.create(conn, hub, new, "test")[0]


def test_a_code_in_use_is_never_given_twice(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    draws = iter([48213377, 48213377, 48213377, 11112222])
    monkeypatch.setattr(releases.secrets, "randbelow", lambda _n: next(draws))
    first, second = release(hub, 1), release(hub, 2)
    worker = SmsWorker(hub, recorder := Recorder())
    assert worker.send_due() == 2
    assert [text.split("Ma nhan: ")[1][:8] for _, text in recorder.sent] == ["48213377", "11112222"]
    assert first != second


def test_expiry_deletes_the_code_and_supersedes_its_sms(hub: Hub) -> None:
    release_id = release(hub, 1, "2099-01-01T17:00:00+07:00")
    real_now = hub.now
    hub.now = lambda: real_now() + 100 * 365 * 86_400  # after 2099
    housekeeping(hub)
    with hub.engine.connect() as conn:
        row = conn.execute(
            select(release_table).where(release_table.c.release_id == release_id)
        ).one()
        queued = conn.execute(select(sms.c.state, sms.c.text_enc)).all()
    assert (row.state, row.otp_enc, row.otp_tag) == ("expired", None, None)
    assert queued == [("superseded", None)]
    assert SmsWorker(hub, Recorder()).send_due() == 0
