"""In-memory fakes of kiosk.services and drivers.base, for kiosk view-model and screen unit tests only."""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from domain import regcode
from domain.models import Material, Person, Receipt, ServiceItem
from domain.queue import QueueTicket
from domain.results import ResultDoc
from domain.status import CaseStatus, SyncState
from drivers.base import CardReader, DeviceStatus, NoCard, ReceiptPrinter
from kiosk.camera import Photo, photo_from_image
from kiosk.qt import QColor, QImage
from kiosk.services import (
    CaseService,
    CatalogueService,
    FaceService,
    IdentityService,
    PaymentService,
    QueueService,
    ResultService,
    Services,
    SyncService,
)
from kiosk.staff.backend import StaffBackend
from kiosk.tasks import TaskRunner
from sync.hall import Appointment, Business
from sync.model import RATING_LEVELS, Application, LocalCase, Offline, StatusEntry, SyncHealth
from sync.results import Printed, ResultCase
from sync.store import Store

NOW = datetime(2025, 11, 26, 9, 30)

PERSON = Person(name="王秀英", id_number="440105195003081232", sex="女", nation="汉",
                birth=date(1950, 3, 8), address="广东省广州市海珠区江南大道中123号",
                authority="广州市公安局海珠分局", valid_from=date(2015, 1, 1), valid_to=None)
AGENT = Person(name="李建国", id_number="44010519780512123X", sex="男", nation="汉",
               birth=date(1978, 5, 12), address="广东省广州市海珠区南洲路88号",
               authority="广州市公安局海珠分局", valid_from=date(2018, 1, 1), valid_to=date(2038, 1, 1))

_FORM = {
    "type": "object",
    "required": ["name", "id_number", "phone", "reason"],
    "x-order": ["name", "id_number", "phone", "address", "reason", "household_size", "birth_date"],
    "properties": {
        "name": {"type": "string", "title": "申请人姓名", "x-prefill": "name"},
        "id_number": {"type": "string", "title": "身份证号码", "x-prefill": "id_number", "x-format": "id_number"},
        "phone": {"type": "string", "title": "联系电话", "pattern": "^1\\d{10}$", "x-format": "phone",
                  "x-error": "请输入11位手机号码"},
        "address": {"type": "string", "title": "居住地址", "maxLength": 60, "x-prefill": "address"},
        "reason": {"type": "string", "title": "申请事由", "enum": ["遗失", "损坏"]},
        "household_size": {"type": "integer", "title": "家庭人口", "minimum": 1, "maximum": 20},
        "birth_date": {"type": "string", "format": "date", "title": "出生日期", "x-prefill": "birth"},
    },
}

ITEMS = (
    ServiceItem(
        code="11440105MB2C12345X4440105001", name="居民身份证补领", category="个人办事",
        department="广州市公安局海珠分局", life_event="证件办理",
        conditions=("户籍在本区的居民身份证遗失或损坏", "本人到场办理"),
        materials=(Material("户口簿", 1), Material("近期免冠证件照片", 2, note="白底")),
        time_limit_days=20, fee_cents=2000, fee_item="证件工本费", location="海珠区政务服务中心一楼A区3号窗口",
        complaint="12345 政务服务便民热线", keywords=("身份证", "补办", "sfz"), form_schema=_FORM),
    ServiceItem(
        code="11440105MB2C12345X4440105002", name="城乡居民基本养老保险待遇申领", category="个人办事",
        department="海珠区社会保险基金管理局", life_event="养老",
        conditions=("年满60周岁", "累计缴费满15年"),
        materials=(Material("居民身份证", 1), Material("户口簿", 1), Material("银行存折或社保卡", 1, required=False)),
        time_limit_days=10, fee_cents=0, location="海珠区政务服务中心二楼社保专区",
        complaint="12345 政务服务便民热线", keywords=("养老", "退休", "yl"), form_schema=_FORM),
    ServiceItem(
        code="11440105MB2C12345X4440105003", name="个体工商户设立登记", category="法人办事",
        department="海珠区市场监督管理局", life_event="开店",
        conditions=("有经营能力的自然人",), materials=(Material("经营场所证明", 1),),
        time_limit_days=3, fee_cents=0, location="海珠区政务服务中心三楼商事登记区",
        complaint="12345 政务服务便民热线", keywords=("个体户", "营业执照"), form_schema=_FORM),
)

