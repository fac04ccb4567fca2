"""The fleet dashboard (placeholder until its pages land)."""

from __future__ import annotations

from flask import Blueprint

from hub.context import Hub


def blueprint(hub: Hub) -> Blueprint:
    return Blueprint("dashboard", __name__)
