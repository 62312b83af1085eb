"""Code scanners: what a scan means (`classify`) and the serial scanner (`serial_scanner`)."""
