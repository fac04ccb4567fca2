"""``kiosk doctor``: checks a kiosk's machine and says what to fix (docs/doctor.md).

Each check is a function returning ``Finding``s; ``examine`` runs them all.
"""

from kiosk.doctor.findings import Finding, Status, exit_code, render_json, render_text
from kiosk.doctor.run import examine

__all__ = ["Finding", "Status", "examine", "exit_code", "render_json", "render_text"]
