"""`kiosk --selftest`: load every screen, check translations, font, keyboard, store and each configured device.

Run by a technician after installing (and by the dist smoke test on the built folder). It starts no sync (no
traffic, the queue is left as it is) and exits 0 when every required check passes, 1 otherwise, after printing
one line per check. The network is reported but never fails the test: halls often start offline.
"""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from drivers.base import Health
from kiosk import i18n
from kiosk.app import FONT, KioskApp
from kiosk.qt import QCoreApplication, QFontDatabase, QGuiApplication
from kiosk.viewmodels.common import SCREENS
from kiosk.wiring import Runtime

# A source text the zh_CN catalogue must translate (kiosk.i18n.tr_error's fallback message).
PROBE = ("kiosk", "Something went wrong with the machine. Please ask the staff for help.")


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
        lines = [f"hall kiosk {self.version} self-test"]
        lines += [f"{_mark(c):4}  {c.name:24} {c.detail}".rstrip() for c in self.checks]
        failed = [c.name for c in self.checks if c.required and not c.ok]
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
        report.add("screens", False, "the window has no screen loader")
        return
    for name in SCREENS:
        before = len(warnings)
        try:
            kiosk.vm.navigate(name)
        except Exception as exc:  # a view-model that refuses the screen is a failure of that screen
            report.add(f"screen {name}", False, f"navigate failed: {exc}")
            continue
        _settle()
        children = loader.childItems()
        progress = float(loader.property("progress") or 0.0)
        problems = warnings[before:]
        ok = kiosk.vm.screen == name and progress >= 1.0 and bool(children) and not problems
        detail = "loaded" if ok else "; ".join(problems[:3]) or f"not loaded (on {kiosk.vm.screen!r})"
        if ok and shots is not None:
            kiosk.grab(shots / f"{name}.png")
        report.add(f"screen {name}", ok, detail)
    kiosk.vm.goHome()
    _settle()
    report.add("back home", kiosk.vm.screen == "home", f"on {kiosk.vm.screen!r}")
    image = kiosk.window.grabWindow()
    colours = {image.pixel(x, y) for x in range(0, image.width(), max(1, image.width() // 48))
               for y in range(0, image.height(), max(1, image.height() // 48))} if not image.isNull() else set()
    report.add("window paints", len(colours) >= 4, f"{image.width()}x{image.height()}, {len(colours)} colours sampled")


def check_translations(report: Report) -> None:
    frozen = getattr(sys, "frozen", False)
    for language in i18n.LANGUAGES:
        qm = i18n.compiled(language)
        if qm is None:
            report.add(f"translation {language}", False, "no .qm (and no lrelease to build one)")
            continue
        shipped = qm.parent == i18n.HERE
        report.add(f"translation {language}", shipped or not frozen, f"{qm}" + ("" if shipped else " (built here)"))
    current = i18n.current()
    text = i18n.tr(*PROBE)
    if current == "zh_CN":
        report.add("translation active", text != PROBE[1], f"zh_CN: {text}")
    else:
        report.add("translation active", True, f"{current} (source texts)")


def check_font(report: Report) -> None:
    families = set(QFontDatabase.families())
    report.add("font", FONT in families, FONT if FONT in families else f"{FONT} missing (install fonts-noto-cjk)")


def check_keyboard(kiosk: KioskApp, report: Report) -> None:
    """The virtual keyboard is in the window and its active layout is zh_CN (that layout comes with Pinyin)."""
    panel = kiosk.keyboard()
    if panel is None:
        report.add("keyboard", False, "no InputPanel in the window")
        return
    keyboard = next((c for c in panel.childItems() if c.metaObject().className().startswith("Keyboard_QMLTYPE")),
                    None)
    locale = str(keyboard.property("locale")) if keyboard is not None else ""
    report.add("keyboard", keyboard is not None, "QtVirtualKeyboard InputPanel")
    report.add("keyboard pinyin", locale == "zh_CN", f"active layout {locale or 'none'}")


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
            report.add(label, True, "not configured", required=False)
            continue
        device = getattr(runtime.services, DEVICE_SERVICES.get(f.name, f.name), None)
        status: Callable[[], Any] | None = getattr(device, "status", None)
        if status is None:
            report.add(label, False, f"{kind}: configured, but this build does not use it", required=False)
            continue
        try:
            st = status()
        except Exception as exc:  # discovery never crashes: a status that raises is a failed device
            report.add(label, False, f"{kind}: {exc}")
            continue
        ok = st.health is not Health.ERROR
        report.add(label, ok, f"{kind}: {st.health.value}" + (f" ({st.reason})" if st.reason else ""))


def check_face(runtime: Runtime, report: Report) -> None:
    """人证合一, when a camera is configured: dlib and its weights load (in the one-folder build too) and the
    camera gives a picture the model looks at."""
    face = runtime.services.face
    if face is None:
        return
    try:
        report.add("face check", True, face.selftest())
    except Exception as exc:  # a broken build or camera is reported, never raised
        report.add("face check", False, f"{type(exc).__name__}: {exc}")


def check_store(runtime: Runtime, report: Report) -> None:
    try:
        counts = runtime.engine.outbox.depth()
        probe = Path(runtime.settings.data_dir) / ".selftest-write"
        probe.write_bytes(b"ok")
        probe.unlink()
    except Exception as exc:
        report.add("store", False, f"{runtime.settings.data_dir}: {exc}")
        return
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "empty queue"
    report.add("store", True, f"{runtime.settings.data_dir}: {summary}")


def check_network(runtime: Runtime, report: Report) -> None:
    try:
        ok = runtime.client.health()
        detail = runtime.settings.network_url + (" answers" if ok else " answers, not healthy")
    except Exception as exc:
        ok, detail = False, f"{runtime.settings.network_url}: {type(exc).__name__}"
    report.add("network", ok, detail + ("" if ok else " (cases queue until it is back)"), required=False)


def check_usb(report: Report) -> None:
    """Whether USB printers can be found at all: pyusb loads a libusb (in the one-folder build, its own)."""
    from drivers.printer.usb_printer import usb_library

    where = usb_library()
    report.add("usb", where is not None, f"libusb {where}" if where else "no libusb: USB printers are not found",
               required=False)


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
