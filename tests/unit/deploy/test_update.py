"""deploy/update.py: signed builds switched atomically between two local builds, bad ones refused, rollback."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers.smalldisk import fill, small_disk  # noqa: F401 - fixture
from tests.unit.deploy.conftest import DEPLOY


def make_build(folder: Path, version: str) -> Path:
    """A small stand-in for dist/kiosk: an executable, a library folder, metadata and a symlink."""
    (folder / "_internal" / f"hall_kiosk-{version}.dist-info").mkdir(parents=True)
    (folder / "_internal" / f"hall_kiosk-{version}.dist-info" / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: hall-kiosk\nVersion: {version}\n", encoding="utf-8")
    kiosk = folder / "kiosk"
    kiosk.write_text(f"#!/bin/sh\necho kiosk {version}\n", encoding="utf-8")
    kiosk.chmod(0o755)
    (folder / "_internal" / "libfake.so.1").write_bytes(os.urandom(2048))
    os.symlink("libfake.so.1", folder / "_internal" / "libfake.so")
    return folder


@pytest.fixture
def keys(tmp_path: Path, update: ModuleType) -> tuple[Path, Path]:
    private, public = tmp_path / "keys" / "update-key.pem", tmp_path / "keys" / "update-key.pub"
    private.parent.mkdir()
    update.keygen(private, public)
    return private, public


@pytest.fixture
def builds(tmp_path: Path, update: ModuleType, keys: tuple[Path, Path]) -> tuple[Path, Path]:
    a = make_build(tmp_path / "usb" / "a", "1.0.0")
    b = make_build(tmp_path / "usb" / "b", "1.1.0")
    update.sign(a, keys[0])
    update.sign(b, keys[0])
    return a, b


def run_current(root: Path) -> str:
    return subprocess.run([str(root / "current" / "kiosk")], capture_output=True, text=True, check=True).stdout.strip()


def test_keys_are_ed25519_pem_and_the_private_one_is_private(keys: tuple[Path, Path], update: ModuleType) -> None:
    private, public = keys
    assert (private.stat().st_mode & 0o777) == 0o600
    assert public.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    with pytest.raises(update.UpdateError, match="not overwriting"):
        update.keygen(private, public)


def test_sign_then_verify(builds: tuple[Path, Path], keys: tuple[Path, Path], update: ModuleType) -> None:
    a, _ = builds
    ok = update.verify(a, keys[1])
    assert ok.version == "1.0.0" and len(ok.digest) == 64 and ok.folder_name.startswith("1.0.0-")


def test_switch_between_two_builds_and_roll_back(tmp_path: Path, builds: tuple[Path, Path],
                                                 keys: tuple[Path, Path], update: ModuleType) -> None:
    a, b = builds
    root = tmp_path / "opt" / "hall-kiosk"
    update.install(a, root, keys[1])
    assert run_current(root) == "kiosk 1.0.0"
    assert update.status(root)["previous"] is None

    update.install(b, root, keys[1])
    assert run_current(root) == "kiosk 1.1.0"
    st = update.status(root)
    assert st["current"].startswith("builds/1.1.0-") and st["previous"].startswith("builds/1.0.0-")
    assert os.readlink(root / "current") == st["current"]  # relative: the tree can move, or be staged
    assert not [p for p in root.iterdir() if p.name.startswith(".")]  # no temporary links left behind

    update.rollback(root)
    assert run_current(root) == "kiosk 1.0.0"
    assert update.status(root)["previous"].startswith("builds/1.1.0-")
    update.rollback(root)  # and forward again
    assert run_current(root) == "kiosk 1.1.0"

    update.install(b, root, keys[1])  # the same build again changes nothing
    assert update.status(root)["previous"].startswith("builds/1.0.0-")


def refused(update: ModuleType, build: Path, root: Path, pubkey: Path, match: str) -> None:
    before = update.status(root) if root.exists() else None
    with pytest.raises(update.UpdateError, match=match):
        update.install(build, root, pubkey)
    if before is not None:
        assert update.status(root) == before  # nothing moved


def test_bad_builds_are_refused(tmp_path: Path, builds: tuple[Path, Path], keys: tuple[Path, Path],
                                update: ModuleType) -> None:
    a, b = builds
    root = tmp_path / "root"
    update.install(a, root, keys[1])

    changed = tmp_path / "changed"
    shutil.copytree(b, changed, symlinks=True)
    (changed / "kiosk").write_text("#!/bin/sh\necho evil\n")
    refused(update, changed, root, keys[1], "does not match its signed manifest: changed kiosk")

    added = tmp_path / "added"
    shutil.copytree(b, added, symlinks=True)
    (added / "_internal" / "extra.so").write_bytes(b"x")
    refused(update, added, root, keys[1], "unexpected _internal/extra.so")

    removed = tmp_path / "removed"
    shutil.copytree(b, removed, symlinks=True)
    (removed / "_internal" / "libfake.so.1").unlink()
    refused(update, removed, root, keys[1], "missing _internal/libfake.so.1")

    manifest = tmp_path / "manifest"
    shutil.copytree(b, manifest, symlinks=True)
    path = manifest / update.MANIFEST
    path.write_text(path.read_text().replace('"1.1.0"', '"9.9.9"'))
    refused(update, manifest, root, keys[1], "bad signature")

    other_private, other_public = tmp_path / "other.pem", tmp_path / "other.pub"
    update.keygen(other_private, other_public)
    foreign = make_build(tmp_path / "foreign", "2.0.0")
    update.sign(foreign, other_private)
    refused(update, foreign, root, keys[1], "bad signature")

    unsigned = make_build(tmp_path / "unsigned", "2.0.1")
    refused(update, unsigned, root, keys[1], "not a signed build")
    with pytest.raises(update.UpdateError, match="--unsigned"):
        update.install(unsigned, root, None)

    assert run_current(root) == "kiosk 1.0.0"
    assert len(list((root / "builds").iterdir())) == 1


def test_a_symlink_out_of_the_build_is_refused(tmp_path: Path, keys: tuple[Path, Path], update: ModuleType) -> None:
    build = make_build(tmp_path / "b", "1.0.0")
    os.symlink("/etc/shadow", build / "_internal" / "shadow")
    with pytest.raises(update.UpdateError, match="outside the build"):
        update.sign(build, keys[0])


def test_a_damaged_copy_is_made_again(tmp_path: Path, builds: tuple[Path, Path], keys: tuple[Path, Path],
                                      update: ModuleType) -> None:
    a, b = builds
    root = tmp_path / "root"
    update.install(a, root, keys[1])
    dest = update.install(b, root, keys[1])
    update.rollback(root)  # b is now previous, not running
    (dest / "_internal" / "libfake.so.1").write_bytes(b"bit rot")
    update.install(b, root, keys[1])
    assert update.verify(dest, keys[1]).version == "1.1.0" and run_current(root) == "kiosk 1.1.0"


def test_the_check_command_guards_the_switch(tmp_path: Path, builds: tuple[Path, Path], keys: tuple[Path, Path],
                                             update: ModuleType) -> None:
    a, b = builds
    root = tmp_path / "root"
    update.install(a, root, keys[1], check="{build}/kiosk")
    with pytest.raises(update.UpdateError, match="the check"):
        update.install(b, root, keys[1], check="sh -c 'exit 3' {build}")
    assert run_current(root) == "kiosk 1.0.0"


def test_old_builds_are_pruned(tmp_path: Path, keys: tuple[Path, Path], update: ModuleType) -> None:
    root = tmp_path / "root"
    for i in range(4):
        build = make_build(tmp_path / f"b{i}", f"1.{i}.0")
        update.sign(build, keys[0])
        update.install(build, root, keys[1])
    names = sorted(p.name.split("-")[0] for p in (root / "builds").iterdir())
    assert names == ["1.2.0", "1.3.0"]
    assert run_current(root) == "kiosk 1.3.0"


def test_a_copy_a_power_cut_left_behind_is_cleared_at_the_next_install(
        tmp_path: Path, builds: tuple[Path, Path], keys: tuple[Path, Path], update: ModuleType) -> None:
    """A kill -9 or a power cut during the copy into builds/ leaves its .incoming-* folder (a whole build's
    size); switches through the network happen unattended, so the next install clears the old ones."""
    a, b = builds
    root = tmp_path / "root"
    update.install(a, root, keys[1])
    left = root / "builds" / ".incoming-cut"
    shutil.copytree(b, left / "b")
    os.utime(left, (time.time() - 3600, time.time() - 3600))
    fresh = root / "builds" / ".incoming-now"  # another install copying right now: not touched
    fresh.mkdir()
    update.install(b, root, keys[1])
    assert not left.exists() and fresh.exists() and run_current(root) == "kiosk 1.1.0"


def test_the_command_line(tmp_path: Path, update: ModuleType) -> None:
    tool = [sys.executable, str(DEPLOY / "update.py")]

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*tool, *args], capture_output=True, text=True, timeout=60)

    priv, pub = tmp_path / "k.pem", tmp_path / "k.pub"
    assert cli("keygen", "--private", str(priv), "--public", str(pub)).returncode == 0
    a, b = make_build(tmp_path / "a", "1.0.0"), make_build(tmp_path / "b", "1.1.0")
    for build in (a, b):
        assert cli("sign", str(build), "--key", str(priv)).returncode == 0
    assert "version 1.1.0" in cli("verify", str(b), "--pubkey", str(pub)).stdout
    root = tmp_path / "root"
    for build in (a, b):
        done = cli("install", str(build), "--root", str(root), "--pubkey", str(pub))
        assert done.returncode == 0, done.stderr
    assert run_current(root) == "kiosk 1.1.0"
    (b / "kiosk").write_text("#!/bin/sh\necho evil\n")
    bad = cli("verify", str(b), "--pubkey", str(pub))
    assert bad.returncode == 1 and "changed kiosk" in bad.stderr
    assert cli("rollback", "--root", str(root)).returncode == 0
    assert run_current(root) == "kiosk 1.0.0"
    assert '"current": "builds/1.0.0-' in cli("status", "--root", str(root)).stdout


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_openssl_agrees(builds: tuple[Path, Path], keys: tuple[Path, Path], update: ModuleType) -> None:
    a, _ = builds
    done = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(keys[1]), "-rawin",
                           "-in", str(a / update.MANIFEST), "-sigfile", str(a / update.SIGNATURE)],
                          capture_output=True, text=True)
    assert done.returncode == 0 and "Signature Verified Successfully" in done.stdout


def test_a_full_disk_during_the_copy_is_said_in_words_and_leaves_nothing(tmp_path: Path, small_disk: Path,  # noqa: F811 - the fixture imported above
                                                                         keys: tuple[Path, Path],
                                                                         update: ModuleType) -> None:
    build = make_build(tmp_path / "big", "2.0.0")
    (build / "_internal" / "libbig.so").write_bytes(os.urandom(3 * 2 ** 20))
    update.sign(build, keys[0])
    root = small_disk / "root"
    (root / "builds").mkdir(parents=True)
    fill(small_disk, 2 ** 20)
    done = subprocess.run([sys.executable, str(DEPLOY / "update.py"), "install", str(build), "--root", str(root),
                           "--pubkey", str(keys[1])], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "no room" in done.stderr and str(root / "builds") in done.stderr
    assert not (root / "current").exists() and list((root / "builds").iterdir()) == []
