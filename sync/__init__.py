"""Sync agent: the kiosk's Kiosk Sync API v1 client. No Qt, nothing of the hub (hub/)."""
