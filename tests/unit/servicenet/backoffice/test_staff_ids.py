"""Staff ids typed by a person on the network's side (domain/staffid.py): the `servicenet staff` and `servicenet
office` command lines and the /admin sign-in form take every spelling of a valid id (full-width, U+3000 around it)
as that id, and refuse anything else with the rule in Chinese: argparse's exit 2 or the form's message, never a
traceback or a 500."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from servicenet import db
from servicenet.backoffice import accounts
from servicenet.backoffice.accounts import AccountError
from servicenet.backoffice.staff_cli import id_argument
from servicenet.cli import main
from servicenet.process import ServicenetProcess
from tests.helpers.pdfs import text_of
from tests.helpers.staff import add_staff, servicenet_cli
from tests.helpers.variants import staff_ids, staff_spelled
from tests.unit.servicenet.backoffice.test_cases import submitted
from tests.unit.servicenet.results.test_sendout import signed_in

RULE = "工号须为1-64位半角字母、数字或 . _ -"
PASSWORD = "correct horse battery"


@given(staff_ids.flatmap(lambda v: st.tuples(st.just(v), staff_spelled(v))))
def test_a_typed_staff_id_is_the_id(pair: tuple[str, str]) -> None:
    value, text = pair
    assert id_argument(text) == value == accounts.canonical_id(text)


@given(st.text(st.sampled_from("S0１-－_. \u3000王٠ａ\n"), max_size=8))
def test_a_typed_staff_id_is_canonical_or_refused_in_chinese(text: str) -> None:
    try:
        out = accounts.canonical_id(text)
    except AccountError as refused:
        assert str(refused).startswith(RULE)
    else:
        assert out.isascii() and accounts.canonical_id(out) == out


def test_the_staff_cli_takes_full_width_and_refuses_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'ids.db'}"
    db.create_all(eng := db.make_engine(url))
    eng.dispose()
    assert main(["staff", "add", "\u3000Ｓ００７", "--role", "window", "--no-password", "--db", url]) == 0
    assert "added\tS007" in capsys.readouterr().out
    assert main(["staff", "token", "ｓ００７".upper(), "--db", url]) == 0 and capsys.readouterr().out.startswith("st_")
    assert main(["office", "staff-token", "--staff-id", "ＤＩＳＴ－ＡＤＭＩＮ", "--role", "admin", "--db", url]) == 0
    capsys.readouterr()
    assert main(["staff", "list", "--db", url]) == 0
    assert capsys.readouterr().out.splitlines() == ["DIST-ADMIN\t\tadmin\t-\tactive",
                                                   "S007\t\twindow\t-\tactive"]
    for args in (["staff", "add", "S 8", "--role", "window"], ["staff", "disable", "王五"],
                 ["office", "staff-token", "--staff-id", "S\u0660"], ["office", "supplement", "1", "--missing", "x",
                                                                     "--staff-id=-x"]):
        with pytest.raises(SystemExit) as stopped:
            main([*args, "--db", url])
        err = capsys.readouterr().err
        assert stopped.value.code == 2 and RULE in err and "Traceback" not in err


def test_no_two_accounts_differ_only_in_case(tmp_path: Path) -> None:
    eng = db.make_engine(f"sqlite:///{tmp_path / 'case.db'}")
    db.create_all(eng)
    try:
        accounts.add(eng, "S001", "王五", ["window"])
        with pytest.raises(AccountError, match="只差大小写"):
            accounts.add(eng, "s001", "李四", ["window"])
        with pytest.raises(AccountError, match="已存在"):
            accounts.add(eng, "Ｓ001", "李四", ["window"])
    finally:
        eng.dispose()


def test_the_fleet_cli_refuses_a_bad_staff_id(tmp_path: Path) -> None:
    done = servicenet_cli(f"sqlite:///{tmp_path / 'f.db'}", "fleet", "publish", str(tmp_path), "--staff-id", "S 1")
    assert done.returncode == 2 and RULE in done.stderr and "Traceback" not in done.stderr


def test_the_sign_in_form(servicenet_module: ServicenetProcess) -> None:
    login = add_staff(servicenet_module.db_url, "ＳＩＤ－７", ["window"], name=" ")  # the real CLI, full-width
    url = f"{servicenet_module.url}/admin/login"
    for typed in ("A" * 65, "S 7", "王五", "S\u0661"):
        r = requests.post(url, data={"staff_id": typed, "password": PASSWORD, "code": "123456"}, timeout=10)
        assert r.status_code == 401 and RULE in r.text
    s = requests.Session()
    r = s.post(url, data={**login.form(), "staff_id": "\u3000ＳＩＤ－７ "}, timeout=10)
    assert r.status_code == 200 and '<span id="who">SID-7（窗口受理）</span>' in r.text


def test_a_case_shows_the_canonical_staff_ids_it_was_sent_with(servicenet_module: ServicenetProcess,
                                                               make_case: Callable[..., dict[str, Any]]) -> None:
    """A kiosk's frozen bytes from before staff ids were canonical (ｓ００１ as 代办, ' Ｓ００１ ' as the face
    check's clerk): the case page and its PDF show s001 and S001, never what was typed."""
    sn = servicenet_module
    check = {"outcome": "clerk_confirmed", "distance": 0.73, "reason": "mismatch", "clerk": "\u3000Ｓ００１ "}
    code = submitted(sn, make_case(9101, assisted_by="ｓ００１", face_check=check))
    clerk = signed_in(sn, "S-file", ["window"])
    page = clerk.get(f"{sn.url}/admin/cases/{code}/file", timeout=10)
    assert page.status_code == 200
    assert "<p>窗口协助：s001</p>" in page.text and "人证核验：工作人员 S001 当面核实" in page.text
    pdf = clerk.get(f"{sn.url}/admin/cases/{code}/file.pdf", timeout=10)
    text = text_of(pdf.content)
    assert "窗口协助：s001" in text and "工作人员S001当面核实" in text, text
    for typed in ("ｓ００１", "Ｓ００１"):
        assert typed not in page.text and typed not in text
