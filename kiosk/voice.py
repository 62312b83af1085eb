"""Spoken guidance through QtTextToSpeech: speech-dispatcher (espeak-ng) on a kiosk, Qt's "mock" engine in tests.

The engine lives on a thread of its own: connecting to speech-dispatcher can hang (a daemon stuck on a missing
sound card), and that must never freeze the screen. Where no engine can be loaded the voice stays silent and
says so once in the log; a resident never sees an error for it. `said` keeps the last prompts handed to the
engine (no personal data goes into a prompt), so a test can assert what was spoken.
"""
from __future__ import annotations

import logging
from collections import deque

from kiosk import speechd
from kiosk.qt import QCoreApplication, QLocale, QObject, QThread, Signal, Slot, text_to_speech

log = logging.getLogger(__name__)

PREFERRED = ("speechd",)  # speech-dispatcher: Debian's speech-dispatcher + espeak-ng
LOCALES = {"zh_CN": QLocale(QLocale.Language.Chinese, QLocale.Country.China),
           "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)}


class _Speaker(QObject):
    """Owns the QTextToSpeech, on the voice thread."""

    ready = Signal(str)  # the engine's name, or "" when it cannot speak
    speakingChanged = Signal(bool)

    def __init__(self, engine: str) -> None:
        super().__init__()
        self._engine = engine
        self._tts = None

    @Slot()
    def start(self) -> None:
        if self._engine == "speechd" and speechd.answers() is False:
            log.warning("speech-dispatcher takes connections but does not answer: voice guidance is off")
            self.ready.emit("")
            return
        tts_class = text_to_speech()
        tts = tts_class(self._engine, self)
        if tts.state() == tts_class.State.Error:
            log.info("text-to-speech engine %r cannot speak here (%s): voice guidance is off", self._engine,
                     tts.errorString())
            tts.deleteLater()
            self.ready.emit("")
            return
        tts.stateChanged.connect(lambda state: self.speakingChanged.emit(state == tts_class.State.Speaking))
        self._tts = tts
        self.ready.emit(self._engine)

    @Slot(str)
    def set_language(self, language: str) -> None:
        if self._tts is None:
            return
        wanted = LOCALES.get(language, LOCALES["zh_CN"])
        for locale in self._tts.availableLocales():
            if locale.language() == wanted.language():
                self._tts.setLocale(locale)
                return

    @Slot(str)
    def say(self, text: str) -> None:
        if self._tts is not None:
            self._tts.stop()
            self._tts.say(text)

    @Slot()
    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()

    @Slot()
    def shutdown(self) -> None:
        """Last call on the voice thread: drop the engine, come home to the GUI thread, end the thread."""
        if self._tts is not None:
            self._tts.stop()
            self._tts.setParent(None)
            self._tts = None
        app = QCoreApplication.instance()
        thread = QThread.currentThread()
        if app is not None:
            self.moveToThread(app.thread())
        thread.quit()


class Voice(QObject):
    """engine: None picks the first available of PREFERRED; "none" is silent; else that engine by name."""

    _say = Signal(str)
    _stop = Signal()
    _shutdown = Signal()
    _language = Signal(str)

    def __init__(self, engine: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.said: deque[str] = deque(maxlen=50)
        self.enabled = True
        self._engine = ""
        self._speaking = False
        self._thread: QThread | None = None
        self._speaker: _Speaker | None = None
        name = self._pick(engine)
        if name is None:
            return
        self._thread = QThread()
        self._thread.setObjectName("voice")
        self._speaker = _Speaker(name)
        self._speaker.moveToThread(self._thread)
        self._thread.started.connect(self._speaker.start)
        self._speaker.ready.connect(self._ready)
        self._speaker.speakingChanged.connect(self._speaking_changed)
        self._say.connect(self._speaker.say)
        self._stop.connect(self._speaker.stop)
        self._language.connect(self._speaker.set_language)
        self._shutdown.connect(self._speaker.shutdown)
        self._thread.start()

    @staticmethod
    def _pick(engine: str | None) -> str | None:
        if engine == "none":
            return None
        available = list(text_to_speech().availableEngines())
        if engine is not None:
            if engine in available:
                return engine
            log.info("text-to-speech engine %r is not installed: voice guidance is off", engine)
            return None
        return next((e for e in PREFERRED if e in available), None)

    @Slot(str)
    def _ready(self, engine: str) -> None:
        self._engine = engine

    @Slot(bool)
    def _speaking_changed(self, speaking: bool) -> None:
        self._speaking = speaking

    @property
    def engine(self) -> str:
        """The engine's name once it is ready to speak ("" until then, and when silent)."""
        return self._engine

    @property
    def speaking(self) -> bool:
        return self._speaking

    def set_language(self, language: str) -> None:
        self._language.emit(language)

    def say(self, text: str) -> None:
        """Speak `text` now, cutting off whatever was being said."""
        if not text or not self.enabled:
            return
        self.said.append(text)
        self._say.emit(text)

    def stop(self) -> None:
        self._stop.emit()

    def forget(self) -> None:
        self.stop()
        self.said.clear()

    def close(self, wait_ms: int = 2000) -> None:
        """Stop the voice thread; a speech daemon that does not answer is left behind, not waited for."""
        if self._thread is None:
            return
        self._shutdown.emit()
        if not self._thread.wait(wait_ms):
            log.warning("the voice thread did not stop in %d ms", wait_ms)
        self._thread = None
