"""结果领取 end to end on real parts: servicenet over HTTP (signed), its SMS sandbox, a real cupsd with a cups-pdf
queue. The clerk completes a case with a PDF result; the kiosk's ResultDesk finds it by the ID card and by the
receipt's code, prints it through IPP; the PDF cups-pdf wrote has the network document's text; the print is
counted; /verify confirms the document and refuses a byte-altered copy; an empty tray is a clear refusal that
counts nothing, and the document prints once the paper is back."""
from __future__ import annotations

import base64
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import requests

from domain import regcode
from domain.models import Person
from drivers.base import (
    A4_JOB_STOPPED,
    NO_PRINTS_LEFT,
    PRINT_GIVE_BACK_OWED,
    PRINT_GIVEN_BACK,
    DeviceStatus,
    Health,
    PrinterError,
)
from drivers.printer.cups_a4 import CupsA4Printer
from drivers.printer.messages import A4_FAULT, A4_OFFLINE, A4_PAPER_OUT
from servicenet.process import ServicenetProcess
from sync.client import NetClient
from sync.model import Offline
from sync.results import Ledger, NotPrinted, ResultDesk
from sync.store import Store
from tests.helpers import cups, sms
from tests.helpers.enroll import SignedNet, http
from tests.helpers.pdfs import result_pdf, text_of
from tests.helpers.proxy import FaultProxy
from tests.helpers.servicenet_proc import running_servicenet, signed
from tests.helpers.staff import add_staff
from tests.unit.servicenet.conftest import ID_SFZ, person_id, printed
from tests.unit.servicenet.test_cli import cli

pytestmark = pytest.mark.skipif(not cups.available(), reason="needs Debian cups + printer-driver-cups-pdf")
PHONE = "13700137100"


@pytest.fixture
def net(tmp_path: Path) -> Iterator[SignedNet]:
    with running_servicenet(tmp_path / "sn.db") as sn:
        yield signed(sn)


@pytest.fixture
def cupsd() -> Iterator[cups.Cupsd]:
    with cups.Cupsd().start() as daemon:
        yield daemon


def staff(sn: ServicenetProcess) -> requests.Session:
    done = cli(sn.db_url, "office", "staff-token", "--staff-id", "S009", "--name", "李四", "--role", "window",
               "--role", "handler", "--department", "*")
    assert done.returncode == 0, done.stderr
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {done.stdout.strip()}"
    return s


def completed_case(net: SignedNet) -> tuple[str, bytes]:
    code = regcode.make("440105", 1, date.today(), 31)
    case = {"code": code, "channel": "kiosk", "device_id": net.creds.device_id,
            "submitted_at": f"{date.today().isoformat()}T09:00:00+08:00",
            "applicant": {"name": "张三", "id_number": person_id(), "sex": "男", "nation": "汉",
                          "birth": "1949-12-31", "address": "广州市越秀区北京路1号", "source": "id_card"},
            **printed(PHONE)}  # 临时救助申请: a decision on paper, which a kiosk prints
    assert http.post(f"{net.url}/v1/cases/batch", json={"cases": [case]}, timeout=10).json()["results"][0][
        "result"] == "created"
    clerk = staff(net)
    assert clerk.post(f"{net.url}/v1/backoffice/cases/{code}/accept", json={}, timeout=10).status_code == 200
    pdf = result_pdf("准予行政许可决定书", ["申请人：张*", "经审查，准予临时救助。", "特此决定。"])
    r = clerk.post(f"{net.url}/v1/backoffice/cases/{code}/results", timeout=30, json={"documents": [
        {"kind": "批文", "title": "准予行政许可决定书", "pdf_base64": base64.b64encode(pdf).decode()}]})
    assert r.status_code == 200, r.text
    assert clerk.post(f"{net.url}/v1/backoffice/cases/{code}/complete", json={}, timeout=10).status_code == 200
    return code, pdf


