"""Materials, 一次性告知, the commitment letter and its signature, the masked check, submit and print."""
from __future__ import annotations

import io

from PIL import Image
from pytestqt.qtbot import QtBot

from domain import regcode
from drivers.base import PrinterError
from kiosk.camera import CameraError, FileCamera
from kiosk.tasks import TaskRunner
from kiosk.viewmodels.commitment import render_signature
from tests.helpers.stubs import AGENT, PERSON, FakeCamera, FakeCases, FakePrinter, FakeReader, FakeSlipPrinter
from tests.unit.kiosk.flow import (
    PENSION_ITEM,
    ZIGZAG,
    at_confirm,
    fill_valid,
    make_vm,
    settle,
    sign,
    submit,
    to_confirm,
    to_form,
)


def test_materials_are_photographed_into_attachments(qtbot: QtBot, chinese: object) -> None:
    camera, cases = FakeCamera(), FakeCases()
    vm = make_vm(camera=camera, cases=cases)
    to_form(qtbot, vm)
    fill_valid(vm)
    vm.form.next()
    assert vm.screen == "materials" and vm.materials.cameraAvailable and vm.materials.count == 2
    rows = vm.materials.itemsModel.rows()
    assert [(r["name"], r["copies"], r["required"], r["captured"]) for r in rows] == [
        ("户口簿", "1 份", True, False), ("近期免冠证件照片", "2 份", True, False)]
    vm.materials.capture("户口簿")
    assert vm.materials.capturing == "户口簿"
    settle(qtbot, vm)
    assert vm.materials.itemsModel.rows()[0]["captured"]
    assert vm.materials.itemsModel.rows()[0]["thumbnail"].startswith("data:image/jpeg;base64,")
    assert vm.materials.missingList == ["近期免冠证件照片  2 份（白底）"]
    vm.materials.capture("近期免冠证件照片")
    settle(qtbot, vm)
    assert vm.materials.missingCount == 0 and vm.materials.capturedCount == 2
    vm.materials.next()
    assert vm.screen == "commitment"  # nothing missing: no 一次性告知 screen
    sign(qtbot, vm)
    code = submit(qtbot, vm)
    app = cases.applications[code]
    assert [a.slot for a in app.attachments] == ["户口簿", "近期免冠证件照片", "signature"]
    assert all(a.data for a in app.attachments) and app.attachments[0].media_type == "image/jpeg"
    assert app.agent is None and camera.shots == 2


def test_everything_missing_is_told_at_once_and_can_be_printed(qtbot: QtBot, chinese: object) -> None:
    printer, cases = FakeSlipPrinter(), FakeCases()
    vm = make_vm(camera=FakeCamera(), printer=printer, cases=cases)
    to_form(qtbot, vm)
    fill_valid(vm)
    vm.form.next()
    vm.materials.next()  # nothing photographed
    assert vm.screen == "missing" and vm.materials.missingCount == 2
    assert vm.materials.missingList == ["户口簿  1 份", "近期免冠证件照片  2 份（白底）"]
    vm.materials.printMissing()
    settle(qtbot, vm)
    assert vm.materials.printState == "printed"
    title, lines = printer.slips[0]
    assert "【还需补交的材料】" in lines and "· 户口簿  1 份" in lines
    vm.back()  # back to the camera keeps what was done
    assert vm.screen == "materials"
    vm.materials.capture("户口簿")
    settle(qtbot, vm)
    vm.materials.next()
    assert vm.materials.missingList == ["近期免冠证件照片  2 份（白底）"]
    vm.materials.goOn()
    assert vm.screen == "commitment"
    assert any("近期免冠证件照片" in p and "20 个工作日" in p for p in vm.commitment.paragraphs)
    sign(qtbot, vm)
    assert "待补交：近期免冠证件照片" in vm.confirm.materials and "已拍照 1 项" in vm.confirm.materials
    code = submit(qtbot, vm)
    assert [a.slot for a in cases.applications[code].attachments] == ["户口簿", "signature"]


