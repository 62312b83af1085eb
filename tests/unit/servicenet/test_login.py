"""Web login that proves something, over real HTTP: an SMS code to the phone on record for the person (given on
a kiosk case whose applicant a card identified), through the sandbox SMS gateway; lockout after failures;
logout everywhere (单点退出) kills every session of the person at once; sessions expire. A stranger who knows a
name and an ID number (they are not secrets) gets nowhere: no login, no per-person page, no SMS."""
from __future__ import annotations

import time

import requests
import sqlalchemy as sa

from domain import regcode
from domain.models import Person
from servicenet import db, keys
from servicenet.webchannel.session import MAX_AGE, RESIDENT_COOKIE, CookieBox, session_cookie
from tests.helpers.enroll import SignedNet
from tests.helpers.sms import code_sent, inbox
from tests.helpers.weblogin import put_on_record, sign_in
from tests.unit.servicenet.conftest import ID_OLD, person_id


def form(name: str, number: str, phone: str, action: str, code: str = "") -> dict[str, str]:
    return {"name": name, "id_number": number, "phone": phone, "action": action, "code": code, "next": "/web/cases"}


def sealing_box(net: SignedNet) -> CookieBox:
    """The network's own resident-cookie box (from the sealing key in its database)."""
    engine = db.make_engine(net.db_url)
    try:
        return CookieBox(keys.load_or_create(engine).private, "resident")
    finally:
        engine.dispose()


def test_sms_login_to_the_phone_on_record(servicenet: SignedNet) -> None:
    who = ("赵丽", person_id("44010519850505002"))
    case = put_on_record(servicenet.url, *who, "13911112222")
    stranger = requests.Session()
    r = stranger.post(f"{servicenet.url}/web/login", data=form(*who, "13800000000", "send"), timeout=10)
    assert r.status_code == 400 and "登记的号码" in r.text
    assert inbox(servicenet.url, "13800000000", 0, timeout=0) == []  # nothing sent to a stranger's phone
    s = sign_in(servicenet.url, *who, phone="１３９ １１１１ ２２２２")  # any spelling of the phone
    mine = s.get(f"{servicenet.url}/web/cases", timeout=10)
    assert mine.status_code == 200 and regcode.pretty(case) in mine.text


def test_a_name_and_an_id_number_get_a_stranger_nowhere(servicenet: SignedNet) -> None:
    url = servicenet.url
    who = ("周桂兰", person_id("44011719690315002"))
    case = put_on_record(url, *who, "13955556666")  # she has a case and a phone on record
    stranger = requests.Session()
    for data in ({"name": who[0], "id_number": who[1], "next": "/web/cases"},  # the old login's fields
                 {**form(*who, "", "declared")}, {**form(*who, "", "sms")}, {**form(*who, "13800000001", "sms", "1")}):
        r = stranger.post(f"{url}/web/login", data=data, allow_redirects=False, timeout=10)
        assert r.status_code == 400 and RESIDENT_COOKIE not in stranger.cookies, (data, r.status_code)
    assert 'id="declared-login"' not in stranger.get(f"{url}/web/login", timeout=10).text
    r = stranger.post(f"{url}/web/login", data=form(*who, "13800000001", "send"), timeout=10)
    assert r.status_code == 400 and "登记的号码" in r.text and inbox(url, "13800000001", 0, timeout=0) == []
    assert inbox(url, "13955556666", 0, timeout=0) == []  # and her phone was not texted either

    # a session cookie of the old kind (name + ID number, "declared"), sealed with the network's own key
    # as the removed login made it: no page takes it
    box = sealing_box(servicenet)
    for acr in ("declared", None):
        doc = {"name": who[0], "id": who[1], "gen": 0, **({"acr": acr} if acr else {})}
        stranger.cookies.set(RESIDENT_COOKIE, box.seal(doc), path="/")
        pages = [stranger.get(f"{url}/web/cases", allow_redirects=False, timeout=10),
                 stranger.get(f"{url}/web/apply/{ID_OLD}", allow_redirects=False, timeout=10),
                 stranger.post(f"{url}/web/apply/{ID_OLD}", data={"phone": "13800000001", "token": "t" * 20},
                               allow_redirects=False, timeout=10),
                 stranger.get(f"{url}/web/appointments", allow_redirects=False, timeout=10),
                 stranger.get(f"{url}/web/appointments/new", allow_redirects=False, timeout=10),
                 stranger.post(f"{url}/web/appointments", data={"hall": "x"}, allow_redirects=False, timeout=10),
                 stranger.post(f"{url}/track/{case}/rate", data={"level": "1"}, allow_redirects=False, timeout=10)]
        assert [p.status_code for p in pages] == [303] * len(pages), [(p.url, p.status_code) for p in pages]
        assert all(p.headers["location"].startswith("/web/login?next=") for p in pages)
        materials = stranger.post(f"{url}/track/{case}/materials", data={"attachments": "[]"}, timeout=10)
        assert materials.status_code == 403 and "申请人本人登录" in materials.text
        upload = stranger.post(f"{url}/web/uploads/", headers={"Tus-Resumable": "1.0.0", "Upload-Length": "3"},
                               timeout=10)
        assert upload.status_code == 401
        track = stranger.get(f"{url}/track/{case}", timeout=10).text
        assert "居民身份证换领" not in track and "周*兰" not in track  # status words only, as for anyone
    # the same cookie proven by SMS is a session: the refusals above are the acr, not a broken cookie
    stranger.cookies.set(RESIDENT_COOKIE, session_cookie(box, Person(*who), "sms", 0), path="/")
    assert regcode.pretty(case) in stranger.get(f"{url}/web/cases", timeout=10).text
    engine = db.make_engine(servicenet.db_url)
    try:
        with engine.connect() as conn:
            web_cases = conn.execute(sa.select(sa.func.count()).select_from(db.cases)
                                     .where(db.cases.c.channel == "web")).scalar()
    finally:
        engine.dispose()
    assert web_cases == 0  # nothing was applied for in her name