def test_print_a_result_at_the_kiosk(net: SignedNet, cupsd: cups.Cupsd) -> None:
    code, original = completed_case(net)
    assert "结果领取" in sms.inbox(net.url, PHONE, 2)[-1]  # the completion SMS says where to print
    client = NetClient(net.url, session=net.http)
    desk = ResultDesk(client, net.creds.enrollment.person_key, CupsA4Printer(cupsd.server, cupsd.queue))
    by_card = desk.for_person(Person("张三", person_id()))
    assert [c.code for c in by_card] == [code] and desk.for_code(code) == by_card
    [doc] = by_card[0].documents
    assert doc.prints_left == 2

    # the tray is empty: a clear message, nothing printed, nothing counted: the document is still owed
    cupsd.paper_out(True)
    desk.printer.print_pdf(result_pdf("测试页", ["打印机自检"]))  # type: ignore[union-attr]  # it finds out on a job
    deadline = time.monotonic() + 30
    while desk.printer.status().reason != A4_PAPER_OUT:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    with pytest.raises(PrinterError) as refused:
        desk.print(doc)
    assert refused.value.message == A4_PAPER_OUT
    assert desk.for_code(code)[0].documents[0].printed == 0
    cupsd.paper_out(False)  # the printer says it has paper once it prints again: the test page goes first
    deadline = time.monotonic() + 30
    while desk.printer.status().health is Health.ERROR:
        assert time.monotonic() < deadline, desk.printer.status()
        time.sleep(0.2)

    printed = desk.print(doc)
    assert printed.doc.printed == 1 and printed.doc.prints_left == 1
    network_copy = client.result_pdf(doc.doc_code)
    [written] = [p for p in cupsd.wait_pdfs(2) if doc.pretty.replace("-", "") in text_of(p.read_bytes()).replace("-", "")]
    assert text_of(written.read_bytes()) == text_of(network_copy)  # same words, stamp and code included
    assert text_of(original) in text_of(written.read_bytes()) and doc.pretty in text_of(written.read_bytes())

    page = requests.get(f"{net.url}/verify/{doc.doc_code}", timeout=10)
    assert page.status_code == 200 and "真实有效" in page.text and "张*" in page.text
    good = requests.post(f"{net.url}/verify/{doc.doc_code}", files={"file": ("r.pdf", network_copy)}, timeout=10)
    assert good.status_code == 200 and "完全一致" in good.text
    altered = network_copy.replace(b"servicenet", b"servicenes", 1)
    bad = requests.post(f"{net.url}/verify/{doc.doc_code}", files={"file": ("r.pdf", altered)}, timeout=10)
    assert bad.status_code == 409 and "已被改动" in bad.text


def test_hand_in_a_supplement_at_the_kiosk(net: SignedNet) -> None:
    """补正 at the kiosk: the photo is sealed to the network's key, uploaded, joined to the case as a 补正 slot;
    the request is received (the clock runs again); the same hand-in again changes nothing."""
    from sync.crypto import Sealer, unb64

    code = regcode.make("440105", 1, date.today(), 32)
    case = {"code": code, "service_code": ID_SFZ, "channel": "kiosk", "device_id": net.creds.device_id,
            "submitted_at": f"{date.today().isoformat()}T09:00:00+08:00",
            "applicant": {"name": "张三", "id_number": person_id(), "source": "id_card"},
            "form": {"name": "张三", "id_number": person_id(), "phone": PHONE, "reason": "到期换领"}}
    assert http.post(f"{net.url}/v1/cases/batch", json={"cases": [case]}, timeout=10).json()["results"][0][
        "result"] == "created"
    office = staff(net)
    office.post(f"{net.url}/v1/backoffice/cases/{code}/accept", json={}, timeout=10)
    client = NetClient(net.url, session=net.http)
    desk = ResultDesk(client, net.creds.enrollment.person_key, None,
                      sealer=Sealer(unb64(net.creds.enrollment.network_public_key)))
    from sync.client import NetworkRefused

    with pytest.raises(NetworkRefused, match="409"):  # nothing asked yet
        desk.hand_in(code, [(b"\xff\xd8photo\xff\xd9", "image/jpeg")])
    office.post(f"{net.url}/v1/backoffice/cases/{code}/supplement", json={"missing": ["户口簿"]}, timeout=10)
    assert http.get(f"{net.url}/v1/cases/{code}", timeout=10).json()["supplement"]["missing"] == ["户口簿"]
    view = desk.hand_in(code, [(b"\xff\xd8household register page\xff\xd9", "image/jpeg")])
    assert view["supplement"] is None  # received: the time limit runs again
    [slot] = [a for a in view["attachments"] if a["slot"].startswith("补正")]
    assert slot["filled"] and slot["media_type"] == "image/jpeg"
    history = office.get(f"{net.url}/v1/backoffice/cases", params={"limit": 200}, timeout=10)
    assert history.status_code == 200
    # the photo is sealed: the network's stored bytes are not the photo
    stored = http.get(f"{net.url}/v1/attachments/{slot['sha256']}", timeout=10)
    assert stored.status_code == 200 and b"household register page" not in stored.content


