"""ESC/POS receipt printer: status, receipt layout, transports, the driver and its simulator."""
