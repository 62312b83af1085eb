"""servicenet/webchannel/materials.py over real HTTP: the uploads a web form lists become the case's attachments
(new applications and 补正), only when filled, only from the applicant; tus-js-client is served from here."""
from __future__ import annotations

import base64
import hashlib
import json

import requests

from servicenet.process import ServicenetProcess
from tests.helpers.enroll import http
from tests.helpers.weblogin import sign_in
from tests.unit.servicenet.conftest import ID_OLD, person_id
from tests.unit.servicenet.test_cli import cli
from tests.unit.servicenet.test_webchannel import WANG, apply

TUS = {"Tus-Resumable": "1.0.0"}


def upload(s: requests.Session, url: str, data: bytes, finish: bool = True) -> str:
    """A resident's tus upload with the session cookie; the first half only when not `finish`."""
    sha = hashlib.sha256(data).hexdigest()
    body = data if finish else data[: len(data) // 2]
    r = s.post(f"{url}/web/uploads", data=body, timeout=10, headers={
        **TUS, "Upload-Length": str(len(data)), "Content-Type": "application/offset+octet-stream",
        "Upload-Metadata": "sha256 " + base64.b64encode(sha.encode()).decode()})
    assert r.status_code == 201, r.text
    return sha


def listed(slot: str, sha: str, size: int) -> str:
    return json.dumps([{"slot": slot, "sha256": sha, "size": size, "media_type": "image/jpeg"}], ensure_ascii=False)


def test_tus_js_client_is_served_with_its_license(servicenet_module: ServicenetProcess) -> None:
    js = requests.get(f"{servicenet_module.url}/web/static/tus.min.js", timeout=10)
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert b"tus" in js.content and len(js.content) > 10_000
    assert "MIT" in requests.get(f"{servicenet_module.url}/web/static/tus-js-client.LICENSE", timeout=10).text
    assert requests.get(f"{servicenet_module.url}/web/static/../app.py", timeout=10).status_code == 404


def test_a_web_application_takes_its_filled_uploads(servicenet_module: ServicenetProcess) -> None:
    url = servicenet_module.url
    s = sign_in(url, *WANG)
    scan = b"scan of an ID card " * 200
    sha = upload(s, url, scan)
    half = upload(s, url, b"a photo, half sent " * 100, finish=False)
    values = {"name": WANG[0], "id_number": WANG[1], "phone": "13812345678", "address": "广州市越秀区北京路1号"}
    form = s.get(f"{url}/web/apply/{ID_OLD}", timeout=10).text
    assert 'data-materials="/web/uploads"' in form and 'data-slot="居民身份证"' in form
    code = apply(s, url, ID_OLD, {**values, "attachments": listed("居民身份证", sha, len(scan))})
    view = http.get(f"{url}/v1/cases/{code}", timeout=10).json()
    assert view["attachments"] == [{"slot": "居民身份证", "sha256": sha, "size": len(scan),
                                    "media_type": "image/jpeg", "filled": True}]
    # the phone is proven now: what is refused is the materials list itself
    refused = s.post(f"{url}/web/apply/{ID_OLD}", timeout=10, allow_redirects=False, data={
        **values, "token": "t" * 20, "attachments": listed("近期1寸免冠彩色照片", half, 1900)})
    assert refused.status_code == 400 and "尚未上传完成" in refused.text
    unknown = s.post(f"{url}/web/apply/{ID_OLD}", timeout=10, allow_redirects=False, data={
        **values, "token": "t" * 20, "attachments": listed("户口簿", sha, len(scan))})
    assert unknown.status_code == 400 and "材料清单有误" in unknown.text


def test_supplement_materials_from_the_applicant_only(servicenet_module: ServicenetProcess) -> None:
    url = servicenet_module.url
    s = sign_in(url, *WANG)
    values = {"name": WANG[0], "id_number": WANG[1], "phone": "13812345678", "address": "广州市越秀区北京路1号"}
    code = apply(s, url, ID_OLD, values)
    token = cli(servicenet_module.db_url, "office", "staff-token", "--staff-id", "S077", "--role", "window",
                "--role", "handler", "--department", "*").stdout.strip()
    r = requests.post(f"{url}/v1/backoffice/cases/{code}/supplement", json={"missing": ["居民户口簿"]},
                      headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 200, r.text
    page = s.get(f"{url}/track/{code}", timeout=10).text
    assert 'action="/track/' in page and 'data-slot="居民户口簿"' in page
    book = b"household register " * 300
    sha = upload(s, url, book)
    stranger = sign_in(url, "李四", person_id("44010519700101002"))
    assert stranger.post(f"{url}/track/{code}/materials", data={"attachments": listed("居民户口簿", sha, len(book))},
                         allow_redirects=False, timeout=10).status_code == 403
    r = s.post(f"{url}/track/{code}/materials", data={"attachments": listed("居民户口簿", sha, len(book))},
               allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["location"] == f"/track/{code}?materials=received"  # the whole list
    view = http.get(f"{url}/v1/cases/{code}", timeout=10).json()
    assert {"slot": "补正：居民户口簿", "sha256": sha, "size": len(book), "media_type": "image/jpeg",
            "filled": True} in view["attachments"]


def test_supplement_handed_in_on_the_web_is_received(servicenet_module: ServicenetProcess) -> None:
    """Every listed item handed in on the track page: the 补正 request is received (the time limit runs again, as
    after a hand-in at a kiosk) and the page says so; a part of the list is kept, and the page says what it took."""
    url = servicenet_module.url
    s = sign_in(url, *WANG)
    values = {"name": WANG[0], "id_number": WANG[1], "phone": "13812345678", "address": "广州市越秀区北京路1号"}
    code = apply(s, url, ID_OLD, values)
    token = cli(servicenet_module.db_url, "office", "staff-token", "--staff-id", "S078", "--role", "window").stdout
    r = requests.post(f"{url}/v1/backoffice/cases/{code}/supplement", json={"missing": ["居民户口簿", "近期照片"]},
                      headers={"Authorization": f"Bearer {token.strip()}"}, timeout=10)
    assert r.status_code == 200, r.text
    book, photo = b"household register " * 300, b"a recent photo " * 300
    book_sha, photo_sha = upload(s, url, book), upload(s, url, photo)
    part = s.post(f"{url}/track/{code}/materials", data={"attachments": listed("居民户口簿", book_sha, len(book))},
                  timeout=10)
    assert part.status_code == 200 and 'id="materials-taken"' in part.text and "1 份" in part.text, part.text[-1500:]
    assert http.get(f"{url}/v1/cases/{code}", timeout=10).json()["supplement"] is not None  # 近期照片 still owed
    both = json.dumps([{"slot": "居民户口簿", "sha256": book_sha, "media_type": "image/jpeg"},
                       {"slot": "近期照片", "sha256": photo_sha, "media_type": "image/jpeg"}], ensure_ascii=False)
    done = s.post(f"{url}/track/{code}/materials", data={"attachments": both}, timeout=10)
    assert done.status_code == 200 and 'id="materials-received"' in done.text, done.text[-1500:]
    assert 'id="supplement-form"' not in done.text
    view = http.get(f"{url}/v1/cases/{code}", timeout=10).json()
    assert view["supplement"] is None  # received: the clerk sees it, the clock runs again
    slots = {a["slot"] for a in view["attachments"]}
    assert {"补正：居民户口簿", "补正：近期照片"} <= slots
    empty = s.post(f"{url}/track/{code}/materials", data={"attachments": ""}, allow_redirects=False, timeout=10)
    assert empty.status_code == 303 and "materials=none" in empty.headers["location"]  # nothing open any more
