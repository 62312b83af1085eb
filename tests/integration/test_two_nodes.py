"""Two servicenet nodes, each in a process group of its own on its own port, behind a real HAProxy, on one
PostgreSQL: nothing that matters lives in a node's memory.

- a signed request replayed to the OTHER node is refused (the nonces are in the database);
- a client's rate limit counts its hits on both nodes (rate_counters in the database);
- fifty enrollments at once across both nodes get fifty distinct device numbers and no 500;
- the balancer serves kiosks' signed requests from both nodes;
- a release file published once is served by both: a download begun on one node is finished on the other.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
import requests

from domain import regcode
from servicenet import db
from servicenet.enroll import issue_code
from servicenet.fleet import filestore
from servicenet.process import ServicenetProcess, start_servicenet
from sync.crypto import DeviceKey, enroll
from tests.helpers.builds import Releases, tool
from tests.helpers.enroll import Credentials, enroll_device
from tests.helpers.haproxy import Balancer, BalancerUnavailable
from tests.helpers.postgres import PostgresCluster, postgres  # noqa: F401  (the fixture)
from tests.unit.deploy.test_update import make_build
from tests.unit.servicenet.test_cli import cli

pytestmark = pytest.mark.slow  # PostgreSQL, two nodes and a balancer


@dataclass
class Cluster:
    db_url: str
    a: ServicenetProcess
    b: ServicenetProcess
    lb: Balancer

    @property
    def url(self) -> str:  # what kiosks are given: the balancer
        return self.lb.url


@pytest.fixture(scope="module")
def cluster(postgres: PostgresCluster) -> Iterator[Cluster]:  # noqa: F811 - the fixture imported above
    db_url = postgres.create_database("twonodes")
    with start_servicenet(db_url, own_group=True) as a, start_servicenet(db_url, own_group=True) as b:
        assert os.getpgid(a.proc.pid) != os.getpgid(b.proc.pid) != os.getpgrp()
        try:
            lb = Balancer([a.url, b.url])
        except BalancerUnavailable as exc:
            pytest.skip(str(exc))
        with lb:
            yield Cluster(db_url, a, b, lb)


@pytest.fixture(scope="module")
def device(cluster: Cluster) -> Credentials:
    return enroll_device(cluster)


def test_a_signed_request_replayed_to_the_other_node_is_refused(cluster: Cluster, device: Credentials) -> None:
    req = requests.Request("GET", f"{cluster.a.url}/v1/catalogue").prepare()
    device.auth(req)  # signs @method, @path, @query: the same request is valid at either node
    with requests.Session() as s:
        assert s.send(req, timeout=10).status_code == 200
        req.prepare_url(f"{cluster.b.url}/v1/catalogue", None)
        req.headers["Host"] = f"127.0.0.1:{cluster.b.port}"
        again = s.send(req, timeout=10)
    assert again.status_code == 401 and again.json()["error"] == "replayed", again.text


def test_a_clients_rate_limit_counts_its_hits_on_both_nodes(cluster: Cluster) -> None:
    from servicenet.webchannel.pages import TRACK_LIMIT

    code = regcode.make("440105", 1, date(2026, 11, 26), 15)  # well-formed, no such case
    seen = [requests.get(f"{(cluster.a, cluster.b)[i % 2].url}/track/{code}", timeout=10).status_code
            for i in range(TRACK_LIMIT.hits + 1)]
    assert seen[:-1] == [404] * TRACK_LIMIT.hits  # no such case: each lookup counted, alternately per node
    assert seen[-1] == 429  # the node that saw only half of them refuses: it counts the other node's hits


def test_fifty_enrollments_at_once_across_both_nodes_get_fifty_numbers(cluster: Cluster) -> None:
    engine = db.make_engine(cluster.db_url)  # fifty codes as the CLI makes them (50 CLI runs would take a minute)
    try:
        codes = [issue_code(engine, "440106") for _ in range(50)]
    finally:
        engine.dispose()

    def one(i: int) -> int:
        node = (cluster.a, cluster.b)[i % 2]
        return enroll(node.url, codes[i], DeviceKey.generate(), hall_name=f"大厅{i}").device_number

    with ThreadPoolExecutor(25) as pool:
        numbers = list(pool.map(one, range(50)))  # a refusal or a 500 raises here
    assert sorted(numbers) == list(range(1, 51))


def test_the_balancer_serves_signed_requests_from_both_nodes(cluster: Cluster, device: Credentials) -> None:
    with device.session() as s:
        answers = [s.get(f"{cluster.url}/v1/catalogue", timeout=10) for _ in range(6)]
    assert [r.status_code for r in answers] == [200] * 6
    assert {r.headers["X-Balancer-Node"] for r in answers} == {"n0", "n1"}


def test_a_release_file_is_served_by_both_nodes_and_resumed_on_the_other(cluster: Cluster, device: Credentials,
                                                                         tmp_path: Path) -> None:
    releases = Releases(tmp_path / "release")
    build = make_build(tmp_path / "kiosk", "7.0.0")
    big = os.urandom(2 * filestore.CHUNK + 321)  # three stored rows
    (build / "_internal" / "big.bin").write_bytes(big)
    tool("update.py", "sign", str(build), "--key", str(releases.private))
    assert cli(cluster.db_url, "fleet", "publish", str(build), "--release-key", str(releases.public)).returncode == 0
    assert cli(cluster.db_url, "fleet", "rollout", "7.0.0", "--canary", device.device_id).returncode == 0
    beat = {"at": datetime.now().astimezone().isoformat(timespec="seconds"), "queue_depth": 0,
            "printer": {"health": "ok", "reason": ""}, "reader": {"health": "ok", "reason": ""},
            "app_version": "6.0.0"}
    with device.session() as s:
        answer = s.post(f"{cluster.a.url}/v1/devices/heartbeat", json=beat, timeout=10)
    files = f"{answer.json()['release']['files_url']}/{hashlib.sha256(big).hexdigest()}"  # offered by node a
    cut = filestore.CHUNK + 100
    head = requests.get(f"{cluster.a.url}{files}", headers={"Range": f"bytes=0-{cut - 1}"}, timeout=10)
    rest = requests.get(f"{cluster.b.url}{files}", headers={"Range": f"bytes={cut}-"}, timeout=10)  # the other
    assert (head.status_code, rest.status_code) == (206, 206)
    assert head.content + rest.content == big
    whole = [requests.get(f"{cluster.url}{files}", timeout=10) for _ in range(2)]  # through the balancer
    assert [r.content == big for r in whole] == [True, True]
    assert {r.headers["X-Balancer-Node"] for r in whole} == {"n0", "n1"}
