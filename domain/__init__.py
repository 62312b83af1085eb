"""Plain values shared by drivers, sync, servicenet and the kiosk: no I/O, no Qt."""
