"""Refresh kiosk/i18n/*.ts from the sources: `python -m kiosk.i18n.extract`.

QML strings (qsTr) come from pyside6-lupdate; Python strings from an AST scan of calls to
lazy/tr/QT_TRANSLATE_NOOP(context, "text"); driver messages from `message("text")` in drivers/. Existing
translations are kept; new texts are marked unfinished in zh_CN.ts (and `--check` fails on them); en.ts
translates every text to itself.
"""
from __future__ import annotations

import ast
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from kiosk.i18n import HERE, LANGUAGES

KIOSK = HERE.parent
DRIVERS = KIOSK.parent / "drivers"
CALLS = {"lazy", "tr", "QT_TRANSLATE_NOOP", "translate"}

Messages = dict[str, dict[str, str]]  # context -> source -> translation ("" = none yet)


def python_strings() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in KIOSK.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            a, b = node.args[0], node.args[1]
            if name in CALLS and isinstance(a, ast.Constant) and isinstance(b, ast.Constant) \
                    and isinstance(a.value, str) and isinstance(b.value, str):
                found.add((a.value, b.value))
    return found


def driver_messages() -> set[tuple[str, str]]:
    """Every `message("...")` a driver declares (drivers.base.message), in the "drivers" context."""
    found: set[tuple[str, str]] = set()
    for path in DRIVERS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and len(node.args) == 1 and isinstance(node.func, ast.Name) \
                    and node.func.id == "message" and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                found.add(("drivers", node.args[0].value))
    return found


def qml_strings() -> set[tuple[str, str]]:
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    files = sorted(str(p) for p in (KIOSK / "qml").rglob("*.qml"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "qml.ts"
        subprocess.run([str(lupdate), "-silent", *files, "-ts", str(out)], check=True)
        return {(ctx.findtext("name") or "", msg.findtext("source") or "")
                for ctx in ET.parse(out).getroot().iter("context") for msg in ctx.iter("message")}


def read(path: Path) -> Messages:
    result: Messages = {}
    if not path.exists():
        return result
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            done = tr is not None and tr.get("type") not in ("unfinished", "obsolete", "vanished")
            result.setdefault(name, {})[msg.findtext("source") or ""] = (tr.text or "") if done else ""
    return result


def write(path: Path, language: str, messages: Messages) -> None:
    root = ET.Element("TS", version="2.1", language=language)
    for name in sorted(messages):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = name
        for source in sorted(messages[name]):
            msg = ET.SubElement(ctx, "message")
            ET.SubElement(msg, "source").text = source
            tr = ET.SubElement(msg, "translation")
            tr.text = messages[name][source]
            if not tr.text:
                tr.set("type", "unfinished")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    wanted = python_strings() | qml_strings() | driver_messages()
    missing = 0
    for language in LANGUAGES:
        path = HERE / f"{language}.ts"
        old = read(path)
        new: Messages = {}
        for ctx, source in wanted:
            text = source if language == "en" else old.get(ctx, {}).get(source, "")
            new.setdefault(ctx, {})[source] = text
            if not text:
                missing += 1
                print(f"{language}: untranslated [{ctx}] {source}")
        if not check:
            write(path, language, new)
    return 1 if check and missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
