"""QR / barcode scanners: serial line scanners, evdev keyboard wedges, and the serial simulator."""
