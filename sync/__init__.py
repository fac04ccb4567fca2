"""Sync agent: Kiosk Sync API v1 client and the central simulator. No Qt."""
