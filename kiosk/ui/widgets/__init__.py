"""Building blocks of the screens: keypads, the typed-code field, the locker picture, faces."""
