"""kiosk.logs: JSON lines, bounded rotation, and no personal data in any line (down to a whole resident's visit)."""
from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from domain import idnumber
from domain.models import Person
from kiosk import logs
from tests.helpers.enroll import http
from tests.helpers.smalldisk import fill, small_disk  # noqa: F401  (fixture: a small tmpfs)

FIRST17 = "44011719560308042"
ID = FIRST17 + idnumber.check_char(FIRST17)
NAME = "张秀英"
PHONE = "13800138000"
ADDRESS = "广东省广州市从化区鳌头镇龙潭村委会12号"


@pytest.fixture
def redactor() -> logs.Redactor:
    return logs.Redactor()


@pytest.fixture
def logdir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    logs.configure(folder, level="DEBUG", stream=None, static={"version": "9.9.9", "device": "440105-001"})
    yield folder
    logs.shutdown()
    logs.REDACTOR.forget_all()


def lines(folder: Path) -> list[str]:
    return [line for p in sorted(folder.glob("kiosk.log*")) for line in p.read_text("utf-8").splitlines()]


@pytest.mark.parametrize("text", [
    f"card {ID} read", f"id={ID}", f"ID:{ID[:6]} {ID[6:14]} {ID[14:]}", "old card 440117560308042 here",
    f"{ID[:17]}X", f"（{ID}）",
])
def test_id_numbers_are_redacted(redactor: logs.Redactor, text: str) -> None:
    out = redactor.text(text)
    assert ID not in out and ID[6:14] not in out and "440117560308042" not in out and ID[:17] not in out
    assert "[id-number]" in out or "[redacted]" in out


def test_registration_codes_and_ordinary_numbers_stay(redactor: logs.Redactor) -> None:
    text = "case 44010500126112600017 sent, 3 of 12 rows, port 9100, took 1732600000123 ns"
    assert redactor.text(text) == text


@pytest.mark.parametrize("text", [PHONE, f"tel {PHONE[:3]} {PHONE[3:7]} {PHONE[7:]}", f"+86 {PHONE}"])
def test_mobile_numbers_are_redacted(redactor: logs.Redactor, text: str) -> None:
    assert PHONE[-4:] not in redactor.text(text)


def test_personal_fields_are_redacted_in_every_notation(redactor: logs.Redactor) -> None:
    person = Person(name=NAME, id_number=ID, address=ADDRESS, birth=date(1956, 3, 8))
    for text in (repr(person), json.dumps({"name": NAME, "address": ADDRESS}, ensure_ascii=False),
                 f"name={NAME}, address={ADDRESS}", f"{{'name': '{NAME}', 'phone': '{PHONE}'}}"):
        out = redactor.text(text)
        assert NAME not in out and ADDRESS not in out and ID not in out and PHONE not in out, out
    assert "1956" not in redactor.text(repr(person)) and "3, 8" not in redactor.text(repr(person))


def test_remembered_values_are_redacted_anywhere(redactor: logs.Redactor) -> None:
    assert NAME in redactor.text(f"hello {NAME}")  # a bare name is not recognisable as such…
    redactor.remember_person(Person(name=NAME, id_number=ID, address=ADDRESS))
    assert redactor.text(f"hello {NAME}, welcome") == "hello [redacted], welcome"  # …until the card was read
    redactor.forget_all()
    assert NAME in redactor.text(f"hello {NAME}")


def test_remembered_values_are_bounded() -> None:
    small = logs.Redactor(capacity=2)
    small.remember("甲乙", "丙丁", "戊己")
    assert small.text("甲乙 丙丁 戊己") == "甲乙 [redacted] [redacted]"


def test_lines_are_json_with_version_and_extras(logdir: Path) -> None:
    log = logging.getLogger("kiosk.test")
    log.info("queued %s", "44010500126112600017", extra={"fields": {"queue": {"queued": 2}}})
    log.warning("plain", extra={"screen": "home"})
    entries = list(logs.read_lines(logdir))
    assert [e["msg"] for e in entries] == ["queued 44010500126112600017", "plain"]
    first, second = entries
    assert first["version"] == "9.9.9" and first["device"] == "440105-001" and first["queue"] == {"queued": 2}
    assert first["level"] == "INFO" and first["logger"] == "kiosk.test" and first["ts"].endswith("+00:00")
    assert second["screen"] == "home"


def test_nothing_personal_reaches_the_file(logdir: Path) -> None:
    log = logging.getLogger("kiosk.test")
    person = Person(name=NAME, id_number=ID, address=ADDRESS)
    log.info("read %r", person)
    log.info("fields", extra={"fields": {"name": NAME, "id_number": ID, "form": {"phone": PHONE}}})
    log.debug("person", extra={"person": person})
    try:
        raise ValueError(f"bad id {ID} for name='{NAME}'")
    except ValueError:
        log.exception("failed for %s", ID)
    log.info("bad format %s %s", ID)  # a broken call must not leak its arguments either
    text = "\n".join(lines(logdir))
    assert len(lines(logdir)) == 5
    for secret in (NAME, ID, ADDRESS, PHONE):
        assert secret not in text
    assert "Traceback" in text and "ValueError" in text  # the traceback is kept, scrubbed