def test_two_kiosks_print_the_last_copy_once(net: SignedNet, cupsd: cups.Cupsd) -> None:
    """One print left, and two kiosks (the resident at one, a relative with the receipt at the other) both offer
    it: the network's count decides before the job goes to the printer, so the second kiosk says no prints are
    left and prints nothing (it used to print first and be refused the count after: a copy past the limit)."""
    code, _ = completed_case(net)
    client = NetClient(net.url, session=net.http)
    first, second = (ResultDesk(client, net.creds.enrollment.person_key, CupsA4Printer(cupsd.server, cupsd.queue))
                     for _ in range(2))
    first.print(first.for_code(code)[0].documents[0])
    [here] = first.for_code(code)[0].documents
    [there] = second.for_code(code)[0].documents
    assert here.prints_left == there.prints_left == 1
    assert first.print(here).doc.prints_left == 0
    with pytest.raises(PrinterError) as refused:
        second.print(there)
    assert refused.value.message == NO_PRINTS_LEFT
    cupsd.wait_pdfs(2)
    with pytest.raises(AssertionError, match="wanted 3"):
        cupsd.wait_pdfs(3, timeout=5)
    assert first.for_code(code)[0].documents[0].printed == 2


class GoesAway(CupsA4Printer):
    """The hall's A4 printer on the real cupsd, which stops taking jobs in the moment after the status check
    number `after` says it is ready (another program stops the queue, or makes it refuse jobs): the window that
    CUPS leaves between a good status and `lp`."""

    def __init__(self, cupsd: cups.Cupsd, after: int, how: str) -> None:
        super().__init__(cupsd.server, cupsd.queue)
        self.cupsd, self.after, self.how = cupsd, after, how

    def status(self) -> DeviceStatus:
        found = super().status()
        self.after -= 1
        if self.after == 0:
            self.cupsd.run(self.how, self.cupsd.queue)
        return found


def owed(store: Store) -> list[dict[str, str]]:
    """What the kiosk's store says it still owes the network about prints."""
    return Ledger(store).entries()


