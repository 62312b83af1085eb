"""Build the kiosk's services from settings: store, catalogue, outbox, sync engine, devices. No Qt here."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from domain.models import Person, Receipt
from drivers.base import DeviceStatus, DeviceUnavailable, Health, message
from kiosk.config import Settings
from kiosk.services import Services
from sync.cases import CaseBook
from sync.catalogue import Catalogue
from sync.client import NetClient
from sync.codes import CodeIssuer
from sync.engine import SyncEngine
from sync.health import SyncDesk
from sync.outbox import KioskIdentity, Outbox
from sync.store import Store

if TYPE_CHECKING:
    from drivers.base import CardReader, ReceiptPrinter, Scanner
    from drivers.manager import DeviceManager

READER_MISSING = message("The ID card reader is not connected.")
PRINTER_MISSING = message("The receipt printer is not responding.")


def local_now() -> datetime:
    return datetime.now().astimezone()


class MissingReader:
    """Stands where no reader is configured: every read says so in words a resident understands."""

    def read_person(self, timeout: float = 5.0) -> Person:
        raise DeviceUnavailable(READER_MISSING)

    def status(self) -> DeviceStatus:
        return DeviceStatus(Health.ERROR, READER_MISSING)

    def close(self) -> None:
        pass


class MissingPrinter:
    def print_receipt(self, receipt: Receipt) -> None:
        raise DeviceUnavailable(PRINTER_MISSING)

    def status(self) -> DeviceStatus:
        return DeviceStatus(Health.ERROR, PRINTER_MISSING)

    def close(self) -> None:
        pass


@dataclass
class Runtime:
    """Everything the app owns and must close: services for the view-models, plus the engine and store."""

    settings: Settings
    services: Services
    store: Store
    engine: SyncEngine
    client: NetClient
    desk: SyncDesk

    def close(self) -> None:
        self.engine.stop()
        self.client.close()
        self.services.reader.close()
        self.services.printer.close()
        self.store.close()


def build_runtime(settings: Settings, *, start_engine: bool = True) -> Runtime:
    data = Path(settings.data_dir)
    data.mkdir(parents=True, exist_ok=True)
    store = Store(data / "kiosk.db")
    catalogue = Catalogue(store)
    catalogue.seed_if_empty()
    identity = KioskIdentity(settings.device_id, settings.hall_name, settings.track_url)
    outbox = Outbox(store, CodeIssuer(settings.region, settings.device_number), identity, catalogue, local_now,
                    person_key=settings.person_key)
    client = NetClient(settings.network_url, timeout=settings.sync_timeout)
    engine = SyncEngine(store, outbox, catalogue, client, interval=settings.sync_interval,
                        retention_days=settings.retention_days)
    desk = SyncDesk(store, outbox, engine)
    services = Services(
        catalogue=catalogue,
        cases=CaseBook(store, outbox, client),
        reader=_reader(settings),
        printer=_printer(settings),
        clock=local_now,
        sync=desk,
    )
    if start_engine:
        engine.start()
    return Runtime(settings, services, store, engine, client, desk)


def _reader(settings: Settings):  # type: ignore[no-untyped-def]
    """The card reader the resident uses: the ID card reader, the social security card slot, or both."""
    readers = []
    if settings.reader.kind == "sam":
        readers.append(_sam_reader(settings))
    if settings.sscard.kind == "pcsc":
        try:
            readers.append(_sscard_reader(settings))
        except ImportError as exc:  # pyscard not installed: the kiosk still runs with the ID card reader
            logging.getLogger(__name__).error("social security card reader unusable: %s", exc)
    if not readers:
        return MissingReader()
    if len(readers) == 1:
        return readers[0]
    from drivers.idcard.anyreader import AnyCardReader

    return AnyCardReader(readers)


def _printer(settings: Settings):  # type: ignore[no-untyped-def]
    if settings.printer.kind == "network":
        return _network_printer(settings)
    return MissingPrinter()


def _sam_reader(settings: Settings):  # type: ignore[no-untyped-def]
    from drivers.idcard.sam import ResidentIdReader

    return ResidentIdReader(settings.reader.port, baudrate=settings.reader.baudrate, today=date.today)


def _sscard_reader(settings: Settings):  # type: ignore[no-untyped-def]
    from drivers.idcard.sscard import SocialSecurityCardReader  # ImportError without pyscard

    s = settings.sscard
    return SocialSecurityCardReader(s.reader, today=date.today, watchdog_interval=s.watchdog_interval)


def _network_printer(settings: Settings):  # type: ignore[no-untyped-def]
    from drivers.printer.escpos_printer import EscposReceiptPrinter

    p = settings.printer
    return EscposReceiptPrinter(p.host, p.port, timeout=p.timeout, qr_mode=p.qr_mode)


def _serial_scanner(settings: Settings):  # type: ignore[no-untyped-def]
    from drivers.scanner.serial_scanner import SerialScanner

    s = settings.scanner
    return SerialScanner(s.port, baudrate=s.baudrate, track_base_url=settings.track_url)


@dataclass
class Devices:
    """The configured devices behind one DeviceManager (hot-plug, status events, never a traceback).

    reader / printer / scanner are stable front objects for Services: they follow whatever device the
    manager holds, and say DeviceUnavailable (with the status's words) while there is none.
    `manager.subscribe(...)` gives status changes, `manager.snapshot()` every device's status.
    """

    manager: "DeviceManager"
    reader: "CardReader"
    printer: "ReceiptPrinter"
    scanner: "Scanner | None"

    def start(self) -> "Devices":
        self.manager.start()
        return self

    def close(self) -> None:
        self.manager.close()


def build_devices(settings: Settings) -> Devices:
    """Every configured device, built and probed by a DeviceManager (nothing is opened until its probe)."""
    from drivers.idcard.anyreader import AnyCardReader
    from drivers.manager import DeviceManager, ManagedPrinter, ManagedReader, ManagedScanner

    manager = DeviceManager(interval=settings.devices.probe_interval)
    readers = []
    if settings.reader.kind == "sam":
        manager.add("id_reader", "card_reader", lambda: _sam_reader(settings))
        readers.append(ManagedReader(manager, "id_reader"))
    if settings.sscard.kind == "pcsc":
        manager.add("sscard", "card_reader", lambda: _sscard_reader(settings))
        readers.append(ManagedReader(manager, "sscard"))
    if settings.printer.kind == "network":
        manager.add("printer", "printer", lambda: _network_printer(settings))
    if settings.scanner.kind == "serial":
        manager.add("scanner", "scanner", lambda: _serial_scanner(settings))
    reader = AnyCardReader(readers) if len(readers) > 1 else readers[0] if readers else MissingReader()
    printer = ManagedPrinter(manager, "printer") if settings.printer.kind == "network" else MissingPrinter()
    scanner = ManagedScanner(manager, "scanner") if settings.scanner.kind == "serial" else None
    return Devices(manager, reader, printer, scanner)  # type: ignore[arg-type]
