"""The hub's WSGI application: the kiosk API, the integration API and the dashboard."""

from __future__ import annotations

import logging

from flask import Flask, Response
from sqlalchemy.exc import OperationalError

from hub import api_integration, api_kiosk
from hub.context import Hub
from hub.http import error
from hub.web import dashboard

log = logging.getLogger(__name__)


def create_app(hub: Hub) -> Flask:
    app = Flask("hub", template_folder="web/templates", static_folder=None)
    app.secret_key = hub.keys.session_key
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", MAX_CONTENT_LENGTH=8 << 20
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

    return app
