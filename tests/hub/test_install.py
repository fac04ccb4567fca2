"""A province installs the hub without Qt: the requirements file and the imports agree."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BLOCK_QT = """
import sys
class NoQt:
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "escpos", "serial", "usb", "evdev"):
            raise ImportError(f"{name} is not installed on a hub")
sys.meta_path.insert(0, NoQt())
import hub.app, hub.cli, hub.server
"""


def requirement_lines() -> list[str]:
    text = (ROOT / "deploy" / "hub" / "requirements.txt").read_text()
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def test_the_requirements_are_the_hub_extra_and_the_shared_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = requirement_lines()
    assert set(project["optional-dependencies"]["hub"]) <= set(lines)
    assert set(lines) - set(project["optional-dependencies"]["hub"]) <= set(project["dependencies"])


def test_the_hub_imports_without_qt_or_device_libraries() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_QT], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
