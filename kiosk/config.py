"""The kiosk's settings: the schema lives in domain/kiosksettings.py (plain Python, shared with the network)."""
from domain.kiosksettings import (
    LIVE,
    REMOTE,
    A4Settings,
    ConfigError,
    DevicesSettings,
    FaceSettings,
    PrinterSettings,
    ReaderSettings,
    ScannerSettings,
    Settings,
    SscardSettings,
    StaffSettings,
    UpdateSettings,
    dump,
    load,
    remote,
    staff_cards,
)

__all__ = ["LIVE", "REMOTE", "A4Settings", "ConfigError", "DevicesSettings", "FaceSettings", "PrinterSettings",
           "ReaderSettings", "ScannerSettings", "Settings", "SscardSettings", "StaffSettings", "UpdateSettings", "dump", "load", "remote",
           "staff_cards"]
