"""Simulators that speak the real device protocols (on a pty, a TCP port, ...), for tests and `make demo`."""
