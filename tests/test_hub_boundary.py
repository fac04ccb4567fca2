"""One server implementation, in hub/: the kiosk's agent (sync/) and its runtime never import it.

The central simulator is the hub (hub/sim); only the commands that start it (kiosk demo,
kiosk central-sim, and ``sim:`` resolved by kiosk/commands/central.py) reach for it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BLOCK_HUB = """
import sys
class BlockHub:
    def find_spec(self, name, path=None, target=None):
        if name == "hub" or name.startswith("hub."):
            raise ImportError("the hub is blocked in this test")
sys.meta_path.insert(0, BlockHub())
import sync, sync.agent, sync.client, sync.heartbeat, sync.releases, sync.staff, kiosk.runtime
import kiosk.commands.central, kiosk.commands.sync
print("ok")
"""


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_sync_and_the_runtime_import_nothing_from_the_hub() -> None:
    sources = [*sorted((ROOT / "sync").rglob("*.py")), ROOT / "kiosk" / "runtime.py"]
    offenders = {
        str(p.relative_to(ROOT)): sorted(n for n in imported(p) if n.split(".")[0] == "hub")
        for p in sources
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_agent_and_the_runtime_load_with_the_hub_blocked() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_HUB], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.stdout.strip() == "ok", done.stderr
