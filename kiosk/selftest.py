"""`kiosk --selftest`: load every screen, check translations, font, keyboard, store and each configured device.

Run by a technician after installing (and by the dist smoke test on the built folder). It starts no sync (no
traffic, the queue is left as it is) and exits 0 when every required check passes, 1 otherwise, after printing
one line per check. The network is reported but never fails the test: halls often start offline.

Each line starts with its mark and the check's name (PASS/FAIL/WARN, "device printer": what scripts read), then
says what was checked and how it went in the kiosk's language (kiosk/selftestwords.py); the JSON report keeps
the English. A detail is a Note (drivers.base) where it has words, a path or a name as it is otherwise.
"""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from drivers.base import Health, Note
from kiosk import i18n
from kiosk.app import FONT, KioskApp
from kiosk.qt import QCoreApplication, QFontDatabase, QGuiApplication
from kiosk.staff.provisioning import NOT_CONFIGURED, failed
from kiosk.viewmodels.common import SCREENS
from kiosk.wiring import Runtime

# A source text the zh_CN catalogue must translate (kiosk.i18n.tr_error's fallback message).
PROBE = ("kiosk", "Something went wrong with the machine. Please ask the staff for help.")

# the codes of the checks' Notes (kiosk/selftestwords.py words them); the values each takes after it
NO_LOADER, NAVIGATE_FAILED, LOADED, NOT_LOADED = "no_loader", "navigate_failed", "loaded", "not_loaded"  # -, error, -, on
ON_SCREEN, PAINTS = "on_screen", "paints"  # screen; size, colours
NO_QM, BUILT_HERE, SOURCE_TEXTS = "no_qm", "built_here", "source_texts"  # -; .qm path; language
FONT_MISSING, NO_KEYBOARD, LAYOUT = "font_missing", "no_keyboard", "layout"  # font; -; keyboard layout
UNUSED, DEVICE_FAILED, HEALTH = "unused", "device_failed", "health"  # kind; kind, error; kind, health, reason
STORE, STORE_EMPTY, STORE_FAILED = "store", "store_empty", "store_failed"  # folder, counts; folder; folder, error
NETWORK_OK, NETWORK_UNHEALTHY, NETWORK_DOWN = "network_ok", "network_unhealthy", "network_down"  # url[, error]
NO_LIBUSB = "no_libusb"


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""
    required: bool = True


@dataclass
class Report:
    version: str
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks if c.required)

    def add(self, name: str, ok: bool, detail: str = "", required: bool = True) -> Check:
        check = Check(name, ok, detail, required)
        self.checks.append(check)
        return check

    def text(self) -> str:
        """One line a check, in the kiosk's language after the mark and the name (call it while the kiosk's
        translator is installed); the last line is RESULT: PASS or RESULT: FAIL (names)."""
        from kiosk import selftestwords as words

        lines = [words.title(self.version)]
        lines += [f"{_mark(c):4}  {c.name:24} {words.line(c.name, c.detail)}".rstrip() for c in self.checks]
        failed = [c.name for c in self.checks if c.required and not c.ok]
        lines.append(words.verdict(failed))
        lines.append("RESULT: PASS" if not failed else f"RESULT: FAIL ({', '.join(failed)})")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps({"version": self.version, "ok": self.ok, "checks": [asdict(c) for c in self.checks]},
                          ensure_ascii=False, indent=2)


def _mark(check: Check) -> str:
    """PASS, FAIL (a required check failed) or WARN (an optional one did)."""
    return "PASS" if check.ok else ("FAIL" if check.required else "WARN")


def _settle(rounds: int = 6) -> None:
    for _ in range(rounds):
        QCoreApplication.processEvents()
        time.sleep(0.01)


