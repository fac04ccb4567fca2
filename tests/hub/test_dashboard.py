"""The dashboard in a real Chromium (Debian's chromium and chromedriver, through Selenium):
sign in, a kiosk going offline when its heartbeats stop, an alarm acknowledged, a result
released with the form and its SMS found, the ratings chart, a staff badge and PIN."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
import requests

from hub.cli import main as hub_main
from hub.crypto import pbkdf2_matches
from kiosk.services import staff_auth
from tests.hub.hubproc import HubProcess, hub_env, otp_of, wait_for_sms
from tests.hub.kiosks import Kiosk
from tests.hub.test_kiosk_api import kiosk_call

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.wait import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.slow  # run first (tests/conftest.py)

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PASSWORD = "mat-khau-rat-dai-2026"
OFFLINE_AFTER_S = 3.0


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """A hub of its own on SQLite (the pages read through the same code as the APIs, tested on
    both databases), quick to call a kiosk offline."""
    hub_dir = tmp_path_factory.mktemp("dashboard")
    env = hub_env(hub_dir / "data", f"sqlite:///{hub_dir / 'hub.sqlite3'}")
    env |= {"ATM_HUB_OFFLINE_AFTER_S": str(OFFLINE_AFTER_S)}
    running = HubProcess(env, hub_dir / "sms.jsonl", hub_dir / "hub.log").start()
    password_file = hub_dir / "password"
    password_file.write_text(PASSWORD + "\n")
    with mock.patch.dict(os.environ, env, clear=True), contextlib.redirect_stdout(io.StringIO()):
        assert hub_main(["admin", "add", "canbo", "--password-file", str(password_file)]) == 0
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Debian's chromium and chromium-driver are not installed (scripts/setup.sh)")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="hub-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.implicitly_wait(2)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def navigate(d: webdriver.Chrome, element: WebElement) -> None:
    """Click what loads a new page, and wait until the old one is gone."""
    old = d.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(d, 10).until(lambda _: _gone(old))


def _gone(old: WebElement) -> bool:
    """Whether the page ``old`` belongs to has been replaced. Asked mid-navigation, chromedriver
    may answer "Node with given id does not belong to the document" instead of a stale element:
    gone as well."""
    try:
        return bool(expected_conditions.staleness_of(old)(None))
    except WebDriverException as exc:
        if "does not belong to the document" in str(exc):
            return True
        raise


def sign_in(driver: object, hub: HubProcess) -> None:
    d: webdriver.Chrome = driver  # type: ignore[assignment]
    d.get(f"{hub.url}/")
    assert "/login" in d.current_url
    d.find_element(By.ID, "username").send_keys("canbo")
    d.find_element(By.ID, "password").send_keys("wrong password")
    navigate(d, d.find_element(By.ID, "sign-in"))
    assert "Sai tên đăng nhập" in d.find_element(By.ID, "login-error").text
    d.find_element(By.ID, "username").send_keys("canbo")
    d.find_element(By.ID, "password").send_keys(PASSWORD)
    navigate(d, d.find_element(By.ID, "sign-in"))
    assert d.find_element(By.TAG_NAME, "h1").text.startswith("Thiết bị")


def test_fleet_offline_alarm_ack_and_release_form(
    hub: HubProcess, browser: object, kiosk: Kiosk
) -> None:
    d: webdriver.Chrome = browser  # type: ignore[assignment]
    sign_in(d, hub)
    status, out = kiosk.sync()  # a heartbeat
    assert status == 0, out
    d.get(f"{hub.url}/")
    row = d.find_element(By.ID, f"kiosk-{kiosk.kiosk_id}")
    assert "Trực tuyến" in row.find_element(By.CLASS_NAME, "status").text
    time.sleep(OFFLINE_AFTER_S + 0.5)  # no heartbeat since
    d.refresh()
    row = d.find_element(By.ID, f"kiosk-{kiosk.kiosk_id}")
    assert "Mất kết nối" in row.find_element(By.CLASS_NAME, "status").text

    # An alarm raised at the kiosk shows on the fleet and is acknowledged on the kiosk's page.
    kiosk.report("alarm.raised", actor="kiosk", compartment="A03", data={"kind": "door_forced"})
    assert kiosk.sync()[0] == 0
    d.refresh()
    row = d.find_element(By.ID, f"kiosk-{kiosk.kiosk_id}")
    assert row.find_element(By.CLASS_NAME, "alarms").text == "1"
    navigate(d, row.find_element(By.LINK_TEXT, kiosk.kiosk_id))
    alarm = d.find_element(By.CSS_SELECTOR, "#alarms tr[id^=alarm-]")
    assert "door_forced" in alarm.text and "A03" in alarm.text
    navigate(d, alarm.find_element(By.CLASS_NAME, "ack-button"))
    alarm = d.find_element(By.CSS_SELECTOR, "#alarms tr[id^=alarm-]")
    assert "canbo" in alarm.find_element(By.CLASS_NAME, "ack").text

    # A clerk releases a result with the form; the citizen's SMS is in the file.
    navigate(d, d.find_element(By.ID, "nav-release-new"))
    d.find_element(By.ID, "dossier_code").send_keys("000.00.07.H29-251201-0042")
    d.find_element(By.ID, "procedure_name").send_keys("Đăng ký kết hôn")
    d.find_element(By.ID, "holder_name").send_keys("Lê Thị Hoa")
    d.find_element(By.ID, "phone").send_keys(kiosk.phone)
    d.execute_script("document.getElementById('expires_on').value = '2099-12-31'")
    navigate(d, d.find_element(By.ID, "release"))
    assert d.find_element(By.ID, "made").is_displayed()
    section = d.find_element(By.CSS_SELECTOR, "section.release")
    assert "released" in section.find_element(By.CLASS_NAME, "state").text
    [sms] = wait_for_sms(hub.sms_file, kiosk.phone, 1)
    assert "000.00.07.H29-251201-0042" in sms["text"] and "31/12/2099" in sms["text"]
    assert otp_of(sms) not in d.page_source  # the page never shows the code


def test_ratings_chart_staff_badge_and_pin(hub: HubProcess, browser: object, kiosk: Kiosk) -> None:
    d: webdriver.Chrome = browser  # type: ignore[assignment]
    for score in (5, 4):
        kiosk.report("rating.submitted", actor="citizen", data={"score": score})
    assert kiosk.sync()[0] == 0
    d.get(f"{hub.url}/ratings")
    if "/login" in d.current_url:
        sign_in(d, hub)
        d.get(f"{hub.url}/ratings")
    assert d.find_element(By.CSS_SELECTOR, "#chart svg rect")
    assert any(
        kiosk.kiosk_id in r.text and "4.50" in r.text
        for r in d.find_elements(By.CSS_SELECTOR, "#ratings tr")
    )

    navigate(d, d.find_element(By.ID, "nav-staff"))
    d.find_element(By.ID, "new-staff-id").send_keys("cb-0142")
    d.find_element(By.ID, "new-staff-name").send_keys("Trần Thị Bình")
    navigate(d, d.find_element(By.ID, "add-staff-button"))
    payload = d.find_element(By.ID, "badge-payload").text
    assert payload.startswith("STAFF|cb-0142|") and len(payload.split("|")[2]) >= 26
    assert d.find_element(By.CSS_SELECTOR, "#badge svg")
    person = d.find_element(By.ID, "staff-cb-0142")
    person.find_element(By.CLASS_NAME, "pin-input").send_keys("12345")
    d.execute_script("document.querySelector('.pin-input').removeAttribute('minlength')")
    navigate(d, person.find_element(By.CLASS_NAME, "set-pin"))
    assert "6" in d.find_element(By.ID, "staff-error").text
    person = d.find_element(By.ID, "staff-cb-0142")
    person.find_element(By.CLASS_NAME, "pin-input").send_keys("246810")
    navigate(d, person.find_element(By.CLASS_NAME, "set-pin"))
    assert d.find_element(By.CSS_SELECTOR, "#staff-cb-0142 .pin").text == "✓"
    assert payload not in d.page_source  # shown once

    # What the kiosks get: the badge's SHA-256 and the PIN's PBKDF2, never the secret.
    directory = kiosk_call(hub, kiosk, "GET", "/staff")
    [member] = directory.json()["staff"]
    assert member == {
        "staff_id": "cb-0142",
        "name": "Trần Thị Bình",
        "role": "staff",
        "badge_sha256": hashlib.sha256(payload.encode()).hexdigest(),
        "pin_pbkdf2": member["pin_pbkdf2"],
        "active": True,
    }
    assert pbkdf2_matches("246810", member["pin_pbkdf2"])
    assert member["pin_pbkdf2"].startswith("pbkdf2_sha256$600000$")
    assert payload.split("|")[2] not in directory.text

    # The kiosk's own agent takes the directory, and the badge with its PIN opens the staff side
    # at the kiosk, offline.
    status, out = kiosk.sync()
    assert status == 0, out
    with kiosk.services() as services:
        member = staff_auth.sign_in(services, payload, "246810")
    assert (member.staff_id, member.name) == ("cb-0142", "Trần Thị Bình")


def test_forms_without_the_csrf_token_are_refused(hub: HubProcess) -> None:
    session = requests.Session()
    page = session.get(f"{hub.url}/", timeout=10)
    assert page.url.endswith("/login?next=/")  # signed out: every page leads to sign-in
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    form = {"username": "canbo", "password": PASSWORD}
    assert session.post(f"{hub.url}/login", data=form, timeout=10).status_code == 400
    forged = form | {"csrf": "forged"}
    assert session.post(f"{hub.url}/login", data=forged, timeout=10).status_code == 400
    # Another browser's token is no good either: it belongs to that browser's session.
    other = requests.post(f"{hub.url}/login", data=form | {"csrf": token.group(1)}, timeout=10)
    assert other.status_code == 400
    signed = session.post(f"{hub.url}/login", data=form | {"csrf": token.group(1)}, timeout=10)
    assert signed.status_code == 200 and "Thiết bị" in signed.text
    assert "session" in session.cookies
    assert session.post(f"{hub.url}/releases/new", data={}, timeout=10).status_code == 400
