"""The fleet dashboard: server-rendered pages for the ward's or province's staff.

Sign-in against ``admins`` (PBKDF2), a signed session cookie keyed from the hub key (so every
process of the hub accepts it), and a CSRF token in the session that every form posts back.
Pages read through the same modules as the APIs (fleet, releases, staff): the dashboard owns no
table. Labels are Vietnamese first, English second (templates/_t.html).
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Callable
from datetime import datetime, time
from functools import wraps
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, session, url_for
from sqlalchemy import select

from hub import fleet, releases, staff
from hub.context import VN, Hub, iso
from hub.crypto import pbkdf2_matches
from hub.errors import Refused
from hub.schema import admins, kiosks
from hub.web.charts import ratings_chart
from hub.web.qr import qr_svg

log = logging.getLogger(__name__)
View = Callable[..., Any]


def blueprint(hub: Hub) -> Blueprint:
    bp = Blueprint("dashboard", __name__)

    @bp.app_template_global()
    def csrf_token() -> str:
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(24)
        return str(session["csrf"])

    @bp.app_template_filter("when")
    def when(ts: float | None) -> str:
        return "—" if ts is None else datetime.fromtimestamp(ts, VN).strftime("%d/%m/%Y %H:%M")

    @bp.before_request
    def _check_csrf() -> None:
        if request.method == "POST":
            sent = request.form.get("csrf", "")
            if not sent or not hmac.compare_digest(sent, str(session.get("csrf", ""))):
                log.warning("dashboard form without a valid CSRF token (%s)", request.path)
                abort(400, "CSRF token missing or wrong")

    _auth_routes(bp, hub)
    _fleet_routes(bp, hub)
    _release_routes(bp, hub)
    _staff_routes(bp, hub)
    return bp


def signed_in(view: View) -> View:
    @wraps(view)
    def checked(*args: Any, **kw: Any) -> Any:
        if "user" not in session:
            return redirect(url_for("dashboard.login", next=request.path))
        return view(*args, **kw)

    return checked


def _auth_routes(bp: Blueprint, hub: Hub) -> None:
    @bp.route("/login", methods=["GET", "POST"])
    def login() -> Any:
        error = None
        if request.method == "POST":
            username = request.form.get("username", "")
            password = request.form.get("password", "")
            with hub.reader.connect() as conn:
                stored = conn.execute(
                    select(admins.c.password_hash).where(admins.c.username == username)
                ).scalar_one_or_none()
            if stored is not None and pbkdf2_matches(password, stored):
                session.clear()  # a new session at sign-in: none carried over
                session["user"] = username
                log.info("dashboard: %s signed in", username)
                target = request.args.get("next", "")
                return redirect(target if target.startswith("/") and "//" not in target else "/")
            log.info("dashboard: failed sign-in for %r", username[:100])
            error = True
        return render_template("login.html", error=error)

    @bp.post("/logout")
    def logout() -> Response:
        session.clear()
        return redirect(url_for("dashboard.login"))  # type: ignore[return-value]


def _fleet_routes(bp: Blueprint, hub: Hub) -> None:
    @bp.get("/")
    @signed_in
    def fleet_page() -> str:
        with hub.reader.connect() as conn:
            views = fleet.fleet(conn, hub)
        return render_template("fleet.html", kiosks=views)

    @bp.get("/kiosks/<kiosk_id>")
    @signed_in
    def kiosk_page(kiosk_id: str) -> str:
        with hub.reader.connect() as conn:
            view = next((k for k in fleet.fleet(conn, hub) if k.kiosk_id == kiosk_id), None)
            if view is None:
                abort(404)
            alarms = fleet.kiosk_alarms(conn, kiosk_id)
            recent = fleet.recent_events(conn, kiosk_id)
        return render_template("kiosk.html", k=view, alarms=alarms, events=recent)

    @bp.post("/alarms/<int:alarm_id>/ack")
    @signed_in
    def ack(alarm_id: int) -> Response:
        with hub.engine.begin() as conn:
            fleet.acknowledge(conn, hub, alarm_id, str(session["user"]))
        return redirect(request.form.get("back") or "/")  # type: ignore[return-value]

    @bp.get("/ratings")
    @signed_in
    def ratings_page() -> str:
        with hub.reader.connect() as conn:
            data = fleet.monthly_ratings(conn)
        return render_template("ratings.html", chart=ratings_chart(data), data=data)


def kiosk_choices(hub: Hub) -> list[Any]:
    with hub.reader.connect() as conn:
        return list(
            conn.execute(select(kiosks.c.kiosk_id, kiosks.c.name).order_by(kiosks.c.kiosk_id))
        )


def _release_routes(bp: Blueprint, hub: Hub) -> None:
    @bp.get("/releases")
    @signed_in
    def releases_page() -> str:
        query = request.args.get("q", "").strip()
        found = []
        if query:
            with hub.reader.connect() as conn:
                found = [releases.public_view(conn, r) for r in releases.search(conn, query)]
        return render_template("releases.html", q=query, found=found, iso=iso)

    @bp.route("/releases/new", methods=["GET", "POST"])
    @signed_in
    def release_form() -> Any:
        form = request.form
        if request.method == "GET":
            return render_template(
                "release_form.html", kiosks=kiosk_choices(hub), form={}, error=None
            )
        try:
            day = datetime.strptime(form.get("expires_on", ""), "%Y-%m-%d").date()
            expires = datetime.combine(day, time(17, 0), VN).isoformat()
        except ValueError:
            expires = ""
        body = {
            "kiosk_id": form.get("kiosk_id", ""),
            "dossier_code": form.get("dossier_code", "").strip().upper(),
            "procedure_name": form.get("procedure_name", ""),
            "holder_name": form.get("holder_name", ""),
            "phone": form.get("phone", ""),
            "expires_at": expires,
            "size_hint": form.get("size_hint") or None,
            "needs_low_compartment": form.get("needs_low_compartment") == "on",
        }
        try:
            new = releases.NewRelease.parse(body, hub.now())
            with hub.engine.begin() as conn:
                release_id, _ = releases.create(conn, hub, new, f"dashboard:{session['user']}")
        except Refused as exc:
            return render_template(
                "release_form.html", kiosks=kiosk_choices(hub), form=form, error=exc.message
            ), 400
        hub.sms_wake.set()
        return redirect(url_for("dashboard.releases_page", q=new.dossier_code, made=release_id))

    @bp.post("/releases/<release_id>/<action>")
    @signed_in
    def release_action(release_id: str, action: str) -> Response:
        actor = f"dashboard:{session['user']}"
        with hub.engine.begin() as conn:
            if action == "revoke":
                releases.revoke(conn, hub, release_id, actor)
            elif action == "reissue":
                releases.reissue(conn, hub, release_id, actor, "asked at the dashboard")
            else:
                abort(404)
        hub.sms_wake.set()
        return redirect(url_for("dashboard.releases_page", q=request.form.get("q", "")))  # type: ignore[return-value]


def _staff_routes(bp: Blueprint, hub: Hub) -> None:
    @bp.route("/staff", methods=["GET", "POST"])
    @signed_in
    def staff_page() -> Any:
        badge = error = None
        status = 200
        if request.method == "POST":
            form = request.form
            try:
                with hub.engine.begin() as conn:
                    what = form.get("do")
                    staff_id = form.get("staff_id", "").strip()
                    if what == "add":
                        payload = staff.add(
                            conn,
                            hub,
                            staff_id,
                            form.get("name", ""),
                            form.get("role", ""),
                            form.get("kiosk_id") or None,
                        )
                        badge = (staff_id, payload)
                    elif what == "badge":
                        badge = (staff_id, staff.new_badge(conn, hub, staff_id))
                    elif what == "pin":
                        staff.set_pin(conn, hub, staff_id, form.get("pin", ""))
                    elif what in ("disable", "enable"):
                        staff.set_active(conn, hub, staff_id, what == "enable")
            except Refused as exc:
                error, status = exc.message, 400
        with hub.reader.connect() as conn:
            people = staff.everyone(conn)
        qr = None if badge is None else qr_svg(badge[1])
        return render_template(
            "staff.html", people=people, badge=badge, qr=qr, error=error, kiosks=kiosk_choices(hub)
        ), status
