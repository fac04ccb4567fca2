"""``atm-hub``: serve, migrate, and the credentials a hub hands out (kiosk tokens, integration
keys, dashboard accounts). Every command takes ``--database URL`` (or ``ATM_HUB_DATABASE``) and
reads ``ATM_HUB_DATA_DIR`` the same way (hub/config.py).

Exit status: 0 done, 1 refused (a clear message on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError

from hub import fleet
from hub.config import DEFAULT_PORT, HubConfig
from hub.context import Hub
from hub.crypto import PASSWORD_ITERATIONS, HubKeys, new_token, pbkdf2, token_digest
from hub.db import open_engine
from hub.errors import HubError
from hub.schema import admins, integration_keys

log = logging.getLogger("hub")


def build_parser() -> argparse.ArgumentParser:
    db = argparse.ArgumentParser(add_help=False)
    help_db = "SQLAlchemy URL (default: ATM_HUB_DATABASE, or a SQLite file in ATM_HUB_DATA_DIR)"
    # SUPPRESS: given after the command it wins; given before it (atm-hub --database U serve),
    # the command's absent flag does not reset it.
    db.add_argument("--database", metavar="URL", default=argparse.SUPPRESS, help=help_db)
    parser = argparse.ArgumentParser(prog="atm-hub", description="The province hub.")
    parser.add_argument("--database", metavar="URL", help=help_db)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", parents=[db], help="serve kiosks, integration, dashboard")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT})")
    serve.add_argument("--sms", metavar="SPEC", help="log, file:PATH or http:URL (ATM_HUB_SMS)")
    serve.add_argument("--threads", type=int, default=8, help="request threads (8)")
    serve.set_defaults(func=cmd_serve)

    sub.add_parser("migrate", parents=[db], help="create or upgrade the schema").set_defaults(
        func=cmd_migrate
    )

    kiosk = sub.add_parser("kiosk", help="kiosks").add_subparsers(dest="what", required=True)
    add = kiosk.add_parser("add", parents=[db], help="register a kiosk; prints its token once")
    add.add_argument("kiosk_id")
    add.add_argument("--name", required=True, help="the ward's name, as the SMS will say it")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=cmd_kiosk_add)

    key = sub.add_parser("key", help="integration keys").add_subparsers(dest="what", required=True)
    add = key.add_parser("add", parents=[db], help="a key for the one-stop system; printed once")
    add.add_argument("name")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=cmd_key_add)

    admin = sub.add_parser("admin", help="dashboard accounts").add_subparsers(
        dest="what", required=True
    )
    add = admin.add_parser("add", parents=[db], help="a dashboard account")
    add.add_argument("username")
    add.add_argument("--password-file", required=True, type=Path, metavar="F")
    add.set_defaults(func=cmd_admin_add)
    return parser


def open_hub(args: argparse.Namespace) -> tuple[HubConfig, Hub]:
    """The hub's configuration and context. Every command first brings the schema up to date
    (a no-op when it is; on PostgreSQL under an advisory lock), so that ``kiosk add`` on a new
    data dir works before the first ``serve``."""
    config = HubConfig.resolve(database=args.database, sms=getattr(args, "sms", None))
    from hub.migrate import upgrade

    if config.database_url.startswith("sqlite:///"):
        Path(config.database_url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    engine = open_engine(config.database_url)
    upgrade(engine)
    hub = Hub(
        engine,
        HubKeys.load(config.data_dir),
        sms_retry_base_s=config.sms_retry_s,
        offline_after_s=config.offline_after_s,
        behind_tls_proxy=config.trusted_proxy is not None,
    )
    return config, hub


def cmd_migrate(args: argparse.Namespace) -> int:
    config, _ = open_hub(args)
    print(f"atm-hub: the database is at the newest schema ({_shown(config.database_url)})")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from hub.server import HubServer
    from hub.sms_send import sender_for

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    config, hub = open_hub(args)
    server = HubServer(
        hub, sender_for(config.sms), args.host, args.port, args.threads, config.trusted_proxy
    )
    signal.signal(signal.SIGTERM, lambda *_: _raise_exit())
    print(
        f"atm-hub serving at {server.url} (database {_shown(config.database_url)}, "
        f"sms {config.sms.split(':', 1)[0]})",
        flush=True,
    )
    server.run()
    return 0


def _raise_exit() -> None:
    raise SystemExit(0)


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _print(args: argparse.Namespace, obj: dict[str, Any], secret: str) -> None:
    if args.json:
        print(json.dumps(obj, ensure_ascii=False))
    else:
        print(f"{secret}\n(shown once; the hub keeps only its digest)")


def cmd_kiosk_add(args: argparse.Namespace) -> int:
    _, hub = open_hub(args)
    with hub.engine.begin() as conn:
        token = fleet.add_kiosk(conn, hub, args.kiosk_id, args.name)
    _print(args, {"kiosk_id": args.kiosk_id, "token": token}, token)
    return 0


def cmd_key_add(args: argparse.Namespace) -> int:
    _, hub = open_hub(args)
    key = new_token()
    with hub.engine.begin() as conn:
        if conn.execute(
            select(integration_keys.c.name).where(integration_keys.c.name == args.name)
        ).first():
            raise HubError(f"an integration key named {args.name!r} exists already")
        conn.execute(
            insert(integration_keys).values(
                name=args.name, key_sha256=token_digest(key), created_ts=hub.now()
            )
        )
    _print(args, {"name": args.name, "key": key}, key)
    return 0


def cmd_admin_add(args: argparse.Namespace) -> int:
    _, hub = open_hub(args)
    try:
        password = args.password_file.read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:
        raise HubError(f"{args.password_file}: {exc.strerror}") from exc
    if len(password) < 10:
        raise HubError("a dashboard password has at least 10 characters")
    with hub.engine.begin() as conn:
        conn.execute(admins.delete().where(admins.c.username == args.username))
        conn.execute(
            insert(admins).values(
                username=args.username,
                password_hash=pbkdf2(password, PASSWORD_ITERATIONS),
                created_ts=hub.now(),
            )
        )
    print(f"atm-hub: dashboard account {args.username!r} set")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except HubError as exc:
        print(f"atm-hub: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        print(f"atm-hub: database error: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the data dir or a file named on the command line
        print(f"atm-hub: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 1
