"""Build the kiosk's services from settings: store, catalogue, outbox, sync engine, devices. No Qt here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from domain.models import Person, Receipt
from drivers.base import DeviceStatus, DeviceUnavailable, Health, message
from kiosk.config import Settings
from kiosk.services import Services
from sync.cases import CaseBook
from sync.catalogue import Catalogue
from sync.client import NetClient
from sync.codes import CodeIssuer
from sync.engine import SyncEngine
from sync.outbox import KioskIdentity, Outbox
from sync.store import Store


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
    outbox = Outbox(store, CodeIssuer(settings.region, settings.device_number), identity, catalogue, local_now)
    client = NetClient(settings.network_url, timeout=5.0)
    engine = SyncEngine(store, outbox, catalogue, client, interval=settings.sync_interval)
    services = Services(
        catalogue=catalogue,
        cases=CaseBook(store, outbox, client),
        reader=_reader(settings),
        printer=_printer(settings),
        clock=local_now,
    )
    if start_engine:
        engine.start()
    return Runtime(settings, services, store, engine, client)


def _reader(settings: Settings):  # type: ignore[no-untyped-def]
    if settings.reader.kind == "sam":
        from drivers.idcard.sam import ResidentIdReader

        return ResidentIdReader(settings.reader.port, baudrate=settings.reader.baudrate, today=date.today)
    return MissingReader()


def _printer(settings: Settings):  # type: ignore[no-untyped-def]
    if settings.printer.kind == "network":
        from drivers.printer.escpos_printer import EscposReceiptPrinter

        p = settings.printer
        return EscposReceiptPrinter(p.host, p.port, timeout=p.timeout, qr_mode=p.qr_mode)
    return MissingPrinter()
