"""kiosk/i18n: every text has its Chinese, the catalogues compile, driver errors read in plain words."""
from __future__ import annotations

import importlib
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import drivers
import kiosk.i18n
from domain.status import LABELS_ZH, CaseStatus
from drivers import base
from drivers.base import DeviceUnavailable, PrinterError
from drivers.printer import layout
from kiosk.i18n import Languages, compiled, extract, tr_error
from kiosk.qt import QGuiApplication, QTranslator
from kiosk.viewmodels.track import status_label


def test_every_source_text_is_translated() -> None:
    assert extract.main(["--check"]) == 0


def test_every_driver_message_has_chinese() -> None:
    for info in pkgutil.walk_packages(drivers.__path__, "drivers."):
        if ".sim" not in info.name:
            importlib.import_module(info.name)
    chinese = extract.read(extract.HERE / "zh_CN.ts").get("drivers", {})
    missing = sorted(m for m in base.MESSAGES if not chinese.get(m))
    assert not missing, f"add these to kiosk/i18n/zh_CN.ts (python -m kiosk.i18n.extract): {missing}"


def test_every_declared_message_is_one_the_extractor_finds() -> None:
    """message() declarations outside drivers/ would go untranslated (extract scans drivers/ only)."""
    importlib.import_module("kiosk.wiring")
    for info in pkgutil.walk_packages(drivers.__path__, "drivers."):
        if ".sim" not in info.name:
            importlib.import_module(info.name)
    assert base.MESSAGES <= {text for _, text in extract.driver_messages()}


def test_the_registration_code_has_the_name_the_receipt_prints() -> None:
    """The printed receipt, the web pages and the SMS call it 登记编码: a screen that asks for the 办件编号 (or
    回执编号) on the receipt asks for a word the resident cannot find on it."""
    assert "登记编码" in layout.TEMPLATE_PATH.read_text(encoding="utf-8")
    chinese = extract.read(extract.HERE / "zh_CN.ts")
    said = [t for context in chinese.values() for t in context.values() if "办件编号" in t or "回执编号" in t]
    assert said == []
    assert "登记编码" in chinese["ReceiptScreen"]["Your registration code — keep it to check your application:"]
    receipt = layout.TEMPLATE_PATH.read_text(encoding="utf-8")  # the screen's lines say what the paper says
    for source, label in (("Handled by: %1", "受理部门："), ("Time to finish: %1", "承诺时限："),
                          ("To be finished by: %1", "承诺办结日期：")):
        assert chinese["ReceiptScreen"][source].startswith(label) and label in receipt


def test_catalogues_compile(qapp: QGuiApplication) -> None:
    for language in ("zh_CN", "en"):
        qm = compiled(language)
        assert qm is not None and qm.stat().st_size > 0


def said(qm: Path, source: str) -> str:
    translator = QTranslator()
    assert translator.load(str(qm))
    return translator.translate("drivers", source)


PAPER = "The printer is out of paper. Please ask the staff for help."


def test_two_trees_on_one_machine_build_their_own_catalogues(qapp: QGuiApplication, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Two checkouts (or two versions) share the user's cache: each gets the catalogue of its own .ts. (Keyed by
    language alone, the tree whose .ts was older took the other's newer .qm, with the other's words.)"""
    monkeypatch.setenv("KIOSK_CACHE_DIR", str(tmp_path / "cache"))
    ours = compiled("zh_CN")
    other = tmp_path / "other" / "kiosk" / "i18n"
    other.mkdir(parents=True)
    text = (kiosk.i18n.HERE / "zh_CN.ts").read_text(encoding="utf-8")
    assert "打印机没纸了，请找工作人员帮忙。" in text
    (other / "zh_CN.ts").write_text(text.replace("打印机没纸了，请找工作人员帮忙。", "另一棵树的译文"), encoding="utf-8")
    monkeypatch.setattr(kiosk.i18n, "HERE", other)
    theirs = compiled("zh_CN")
    monkeypatch.setattr(kiosk.i18n, "HERE", Path(kiosk.i18n.__file__).resolve().parent)
    again = compiled("zh_CN")
    assert ours is not None and theirs is not None and again is not None
    assert said(theirs, PAPER) == "另一棵树的译文"
    assert said(again, PAPER) == said(ours, PAPER) == "打印机没纸了，请找工作人员帮忙。"


def test_processes_building_the_catalogue_at_once_each_read_it_whole(tmp_path: Path) -> None:
    """Kiosk processes (or test workers) that start together on an empty cache: each reads a whole catalogue, and
    nothing half-built is left behind."""
    env = {**os.environ, "KIOSK_CACHE_DIR": str(tmp_path / "cache"), "QT_QPA_PLATFORM": "offscreen"}
    script = ("from kiosk.qt import QCoreApplication, QTranslator; from kiosk.i18n import compiled; "
              "app = QCoreApplication([]); t = QTranslator(); assert t.load(str(compiled('zh_CN'))); "
              f"print(t.translate('drivers', {PAPER!r}))")
    runs = [subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
            for _ in range(4)]
    outs = [run.communicate(timeout=60)[0].strip() for run in runs]
    assert outs == ["打印机没纸了，请找工作人员帮忙。"] * 4
    assert [p.name for p in (tmp_path / "cache" / "hall-kiosk" / "i18n").iterdir() if p.suffix != ".qm"] == []


def test_tr_error(qapp: QGuiApplication) -> None:
    langs = Languages()
    langs.install("zh_CN")
    try:
        assert tr_error(PrinterError("The printer is out of paper. Please ask the staff for help.")) \
            == "打印机没纸了，请找工作人员帮忙。"
        assert tr_error(DeviceUnavailable("Something nobody declared.")) == "机器出了点问题，请找工作人员帮忙。"
        assert tr_error(ValueError("boom")) == "机器出了点问题，请找工作人员帮忙。"
        assert {s: status_label(s) for s in CaseStatus} == LABELS_ZH
        langs.install("en")
        assert tr_error(DeviceUnavailable("The ID card reader is not connected.")) \
            == "The ID card reader is not connected."
    finally:
        langs.remove()
