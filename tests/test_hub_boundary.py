"""One server implementation, in hub/: the kiosk's agent (sync/) and its runtime never import it.

The central simulator is the hub (hub/sim); only the commands that start it (kiosk demo,
kiosk central-sim, and ``sim:`` resolved by kiosk/commands/central.py) reach for it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.blocked_import import assert_imports_without

ROOT = Path(__file__).resolve().parents[1]


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_sync_and_the_runtime_import_nothing_from_the_hub() -> None:
    sources = [
        *sorted((ROOT / "sync").rglob("*.py")),
        *(ROOT / "kiosk" / name for name in ("runtime.py", "listening.py")),
    ]
    offenders = {
        str(p.relative_to(ROOT)): sorted(n for n in imported(p) if n.split(".")[0] == "hub")
        for p in sources
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_agent_and_the_runtime_load_with_the_hub_blocked() -> None:
    assert_imports_without(
        "hub",
        *("sync", "sync.agent", "sync.client", "sync.heartbeat", "sync.releases", "sync.staff"),
        *("kiosk.runtime", "kiosk.commands.central", "kiosk.commands.sync"),
    )
