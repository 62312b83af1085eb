"""The self-test report's words (kiosk/selftest.py) in the kiosk's language: what each check is, how it went.

A check's name is its key ("device printer", "screen home"): scripts read it, the technician reads the label
beside it. Its detail is a Note (kiosk.selftest's codes, or a wizard's: kiosk/viewmodels/notes.py) or a path,
a font's name, a version as it is.
"""
from __future__ import annotations

from drivers import face
from kiosk import selftest as st
from kiosk.i18n import QT_TRANSLATE_NOOP, fill, tr
from kiosk.viewmodels.notes import say

LABELS = {
    "platform": QT_TRANSLATE_NOOP("selftest", "Platform"),
    "window": QT_TRANSLATE_NOOP("selftest", "Window"),
    "screens": QT_TRANSLATE_NOOP("selftest", "Screens"),
    "back home": QT_TRANSLATE_NOOP("selftest", "Back to the home screen"),
    "window paints": QT_TRANSLATE_NOOP("selftest", "The window paints"),
    "translation active": QT_TRANSLATE_NOOP("selftest", "Translation in use"),
    "font": QT_TRANSLATE_NOOP("selftest", "Chinese font"),
    "keyboard": QT_TRANSLATE_NOOP("selftest", "On-screen keyboard"),
    "keyboard pinyin": QT_TRANSLATE_NOOP("selftest", "Pinyin input"),
    "store": QT_TRANSLATE_NOOP("selftest", "Local store"),
    "face check": QT_TRANSLATE_NOOP("selftest", "Face check (model and camera)"),
    "usb": QT_TRANSLATE_NOOP("selftest", "USB printers can be found"),
    "network": QT_TRANSLATE_NOOP("selftest", "Service network"),
}
LABELLED = {  # a name's first word, the label for the rest
    "screen": QT_TRANSLATE_NOOP("selftest", "Screen %1"),
    "translation": QT_TRANSLATE_NOOP("selftest", "Translation %1"),
    "device": QT_TRANSLATE_NOOP("selftest", "Device %1"),
}
WORDS = {
    st.NO_LOADER: QT_TRANSLATE_NOOP("selftest", "The window has no screen loader"),
    st.NAVIGATE_FAILED: QT_TRANSLATE_NOOP("selftest", "Could not go to this screen: %1"),
    st.LOADED: QT_TRANSLATE_NOOP("selftest", "Loaded"),
    st.NOT_LOADED: QT_TRANSLATE_NOOP("selftest", "Not loaded (the kiosk is on %1)"),
    st.ON_SCREEN: QT_TRANSLATE_NOOP("selftest", "On %1"),
    st.PAINTS: QT_TRANSLATE_NOOP("selftest", "%1, %2 colours sampled"),
    st.NO_QM: QT_TRANSLATE_NOOP("selftest", "No compiled translation (.qm), and no lrelease to build one"),
    st.BUILT_HERE: QT_TRANSLATE_NOOP("selftest", "%1 (built on this machine)"),
    st.SOURCE_TEXTS: QT_TRANSLATE_NOOP("selftest", "%1 (the source texts)"),
    st.FONT_MISSING: QT_TRANSLATE_NOOP("selftest", "%1 is missing: install fonts-noto-cjk"),
    st.NO_KEYBOARD: QT_TRANSLATE_NOOP("selftest", "The window has no on-screen keyboard"),
    st.LAYOUT: QT_TRANSLATE_NOOP("selftest", "Keyboard layout in use: %1"),
    st.UNUSED: QT_TRANSLATE_NOOP("selftest", "%1: in the settings, but this build does not use it"),
    st.DEVICE_FAILED: QT_TRANSLATE_NOOP("selftest", "%1: could not be asked: %2"),
    st.STORE: QT_TRANSLATE_NOOP("selftest", "%1: cases waiting by state: %2"),
    st.STORE_EMPTY: QT_TRANSLATE_NOOP("selftest", "%1: no case waiting"),
    st.STORE_FAILED: QT_TRANSLATE_NOOP("selftest", "%1: cannot be used: %2"),
    st.NETWORK_OK: QT_TRANSLATE_NOOP("selftest", "%1 answers"),
    st.NETWORK_UNHEALTHY: QT_TRANSLATE_NOOP("selftest", "%1 answers, but is not healthy (cases wait in the queue "
                                                        "until it is)"),
    st.NETWORK_DOWN: QT_TRANSLATE_NOOP("selftest", "%1 cannot be reached: %2 (cases wait in the queue until it "
                                                   "is back)"),
    st.NO_LIBUSB: QT_TRANSLATE_NOOP("selftest", "No libusb: USB printers will not be found"),
    face.SELFTEST_LOOKED: QT_TRANSLATE_NOOP("selftest", "The face model loaded in %1 s; faces in the camera's "
                                                        "picture: %2"),
}
HEALTH = {"ok": QT_TRANSLATE_NOOP("selftest", "%1: ready"),
          "warning": QT_TRANSLATE_NOOP("selftest", "%1: ready, with a warning: %2"),
          "error": QT_TRANSLATE_NOOP("selftest", "%1: not ready: %2")}


def title(version: str) -> str:
    return fill(tr("selftest", "Hall kiosk %1 self-test"), version)


def label(name: str) -> str:
    if name in LABELS:
        return tr("selftest", LABELS[name])
    first, _, rest = name.partition(" ")
    return fill(tr("selftest", LABELLED[first]), rest) if first in LABELLED and rest else name


def detail(note: str) -> str:
    code, args = getattr(note, "code", None), getattr(note, "args", ())
    if code == st.HEALTH and len(args) == 3 and args[1] in HEALTH:  # the device's reason: a driver's message
        return fill(tr("selftest", HEALTH[args[1]]), args[0], tr("drivers", args[2]) if args[2] else "-")
    if code in WORDS:
        return fill(tr("selftest", WORDS[code]), *args)
    return say(note)  # a wizard's code (a driver's refusal, an error), or a path, a name as it is


def line(name: str, note: str) -> str:
    """A check's label and how it went."""
    words = detail(note)
    return fill(tr("selftest", "%1: %2"), label(name), words) if words else label(name)


def verdict(failed: list[str]) -> str:
    if not failed:
        return tr("selftest", "Every required check passed.")
    return fill(tr("selftest", "Failed: %1"), tr("selftest", ", ").join(label(name) for name in failed))