@pytest.mark.parametrize(("after", "how", "said"), [(1, "cupsdisable", A4_OFFLINE), (2, "cupsreject", A4_FAULT)])
def test_a_print_the_printer_refuses_is_given_back(net: SignedNet, cupsd: cups.Cupsd, tmp_path: Path,
                                                   after: int, how: str, said: str) -> None:
    """The printer is ready when the kiosk looks, and refuses the job a moment later (its queue stopped: the
    driver's own check says offline; or it stopped taking jobs: `lp` fails): the copy counted for it is given
    back, she is told what the printer said and that she can print it again, and she does once it is back."""
    code, _ = completed_case(net)
    store = Store(tmp_path / "kiosk.db")
    desk = ResultDesk(NetClient(net.url, session=net.http), net.creds.enrollment.person_key,
                      GoesAway(cupsd, after, how), store=store)
    [doc] = desk.for_code(code)[0].documents
    with pytest.raises(NotPrinted) as refused:
        desk.print(doc)
    assert (refused.value.reason, refused.value.message) == (said, PRINT_GIVEN_BACK)
    assert refused.value.doc is not None and refused.value.doc.prints_left == 2
    assert desk.for_code(code)[0].documents[0].printed == 0 and owed(store) == []
    cupsd.run("cupsenable" if how == "cupsdisable" else "cupsaccept", cupsd.queue)
    assert desk.print(doc).doc.prints_left == 1
    assert len(cupsd.wait_pdfs(1)) == 1
    clerk = add_staff(net.db_url, f"R{after}01", ["window"], ["*"])
    office = requests.Session()
    assert office.post(f"{net.url}/admin/login", data=clerk.form(), timeout=10).status_code == 200
    page = office.get(f"{net.url}/admin/cases/{code}", timeout=10).text
    assert page.count('class="print given-back"') == 1 and "已退回（打印机未接收作业" in page
    assert net.creds.device_id in page  # the kiosk that counted it and gave it back


def test_a_job_that_ends_cancelled_is_given_back(net: SignedNet, cupsd: cups.Cupsd) -> None:
    """The printer takes the job and then gives it up (cancelled, nothing came out): the kiosk follows the job
    to its end, gives the copy back and says so; the next print comes out."""
    code, _ = completed_case(net)
    desk = ResultDesk(NetClient(net.url, session=net.http), net.creds.enrollment.person_key,
                      CupsA4Printer(cupsd.server, cupsd.queue))
    [doc] = desk.for_code(code)[0].documents
    cupsd.jam(True)
    with pytest.raises(NotPrinted) as stopped:
        desk.print(doc)
    assert (stopped.value.reason, stopped.value.message) == (A4_JOB_STOPPED, PRINT_GIVEN_BACK)
    assert stopped.value.doc is not None and stopped.value.doc.prints_left == 2 and cupsd.pdfs() == []
    cupsd.jam(False)
    printed = desk.print(doc)
    assert printed.done and printed.doc.prints_left == 1 and len(cupsd.wait_pdfs(1)) == 1


def test_lost_replies_never_give_back_twice(net: SignedNet, cupsd: cups.Cupsd, tmp_path: Path) -> None:
    """The link loses the network's answers: a give-back whose reply is lost stays owed in the kiosk's store
    and is sent again with the next listing, and the network gives the copy back once; a count whose reply is
    lost sends nothing to the printer and is given back (voided), so the copy is not spent."""
    code, _ = completed_case(net)
    store = Store(tmp_path / "kiosk.db")
    with FaultProxy(net.port) as link:
        desk = ResultDesk(NetClient(link.url, session=net.creds.session()), net.creds.enrollment.person_key,
                          GoesAway(cupsd, 1, "cupsdisable"), store=store)
        [doc] = desk.for_code(code)[0].documents
        link.drop_response("/returns")
        with pytest.raises(NotPrinted) as refused:
            desk.print(doc)
        assert (refused.value.message, refused.value.doc) == (PRINT_GIVE_BACK_OWED, None)
        assert [e["reason"] for e in owed(store)] == ["refused"]
        cupsd.offline(False)
        [again] = desk.for_code(code)[0].documents  # the give-back owed goes first: the network takes it once
        assert (again.printed, owed(store)) == (0, [])
        assert ("POST /v1/results/" + doc.doc_code + "/returns", "ok") in link.log

        link.drop_response("/prints")
        with pytest.raises(Offline):
            desk.print(again)
        assert owed(store) == [] and desk.for_code(code)[0].documents[0].printed == 0
        assert desk.print(again).doc.printed == 1
    with pytest.raises(AssertionError, match="wanted 2"):
        cupsd.wait_pdfs(2, timeout=3)  # one copy printed: the refused job and the voided count printed nothing


