"""Lock control boards on an RS-485 bus: protocols, the bus driver and the board simulator."""
