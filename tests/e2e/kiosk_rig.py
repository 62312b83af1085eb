"""The whole system on real parts for one test: servicenet behind a cuttable link, the SAM reader on a pty,
the ESC/POS emulator on TCP, and the kiosk app offscreen."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drivers.sim.escpos_emulator import EscposEmulator
from drivers.sim.sam_reader import SamReaderSim, SimIdCard
from kiosk import app as kiosk_app
from kiosk.app import KioskApp
from kiosk.config import A4Settings, PrinterSettings, ReaderSettings, Settings, StaffSettings
from kiosk.walkthrough import Walk
from kiosk.wiring import Runtime, build_runtime
from servicenet.process import start_servicenet
from tests.helpers import cups
from tests.helpers.enroll import SignedNet, enrolled_settings, signed
from tests.helpers.hall import HallNode, wait_for_key
from tests.helpers.proxy import CuttableProxy

HALL_NAME = "测试大厅"  # tests.helpers.enroll enrolls the kiosk for this hall


@dataclass
class Rig:
    net: SignedNet  # enrolled: the kiosk signs as net.creds; tests.helpers.enroll.http signs as it too
    link: CuttableProxy
    reader: SamReaderSim
    printer: EscposEmulator
    runtime: Runtime
    kiosk: KioskApp
    walk: Walk
    hall: HallNode | None = None  # the hall node the kiosk takes numbers from (with_hall=True)
    cupsd: cups.Cupsd | None = None  # the hall's A4 printer: a real cupsd with a cups-pdf queue (with_a4=True)


@contextlib.contextmanager
def kiosk_rig(tmp: Path, shots: Path, *, card: SimIdCard | None = None, orientation: str = "portrait",
              staff: StaffSettings | None = None, with_hall: bool = False,
              hall_rules: tuple[str, ...] = (), with_a4: bool = False, **app_options: Any) -> Iterator[Rig]:
    """with_hall: also a hall node (its own SQLite, uplink straight to the network) the kiosk takes numbers
    from; hall_rules are its `servicenet hall rules` options; app_options go to KioskApp (e.g. a camera)."""
    with contextlib.ExitStack() as stack:
        net = signed(stack.enter_context(start_servicenet(f"sqlite:///{tmp / 'servicenet.db'}")))
        link = stack.enter_context(CuttableProxy(net.port))
        reader = stack.enter_context(SamReaderSim())
        reader.insert(card or SimIdCard.sample())
        printer = stack.enter_context(EscposEmulator(out_dir=shots / "receipts"))
        hall = None
        if with_hall:
            hall = HallNode.setup(tmp, net.url, net.db_url, HALL_NAME, hall_rules)
            stack.enter_context(hall.start())
            wait_for_key(hall.url, net.creds)
        cupsd = stack.enter_context(cups.Cupsd().start()) if with_a4 else None
        settings = Settings(
            network_url=link.url, data_dir=str(tmp / "kiosk"), sync_interval=0.3, orientation=orientation,
            reader=ReaderSettings(kind="sam", port=reader.device_path),
            printer=PrinterSettings(kind="network", host="127.0.0.1", port=printer.port, timeout=2.0),
            staff=staff or StaffSettings(),
            **enrolled_settings(net.creds, tmp / "kiosk" / "device.pem"),
            hall_url=hall.url if hall else "",
            a4=A4Settings(kind="cups", server=cupsd.server, queue=cupsd.queue) if cupsd else A4Settings(),
        )
        runtime = build_runtime(settings)
        stack.callback(runtime.close)
        kiosk = kiosk_app.KioskApp(runtime.services, orientation=orientation, **{"card_timeout_s": 3.0, **app_options})
        stack.callback(kiosk.close)
        kiosk.show()
        yield Rig(net, link, reader, printer, runtime, kiosk, Walk(kiosk, shots), hall, cupsd)
