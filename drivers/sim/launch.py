"""Start every device simulator at once, and stop them all cleanly: for `make demo` and the tests.

    with launch("out/receipts") as sims:
        sims.sam            SamReaderSim on a pty, the sample ID card on it
        sims.printer        EscposEmulator on 127.0.0.1:<free port>, receipts to PNG
        sims.scanner        ScannerSim on a pty
        sims.card           VpcdCard (the same resident's 社保卡) for pcscd's "Virtual PCD 00 00", not
                            inserted; None when pcscd cannot run here (sims.pcsc_error says why)
        sims.device_settings()   {"reader": {...}, "printer": {...}, "sscard": {...}, "scanner": {...}}

`python -m drivers.sim.launch --out out` prints those settings as TOML, then takes commands on stdin
until Ctrl-D / Ctrl-C: `scan <text>`, `card in|out`, `id in|out`, `paper out|in`, `cover open|close`.
"""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drivers.sim.card_profiles import SsCardProfile
from drivers.sim.escpos_emulator import EscposEmulator
from drivers.sim.pcscd import VPCD_READER, Pcscd, PcscdUnavailable
from drivers.sim.sam_reader import SamReaderSim, SimIdCard
from drivers.sim.scanner import ScannerSim
from drivers.sim.vpcd_card import VPCD_PORT, VpcdCard

log = logging.getLogger(__name__)


@dataclass
class Simulators:
    sam: SamReaderSim
    printer: EscposEmulator
    scanner: ScannerSim
    id_card: SimIdCard
    card: VpcdCard | None = None
    pcscd: Pcscd | None = None
    pcsc_error: str = ""

    def device_settings(self) -> dict[str, dict[str, Any]]:
        """The kiosk's device tables (kiosk.config: reader, printer, sscard, scanner) for these simulators."""
        return {
            "reader": {"kind": "sam", "port": self.sam.device_path},
            "printer": {"kind": "network", "host": self.printer.host, "port": self.printer.port},
            "sscard": {"kind": "pcsc" if self.card is not None else "none", "reader": VPCD_READER},
            "scanner": {"kind": "serial", "port": self.scanner.device_path},
        }


@contextmanager
def launch(out_dir: str | Path = "out/receipts", *, id_card: SimIdCard | None = None, pcsc: bool = True,
           id_card_on_reader: bool = True, vpcd_port: int = VPCD_PORT) -> Iterator[Simulators]:
    """Start the SAM pty, the ESC/POS emulator, the scanner pty and (if `pcsc`) pcscd + the vpcd card.

    pcscd is reused when one runs, else started and stopped again (drivers.sim.pcscd). If it cannot run
    here, the rest still starts: `card` is None and `pcsc_error` gives the reason.
    """
    person = id_card or SimIdCard.sample()
    with ExitStack() as stack:
        sam = stack.enter_context(SamReaderSim(person if id_card_on_reader else None))
        printer = stack.enter_context(EscposEmulator(out_dir))
        scanner = stack.enter_context(ScannerSim())
        sims = Simulators(sam, printer, scanner, person)
        if pcsc:
            try:
                sims.pcscd = stack.enter_context(Pcscd())
            except PcscdUnavailable as exc:
                sims.pcsc_error = str(exc)
                log.warning("no social security card simulator: %s", exc)
            else:
                sims.card = stack.enter_context(VpcdCard(SsCardProfile.from_id_card(person), port=vpcd_port))
        yield sims


def _command(sims: Simulators, line: str) -> str:
    word, _, rest = line.strip().partition(" ")
    if word == "scan" and rest:
        sims.scanner.scan(rest.strip())
        return "scanned"
    if word == "card" and sims.card is not None and rest in ("in", "out"):
        sims.card.insert() if rest == "in" else sims.card.remove()
        return f"social security card {rest}"
    if word == "id" and rest in ("in", "out"):
        sims.sam.insert(sims.id_card) if rest == "in" else sims.sam.remove()
        return f"ID card {rest}"
    if word == "paper" and rest in ("in", "out"):
        sims.printer.paper_out = rest == "out"
        return f"paper {rest}"
    if word == "cover" and rest in ("open", "close"):
        sims.printer.cover_open = rest == "open"
        return f"cover {rest}"
    return "commands: scan <text> | card in|out | id in|out | paper out|in | cover open|close"


def _toml(tables: dict[str, dict[str, Any]]) -> str:
    out = []
    for name, values in tables.items():
        out.append(f"[{name}]")
        for key, value in values.items():
            out.append(f'{key} = "{value}"' if isinstance(value, str) else f"{key} = {value!r}")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="drivers.sim.launch", description="start every device simulator")
    ap.add_argument("--out", default="out", help="receipt PNGs go to OUT/receipts")
    ap.add_argument("--no-pcsc", action="store_true", help="do not start pcscd / the vpcd card")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    with launch(Path(args.out) / "receipts", pcsc=not args.no_pcsc) as sims:
        print(_toml(sims.device_settings()), flush=True)
        if sims.pcsc_error:
            print(f"# no social security card: {sims.pcsc_error}", flush=True)
        print("# ready; type commands (scan <text> | card in|out | id in|out | paper out|in)", flush=True)
        try:
            for line in sys.stdin:
                if line.strip():
                    try:
                        print(_command(sims, line), flush=True)
                    except (OSError, TimeoutError) as exc:  # e.g. "card in" while pcscd is gone
                        print(f"failed: {exc}", flush=True)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
