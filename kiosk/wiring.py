"""Build the kiosk's services from settings: store, catalogue, outbox, sync engine, devices. No Qt here."""
from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from domain.models import Person, Receipt
from domain.queue import QueueTicket
from drivers.base import ID_READER_NOT_CONNECTED, PRINTER_NOT_RESPONDING, Condition, DeviceStatus, DeviceUnavailable
from kiosk.config import Settings, staff_cards
from kiosk.offers import Offers
from kiosk.services import Services
from kiosk.staff.auth import AuthPolicy, StaffAuth
from kiosk.staff.backend import StaffBackend
from kiosk.staff.provisioning import Provisioner
from kiosk.staff.supervision import RememberingReader, SupervisedCases, SupervisedReader
from kiosk.startup import app_version
from sync import salvage
from sync.audit import AuditLog
from sync.cases import CaseBook
from sync.catalogue import Catalogue
from sync.client import NetClient
from sync.crypto import unb64
from sync.desk import SyncDesk
from sync.engine import SyncEngine
from sync.hall import HallClient
from sync.heartbeat import Heartbeat, beat, disk_usage
from sync.outbox import KioskIdentity, Outbox
from sync.payments import PaymentDesk
from sync.qrid import QrIdentity
from sync.regseq import CodeIssuer
from sync.remote_settings import RemoteSettings
from sync.results import ResultDesk
from sync.staff import StaffDesk
from sync.store import Store
from sync.updater import Updater

if TYPE_CHECKING:
    import requests

    from drivers.base import CardReader, DocumentPrinter, ReceiptPrinter, Scanner
    from drivers.face import FaceCheck
    from drivers.manager import DeviceManager


def local_now() -> datetime:
    return datetime.now().astimezone()


class MissingReader:
    """Stands where no reader is configured: every read says so in words a resident understands."""

    def read_person(self, timeout: float = 5.0) -> Person:
        raise DeviceUnavailable(ID_READER_NOT_CONNECTED)

    def status(self) -> DeviceStatus:
        return DeviceStatus.error(ID_READER_NOT_CONNECTED, Condition.NOT_CONNECTED)

    def close(self) -> None:
        pass


class MissingPrinter:
    def print_receipt(self, receipt: Receipt) -> None:
        raise DeviceUnavailable(PRINTER_NOT_RESPONDING)

    def print_slip(self, title: str, lines: Sequence[str]) -> None:
        raise DeviceUnavailable(PRINTER_NOT_RESPONDING)

    def print_ticket(self, ticket: QueueTicket) -> None:
        raise DeviceUnavailable(PRINTER_NOT_RESPONDING)

    def status(self) -> DeviceStatus:
        return DeviceStatus.error(PRINTER_NOT_RESPONDING, Condition.NOT_CONNECTED)

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
    devices: "Devices"
    staff: StaffBackend  # staff and technician mode (kiosk.staff)
    http: "requests.Session | None" = None  # the one signed session (sync client, payment client)
    updater: Updater | None = None  # updates through the network (sync/updater.py)
    remote: RemoteSettings | None = None  # settings from the network (a restart may be pending for them)

    @property
    def scanner(self) -> "Scanner | None":
        return self.devices.scanner

    def close(self) -> None:
        self.engine.stop()
        self.client.close()
        self.devices.close()
        self.store.close()


def signed_session(settings: Settings) -> "requests.Session":
    """Every request to the network goes through this session: TLS checked against the configured CA
    bundle, and (once enrolled) signed with the device key (RFC 9421, sync/crypto.py)."""
    import requests

    from sync.crypto import DeviceKey, RequestSigner

    session = requests.Session()
    session.verify = settings.tls_ca_bundle or True
    if settings.enrolled:
        session.auth = RequestSigner(DeviceKey.load(settings.device_key), settings.device_id)
    return session


