import os
import subprocess
import sys

from sync.lease import Lease, new_owner, pid_alive


def test_one_holder_at_a_time_and_takeover_after_expiry(store):
    a, b = Lease("a/1/x", ttl=10, alive=lambda o: True), Lease("b/2/y", ttl=10, alive=lambda o: True)
    taken = []
    with store.tx() as c:
        assert a.hold(c, 100.0, on_takeover=lambda: taken.append("a"))
        assert not b.hold(c, 105.0, on_takeover=lambda: taken.append("b"))
        assert a.hold(c, 105.0, on_takeover=lambda: taken.append("a again"))  # a renewal, no takeover
        assert not b.hold(c, 114.0)
        assert b.hold(c, 115.1, on_takeover=lambda: taken.append("b"))  # a stopped renewing: expired
        assert not a.hold(c, 116.0)
    assert taken == ["a", "b"]


def test_a_lease_from_the_future_is_taken_over(store):
    """The clock went back (no RTC battery): an expiry more than one term ahead cannot be a live holder's."""
    a, b = Lease("a/1/x", ttl=10, alive=lambda o: True), Lease("b/2/y", ttl=10, alive=lambda o: True)
    with store.tx() as c:
        assert a.hold(c, 1_000_000.0)
        assert b.hold(c, 5.0)


def test_a_dead_process_on_this_host_frees_its_lease_at_once(store):
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = new_owner().rsplit("/", 2)[0] + f"/{done.stdout.strip()}/x"
    assert not pid_alive(dead) and pid_alive(new_owner()) and pid_alive("elsewhere/1/x")
    with store.tx() as c:
        assert Lease(dead, ttl=60).hold(c, 0.0)
        assert Lease(new_owner(), ttl=60).hold(c, 1.0)
    assert os.getpid() > 0


def test_release_lets_the_next_one_in(store):
    a, b = Lease("a/1/x", alive=lambda o: True), Lease("b/2/y", alive=lambda o: True)
    with store.tx() as c:
        a.hold(c, 0.0)
        a.release(c)
        assert b.hold(c, 1.0) and b.holder(c).owner == "b/2/y"
