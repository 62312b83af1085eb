"""kill -9 of the sending process at random points, ≥ 200 times in one bounded run, then a final drain.

A fork server (this module run as `python -m tests.integration.test_sync_kill9 serve`) imports everything once
(the sender's modules and the working-day library a kiosk loads at start), so a forked sender spends its life on
the real work: open the store, enqueue a few cases (some with attachments, some rated), drain the outbox to the
real servicenet. The test kills it with SIGKILL after a random delay over that life: mid-enqueue, mid-upload,
mid-batch, between the server's commit and the kiosk's. The next sender takes the dead one's lease over.
The delay follows the machine's speed: the first senders and every tenth one run to the end untouched, and each
delay is drawn over 1.25x the median life of the last of those (only they measure a life without bias: the senders
that merely outlived their delay are the short ones), so a loaded machine stretches the delays instead of killing
every sender before its first commit, so a loaded machine stretches the delays instead of killing every sender
before its first commit.
At the end one clean drain, then exact accounting: 0 lost, 0 duplicated, every attachment intact.
Replay a run with KILL9_SEED=<seed printed>.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from servicenet.process import REPO_ROOT, start_servicenet
from tests.helpers.enroll import signed
from tests.integration.test_sync_faults import account, application, fresh_db_url, kiosk

pytestmark = pytest.mark.slow  # kill -9, 200 times

TRIALS = int(os.environ.get("KILL9_TRIALS", "200"))
DEVICE = 902
CALIBRATE = 5  # senders left to finish before any kill, then one in EVERY: their lives set the scale of the delays
EVERY = 10
RECENT = 9  # the delays follow the median of the last few lives (the machine's load changes during the run)


def _child(store_path: str, url: str, seed: int, key_path: str, keyid: str) -> None:
    """Runs in a forked sender: enqueue 0-3 cases, then drain until nothing is due."""
    import requests

    from sync.cases import CaseBook
    from sync.client import NetClient
    from sync.crypto import DeviceKey, RequestSigner
    from sync.engine import Backoff, SyncEngine

    rng = random.Random(seed)
    store, outbox = kiosk(Path(store_path), DEVICE)
    session = requests.Session()
    session.auth = RequestSigner(DeviceKey.load(key_path), keyid)
    client = NetClient(url, timeout=5, chunk_size=2048, session=session)
    engine = SyncEngine(store, outbox, outbox.catalogue, client, batch_size=4, rng=rng.random,
                        backoff=Backoff(base=0.05, cap=0.2), pull_catalogue=False)
    book = CaseBook(store, outbox, None)
    for _ in range(rng.randint(0, 3)):
        code = outbox.enqueue(application(outbox, rng, rng.randrange(1000))).code
        if rng.random() < 0.3:
            book.rate(code, rng.choice((1, 3, 5)))
    for _ in range(50):
        engine.run_once()
        depth = outbox.depth()
        if not depth.get("queued") and not depth.get("sending"):
            break
        time.sleep(0.01)


def serve() -> None:
    """The fork server: `go <store> <url> <seed> <key> <keyid>` → prints the child's pid, then `done <status>`."""
    from datetime import date

    import requests  # noqa: F401  (import once, before any fork)

    import sync.cases  # noqa: F401 - imported once, before any fork
    import sync.client  # noqa: F401 - imported once, before any fork
    import sync.crypto  # noqa: F401 - imported once, before any fork
    import sync.engine  # noqa: F401 - imported once, before any fork
    from domain import workdays

    workdays.around(date(2026, 11, 26))  # the holidays library: ~0.5 s of imports a kiosk pays once at start

    out = sys.stdout
    for line in sys.stdin:
        _, store_path, url, seed, key_path, keyid = line.split()
        pid = os.fork()
        if pid == 0:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            code = 0
            try:
                _child(store_path, url, int(seed), key_path, keyid)
            except BaseException:
                code = 1
            os._exit(code)
        out.write(f"{pid}\n")
        out.flush()
        _, status = os.waitpid(pid, 0)
        out.write(f"done {status}\n")
        out.flush()


@pytest.fixture
def net(tmp_path: Path):
    with start_servicenet(fresh_db_url(tmp_path)) as server:
        yield signed(server)


@pytest.mark.timeout(900)  # 200 senders: ~1 min on a quiet machine, several on a loaded one
def test_kill_9_at_random_points_loses_and_duplicates_nothing(net, tmp_path: Path) -> None:
    seed = int(os.environ.get("KILL9_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    print(f"kill -9 seed={seed} (KILL9_SEED={seed} to replay), {TRIALS} trials")
    store_path = tmp_path / "kiosk.db"
    kiosk(store_path, DEVICE)[0].close()  # create and migrate once
    key_path = net.creds.save_key(tmp_path / "device.key")
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    server = subprocess.Popen([sys.executable, "-m", "tests.integration.test_sync_kill9", "serve"], cwd=REPO_ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)
    assert server.stdin is not None and server.stdout is not None
    killed = finished = 0
    lives: list[float] = []  # how long the untouched senders took: the kill delay follows the machine's speed
    started = time.monotonic()
    try:
        for trial in range(TRIALS):
            server.stdin.write(f"go {store_path} {net.url} {rng.randrange(1 << 30)} {key_path} {net.creds.device_id}\n")
            server.stdin.flush()
            pid = int(server.stdout.readline())
            born = time.monotonic()
            calibrating = trial < CALIBRATE or trial % EVERY == 0
            if not calibrating:
                recent = sorted(lives[-RECENT:])
                time.sleep(rng.uniform(0.0, 1.25 * recent[len(recent) // 2]))
                try:
                    os.kill(pid, signal.SIGKILL)  # a zombie (already exited, not yet reaped) ignores it
                except ProcessLookupError:
                    pass
            status = int(server.stdout.readline().split()[1])
            if os.WIFSIGNALED(status):
                killed += 1
            else:
                assert os.WEXITSTATUS(status) == 0, f"seed={seed} trial {trial}: the sender failed on its own"
                finished += 1
                if calibrating:
                    lives.append(time.monotonic() - born)
    finally:
        server.stdin.close()
        server.wait(10)
        server.stdout.close()
    elapsed = time.monotonic() - started
    # the final drain: a clean sender that is not killed
    from sync.client import NetClient
    from sync.engine import SyncEngine

    store, outbox = kiosk(store_path, DEVICE)
    client = NetClient(net.url, timeout=10, session=net.creds.session())
    try:
        engine = SyncEngine(store, outbox, outbox.catalogue, client, pull_catalogue=False)
        for _ in range(5):
            engine.run_once()
            if not outbox.depth().get("queued"):
                break
        led = account(store, net.db_url, net.url, f"440105-{DEVICE:03d}")
    finally:
        client.close()
        store.close()
    print(f"{killed} killed, {finished} finished in {elapsed:.1f} s; {led}")
    assert killed >= TRIALS // 3, f"seed={seed}: only {killed} of {TRIALS} trials were killed mid-way"
    assert not led.problems, f"seed={seed}: {led.problems[:5]}"
    assert not led.quarantined, f"seed={seed}: {led.quarantined}"
    assert led.cases > TRIALS // 2 and led.attachments > 0, led


if __name__ == "__main__" and sys.argv[1:] == ["serve"]:
    serve()
