"""The simulator window's SMS tab: the messages the simulated central system sent, newest
first, each with when and to which phone (its last digits)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from hub.sim.phones import Phones
from kiosk.ui.simpanel_sms import SmsView

NOON = 1_764_738_000.0  # 2025-12-03 12:00 +07:00


def test_messages_are_listed_newest_first_as_they_arrive(qtbot: QtBot) -> None:
    clock = iter([NOON, NOON + 65])
    phones = Phones(now=lambda: next(clock))
    parent = QWidget()
    qtbot.addWidget(parent)
    view = SmsView(phones, parent)
    assert view.count() == 0
    phones.send("0901234821", "Phuong Ben Nghe: ho so A da co ket qua. Ma nhan: 11112222.")
    phones.send("0907654357", "Phuong Ben Nghe: ho so B da co ket qua. Ma nhan: 33334444.")
    qtbot.waitUntil(lambda: view.count() == 2, timeout=3000)
    shown = [view.item(i).text().split("  ", 1)[1] for i in range(view.count())]
    assert shown == [
        "to …357\nPhuong Ben Nghe: ho so B da co ket qua. Ma nhan: 33334444.",
        "to …821\nPhuong Ben Nghe: ho so A da co ket qua. Ma nhan: 11112222.",
    ]
