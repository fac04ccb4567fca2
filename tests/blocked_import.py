"""A layer rule checked at run time: modules imported by a fresh Python that cannot import one
package, so that an import hidden inside a function fails the test as much as one at the top."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_SCRIPT = """
import importlib, sys
package, modules = sys.argv[1], sys.argv[2:]
def blocked(name):
    return name == package or name.startswith(package + ".")
class Block:
    def find_spec(self, name, path=None, target=None):
        if blocked(name):
            raise ImportError(package + " is blocked in this test")
sys.meta_path.insert(0, Block())
for module in modules:
    importlib.import_module(module)
assert not any(blocked(m) for m in sys.modules)
print("ok")
"""


def assert_imports_without(package: str, *modules: str) -> None:
    """Each of ``modules`` imports with ``package`` (and everything below it) unavailable."""
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, package, *modules],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.stdout.strip() == "ok", done.stderr
