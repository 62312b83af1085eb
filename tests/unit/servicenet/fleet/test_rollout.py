"""Staged rollout on the network: signed releases, rings opened as kiosks report the version, a rollback pauses."""
from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Engine

from servicenet.fleet import rollout
from servicenet.heartbeat import offer_release, record
from tests.unit.servicenet.fleet.test_alerts import add_kiosk, beat

KEY = Ed25519PrivateKey.generate()
PEM = KEY.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def release(version: str, key: Ed25519PrivateKey = KEY) -> tuple[bytes, str]:
    manifest = json.dumps({"format": 1, "version": version, "files": {"kiosk": {"size": 1, "sha256": "0" * 64,
                                                                                 "mode": 493}}, "symlinks": {}},
                          sort_keys=True, indent=1).encode() + b"\n"
    return manifest, base64.b64encode(key.sign(manifest)).decode()


def run(engine: Engine, device: str, version: str, now: float, **over: Any) -> dict[str, Any] | None:
    """One beat from a kiosk running `version`; returns the release offered to it."""
    record(engine, device, beat(now, app_version=version, **over), now)
    return offer_release(engine, device, version)


def test_publish_needs_the_release_key(memory_db: Engine) -> None:
    assert rollout.publish(memory_db, *release("1.1.0"), PEM, "A1", time.time()) == "1.1.0"
    with pytest.raises(rollout.RolloutRefused, match="已发布"):
        rollout.publish(memory_db, *release("1.1.0"), PEM, "A1", time.time())
    with pytest.raises(rollout.RolloutRefused, match="签名不符"):
        rollout.publish(memory_db, *release("1.2.0", Ed25519PrivateKey.generate()), PEM, "A1", time.time())
    manifest, sig = release("1.3.0")
    with pytest.raises(rollout.RolloutRefused, match="签名不符"):
        rollout.publish(memory_db, manifest.replace(b"1.3.0", b"1.3.1"), sig, PEM, "A1", time.time())


def test_rings_open_in_turn_and_a_rollback_pauses(memory_db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVICENET_ROLLOUT_SOAK", "0")
    hall_a = [add_kiosk(memory_db, n, "甲大厅") for n in (1, 2, 3)]
    hall_b = [add_kiosk(memory_db, n, "乙大厅") for n in range(4, 24)]
    now = time.time()
    for d in hall_a + hall_b:
        assert run(memory_db, d, "1.0.0", now) is None  # nothing to offer yet
    rollout.publish(memory_db, *release("1.1.0"), PEM, "A1", now)
    rollout.start(memory_db, "1.1.0", hall_a[0], now)
    with pytest.raises(rollout.RolloutRefused, match="进行中"):
        rollout.start(memory_db, "1.1.0", hall_a[1], now)

    offered = {d: run(memory_db, d, "1.0.0", now + 1) for d in hall_a + hall_b}
    assert [d for d, o in offered.items() if o] == [hall_a[0]]  # the canary only
    assert offered[hall_a[0]]["version"] == "1.1.0" and offered[hall_a[0]]["signature"]  # type: ignore[index]  # offered is a dict here

    run(memory_db, hall_a[0], "1.1.0", now + 2)  # the canary switched; ring done -> its hall
    assert rollout.overview(memory_db)["rollouts"][0]["ring"] == "hall"
    assert {d for d in hall_a + hall_b if run(memory_db, d, "1.0.0" if d != hall_a[0] else "1.1.0", now + 3)} \
        == set(hall_a[1:])
    for d in hall_a:
        run(memory_db, d, "1.1.0", now + 4)
    assert rollout.overview(memory_db)["rollouts"][0]["ring"] == "ten_percent"
    tenth = {d for d in hall_b if run(memory_db, d, "1.0.0", now + 5)}
    assert len(tenth) <= 3 and tenth  # ceil(10 % of 23) = 3, some of them in hall A already

    bad = sorted(tenth)[0]
    run(memory_db, bad, "1.0.0", now + 6, rolled_back_from="1.1.0")  # its self-test failed: it went back
    [state] = rollout.overview(memory_db)["rollouts"]
    assert state["state"] == "paused" and bad in state["reason"]
    assert not any(run(memory_db, d, "1.0.0", now + 7) for d in hall_b)  # nobody else gets it

    rollout.publish(memory_db, *release("1.1.1"), PEM, "A1", now)  # the fixed build
    rollout.start(memory_db, "1.1.1", hall_a[0], now + 8)
    assert [r["state"] for r in rollout.overview(memory_db)["rollouts"]] == ["running", "superseded"]
    running = {d: ("1.1.0" if d in hall_a else "1.0.0") for d in hall_a + hall_b}
    seen = []
    for _ in range(10):  # beat rounds: each kiosk takes what it is offered
        for d in running:
            ring = rollout.overview(memory_db)["rollouts"][0]["ring"]
            if not seen or seen[-1] != ring:
                seen.append(ring)
            if run(memory_db, d, running[d], now + 9):
                running[d] = "1.1.1"
                run(memory_db, d, running[d], now + 9)
    assert seen == list(rollout.RINGS) and rollout.overview(memory_db)["rollouts"][0]["state"] == "done"
    assert set(running.values()) == {"1.1.1"}


def test_the_version_and_canary_are_taken_as_an_administrator_types_them(memory_db: Engine) -> None:
    """Typed on /admin/versions or the command line with a Chinese input method on: full-width digits and
    letters are the same kiosk and release (NFKC); a canary id that is still not ASCII is refused in words."""
    canary = add_kiosk(memory_db, 1, "甲大厅")
    rollout.publish(memory_db, *release("1.4.0"), PEM, "A1", time.time())
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in canary)  # ４４０１０５－００１
    with pytest.raises(rollout.RolloutRefused, match="终端编号"):
        rollout.start(memory_db, "1.4.0", "终端一号", time.time())
    assert rollout.start(memory_db, " １.４.０ ", wide, time.time()) > 0
    assert rollout.overview(memory_db)["rollouts"][0]["canary"] == canary
