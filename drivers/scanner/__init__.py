"""Code scanners: what a scan means (`codes`) and the serial scanner (`serial_scanner`)."""
