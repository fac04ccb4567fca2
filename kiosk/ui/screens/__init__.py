"""One class per citizen screen. Screens show what they are given and emit what the citizen
asks for; they never call the runtime (the flows do)."""