# 法人办事 with a credit code on its form (the shape of the catalogue's 食品经营许可)
BUSINESS_ITEM = ServiceItem(
    code="11440105MB2C12345X4440105004", name="食品经营许可", category="法人办事", department="海珠区市场监督管理局",
    life_event="开店", conditions=("已取得营业执照",), materials=(Material("营业执照", 1),), time_limit_days=10,
    location="海珠区政务服务中心三楼", complaint="12345 政务服务便民热线", keywords=("食品", "许可"),
    form_schema={
        "type": "object", "required": ["credit_code", "shop_name", "rep_role", "name", "id_number", "phone"],
        "x-order": ["credit_code", "shop_name", "rep_role", "name", "id_number", "phone"],
        "properties": {
            "credit_code": {"type": "string", "title": "统一社会信用代码", "x-format": "credit_code",
                            "x-prefill": "credit_code"},
            "shop_name": {"type": "string", "title": "经营者名称", "maxLength": 40, "x-prefill": "org_name"},
            "rep_role": {"type": "string", "title": "申请人身份", "enum": ["法定代表人", "授权代理人"],
                         "x-prefill": "rep_role"},
            "name": {"type": "string", "title": "申请人姓名", "x-prefill": "name"},
            "id_number": {"type": "string", "title": "公民身份号码", "x-prefill": "id_number", "x-format": "id_number"},
            "phone": {"type": "string", "title": "联系电话", "x-format": "phone"},
        }})


class FakeCatalogue(CatalogueService):
    def __init__(self, items: tuple[ServiceItem, ...] = ITEMS) -> None:
        self._items = list(items)

    def categories(self) -> list[str]:
        return sorted({i.category for i in self._items}, key=["个人办事", "法人办事"].index)

    def items(self, category: str | None = None) -> list[ServiceItem]:
        return [i for i in self._items if category is None or i.category == category]

    def search(self, text: str, limit: int = 50) -> list[ServiceItem]:
        t = text.strip().lower()
        return [i for i in self._items if t in i.name or any(t in k for k in i.keywords)][:limit]

    def get(self, code: str) -> ServiceItem | None:
        return next((i for i in self._items if i.code == code), None)


class FakeCases(CaseService):
    """Stores cases in a dict; `offline=True` makes refresh raise Offline; `remote` overrides refresh."""

    def __init__(self, clock: Callable[[], datetime] = lambda: NOW, *, offline: bool = False) -> None:
        self.clock = clock
        self.offline = offline
        self.cases: dict[str, LocalCase] = {}
        self.applications: dict[str, Application] = {}
        self.remote: dict[str, LocalCase] = {}
        self.printed: list[str] = []
        self.ratings: list[tuple[str, int, tuple[str, ...]]] = []
        self.web: dict[str, list[LocalCase]] = {}  # id number -> cases from the web channel
        self.fail_enqueue: Exception | None = None
        self._seq = 0
        self._lock = threading.Lock()

    def enqueue(self, application: Application) -> Receipt:
        if self.fail_enqueue is not None:
            raise self.fail_enqueue
        with self._lock:
            self._seq += 1
            now = self.clock()
            code = regcode.make("440105", 7, now.date(), self._seq)
            self.applications[code] = application
            self.cases[code] = LocalCase(
                code=code, service_code=application.service.code, service_name=application.service.name,
                applicant_masked_name=application.applicant.masked_name, status=CaseStatus.SUBMITTED,
                sync_state=SyncState.QUEUED, submitted_at=now,
                due_date=(now + timedelta(days=application.service.time_limit_days)).date(),
                history=(StatusEntry(CaseStatus.SUBMITTED, now),))
        return self._receipt(code, reprint=False)

    def _receipt(self, code: str, *, reprint: bool) -> Receipt:
        app = self.applications[code]
        return Receipt(code=code, service_name=app.service.name, applicant_masked_name=app.applicant.masked_name,
                       applicant_masked_id=app.applicant.masked_id, submitted_at=self.cases[code].submitted_at,
                       time_limit_days=app.service.time_limit_days, department=app.service.department,
                       track_url=f"https://zwfw.example.gov.cn/track?code={code}", hall_name="海珠区政务服务中心",
                       reprint=reprint)

    def receipt(self, code: str) -> Receipt:
        return self._receipt(code, reprint=True)

    def mark_printed(self, code: str) -> None:
        self.printed.append(code)
        self.cases[code] = replace(self.cases[code], printed=True)

    def get(self, code: str) -> LocalCase | None:
        return self.cases.get(code)

    def refresh(self, code: str) -> LocalCase | None:
        if self.offline:
            raise Offline("connection refused")
        if code in self.remote:
            self.cases[code] = self.remote[code]
        return self.cases.get(code)


    def cases_for_person(self, id_number: str) -> list[LocalCase]:
        local = [self.cases[c] for c, a in self.applications.items() if a.applicant.id_number == id_number]
        return local + list(self.web.get(id_number, []))

    def rate(self, code: str, level: int, reasons: tuple[str, ...] = ()) -> None:
        if level not in RATING_LEVELS:
            raise ValueError(level)
        self.ratings.append((code, level, tuple(reasons)))


