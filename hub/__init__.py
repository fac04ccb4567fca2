"""The province hub (``atm-hub``): the server side of Kiosk Sync API v1 for one ward or a province.

It serves the kiosks (releases feed, events, staff directory, heartbeat), the one-stop system
(the integration API), the citizens (SMS with the pickup code) and the ward's staff (the fleet
dashboard). Importing it does no work and pulls in no Qt. docs/hub.md tells how to run it.
``hub.sim`` is the kiosk's central simulator: this hub, seeded, behind fault switches.
"""
