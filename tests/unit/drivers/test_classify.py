"""drivers.scanner.classify: a scanned text is routed by its content."""
from __future__ import annotations

from datetime import date

import pytest

from domain import regcode
from drivers.base import PaymentCode, ReceiptCode, UnknownScan
from drivers.scanner.classify import classify

BASE = "https://zwfw.example.gov.cn/track"
CODE = regcode.make("440105", 1, date(2026, 11, 26), 17)
BAD_CODE = CODE[:-1] + str((int(CODE[-1]) + 1) % 10)


@pytest.mark.parametrize(
    ("text", "provider"),
    [
        ("134567890123456789", "wechat"),  # 18 digits, 10-15
        ("104567890123456789", "wechat"),
        ("151234567890123456", "wechat"),
        ("284567890123456789", "alipay"),  # 16-24 digits, 25-30
        ("2545678901234567", "alipay"),
        ("300000000000000000000001", "alipay"),
        (" 134567890123456789\t", "wechat"),  # whitespace from the scanner is not part of it
    ],
)
def test_payment_codes(text: str, provider: str) -> None:
    assert classify(text, BASE) == PaymentCode(text.strip(), provider)


@pytest.mark.parametrize(
    "text",
    [
        "164567890123456789",  # 16 is neither provider
        "13456789012345678",  # 17 digits
        "1345678901234567890",  # 19 digits: not WeChat, and not in Alipay's prefixes
        "244567890123456789",
        "311234567890123456",
        "2545678901234",  # too short for Alipay
        "25456789012345678901234567",  # too long
        "13456789012345678X",
        "",
        "hello",
    ],
)
def test_not_payment_codes(text: str) -> None:
    assert isinstance(classify(text, BASE), UnknownScan)


def test_receipt_qr_and_bare_code() -> None:
    assert classify(f"{BASE}/{CODE}", BASE) == ReceiptCode(CODE, f"{BASE}/{CODE}")
    assert classify(f"{BASE}/{CODE}/", BASE).code == CODE
    assert classify(f"{BASE}/{CODE}?from=receipt", BASE).code == CODE
    assert classify(CODE, BASE) == ReceiptCode(CODE, CODE)
    # printed by another hall or the web channel: codes are valid network-wide
    other = f"http://10.1.2.3:8700/track/{CODE}"
    assert classify(other, BASE) == ReceiptCode(CODE, other)
    assert classify(other) == ReceiptCode(CODE, other)  # no base configured


def test_receipt_with_a_wrong_check_digit() -> None:
    for text in (BAD_CODE, f"{BASE}/{BAD_CODE}"):
        scan = classify(text, BASE)
        assert isinstance(scan, UnknownScan) and "check digit" in scan.reason


@pytest.mark.parametrize(
    "text",
    [f"{BASE}/{CODE[:-1]}", f"{BASE}/abc", f"ftp://x/{CODE}", f"{BASE}/{CODE}0", "https:///" + CODE,
     f"javascript:{CODE}", "http://[::1/" + CODE],
)
def test_not_receipts(text: str) -> None:
    assert isinstance(classify(text, BASE), UnknownScan)


def test_no_province_starts_with_an_alipay_prefix() -> None:
    """Registration codes start with a GB/T 2260 region (11-82): never 25-30, so Alipay can go first."""
    assert isinstance(classify(regcode.make("440105", 1, date(2026, 1, 1), 1)), ReceiptCode)


def test_identity_codes_are_their_own_kind() -> None:
    from drivers.base import IdentityCode

    assert classify("ESSC" + "1" * 24) == IdentityCode("ESSC" + "1" * 24, "e_sscard")
    assert classify("ＥＩＤ" + "２" * 24) == IdentityCode("EID" + "2" * 24, "e_id")  # NFKC first
    assert not isinstance(classify("ESSC" + "1" * 23), IdentityCode)
