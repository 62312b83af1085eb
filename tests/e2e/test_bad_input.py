"""Bad input on real parts gets a clear message on screen and loses nothing."""
import pytest

from domain.status import SyncState
from drivers.idcard.messages import DAMAGED_ANSWER, INVALID_ID_NUMBER
from drivers.sim.escpos_emulator import EscposEmulator
from drivers.sim.sam_reader import SimIdCard
from kiosk.walkthrough import wait_until
from tests.e2e.kiosk_rig import kiosk_rig

FORM = {"phone": "13800138000", "reason": "到期换领"}


def read_card_expecting_error(rig):
    walk = rig.walk
    walk.home()
    walk.choose("个人办事", "sfz", "居民身份证换领")
    rig.kiosk.vm.guide.apply()
    walk.expect("identify")
    rig.kiosk.vm.identify.readCard()
    wait_until(lambda: bool(rig.kiosk.vm.identify.error), timeout=20, what="an error on the identify screen")
    walk.shot("identify-error")
    assert rig.kiosk.vm.screen == "identify"
    return rig.kiosk.vm.identify.error


def translated(rig, source):
    from kiosk.qt import QCoreApplication

    return QCoreApplication.translate("drivers", source)


@pytest.mark.e2e
def test_damaged_card_frame_is_a_plain_message(qapp, tmp_path, shots):
    with kiosk_rig(tmp_path, shots) as rig:
        rig.reader.corrupt_all = True
        message = read_card_expecting_error(rig)
        assert message == translated(rig, DAMAGED_ANSWER) and "Traceback" not in message
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message)  # said in Chinese to a Chinese-speaking resident
        # the card works once the reader answers properly again, nothing was lost on the way
        rig.reader.corrupt_all = False
        rig.kiosk.vm.identify.readCard()
        wait_until(lambda: rig.kiosk.vm.screen == "form", timeout=20, what="the form after a good read")


@pytest.mark.e2e
def test_id_number_with_a_wrong_check_digit_is_refused(qapp, tmp_path, shots):
    with kiosk_rig(tmp_path, shots, card=SimIdCard.bad_check_digit()) as rig:
        message = read_card_expecting_error(rig)
        assert message == translated(rig, INVALID_ID_NUMBER)
        assert rig.runtime.services.cases.get("0" * 20) is None


@pytest.mark.e2e
def test_unreachable_printer_keeps_the_case_and_reprints_later(qapp, tmp_path, shots):
    with kiosk_rig(tmp_path, shots) as rig:
        port = rig.printer.port
        rig.printer.close()  # the printer's cable is pulled: connection refused
        code = rig.walk.apply("个人办事", "sfz", "居民身份证换领", FORM)
        vm = rig.kiosk.vm.receipt
        assert vm.printState == "failed" and vm.printError and vm.canReprint
        assert code and vm.prettyCode  # the resident still sees the code on screen
        case = rig.runtime.services.cases.get(code)
        assert case is not None and not case.printed
        wait_until(lambda: rig.runtime.services.cases.get(code).sync_state is SyncState.ACCEPTED, timeout=30,
                   what="the unprinted case to sync anyway")
        with EscposEmulator(out_dir=shots / "receipts", port=port) as printer:
            vm.reprint()
            wait_until(lambda: vm.printState in ("printed", "failed"), timeout=20, what="the reprint")
            rig.walk.shot("receipt-reprinted")
            assert vm.printState == "printed"
            [receipt] = printer.wait_for_receipts(1)
            assert "补打" in receipt["text"]
        assert rig.runtime.services.cases.get(code).printed
