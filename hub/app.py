"""The hub's WSGI application: the kiosk API, the integration API and the dashboard."""

from __future__ import annotations

import logging

from flask import Flask, Response, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from hub import api_integration, api_kiosk
from hub.context import Hub
from hub.replies import error
from hub.web import dashboard

log = logging.getLogger(__name__)


def create_app(hub: Hub) -> Flask:
    app = Flask("hub", template_folder="web/templates", static_folder=None)
    app.secret_key = hub.keys.session_key
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=hub.behind_tls_proxy,
        MAX_CONTENT_LENGTH=8 << 20,
    )
    app.register_blueprint(api_kiosk.blueprint(hub))
    app.register_blueprint(api_integration.blueprint(hub))
    app.register_blueprint(dashboard.blueprint(hub))

    @app.errorhandler(OperationalError)
    def _database_down(exc: OperationalError) -> Response:
        # The database is unreachable or busy: the caller retries (Retry-After), nothing lost.
        log.error("database unavailable: %s", exc.orig)
        response = error(503, "unavailable", "the hub's database is unavailable; try again")
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response | HTTPException:
        # The APIs answer every error in the contract's JSON; the dashboard keeps HTML pages.
        if not request.path.startswith("/v1/"):
            return exc
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(
            exc.code or 500, "bad_request" if (exc.code or 500) < 500 else "internal_error"
        )
        return error(exc.code or 500, code, exc.description or code)

    @app.errorhandler(Exception)
    def _bug(exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error(500, "internal_error", "the hub failed; the error is in its log")

    return app