class FakeSync(SyncService):
    def __init__(self, health: SyncHealth | None = None) -> None:
        self.health_now = health or SyncHealth(queued=0, quarantined=0, last_success=NOW, online=True)

    def health(self) -> SyncHealth:
        return self.health_now

    def quarantined(self) -> list[LocalCase]:
        return []

    def requeue(self, code: str) -> None:
        pass

    def acknowledge_salvage(self, staff_id: str, now: datetime) -> bool:
        return False

    def export(self, code: str) -> bytes:
        return b"{}"

    def wake(self) -> None:
        pass

    def send_diagnostics(self, name: str, data: bytes, staff_id: str) -> dict[str, Any]:
        """Kept in `sent`; raises `send_error` when set (Offline, TooLarge …)."""
        if getattr(self, "send_error", None) is not None:
            raise self.send_error
        self.sent = [*getattr(self, "sent", []), (name, data, staff_id)]
        return {"id": len(self.sent), "size": len(data), "sha256": ""}


class FakeCamera:
    """A document camera that always gives the same tiny picture (or fails with `error`)."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.shots = 0

    def available(self) -> bool:
        return True

    def capture(self, runner: TaskRunner, on_done, on_error) -> None:
        def take() -> Photo:
            if self.error is not None:
                raise self.error
            self.shots += 1
            image = QImage(160, 120, QImage.Format.Format_RGB32)
            image.fill(QColor("#E6DCC3"))
            return photo_from_image(image)

        runner.run(take, on_done, on_error)

    def close(self) -> None:
        pass


class FakeDevice:
    """A healthy stand-in device that fails on purpose: while `error` is set, each use raises it."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error

    def _use(self) -> None:
        if self.error is not None:
            raise self.error

    def status(self) -> DeviceStatus:
        return DeviceStatus.ok()

    def close(self) -> None:
        pass


class FakeReader(FakeDevice, CardReader):
    def __init__(self, person: Person | None = PERSON, error: Exception | None = None) -> None:
        super().__init__(error)
        self.person = person
        self.calls: list[float] = []

    def read_person(self, timeout: float = 5.0) -> Person:
        self.calls.append(timeout)
        self._use()
        if self.person is None:
            raise NoCard("Please put your ID card on the reader.")
        return self.person


class FakePrinter(FakeDevice, ReceiptPrinter):
    def __init__(self, error: Exception | None = None) -> None:
        super().__init__(error)
        self.printed: list[Receipt] = []
        self.tickets: list[QueueTicket] = []

    def print_ticket(self, ticket: QueueTicket) -> None:
        self._use()
        self.tickets.append(ticket)

    def print_receipt(self, receipt: Receipt) -> None:
        self._use()
        self.printed.append(receipt)


class FakeSlipPrinter(FakePrinter):
    """A printer that also prints slips (the method asked of drivers/ for the guide and 一次性告知)."""

    def __init__(self, error: Exception | None = None) -> None:
        super().__init__(error)
        self.slips: list[tuple[str, list[str]]] = []

    def print_slip(self, title: str, lines: list[str]) -> None:
        self._use()
        self.slips.append((title, list(lines)))


def make_services(*, reader: FakeReader | None = None, printer: FakePrinter | None = None,
                  cases: CaseService | None = None, sync: SyncService | None = None,
                  payments: PaymentService | None = None, staff: StaffBackend | None = None,
                  items: tuple[ServiceItem, ...] = ITEMS, queue: QueueService | None = None,
                  results: ResultService | None = None, identity: IdentityService | None = None,
                  face: FaceService | None = None) -> Services:
    return Services(catalogue=FakeCatalogue(items), cases=cases or FakeCases(), reader=reader or FakeReader(),
                    printer=printer or FakePrinter(), clock=lambda: NOW, sync=sync, payments=payments, staff=staff,
                    queue=queue, results=results, identity=identity, face=face)