def check_screens(kiosk: KioskApp, report: Report, shots: Path | None = None) -> None:
    """Navigate to each screen of the resident flow; each must load its QML with no QML error."""
    warnings: list[str] = []
    kiosk.engine.warnings.connect(lambda errors: warnings.extend(e.toString() for e in errors))
    loader = kiosk.find("screenLoader")
    if loader is None:
        report.add("screens", False, Note("the window has no screen loader", NO_LOADER))
        return
    for name in SCREENS:
        before = len(warnings)
        try:
            kiosk.vm.navigate(name)
        except Exception as exc:  # a view-model that refuses the screen is a failure of that screen
            report.add(f"screen {name}", False, Note(f"navigate failed: {exc}", NAVIGATE_FAILED, f"{exc}"))
            continue
        _settle()
        children = loader.childItems()
        progress = float(loader.property("progress") or 0.0)
        problems = warnings[before:]
        ok = kiosk.vm.screen == name and progress >= 1.0 and bool(children) and not problems
        detail = Note("loaded", LOADED) if ok else "; ".join(problems[:3]) or Note(
            f"not loaded (on {kiosk.vm.screen!r})", NOT_LOADED, kiosk.vm.screen)
        if ok and shots is not None:
            kiosk.grab(shots / f"{name}.png")
        report.add(f"screen {name}", ok, detail)
    kiosk.vm.goHome()
    _settle()
    report.add("back home", kiosk.vm.screen == "home", Note(f"on {kiosk.vm.screen!r}", ON_SCREEN, kiosk.vm.screen))
    image = kiosk.window.grabWindow()
    colours = {image.pixel(x, y) for x in range(0, image.width(), max(1, image.width() // 48))
               for y in range(0, image.height(), max(1, image.height() // 48))} if not image.isNull() else set()
    report.add("window paints", len(colours) >= 4, Note(f"{image.width()}x{image.height()}, {len(colours)} colours sampled",
                                                        PAINTS, f"{image.width()}x{image.height()}", len(colours)))


def check_translations(report: Report) -> None:
    frozen = getattr(sys, "frozen", False)
    for language in i18n.LANGUAGES:
        qm = i18n.compiled(language)
        if qm is None:
            report.add(f"translation {language}", False, Note("no .qm (and no lrelease to build one)", NO_QM))
            continue
        shipped = qm.parent == i18n.HERE
        report.add(f"translation {language}", shipped or not frozen,
                   str(qm) if shipped else Note(f"{qm} (built here)", BUILT_HERE, qm))
    current = i18n.current()
    text = i18n.tr(*PROBE)
    if current == "zh_CN":
        report.add("translation active", text != PROBE[1], f"zh_CN: {text}")
    else:
        report.add("translation active", True, Note(f"{current} (source texts)", SOURCE_TEXTS, current))


def check_font(report: Report) -> None:
    families = set(QFontDatabase.families())
    report.add("font", FONT in families,
               FONT if FONT in families else Note(f"{FONT} missing (install fonts-noto-cjk)", FONT_MISSING, FONT))


def check_keyboard(kiosk: KioskApp, report: Report) -> None:
    """The virtual keyboard is in the window and its active layout is zh_CN (that layout comes with Pinyin)."""
    panel = kiosk.keyboard()
    if panel is None:
        report.add("keyboard", False, Note("no InputPanel in the window", NO_KEYBOARD))
        return
    keyboard = next((c for c in panel.childItems() if c.metaObject().className().startswith("Keyboard_QMLTYPE")),
                    None)
    locale = str(keyboard.property("locale")) if keyboard is not None else ""
    report.add("keyboard", keyboard is not None, "QtVirtualKeyboard InputPanel")
    report.add("keyboard pinyin", locale == "zh_CN", Note(f"active layout {locale or 'none'}", LAYOUT, locale or "-"))


# settings section -> the Services attribute that holds that device
DEVICE_SERVICES = {"reader": "reader", "printer": "printer", "sscard": "social_security_reader",
                   "scanner": "scanner"}


def check_devices(runtime: Runtime, report: Report) -> None:
    """Each device section of the settings with a `kind`: "none" is reported, any other kind must answer."""
    settings = runtime.settings
    for f in fields(settings):
        section = getattr(settings, f.name)
        kind = getattr(section, "kind", None)
        if not is_dataclass(section) or not isinstance(kind, str):
            continue
        label = f"device {f.name}"
        if kind == "none":
            report.add(label, True, Note("not configured", NOT_CONFIGURED), required=False)
            continue
        device = getattr(runtime.services, DEVICE_SERVICES.get(f.name, f.name), None)
        status: Callable[[], Any] | None = getattr(device, "status", None)
        if status is None:
            report.add(label, False, Note(f"{kind}: configured, but this build does not use it", UNUSED, kind),
                       required=False)
            continue
        try:
            st = status()
        except Exception as exc:  # discovery never crashes: a status that raises is a failed device
            report.add(label, False, Note(f"{kind}: {exc}", DEVICE_FAILED, kind, failed(exc)))
            continue
        ok = st.health is not Health.ERROR
        report.add(label, ok, Note(f"{kind}: {st.health.value}" + (f" ({st.reason})" if st.reason else ""), HEALTH,
                                   kind, st.health.value, st.reason))


def check_face(runtime: Runtime, report: Report) -> None:
    """人证合一, when a camera is configured: dlib and its weights load (in the one-folder build too) and the
    camera gives a picture the model looks at."""
    face = runtime.services.face
    if face is None:
        return
    try:
        report.add("face check", True, face.selftest())
    except Exception as exc:  # a broken build or camera is reported, never raised
        report.add("face check", False, failed(exc))


def check_store(runtime: Runtime, report: Report) -> None:
    try:
        counts = runtime.engine.outbox.depth()
        probe = Path(runtime.settings.data_dir) / ".selftest-write"
        probe.write_bytes(b"ok")
        probe.unlink()
    except Exception as exc:
        report.add("store", False, Note(f"{runtime.settings.data_dir}: {exc}", STORE_FAILED,
                                        runtime.settings.data_dir, failed(exc)))
        return
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))  # the outbox's states: technical words
    report.add("store", True, Note(f"{runtime.settings.data_dir}: {summary}", STORE, runtime.settings.data_dir, summary)
               if summary else Note(f"{runtime.settings.data_dir}: empty queue", STORE_EMPTY, runtime.settings.data_dir))


def check_network(runtime: Runtime, report: Report) -> None:
    url = runtime.settings.network_url
    try:
        ok = runtime.client.health()
        detail = Note(f"{url} answers", NETWORK_OK, url) if ok else Note(
            f"{url} answers, not healthy (cases queue until it is back)", NETWORK_UNHEALTHY, url)
    except Exception as exc:
        ok, detail = False, Note(f"{url}: {type(exc).__name__} (cases queue until it is back)", NETWORK_DOWN, url,
                                 type(exc).__name__)
    report.add("network", ok, detail, required=False)


def check_usb(report: Report) -> None:
    """Whether USB printers can be found at all: pyusb loads a libusb (in the one-folder build, its own)."""
    from drivers.printer.usb_printer import usb_library

    where = usb_library()
    report.add("usb", where is not None, f"libusb {where}" if where else Note("no libusb: USB printers are not found",
                                                                              NO_LIBUSB), required=False)


def run(kiosk: KioskApp, runtime: Runtime, version: str, shots: Path | None = None) -> Report:
    report = Report(version)
    report.add("platform", True, f"{QGuiApplication.platformName()}, frozen={bool(getattr(sys, 'frozen', False))}",
               required=False)
    check_screens(kiosk, report, shots)
    check_translations(report)
    check_font(report)
    check_keyboard(kiosk, report)
    check_store(runtime, report)
    check_devices(runtime, report)
    check_face(runtime, report)
    check_usb(report)
    check_network(runtime, report)
    return report