def test_without_a_camera_materials_go_to_the_counter(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm()
    to_form(qtbot, vm)
    fill_valid(vm)
    vm.form.next()
    assert not vm.materials.cameraAvailable
    vm.materials.capture("户口簿")
    assert "没有高拍仪" in vm.materials.error
    vm.materials.next()
    assert vm.screen == "missing"


def test_a_failed_photo_says_so(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm(camera=FakeCamera(error=CameraError("busy")))
    to_form(qtbot, vm)
    fill_valid(vm)
    vm.form.next()
    vm.materials.capture("户口簿")
    settle(qtbot, vm)
    assert "没有拍成功" in vm.materials.error and vm.materials.capturedCount == 0


def test_file_camera_gives_the_sample_image(qtbot: QtBot) -> None:
    runner, got = TaskRunner(), []
    camera = FileCamera()
    assert camera.available()
    camera.capture(runner, got.append, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    photo = got[0]
    assert photo.media_type == "image/jpeg" and Image.open(io.BytesIO(photo.data)).size == (1200, 850)
    assert photo.thumbnail.startswith("data:image/jpeg;base64,")


def test_signature_is_a_png_of_the_strokes(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm()
    to_form(qtbot, vm, PENSION_ITEM)
    fill_valid(vm)
    vm.form.next()
    vm.materials.next()
    vm.materials.goOn()
    vm.commitment.addStroke([100, 100, 102, 101], 800.0, 300.0)  # a tap is not a signature
    assert not vm.commitment.signed
    vm.commitment.accept()
    assert vm.commitment.error == "请先用手指在框内签名。" and vm.screen == "commitment"
    vm.commitment.clear()
    vm.commitment.addStroke(ZIGZAG, 800.0, 300.0)
    assert vm.commitment.signed and vm.commitment.strokeCount == 1
    assert vm.commitment.strokes[0][:2] == [50 / 800, 60 / 300]
    png = render_signature([[(0.1, 0.5), (0.9, 0.5)]], 800 / 300)
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.size == (1000, 375) and image.getpixel((500, 187)) < 64 and image.getpixel((500, 20)) > 250


def test_confirm_masks_everything_and_records_the_agent(qtbot: QtBot, chinese: object) -> None:
    reader, cases = FakeReader(AGENT), FakeCases()
    vm = make_vm(reader=reader, cases=cases)
    to_form(qtbot, vm, on_behalf=True)
    reader.person = PERSON
    vm.identify.readCard()
    settle(qtbot, vm)
    fill_valid(vm)
    to_confirm(qtbot, vm)
    summary = {r["label"]: r["value"] for r in vm.confirm.summary}
    assert summary["申请人姓名"] == "王*英"
    assert summary["身份证号码"] == "440105********1232"
    assert summary["联系电话"] == "138****8000"
    assert summary["居住地址"] == "广东省广州市海珠区****"
    assert vm.confirm.onBehalf and vm.confirm.agentMaskedName == "李*国"
    assert vm.confirm.agentMaskedId == "440105********123X" and vm.confirm.signed
    code = submit(qtbot, vm)
    app = cases.applications[code]
    assert app.applicant == PERSON and app.agent == AGENT and app.form["phone"] == "13800138000"


def test_failing_printer_still_gives_the_code_and_reprint_works(qtbot: QtBot, chinese: object) -> None:
    printer = FakePrinter(error=PrinterError("The printer is out of paper. Please ask the staff for help."))
    cases = FakeCases()
    vm = make_vm(printer=printer, cases=cases)
    to_form(qtbot, vm)
    fill_valid(vm)
    to_confirm(qtbot, vm)
    code = submit(qtbot, vm)
    assert regcode.is_valid(code) and code in cases.cases
    assert vm.receipt.prettyCode == regcode.pretty(code)
    assert vm.receipt.qr.startswith("data:image/png;base64,")
    assert vm.receipt.printState == "failed"
    assert "没有打印" in vm.receipt.printStatus and vm.receipt.printError == "打印机没纸了，请找工作人员帮忙。"
    assert cases.printed == [] and vm.receipt.canReprint
    printer.error = None
    vm.receipt.reprint()
    settle(qtbot, vm)
    assert vm.receipt.printState == "printed" and cases.printed == [code]
    assert printer.printed[0].reprint and printer.printed[0].code == code


def test_store_failure_stays_on_confirm(qtbot: QtBot, chinese: object) -> None:
    cases = FakeCases()
    vm = at_confirm(qtbot, cases)
    cases.fail_enqueue = OSError("disk full")
    vm.submitApplication()
    settle(qtbot, vm)
    assert vm.screen == "confirm" and "没有保存成功" in vm.confirm.error


def test_the_resident_chooses_how_to_collect_the_result(qtbot: QtBot, chinese: object) -> None:
    cases = FakeCases()
    vm = at_confirm(qtbot, cases)
    assert vm.confirm.delivery == "window"  # the default: at the counter
    if not vm.confirm.canPost:  # post needs the address and the phone on the form
        vm.confirm.chooseDelivery("post")
        assert vm.confirm.delivery == "window" and "地址" in vm.confirm.error
    vm.confirm.chooseDelivery("nonsense")
    vm.confirm.chooseDelivery("kiosk")
    assert vm.confirm.delivery == "kiosk" and vm.confirm.error == ""
    code = submit(qtbot, vm)
    assert cases.applications[code].delivery == "kiosk"
