"""deploy/udev/70-hall-kiosk.rules, read by the real udevd rules parser (`udevadm test`), and installed.

Debian 12's udev (252) has no `udevadm verify` (it came in 253). `udevadm test` loads every rules file and logs
each line it cannot parse as "<file>:<line> <problem>"; the rules are mounted over /etc/udev/rules.d in a mount
namespace of their own, and the event is one for the loopback interface. This machine has no USB bus and no
input devices, so no rule here can be seen matching a device: what is shown is that udev reads every line.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.unit.deploy.conftest import DEPLOY
from tests.unit.deploy.test_install import install
from tests.unit.deploy.test_update import make_build

RULES = DEPLOY / "udev" / "70-hall-kiosk.rules"


def udev_complaints(rules_dir: Path) -> list[str]:
    """What `udevadm test` says about the rules files in rules_dir (mounted as /etc/udev/rules.d)."""
    script = f"mount --bind {rules_dir} /etc/udev/rules.d && udevadm test --action=add /sys/class/net/lo"
    done = subprocess.run(["unshare", "--mount", "sh", "-c", script], capture_output=True, text=True, timeout=60)
    out = done.stdout + done.stderr
    assert "Reading rules file: /etc/udev/rules.d/" in out, out[-2000:]
    return [line for line in out.splitlines()
            if line.startswith("/etc/udev/rules.d/")]


needs_udevadm = pytest.mark.skipif(
    not (shutil.which("udevadm") and shutil.which("unshare") and os.geteuid() == 0 and Path("/sys/class/net/lo").exists()),
    reason="needs udevadm (Debian udev), unshare and root for a private mount of /etc/udev/rules.d")


@needs_udevadm
def test_udev_parses_every_rule(tmp_path: Path) -> None:
    shutil.copy(RULES, tmp_path)
    assert udev_complaints(tmp_path) == []


@needs_udevadm
def test_a_broken_rule_would_be_seen(tmp_path: Path) -> None:
    text = RULES.read_text().replace('GROUP="lp"', 'GRUOP="lp"', 1)
    (tmp_path / RULES.name).write_text(text)
    [complaint] = udev_complaints(tmp_path)
    assert complaint.startswith(f"/etc/udev/rules.d/{RULES.name}:") and "GRUOP" in complaint


def test_the_rules_name_the_kiosks_groups_and_stable_links() -> None:
    text = RULES.read_text()
    assert 'ENV{ID_USB_INTERFACES}=="*:0701??:*"' in text and 'GROUP="lp", MODE="0660"' in text
    assert 'SYMLINK+="hall-kiosk/scanner"' in text and 'SUBSYSTEM=="input", KERNEL=="event*"' in text
    script = (DEPLOY / "install.sh").read_text()
    assert "input lp; do" in script  # the kiosk user joins the groups the rules give the devices to


def test_install_puts_the_rules_in_place(tmp_path: Path) -> None:
    build = make_build(tmp_path / "b", "1.0.0")
    done = install("--root", str(tmp_path / "root"), "--unsigned", str(build))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "root" / "etc" / "udev" / "rules.d" / RULES.name).read_text() == RULES.read_text()
