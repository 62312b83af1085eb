"""结果领取: a result listed and printed at the kiosk, until cupsd has accepted the job, against `lp` of the
same PDF.

value     ResultDesk at the kiosk, signed to a real servicenet: list the person's results (by the keyed hash
          of the ID number), check the A4 printer over IPP, fetch the PDF and check its signed sha256, queue it
          with `lp`, report the print to the network. Ends when cupsd has accepted the job and the print is
          counted (cups-pdf renders the job afterwards, off the resident's clock).
baseline  `lp -d <queue> <the same PDF>` to the same cupsd: the printing system's own share.
The service item's print limit is raised for the run (a document prints 2 copies by default).
"""
from __future__ import annotations

import base64
import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import requests
import sqlalchemy as sa

from bench._enrolled import enroll_kiosk
from bench.printer import p95
from domain import regcode
from domain.models import Person
from drivers.printer.cups_a4 import CupsA4Printer
from servicenet.process import REPO_ROOT, start_servicenet
from sync.results import ResultDesk
from tests.helpers import cups
from tests.helpers.pdfs import result_pdf

SERVICE = "11440105007512345X4441011002000"  # 临时救助申请: a decision on paper (a card is never printed at a kiosk)
ID_NUMBER = "440105194912310026"


def _staff(db_url: str) -> requests.Session:
    done = subprocess.run([sys.executable, "-m", "servicenet", "office", "staff-token", "--staff-id", "B001",
                           "--name", "基准", "--role", "window", "--role", "handler", "--department", "*",
                           "--db", db_url], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {done.stdout.strip().split()[-1]}"
    return s


def _raise_limit(db_url: str, limit: int) -> None:
    engine = sa.create_engine(db_url)
    try:
        with engine.begin() as conn:
            data = json.loads(conn.execute(sa.text("SELECT data FROM services WHERE code = :c"),
                                           {"c": SERVICE}).scalar_one())
            conn.execute(sa.text("UPDATE services SET data = :d WHERE code = :c"),
                         {"d": json.dumps(data | {"print_limit": limit}, ensure_ascii=False), "c": SERVICE})
    finally:
        engine.dispose()


def _measure(n: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp, cups.Cupsd().start() as daemon:
        db_url = f"sqlite:///{Path(tmp) / 'sn.db'}"
        net = start_servicenet(db_url)
        try:
            kiosk = enroll_kiosk(net)
            client = kiosk.client(net.url)
            _raise_limit(db_url, 10 * n + 10)
            code = regcode.make("440105", kiosk.enrollment.device_number, date.today(), 1)
            case = {"code": code, "service_code": SERVICE, "channel": "kiosk", "device_id": kiosk.enrollment.device_id,
                    "submitted_at": f"{date.today().isoformat()}T09:00:00+08:00",
                    "applicant": {"name": "张三", "id_number": ID_NUMBER, "source": "id_card"},
                    "form": {"name": "张三", "id_number": ID_NUMBER, "phone": "13800138000", "household_size": 3,
                             "reason": "因病致贫"},
                    "delivery": {"method": "kiosk"}}
            http = kiosk.session()
            assert http.post(f"{net.url}/v1/cases/batch", json={"cases": [case]}, timeout=30).json()[
                "results"][0]["result"] == "created"
            clerk = _staff(db_url)
            clerk.post(f"{net.url}/v1/backoffice/cases/{code}/accept", json={}, timeout=30).raise_for_status()
            pdf = result_pdf("准予行政许可决定书", ["申请人：张*", "经审查，准予临时救助。"] * 10)
            clerk.post(f"{net.url}/v1/backoffice/cases/{code}/results", timeout=60, json={"documents": [
                {"kind": "批文", "title": "准予行政许可决定书", "pdf_base64": base64.b64encode(pdf).decode()}]}
                       ).raise_for_status()
            clerk.post(f"{net.url}/v1/backoffice/cases/{code}/complete", json={}, timeout=30).raise_for_status()
            # settle_s=0: the print returns once cupsd took the job, as the baseline's `lp` does (at a kiosk the
            # resident waits for the job's end as well, which is the printer's time, not the kiosk's)
            desk = ResultDesk(client, kiosk.enrollment.person_key, CupsA4Printer(daemon.server, daemon.queue),
                              settle_s=0)
            person = Person("张三", ID_NUMBER)
            stamped = client.result_pdf(desk.for_person(person)[0].documents[0].doc_code)
            same = Path(tmp) / "same.pdf"
            same.write_bytes(stamped)

            def kiosk_print() -> float:
                t0 = time.perf_counter()
                doc = desk.for_person(person)[0].documents[0]
                desk.print(doc)
                return time.perf_counter() - t0

            def bare_lp() -> float:
                t0 = time.perf_counter()
                daemon.run("lp", "-d", daemon.queue, "-o", "media=A4", str(same))
                return time.perf_counter() - t0

            kiosk_print(), bare_lp()  # warm-up
            value_s, base_s = [], []
            for _ in range(n):  # interleaved, so both see the same machine (and cups-pdf's work behind them)
                value_s.append(kiosk_print())
                base_s.append(bare_lp())
        finally:
            net.stop()
    value, base = p95(value_s) * 1000, p95(base_s) * 1000
    return {"value": round(value, 1), "unit": "ms", "baseline": round(base, 1),
            "baseline_name": f"`lp` of the same {len(stamped)}-byte PDF to the same cupsd",
            "ratio": round(value / base, 2), "n": n}


def run(quick: bool = False) -> dict[str, dict[str, object]]:
    if not cups.available():
        raise RuntimeError("result_print needs Debian cups + printer-driver-cups-pdf (make deps)")
    return {"result_listing_to_print_accepted_p95": _measure(5 if quick else 30)}


if __name__ == "__main__":
    for name, result in run().items():
        print(name, result)