def test_a_job_left_waiting_and_cancelled_later_is_given_back(net: SignedNet, cupsd: cups.Cupsd,
                                                              tmp_path: Path) -> None:
    """The tray runs out as the job starts: the printer took it and stopped, so the kiosk says it is waiting and
    keeps the job in its store. A job that comes out once the paper is back is forgotten at the next sync; one
    the clerk clears instead (cancel) is given back at the next sync."""
    from sync.engine import SyncReport

    code, _ = completed_case(net)
    store = Store(tmp_path / "kiosk.db")
    desk = ResultDesk(NetClient(net.url, session=net.http), net.creds.enrollment.person_key,
                      CupsA4Printer(cupsd.server, cupsd.queue), store=store)

    def printed() -> int:
        return desk.for_code(code)[0].documents[0].printed

    def stuck() -> str:
        cupsd.paper_out(True)
        waiting = desk.print(desk.for_code(code)[0].documents[0])
        assert not waiting.done and [e["job"] for e in owed(store)] == [waiting.job_id]
        desk.after_sync(SyncReport(online=True))  # still in the queue: nothing changes
        assert len(owed(store)) == 1
        return waiting.job_id

    stuck()
    assert printed() == 1
    cupsd.paper_out(False)
    cupsd.wait_pdfs(1)
    deadline = time.monotonic() + 30
    while owed(store):  # the job comes out: forgotten, still counted
        assert time.monotonic() < deadline, owed(store)
        desk.after_sync(SyncReport(online=True))
        time.sleep(0.2)
    assert printed() == 1

    job = stuck()
    assert printed() == 2
    cupsd.run("cancel", job)
    desk.after_sync(SyncReport(online=True))
    assert owed(store) == [] and printed() == 1  # the copy that never came out is given back
    with pytest.raises(AssertionError, match="wanted 2"):
        cupsd.wait_pdfs(2, timeout=3)


def test_a_waiting_job_is_not_given_back_while_cupsd_cannot_answer(net: SignedNet, cupsd: cups.Cupsd,
                                                                     tmp_path: Path) -> None:
    """A job waits in the stopped printer (tray empty) and the technician restarts cupsd: while cupsd does not
    answer, the sync's follow-up cannot know the job's end, so the copy stays counted and the job stays watched
    (it used to read "no answer" as a job that ended without printing and give the copy back). cupsd back, the
    job is still in its queue and comes out with the paper: one copy, counted once."""
    from sync.engine import SyncReport

    code, _ = completed_case(net)
    store = Store(tmp_path / "kiosk.db")
    desk = ResultDesk(NetClient(net.url, session=net.http), net.creds.enrollment.person_key,
                      CupsA4Printer(cupsd.server, cupsd.queue), store=store, settle_s=5)
    cupsd.paper_out(True)
    waiting = desk.print(desk.for_code(code)[0].documents[0])
    assert not waiting.done and waiting.doc.printed == 1
    cupsd.halt()
    desk.after_sync(SyncReport(online=True))
    assert [e.get("job") for e in owed(store)] == [waiting.job_id]
    assert desk.for_code(code)[0].documents[0].printed == 1
    (cupsd.flags / "paper-out").unlink()  # the tray refilled while cupsd is down
    cupsd.resume()
    cupsd.offline(False)
    assert len(cupsd.wait_pdfs(1)) == 1
    deadline = time.monotonic() + 30
    while owed(store):
        assert time.monotonic() < deadline, owed(store)
        desk.after_sync(SyncReport(online=True))
        time.sleep(0.2)
    assert desk.for_code(code)[0].documents[0].printed == 1


class PowerCut(BaseException):
    """The kiosk stops here (power cut, kill, watchdog restart): nothing after it runs, no handler catches it."""


class CutAt(CupsA4Printer):
    """The hall's A4 printer on the real cupsd; the kiosk's power goes at `when`: "job" as the job would go to
    the printer (the print already counted), "follow" while the job, taken, is being followed."""

    def __init__(self, cupsd: cups.Cupsd, when: str) -> None:
        super().__init__(cupsd.server, cupsd.queue)
        self.when = when

    def print_pdf(self, data: bytes, copies: int = 1, title: str = "") -> str:
        if self.when == "job":
            raise PowerCut
        return super().print_pdf(data, copies, title)

    def job_state(self, job_id: str) -> str:
        if self.when == "follow":
            raise PowerCut
        return super().job_state(job_id)


