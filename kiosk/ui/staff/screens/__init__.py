"""One class per staff screen."""
