"""One class per diagnostics screen."""