def test_wrong_codes_lock_the_id_number_out(servicenet: SignedNet) -> None:
    who = ("钱多", person_id("44010519750505002"))
    put_on_record(servicenet.url, *who, "13922223333")
    s = requests.Session()
    assert s.post(f"{servicenet.url}/web/login", data=form(*who, "13922223333", "send"), timeout=10).status_code == 200
    answers = [s.post(f"{servicenet.url}/web/login", data=form(*who, "13922223333", "sms", "000000"), timeout=10)
               for _ in range(6)]
    assert [a.status_code for a in answers] == [400] * 5 + [429]
    assert "分钟后再试" in answers[-1].text and int(answers[-1].headers["Retry-After"]) > 0
    other = requests.Session()  # another browser, even asking for a new code: the ID number is locked
    locked = other.post(f"{servicenet.url}/web/login", data=form(*who, "13922223333", "send"), timeout=10)
    assert locked.status_code == 429


def test_logout_everywhere(servicenet: SignedNet) -> None:
    who = ("孙悟", person_id("44010519650505002"))
    put_on_record(servicenet.url, *who, "13933334444")
    phone_session = sign_in(servicenet.url, *who, phone="13933334444")
    desk = sign_in(servicenet.url, *who)  # another device (a code to another phone of hers on record)
    assert desk.get(f"{servicenet.url}/web/cases", allow_redirects=False, timeout=10).status_code == 200
    phone_session.post(f"{servicenet.url}/web/logout", data={"everywhere": "1"}, timeout=10)
    for s in (phone_session, desk):
        r = s.get(f"{servicenet.url}/web/cases", allow_redirects=False, timeout=10)
        assert r.status_code == 303 and r.headers["location"].startswith("/web/login")
    again = sign_in(servicenet.url, *who)  # a new login works
    assert again.get(f"{servicenet.url}/web/cases", allow_redirects=False, timeout=10).status_code == 200


def test_a_session_expires() -> None:
    box = CookieBox(b"k" * 32, "resident")
    cookie = session_cookie(box, Person("赵丽", person_id("44010519850505002")), "sms", 0)
    assert box.open(cookie) is not None
    assert box.open(cookie, now=time.time() + MAX_AGE + 1) is None


def test_uploads_refuse_a_session_logged_out_everywhere(servicenet: SignedNet) -> None:
    who = ("李梅", person_id("44010519950505002"))
    here, there = sign_in(servicenet.url, *who), sign_in(servicenet.url, *who)
    upload = {"Tus-Resumable": "1.0.0", "Upload-Length": "3"}
    assert there.post(f"{servicenet.url}/web/uploads/", headers=upload, timeout=10).status_code != 401
    here.post(f"{servicenet.url}/web/logout", data={"everywhere": "1"}, timeout=10)
    assert there.post(f"{servicenet.url}/web/uploads/", headers=upload, timeout=10).status_code == 401


def test_the_session_carries_the_name_the_card_gave_not_the_one_typed(servicenet: SignedNet) -> None:
    """The SMS code proves the phone on record for an ID number, not the name typed beside it: the session (and
    every web application made in it) carries the applicant's name as the card read it on that kiosk case."""
    from tests.helpers.weblogin import enter_code
    from tests.unit.servicenet.conftest import ID_OLD

    number = person_id("44010519800808002")
    put_on_record(servicenet.url, "郑秀芳", number, "13977778888")
    s = requests.Session()
    assert enter_code(s, servicenet.url, "王五", number, "13977778888").status_code == 303
    form = s.get(f"{servicenet.url}/web/apply/{ID_OLD}", timeout=10)
    assert form.status_code == 200 and "郑秀芳" in form.text and "王五" not in form.text


def test_a_code_typed_with_full_width_digits_logs_in(servicenet: SignedNet) -> None:
    """A Chinese input method types the SMS code as full-width digits (１２３４５６): it is the same code, not a wrong
    guess counted toward the lockout."""
    url = servicenet.url
    who = ("吴敏", person_id("44010519720606002"))
    put_on_record(url, *who, "13966667777")
    s = requests.Session()
    assert s.post(f"{url}/web/login", data=form(*who, "13966667777", "send"), timeout=10).status_code == 200
    code = code_sent(url, "13966667777", 0)
    wide = "".join(chr(ord(c) + 0xFEE0) for c in code)
    r = s.post(f"{url}/web/login", data=form(*who, "13966667777", "sms", f"{wide[:3]} {wide[3:]}"),
               allow_redirects=False, timeout=10)
    assert r.status_code == 303, r.text[-600:]
    assert s.get(f"{url}/web/cases", timeout=10).status_code == 200