def test_rotation_keeps_the_folder_bounded(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    logs.configure(folder, stream=None, max_bytes=4000, backups=2)
    try:
        log = logging.getLogger("kiosk.test")
        for i in range(400):
            log.info("line %d %s", i, "x" * 80)
    finally:
        logs.shutdown()
    files = sorted(folder.iterdir())
    assert [p.name for p in files] == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    assert all(p.stat().st_size <= 4000 for p in files)
    assert sum(p.stat().st_size for p in files) <= 4000 * 3
    entries = list(logs.read_lines(folder))
    assert entries[-1]["msg"].startswith("line 399 ")
    numbers = [int(e["msg"].split()[1]) for e in entries]
    assert numbers == sorted(numbers)  # oldest file first


def test_configure_replaces_its_own_handlers_only(tmp_path: Path) -> None:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    logs.configure(tmp_path / "a", stream=None, level="DEBUG")
    logs.configure(tmp_path / "b", stream=None)
    assert len(root.handlers) == len(before) + 1
    logs.shutdown()
    assert root.handlers == before and root.level == level


FORM = {"phone": PHONE, "reason": "到期换领", "address": ADDRESS}


@pytest.mark.e2e
def test_a_whole_visit_leaves_no_personal_data_in_the_log(qapp, tmp_path: Path, logdir: Path) -> None:
    """A resident's visit on real parts (SAM reader pty, ESC/POS emulator, servicenet), logged at DEBUG."""
    from drivers.sim.sam_reader import SimIdCard
    from kiosk.walkthrough import wait_until
    from tests.e2e.kiosk_rig import kiosk_rig

    card = SimIdCard.sample()
    logging.getLogger("kiosk.test").info("visit starts")
    with kiosk_rig(tmp_path, tmp_path / "shots") as rig:
        code = rig.walk.apply("个人办事", "sfz", "居民身份证换领", dict(FORM))
        wait_until(lambda: rig.runtime.services.cases.get(code).sync_state.value == "accepted", timeout=30,
                   what="the case to reach servicenet")
        http.post(f"{rig.net.url}/v1/cases/{code}/status", json={"status": "accepted", "note": "材料齐全"},
                      timeout=5)
        rig.runtime.engine.wake()
        rig.walk.track(code)
        person = rig.runtime.services.reader.read_person(2.0)
        # what a careless line of code would write: the person, the form, an error quoting the card
        log = logging.getLogger("kiosk.careless")
        log.info("identified %s (%s) at %s", person.name, person.id_number, person.address)
        log.warning("form %r", {"phone": PHONE, "id": person.id_number})
        log.error("person %s", person)
    entries = list(logs.read_lines(logdir))
    text = "\n".join(lines(logdir))
    assert len(entries) >= 4 and all(e["version"] == "9.9.9" for e in entries)
    assert sum(e["logger"] == "kiosk.careless" for e in entries) == 3
    for secret in (card.name, card.id_number, card.address, PHONE):
        assert secret not in text, f"{secret!r} leaked into the log"


def test_a_full_disk_never_stops_the_kiosk_and_logging_resumes(small_disk: Path) -> None:  # noqa: F811 - the fixture imported above
    folder = small_disk / "logs"
    handlers = logs.configure(folder, level="INFO", stream=None, static={"version": "9.9.9"})
    try:
        ballast = fill(small_disk, 8192)
        for i in range(200):  # the disk fills on the way: every call returns, none raises
            logging.getLogger("kiosk.test").info("line %d %s", i, "x" * 500)
        ballast.unlink()
        logging.getLogger("kiosk.test").warning("space is back")
        for h in handlers:
            h.flush()
        assert "space is back" in (folder / logs.LOG_FILE).read_text(encoding="utf-8", errors="replace")
    finally:
        logs.shutdown()


def test_a_full_disk_is_said_once_and_the_log_stays_whole(small_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811 - the fixture imported above
    folder = small_disk / "logs"
    notice = io.StringIO()
    handlers = logs.configure(folder, level="INFO", stream=notice, json_stream=True)
    log = logging.getLogger("kiosk.test")
    try:
        ballast = fill(small_disk, 8192)
        for i in range(200):
            log.info("line %d %s", i, "x" * 500)
        said = [line for line in notice.getvalue().splitlines() if "磁盘已满" in line]
        assert len(said) == 1, notice.getvalue()[-2000:]
        assert "Logging error" not in capsys.readouterr().err  # logging's own traceback per line is gone
        ballast.unlink()
        log.warning("space is back")
        for h in handlers:
            h.flush()
        entries = list(logs.read_lines(folder))  # every line is whole JSON: no half line left by the full disk
        assert entries[-1]["msg"] == "space is back"
        notes = [e for e in entries if "log lines were dropped" in e["msg"]]
        written = [e for e in entries if e["msg"].startswith("line ")]
        lost = sum(int(e["msg"].split(": ")[1].split()[0]) for e in notes)
        assert notes and lost > 0 and len(written) + lost == 200  # every line is written or counted as dropped
    finally:
        logs.shutdown()