class FakeIdentity(IdentityService):
    """sync.qrid.QrIdentity's stand-in for screen tests (the real one is tested against the sandbox provider
    in tests/unit/kiosk/test_qrid.py): a code in `holders` is that person's 亮码; "offline" cannot be checked
    now; any other code is refused (expired or used)."""

    def __init__(self, holders: dict[str, Person]) -> None:
        self.holders = holders

    def verify_qr(self, code: str) -> Person:
        from sync.qrid import QrRefused

        if code == "offline":
            raise Offline("the identity provider is not reachable")
        if code not in self.holders:
            raise QrRefused(code)
        return self.holders[code]


class FakeResults(ResultService):
    """sync.results.ResultDesk's stand-in for screen tests (the real one prints on a real cupsd in
    tests/integration/test_results_print.py): one completed case with two documents; `error` makes the next
    print fail as the printer would."""

    def __init__(self) -> None:
        code = regcode.make("440105", 1, NOW.date(), 7)
        self.case = ResultCase(code, "居民身份证换领", (
            ResultDoc("ABCDEFGHJKMNPQRS", "ABCD-EFGH-JKMN-PQRS", code, "批文", "准予行政许可决定书", "0" * 64,
                      52_000, NOW.isoformat(), 2, 0),
            ResultDoc("TVWXYZ0123456789", "TVWX-YZ01-2345-6789", code, "证明", "受理情况证明", "1" * 64,
                      31_000, NOW.isoformat(), 1, 1)))
        self.error: Exception | None = None
        self.waiting = False  # the job stays in the printer's queue (Printed.done False)
        self.printed: list[str] = []
        self.handed_in: list[tuple[str, int]] = []

    def for_person(self, person: Person) -> list[ResultCase]:
        return [self.case]

    def for_code(self, code: str) -> list[ResultCase]:
        return [self.case] if code == self.case.code else []

    def hand_in(self, code: str, photos: list[tuple[bytes, str]]) -> dict[str, object]:
        if self.error is not None:
            raise self.error
        self.handed_in.append((code, len(photos)))
        return {"code": code, "supplement": None}

    def print(self, doc: ResultDoc, copies: int = 1) -> Printed:
        if self.error is not None:
            raise self.error
        self.printed.append(doc.doc_code)
        return Printed(replace(doc, printed=doc.printed + copies), str(len(self.printed)), done=not self.waiting)


class FakeQueue(QueueService):
    """sync.hall.HallClient's stand-in for screen tests (the real one is tested against a hall node):
    numbers per prefix, priority for a card holder born 70 or more years before NOW."""

    def __init__(self, appointments: dict[str, Appointment] | None = None) -> None:
        self.counts: dict[str, int] = {"A": 2, "B": 0, "C": 1}
        self.appointments = appointments or {}  # by ID number

    def appointment(self, person: Person) -> Appointment | None:
        return self.appointments.get(person.id_number)

    def businesses(self) -> tuple[str, list[Business]]:
        names = {"A": ("综合窗口", ""), "B": ("个人办事", "个人办事"), "C": ("法人办事", "法人办事")}
        return "测试大厅", [Business(p, n, c, self.counts[p]) for p, (n, c) in names.items()]

    def take(self, prefix: str, person: Person | None = None) -> QueueTicket:
        self.counts[prefix] += 1
        elderly = person is not None and person.birth is not None and NOW.year - person.birth.year > 70
        business = next(b.name for b in self.businesses()[1] if b.prefix == prefix)  # the one taken, as the hall says
        return QueueTicket(f"{prefix}{self.counts[prefix]:03d}", business,
                           0 if elderly else self.counts[prefix] - 1, 0 if elderly else 8 * (self.counts[prefix] - 1),
                           "测试大厅", "http://hall.test/hall/t/x", "老年人优先" if elderly else "", NOW)


STAFF_PIN = "246810"


def staff_backend(store: Store, *, staff_id: str = "counter") -> StaffBackend:
    """The real staff back-end on `store`: PIN STAFF_PIN logs in as `staff_id`, the audit log is kept."""
    from kiosk.config import Settings
    from kiosk.staff.auth import AuthPolicy, StaffAuth, hash_pin
    from kiosk.staff.provisioning import Provisioner
    from sync.audit import AuditLog
    from sync.staff import StaffDesk

    def no_devices(settings: Settings) -> Any:
        raise AssertionError("this test opens no devices")

    policy = AuthPolicy(pin_hash=hash_pin(STAFF_PIN, n=2 ** 10), pin_staff_id=staff_id)
    return StaffBackend(auth=StaffAuth(policy, state=store), desk=StaffDesk(store),
                        provision=Provisioner(Settings(), None, no_devices),
                        audit=AuditLog(store, "440105-007", lambda: NOW, send=False))