@pytest.mark.parametrize("when", ["job", "follow"])
def test_a_print_cut_short_by_a_restart_is_given_back(net: SignedNet, cupsd: cups.Cupsd, tmp_path: Path,
                                                      when: str) -> None:
    """The kiosk restarts after the network counted the print: before the job went to the printer, or while it
    followed a job the printer held (tray empty) which the clerk then clears. The kiosk started again finds the
    print in its store and gives the copy back at its first sync; nothing came out, and she can print it."""
    from sync.engine import SyncReport

    code, _ = completed_case(net)
    client = NetClient(net.url, session=net.http)
    store = Store(tmp_path / "kiosk.db")
    before = ResultDesk(client, net.creds.enrollment.person_key, CutAt(cupsd, when), store=store)
    cupsd.paper_out(when == "follow")
    with pytest.raises(PowerCut):
        before.print(before.for_code(code)[0].documents[0])
    counted = ResultDesk(client, net.creds.enrollment.person_key, None)  # the network's count, as any kiosk reads it
    assert counted.for_code(code)[0].documents[0].printed == 1  # counted, then the power went
    store.close()
    if when == "follow":
        [job] = [line.split()[0].rsplit("-", 1)[1] for line in cupsd.run("lpstat", "-o").splitlines()]
        cupsd.run("cancel", job)

    store = Store(tmp_path / "kiosk.db")  # the kiosk starts again
    after = ResultDesk(client, net.creds.enrollment.person_key, CupsA4Printer(cupsd.server, cupsd.queue),
                       store=store)
    after.after_sync(SyncReport(online=True))
    assert owed(store) == [] and after.for_code(code)[0].documents[0].printed == 0
    assert cupsd.pdfs() == []
    store.close()


class Slow(CupsA4Printer):
    """The hall's A4 printer on the real cupsd, whose answers about a job hang until `answer` is set (a cupsd
    busy or hung: ipptool waits its timeout for each job)."""

    def __init__(self, cupsd: cups.Cupsd) -> None:
        super().__init__(cupsd.server, cupsd.queue)
        self.answer, self.asked = threading.Event(), threading.Event()

    def job_state(self, job_id: str) -> str:
        self.asked.set()
        self.answer.wait(60)
        return super().job_state(job_id)


def test_a_resident_is_not_kept_waiting_behind_the_syncs_follow_up(net: SignedNet, cupsd: cups.Cupsd,
                                                                  tmp_path: Path) -> None:
    """A job waits in the printer and the sync asks cupsd about it while cupsd is slow to answer: the next
    resident's listing does not wait for that answer (it used to queue behind the sync's follow-up for as long
    as cupsd took, per job owed)."""
    from sync.engine import SyncReport

    code, _ = completed_case(net)
    store = Store(tmp_path / "kiosk.db")
    printer = Slow(cupsd)
    desk = ResultDesk(NetClient(net.url, session=net.http), net.creds.enrollment.person_key, printer,
                      store=store, settle_s=0)
    printer.answer.set()
    cupsd.paper_out(True)
    assert not desk.print(desk.for_code(code)[0].documents[0]).done  # left waiting in the stopped printer
    printer.answer.clear()
    sync = threading.Thread(target=desk.after_sync, args=(SyncReport(online=True),))
    sync.start()
    try:
        assert printer.asked.wait(30)
        listed: list[int] = []

        lister = threading.Thread(target=lambda: listed.append(desk.for_code(code)[0].documents[0].printed))
        lister.start()
        lister.join(30)
        assert listed == [1] and not printer.answer.is_set()  # listed while the sync still waits for cupsd
    finally:
        printer.answer.set()
        sync.join(60)
    assert len(owed(store)) == 1