def build_runtime(settings: Settings, *, start_engine: bool = True, config_path: str | None = None,
                  first_run: bool = False) -> Runtime:
    """Every service and every wrapper, built once; `first_run`: a blank kiosk opens the provisioning wizard."""
    data = Path(settings.data_dir)
    data.mkdir(parents=True, exist_ok=True)
    damaged = salvage.set_aside_if_damaged(data / "kiosk.db", local_now())  # kept aside, never deleted
    store = Store(data / "kiosk.db")
    catalogue = Catalogue(store)
    catalogue.seed_if_empty()
    identity = KioskIdentity(settings.device_id, settings.hall_name, settings.track_url)
    seal_to = unb64(settings.network_public_key) if settings.network_public_key else None
    outbox = Outbox(store, CodeIssuer(settings.region, settings.device_number), identity, catalogue, local_now,
                    person_key=settings.person_key, seal_to=seal_to)
    if damaged is not None:
        salvage.salvage(damaged, store, local_now())
    http = signed_session(settings)
    client = NetClient(settings.network_url, timeout=settings.sync_timeout, session=http)
    engine = SyncEngine(store, outbox, catalogue, client, interval=settings.sync_interval,
                        retention_days=settings.retention_days)
    desk = SyncDesk(store, outbox, engine)
    devices = build_devices(settings)
    remote = RemoteSettings(settings, config_path,
                            lambda new: setattr(outbox, "identity", KioskIdentity(new.device_id, new.hall_name,
                                                                                 new.track_url)))
    updater = Updater(settings.update, settings.data_dir, settings.network_url, app_version())
    engine.heartbeat = _heartbeat(settings, client, desk, devices, remote, updater)
    payments = _payments(settings, store, outbox, http)
    engine.listeners.append(salvage.NetworkRestore(store, client, settings.device_id).after_sync)
    engine.listeners.append(payments.after_sync)  # reconcile at start and whenever the link is back
    staff = _staff(settings, store, devices, config_path, first_run)
    offers = Offers.configured(settings)  # what the home screen showed before these existed
    results = ResultDesk(client, settings.person_key, devices.a4, sealer=outbox.sealer, store=store) \
        if offers.results else None
    if results is not None:
        engine.listeners.append(results.after_sync)  # give-backs the network did not answer, jobs still queued
    services = Services(
        catalogue=catalogue,
        # the audit log (电子监察) over the case book, whose reprinted receipts carry their payment
        cases=SupervisedCases(CaseBook(store, outbox, client, annotate=payments.annotate), staff.record),
        # the audit log over the log redactor (told each person read) over the managed readers
        reader=SupervisedReader(RememberingReader(devices.reader), staff.record),
        printer=devices.printer,
        clock=local_now,
        sync=desk,
        payments=payments,
        staff=staff,
        identity=QrIdentity(client),
        queue=HallClient(settings.hall_url, http, settings.person_key) if offers.queue else None,
        results=results,
        face=_face(settings),
    )
    if start_engine:
        engine.start()
        devices.start()
    return Runtime(settings, services, store, engine, client, desk, devices, staff, http, updater, remote)


def _face(settings: Settings) -> "FaceCheck | None":
    """人证合一's camera and matcher ([face]); the model loads when a service that asks for it is chosen."""
    if settings.face.kind == "none":
        return None
    from drivers.face import FaceCheck
    from drivers.face.camera import open_camera
    from drivers.face.matcher import FaceMatcher

    camera = open_camera(settings.face.kind, settings.face.device, settings.face.images)
    return FaceCheck(camera, FaceMatcher(settings.face.threshold)) if camera is not None else None


def _payments(settings: Settings, store: Store, outbox: Outbox, http: "requests.Session") -> PaymentDesk:
    """Service fees through servicenet's gateway, on the same signed session as the sync client."""
    from drivers.payment.client import HttpPaymentProvider

    provider = HttpPaymentProvider(settings.network_url, http, timeout=settings.sync_timeout)
    return PaymentDesk(store, provider, outbox, local_now, pay_base_url=settings.network_url.rstrip("/") + "/pay")


def _staff(settings: Settings, store: Store, devices: "Devices", config_path: str | None,
           first_run: bool) -> StaffBackend:
    """The staff and technician back-end: login, the counter's desk, the audit log, provisioning."""
    s = settings.staff
    audit = AuditLog(store, settings.device_id if settings.enrolled else "unenrolled", local_now,
                     send=settings.enrolled)
    policy = AuthPolicy(pin_hash=s.pin_hash, pin_staff_id=s.pin_staff_id, technician_pin_hash=s.technician_pin_hash,
                        cards=staff_cards(s.cards), free_failures=s.lockout_after, base_delay=s.lockout_base_s)

    def login_event(step: str, detail: dict[str, Any]) -> None:
        backend.record(step, str(detail.get("staff_id", "")), **detail)

    backend = StaffBackend(auth=StaffAuth(policy, state=store, on_event=login_event), desk=StaffDesk(store),
                           provision=Provisioner(deepcopy(settings), config_path, build_devices), audit=audit,
                           devices=devices.manager.snapshot, export_dir=s.export_dir, first_run=first_run)
    return backend


