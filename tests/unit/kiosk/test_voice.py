"""Voice guidance: every screen's prompt is spoken (Qt's mock engine), in Chinese by default and in English."""
from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk import speechd
from kiosk.i18n import tr
from kiosk.qt import QTimer, Slot
from kiosk.viewmodels import KioskViewModel
from kiosk.viewmodels.prompts import PROMPTS
from kiosk.voice import Voice
from tests.helpers.speechd import hung_daemon
from tests.helpers.stubs import AGENT, PERSON, FakeCamera, FakeReader
from tests.unit.kiosk.flow import ID_CARD_ITEM, ZIGZAG, fill_valid, make_vm, settle

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def voice(qapp: object) -> Iterator[Voice]:
    v = Voice("mock")
    yield v
    v.close()


def heard(vm: KioskViewModel) -> str:
    return vm.voice.said[-1] if vm.voice.said else ""


def journey(qtbot: QtBot, vm: KioskViewModel) -> Iterator[str]:
    """Walk every screen (and step) once; yield a label after each arrival."""
    vm.goHome()
    yield "home"
    vm.catalogue.open("个人办事")
    settle(qtbot, vm)
    yield "catalogue"
    vm.catalogue.select(ID_CARD_ITEM.code)
    settle(qtbot, vm)
    yield "guide"
    vm.startApplication()
    yield "identify: who"
    vm.identify.forOther()
    yield "identify: agent's card"
    vm.identify.readCard()
    settle(qtbot, vm)
    yield "identify: applicant's card"
    vm.services.reader.person = PERSON
    vm.identify.readCard()
    settle(qtbot, vm)
    yield "form"
    fill_valid(vm)
    vm.form.next()
    yield "materials"
    vm.materials.next()
    yield "missing"
    vm.materials.goOn()
    yield "commitment"
    vm.commitment.addStroke(ZIGZAG, 800.0, 300.0)
    vm.commitment.accept()
    settle(qtbot, vm)
    yield "confirm"
    vm.submitApplication()
    settle(qtbot, vm)
    yield "receipt"
    vm.rateReceipt()
    yield "rate: levels"
    vm.rate.choose(2)
    yield "rate: reasons"
    vm.rate.submit()
    settle(qtbot, vm)
    yield "rate: done"
    vm.goHome()
    vm.navigate("track")
    yield "track"


def test_every_screen_speaks_its_prompt_in_chinese_then_english(qtbot: QtBot, chinese: object,
                                                                 voice: Voice) -> None:
    vm = make_vm(voice=voice, reader=FakeReader(AGENT), camera=FakeCamera())
    qtbot.waitUntil(lambda: voice.engine == "mock", timeout=3000)  # the engine starts on its own thread
    spoken_zh: dict[str, str] = {}
    for step in journey(qtbot, vm):
        said = heard(vm)
        assert said == vm.prompt(), step
        assert CJK.search(said), f"{step}: not said in Chinese: {said!r}"
        spoken_zh[step] = said
        qtbot.waitUntil(lambda: voice.speaking, timeout=2000)  # the engine really took it
    assert len(set(spoken_zh.values())) == len(spoken_zh)  # each screen/step has its own words

    vm.setLanguage("en")
    vm.services.reader.person = AGENT
    for step in journey(qtbot, vm):
        said = heard(vm)
        assert said == vm.prompt() and said and not CJK.search(said.replace("代办", "")), step
        assert said != spoken_zh[step]


def test_each_prompt_has_its_chinese(chinese: object) -> None:
    for screen, source in PROMPTS.items():
        assert CJK.search(tr("voice", source)), screen


def test_the_idle_warning_and_messages_are_spoken(qtbot: QtBot, chinese: object, voice: Voice) -> None:
    vm = KioskViewModel(make_vm().services, idle_timeout_s=0.6, idle_warning_s=0.4, voice=voice)
    vm.navigate("track")
    qtbot.waitUntil(lambda: vm.idleWarning, timeout=3000)
    assert heard(vm) == "您还在吗？要继续办理请点“继续”。"
    vm.touched()
    vm._alert(lambda: "这是一条提示。")
    assert heard(vm) == "这是一条提示。"


def test_listen_again_and_language_switch_repeat_the_prompt(qtbot: QtBot, chinese: object, voice: Voice) -> None:
    vm = make_vm(voice=voice)
    vm.navigate("track")
    count = len(voice.said)
    vm.announce()
    assert len(voice.said) == count + 1 and heard(vm) == voice.said[-2]
    vm.setLanguage("en")
    assert heard(vm) == PROMPTS["track"]


def test_no_engine_is_silence_without_error(qtbot: QtBot, chinese: object) -> None:
    for name in ("none", "no-such-engine"):
        voice = Voice(name)
        assert voice.engine == "" and not voice.speaking
        voice.set_language("en")
        voice.say("你好")  # nothing to hear, nothing raised
        voice.close()


def test_a_speech_daemon_that_never_answers_leaves_the_voice_off_and_the_screen_alive(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's speechd engine connects inside a call that holds Python's lock: with a daemon that takes the connection
    and never answers, the whole kiosk froze at start. The voice thread asks first, and gives up on it."""
    sock = tmp_path / "speechd.sock"
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{sock}")
    monkeypatch.setattr(speechd, "TIMEOUT", 1.0)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    answered: list[str] = []
    ready = Voice._ready  # noqa: SLF001 - its answer, queued to the GUI thread, says the probe is over

    @Slot(str)
    def heard_back(self: Voice, engine: str) -> None:
        answered.append(engine)
        ready(self, engine)

    monkeypatch.setattr(Voice, "_ready", heard_back)
    with hung_daemon(sock):
        voice = Voice("speechd")
        timer.start(50)
        qtbot.waitUntil(lambda: bool(answered), timeout=10000)
        timer.stop()
        assert answered == [""] and voice.engine == ""
        assert len(ticks) >= 10  # the GUI thread kept running while the daemon was asked
        voice.say("你好")  # silent, nothing raised
        voice.close()


def test_elderly_mode_reads_each_question(qtbot: QtBot, chinese: object, voice: Voice) -> None:
    vm = make_vm(voice=voice)
    vm.setElderly(True)
    vm.catalogue.select(ID_CARD_ITEM.code)
    settle(qtbot, vm)
    vm.startApplication()
    vm.identify.readCard()
    settle(qtbot, vm)
    assert heard(vm) == "第 1 项，共 3 项：联系电话。"
    vm.form.setValue("phone", "13800138000")
    vm.form.nextField()
    assert heard(vm) == "第 2 项，共 3 项：申请事由。"
    vm.back()
    assert heard(vm) == "第 1 项，共 3 项：联系电话。"
