"""Staff accounts: password + TOTP sign-in, a code good once, the lockout, disabled accounts, roles."""
from __future__ import annotations

from pathlib import Path

import pyotp
import pytest
from sqlalchemy.engine import Engine

from servicenet import db
from servicenet.backoffice import accounts
from servicenet.backoffice.accounts import AccountError, SignInRefused
from servicenet.backoffice.roles import Role

NOW = 1_796_000_000.0
PASSWORD = "correct horse battery"


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    eng = db.make_engine(f"sqlite:///{tmp_path / 'staff.db'}")
    db.create_all(eng)
    yield eng
    eng.dispose()


def code(secret: str, at: float = NOW) -> str:
    return pyotp.TOTP(secret).at(at)


def test_sign_in_needs_password_and_a_fresh_code(engine: Engine) -> None:
    new = accounts.add(engine, "Ｓ001", "王五", ["窗口受理", "supervisor"], [], PASSWORD)  # full-width S: NFKC
    assert new.staff_id == "S001" and new.provisioning_uri.startswith("otpauth://totp/")
    staff = accounts.sign_in(engine, "S001", PASSWORD, code(new.totp_secret), NOW)
    assert staff.roles == {Role.WINDOW, Role.SUPERVISOR} and staff.name == "王五"
    with pytest.raises(SignInRefused, match="有误"):  # the same code again: a replay
        accounts.sign_in(engine, "S001", PASSWORD, code(new.totp_secret), NOW)
    assert accounts.sign_in(engine, "S001", PASSWORD, code(new.totp_secret, NOW + 30), NOW + 30)
    with pytest.raises(SignInRefused):
        accounts.sign_in(engine, "S001", "wrong password!", code(new.totp_secret, NOW + 60), NOW + 60)
    with pytest.raises(SignInRefused):
        accounts.sign_in(engine, "nobody", PASSWORD, "123456", NOW)


def test_five_wrong_tries_lock_the_account_until_unlocked(engine: Engine) -> None:
    new = accounts.add(engine, "S002", "李四", ["handler"], ["镇派出所"], PASSWORD)
    for i in range(accounts.MAX_FAILS - 1):
        with pytest.raises(SignInRefused, match="有误"):
            accounts.sign_in(engine, "S002", PASSWORD, "000000", NOW + i)
    with pytest.raises(SignInRefused, match="锁定"):
        accounts.sign_in(engine, "S002", PASSWORD, "000000", NOW + 5)
    with pytest.raises(SignInRefused, match="锁定"):  # even with everything right
        accounts.sign_in(engine, "S002", PASSWORD, code(new.totp_secret, NOW + 60), NOW + 60)
    later = NOW + accounts.LOCK_SECONDS + 60
    assert accounts.sign_in(engine, "S002", PASSWORD, code(new.totp_secret, later), later).staff_id == "S002"
    for i in range(accounts.MAX_FAILS):
        with pytest.raises(SignInRefused):
            accounts.sign_in(engine, "S002", PASSWORD, "000000", later + 100 + i)
    accounts.unlock(engine, "S002")
    assert accounts.sign_in(engine, "S002", PASSWORD, code(new.totp_secret, later + 200), later + 200)


def test_disabled_accounts_and_changes_end_sessions(engine: Engine) -> None:
    new = accounts.add(engine, "S003", "赵六", ["complaints"], [], PASSWORD)
    before = accounts.get(engine, "S003")
    assert before is not None
    accounts.set_roles(engine, "S003", ["handler"], ["*"])
    after = accounts.get(engine, "S003")
    assert after is not None and after.epoch == before.epoch + 1 and after.may_process("任何部门")
    accounts.disable(engine, "S003")
    assert accounts.get(engine, "S003") is None
    with pytest.raises(SignInRefused, match="停用"):
        accounts.sign_in(engine, "S003", PASSWORD, code(new.totp_secret), NOW)


@pytest.mark.parametrize("kwargs, words", [
    ({"staff_id": "S 1"}, "staff id"), ({"roles": ["boss"]}, "unknown role"), ({"roles": []}, "at least one"),
    ({"password": "short"}, "password"),
])
def test_bad_accounts_are_refused(engine: Engine, kwargs: dict, words: str) -> None:
    args = {"staff_id": "S004", "name": "x", "roles": ["window"], "departments": [], "password": PASSWORD} | kwargs
    with pytest.raises(AccountError, match=words):
        accounts.add(engine, **args)


def test_department_scope() -> None:
    from servicenet.backoffice.roles import Staff

    handler = Staff("H", "h", frozenset({Role.HANDLER}), frozenset({"镇派出所"}))
    assert handler.may_process("镇派出所") and not handler.may_process("镇民政办")
    assert handler.may_see("镇派出所") and not handler.may_see("镇民政办")
    window = Staff("W", "w", frozenset({Role.WINDOW}))
    assert window.may_see("镇民政办") and not window.may_process("镇民政办")


def test_the_staff_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from servicenet.backoffice import auth
    from servicenet.cli import main

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["staff", "add", "W01", "--name", "王五", "--role", "window", "--password-stdin", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "added\tW01" in out and "otpauth://totp/" in out
    assert main(["staff", "roles", "W01", "--role", "事项办理", "--department", "镇派出所", "--db", url]) == 0
    assert main(["staff", "token", "W01", "--db", url]) == 0
    token = capsys.readouterr().out.splitlines()[-1]
    assert main(["staff", "list", "--db", url]) == 0
    assert "W01\t王五\thandler\t镇派出所\tactive" in capsys.readouterr().out
    eng = db.make_engine(url)
    try:
        assert auth.staff_for(eng, token) is not None
        assert main(["staff", "disable", "W01", "--db", url]) == 0
        assert "1 tokens revoked" in capsys.readouterr().out
        assert auth.staff_for(eng, token) is None
    finally:
        eng.dispose()
    assert main(["staff", "token", "W01", "--db", url]) == 1 and "servicenet staff add" in capsys.readouterr().err
    assert main(["staff", "roles", "W01", "--role", "boss", "--db", url]) == 1