def _heartbeat(settings: Settings, client: NetClient, desk: SyncDesk, devices: "Devices",
               remote: RemoteSettings, updater: Updater) -> Heartbeat:
    def body() -> dict[str, object]:
        statuses = {name: info.status for name, info in devices.manager.snapshot().items()}
        return beat(desk.health(), statuses, local_now(), updater.version, disk_usage(settings.data_dir)) | {
            "settings_version": remote.version, "settings_running": remote.running} | updater.beat_fields()

    def answered(answer: dict[str, Any]) -> None:
        remote.take(answer.get("settings"))
        updater.on_answer(answer)

    return Heartbeat(client, body, settings.heartbeat_interval, on_answer=answered)


def _sam_reader(settings: Settings) -> "CardReader":
    from drivers.idcard.sam import ResidentIdReader

    return ResidentIdReader(settings.reader.port, baudrate=settings.reader.baudrate)


def _sscard_reader(settings: Settings) -> "CardReader":
    from drivers.idcard.sscard import SocialSecurityCardReader  # ImportError without pyscard

    s = settings.sscard
    return SocialSecurityCardReader(s.reader, watchdog_interval=s.watchdog_interval)


def _receipt_printer(settings: Settings) -> "ReceiptPrinter":
    from drivers.printer.escpos_printer import EscposReceiptPrinter

    p = settings.printer
    if p.kind == "serial":
        from drivers.printer.serial_line import SerialLine

        # dsrdtr off: most receipt printers wire no DSR, and a pty has no modem lines
        line = SerialLine(devfile=p.device, baudrate=p.baudrate, timeout=p.timeout, dsrdtr=False)
        return EscposReceiptPrinter(printer=line, timeout=p.timeout, qr_mode=p.qr_mode)
    if p.kind == "usb":
        from drivers.printer.usb_printer import UsbLine

        usb = UsbLine(p.usb_vendor, p.usb_product, p.usb_serial, timeout=p.timeout)
        return EscposReceiptPrinter(printer=usb, timeout=p.timeout, qr_mode=p.qr_mode, reopen=True)
    return EscposReceiptPrinter(p.host, p.port, timeout=p.timeout, qr_mode=p.qr_mode)


def _a4_printer(settings: Settings) -> "DocumentPrinter":
    from drivers.printer.cups_a4 import CupsA4Printer

    return CupsA4Printer(settings.a4.server, settings.a4.queue)


def _scanner(settings: Settings) -> "Scanner":
    s = settings.scanner
    if s.kind == "hid":
        from drivers.scanner.hid_scanner import HidScanner

        return HidScanner(s.device, track_base_url=settings.track_url)
    from drivers.scanner.serial_scanner import SerialScanner

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
    a4: "DocumentPrinter | None" = None  # the A4 printer of result documents (结果领取)

    def start(self) -> "Devices":
        self.manager.start()
        return self

    def close(self) -> None:
        self.manager.close()


def build_devices(settings: Settings) -> Devices:
    """Every configured device, built and probed by a DeviceManager (nothing is opened until its probe)."""
    from drivers.idcard.anyreader import AnyCardReader
    from drivers.manager import DeviceManager, ManagedDocumentPrinter, ManagedPrinter, ManagedReader, ManagedScanner

    manager = DeviceManager(interval=settings.devices.probe_interval)
    readers = []
    if settings.reader.kind == "sam":
        manager.add("id_reader", "card_reader", lambda: _sam_reader(settings))
        readers.append(ManagedReader(manager, "id_reader"))
    if settings.sscard.kind == "pcsc":
        manager.add("sscard", "card_reader", lambda: _sscard_reader(settings))
        readers.append(ManagedReader(manager, "sscard"))
    if settings.printer.kind in ("network", "serial", "usb"):
        manager.add("printer", "printer", lambda: _receipt_printer(settings))
    if settings.scanner.kind != "none":  # serial or hid
        manager.add("scanner", "scanner", lambda: _scanner(settings))
    if settings.a4.kind == "cups":  # result documents; its status shows with the others and in heartbeats
        manager.add("a4printer", "document_printer", lambda: _a4_printer(settings))
    reader = AnyCardReader(readers) if len(readers) > 1 else readers[0] if readers else MissingReader()
    printer = ManagedPrinter(manager, "printer") if settings.printer.kind != "none" else MissingPrinter()
    scanner = ManagedScanner(manager, "scanner") if settings.scanner.kind != "none" else None
    a4 = ManagedDocumentPrinter(manager, "a4printer") if settings.a4.kind == "cups" else None
    return Devices(manager, reader, printer, scanner, a4)
