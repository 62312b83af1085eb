#!/usr/bin/env python3
"""Signed kiosk builds, installed side by side and switched atomically, the previous one kept for rollback.

Layout under the install root (default /opt/hall-kiosk):

    builds/<version>-<digest>/   one folder per installed build (dist/kiosk/ as `make dist` makes it)
    current  -> builds/…         what hall-kiosk.service runs (/opt/hall-kiosk/current/kiosk)
    previous -> builds/…         the build before it: `rollback` swaps the two

A build is signed by its manifest: BUILD-MANIFEST.json lists every file (path, size, sha256, mode) and every
symlink of the folder; BUILD-MANIFEST.sig is the raw 64-byte Ed25519 signature of the manifest's bytes. A build
is accepted only when the signature verifies with the kiosk's public key (/etc/hall-kiosk/update-key.pub, PEM)
AND the folder holds exactly the files the manifest lists, with those hashes (nothing added, removed or
changed). The copy in builds/ is verified again before `current` moves, so what runs is what was signed.
The same check with OpenSSL 3, for the curious:
    openssl pkeyutl -verify -pubin -inkey update-key.pub -rawin -in BUILD-MANIFEST.json -sigfile BUILD-MANIFEST.sig

Switching is a rename: a temporary symlink is made next to `current` and renamed over it (rename(2) is atomic),
so `current` always names a whole build, old or new, even after a power cut.

    update.py keygen --private update-key.pem --public update-key.pub     # once, on the build machine
    update.py sign dist/kiosk --key update-key.pem                          # after `make dist`
    update.py verify BUILD --pubkey /etc/hall-kiosk/update-key.pub
    update.py install BUILD [--root /opt/hall-kiosk] [--pubkey …] [--restart] [--check 'CMD {build}']
    update.py rollback [--root …] [--restart]
    update.py status [--root …]

Needs Python 3.11 and `cryptography` (Debian: python3-cryptography); standard library otherwise.
"""
from __future__ import annotations

import argparse
import errno
import hashlib
import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

MANIFEST = "BUILD-MANIFEST.json"
SIGNATURE = "BUILD-MANIFEST.sig"
FORMAT = 1
DEFAULT_ROOT = Path("/opt/hall-kiosk")
DEFAULT_PUBKEY = Path("/etc/hall-kiosk/update-key.pub")
SERVICE = "hall-kiosk.service"


class UpdateError(Exception):
    """The build was refused or the switch could not be made; the message says why."""


# -- keys and signatures ------------------------------------------------------------------------------------

def _crypto():  # type: ignore[no-untyped-def]  # cryptography is optional: imported here, its types unknown
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise UpdateError("needs the 'cryptography' package (Debian: apt-get install python3-cryptography)") from exc
    return InvalidSignature, serialization, Ed25519PrivateKey, Ed25519PublicKey


def keygen(private: Path, public: Path) -> None:
    _, serialization, Ed25519PrivateKey, _ = _crypto()
    if private.exists():
        raise UpdateError(f"{private} exists: not overwriting a signing key")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo))


def _load_private(path: Path):  # type: ignore[no-untyped-def]  # the key class comes from _crypto()
    _, serialization, Ed25519PrivateKey, _ = _crypto()
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise UpdateError(f"{path} is not an Ed25519 private key")
    return key


def _load_public(path: Path):  # type: ignore[no-untyped-def]  # the key class comes from _crypto()
    _, serialization, _, Ed25519PublicKey = _crypto()
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise UpdateError(f"cannot read the public key {path}: {exc}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise UpdateError(f"{path} is not an Ed25519 public key")
    return key


# -- manifests ----------------------------------------------------------------------------------------------

def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def scan(build: Path) -> tuple[dict[str, dict[str, object]], dict[str, str]]:
    """Every regular file (size, sha256, mode) and symlink (target) of a build folder, by relative path."""
    files: dict[str, dict[str, object]] = {}
    links: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(build):
        here = Path(dirpath)
        for name in sorted(dirnames + filenames):
            path = here / name
            rel = path.relative_to(build).as_posix()
            if rel in (MANIFEST, SIGNATURE):
                continue
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                target = os.readlink(path)
                resolved = (path.parent / target).resolve()
                if os.path.isabs(target) or not resolved.is_relative_to(build.resolve()):
                    raise UpdateError(f"{rel}: symlink points outside the build ({target})")
                links[rel] = target
            elif stat.S_ISREG(st.st_mode):
                files[rel] = {"size": st.st_size, "sha256": _sha256(path), "mode": stat.S_IMODE(st.st_mode)}
            elif not stat.S_ISDIR(st.st_mode):
                raise UpdateError(f"{rel}: not a file, folder or symlink")
    return files, links


def _read_version(build: Path) -> str:
    metas = sorted(build.glob("_internal/hall_kiosk*.dist-info/METADATA"))
    metas += sorted(build.glob("_internal/hall_kiosk*.egg-info/PKG-INFO"))  # an egg-info of a source tree
    for meta in metas:
        for line in meta.read_text(encoding="utf-8").splitlines():
            if line.startswith("Version:"):
                return line.split(":", 1)[1].strip()
    raise UpdateError(f"{build}: no version found (pass --version)")


def sign(build: Path, key_path: Path, version: str | None = None) -> dict[str, object]:
    if not build.is_dir():
        raise UpdateError(f"{build} is not a folder")
    files, links = scan(build)
    if not files:
        raise UpdateError(f"{build} is empty")
    manifest: dict[str, object] = {
        "format": FORMAT,
        "version": version or _read_version(build),
        "signed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": files,
        "symlinks": links,
    }
    data = json.dumps(manifest, sort_keys=True, indent=1).encode("utf-8") + b"\n"
    (build / MANIFEST).write_bytes(data)
    (build / SIGNATURE).write_bytes(_load_private(key_path).sign(data))
    return manifest


@dataclass(frozen=True)
class Verified:
    version: str
    digest: str  # sha256 of the manifest: names the build folder

    @property
    def folder_name(self) -> str:
        safe = "".join(c if c.isalnum() or c in ".-_+" else "_" for c in self.version)
        return f"{safe}-{self.digest[:12]}"


def verify(build: Path, pubkey: Path) -> Verified:
    """Signature first, then every byte of the folder against the manifest. Raises UpdateError."""
    InvalidSignature, *_ = _crypto()
    key = _load_public(pubkey)
    try:
        data = (build / MANIFEST).read_bytes()
        signature = (build / SIGNATURE).read_bytes()
    except OSError as exc:
        raise UpdateError(f"{build}: not a signed build ({exc.strerror}: {exc.filename})") from exc
    try:
        key.verify(signature, data)
    except InvalidSignature as exc:
        raise UpdateError(f"{build}: bad signature (not signed with the kiosk's update key, or altered)") from exc
    manifest = json.loads(data)
    if manifest.get("format") != FORMAT:
        raise UpdateError(f"{build}: unknown manifest format {manifest.get('format')!r}")
    files, links = scan(build)
    _compare(manifest["files"], files, manifest["symlinks"], links, build)
    return Verified(str(manifest["version"]), hashlib.sha256(data).hexdigest())


def _compare(want_files: dict[str, dict[str, object]], got_files: dict[str, dict[str, object]],
             want_links: dict[str, str], got_links: dict[str, str], build: Path) -> None:
    problems = [f"missing {p}" for p in sorted(set(want_files) - set(got_files))]
    problems += [f"unexpected {p}" for p in sorted(set(got_files) - set(want_files))]
    problems += [f"changed {p}" for p in sorted(set(want_files) & set(got_files)) if want_files[p] != got_files[p]]
    if want_links != got_links:
        problems.append("symlinks differ")
    if problems:
        shown = ", ".join(problems[:5]) + (f" and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise UpdateError(f"{build}: does not match its signed manifest: {shown}")


def unsigned(build: Path) -> Verified:
    files, links = scan(build)
    digest = hashlib.sha256(json.dumps([files, links], sort_keys=True).encode()).hexdigest()
    return Verified("unsigned", digest)


# -- the install root ---------------------------------------------------------------------------------------

def _link_target(root: Path, name: str) -> Path | None:
    link = root / name
    return (root / os.readlink(link)) if link.is_symlink() else None


def _point(root: Path, name: str, target: Path) -> None:
    """Make root/name a symlink to target (relative), atomically: a temp symlink renamed over it."""
    rel = os.path.relpath(target, root)
    tmp = root / f".{name}.tmp-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(rel, tmp)
    os.replace(tmp, root / name)
    _fsync_dir(root)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


STALE_COPY_S = 600  # a copy into builds/ this old was cut short (a kill or a power cut): nothing finishes it


def _copy_build(src: Path, dest: Path) -> None:
    for old in dest.parent.glob(".incoming-*"):  # left by an earlier copy cut short: a whole build's size each
        if old.is_dir() and time.time() - old.stat().st_mtime > STALE_COPY_S:
            shutil.rmtree(old, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=".incoming-", dir=dest.parent))
    try:
        shutil.copytree(src, tmp / "b", symlinks=True)
        os.replace(tmp / "b", dest)
    except OSError as exc:  # shutil.Error (an OSError) lists each file's error in its text, ENOSPC among them
        full = exc.errno == errno.ENOSPC or f"[Errno {errno.ENOSPC}]" in str(exc)
        raise UpdateError(f"cannot copy the build into {dest.parent}: "
                          + ("no room left on the disk" if full else str(exc)[-300:])) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def install(build: Path, root: Path, pubkey: Path | None, *, allow_unsigned: bool = False,
            check: str | None = None, keep: int = 2) -> Path:
    """Verify, copy into root/builds, verify the copy, then switch `current` (the old one becomes `previous`)."""
    if pubkey is not None:
        verified = verify(build, pubkey)
    elif allow_unsigned:
        verified = unsigned(build)
    else:
        raise UpdateError("no public key to check the build with (--pubkey), and --unsigned was not given")
    builds = root / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    dest = builds / verified.folder_name
    current = _link_target(root, "current")
    if dest.exists() and pubkey is not None:
        try:
            verify(dest, pubkey)
        except UpdateError:  # a copy a power cut interrupted, or damaged since: copy it again
            if current is not None and current.resolve() == dest.resolve():
                raise
            shutil.rmtree(dest)
    if not dest.exists():
        _copy_build(build, dest)
    if pubkey is not None:
        verify(dest, pubkey)  # what will run is what was signed
    if check:
        cmd = [part.replace("{build}", str(dest)) for part in shlex.split(check)]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise UpdateError(f"the check {cmd} failed ({done.returncode}): {done.stdout[-500:]}{done.stderr[-500:]}")
    if current is not None and current.resolve() == dest.resolve():
        return dest  # already running this build
    if current is not None:
        _point(root, "previous", current)
    _point(root, "current", dest)
    prune(root, keep)
    return dest


def rollback(root: Path) -> Path:
    current, previous = _link_target(root, "current"), _link_target(root, "previous")
    if previous is None or not previous.is_dir():
        raise UpdateError(f"{root}: no previous build to roll back to")
    if current is not None:
        _point(root, "previous", current)
    _point(root, "current", previous)
    return previous


def prune(root: Path, keep: int = 2) -> list[Path]:
    """Delete builds other than current and previous, newest kept first, down to `keep` in all."""
    in_use = {p.resolve() for p in (_link_target(root, "current"), _link_target(root, "previous")) if p}
    others = sorted((p for p in (root / "builds").iterdir() if p.is_dir() and p.resolve() not in in_use
                     and not p.name.startswith(".")), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = others[max(0, keep - len(in_use)):]
    for path in removed:
        shutil.rmtree(path)
    return removed


def status(root: Path) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in ("current", "previous"):
        target = _link_target(root, name)
        out[name] = os.path.relpath(target, root) if target else None
    return out


def restart_service() -> None:
    if shutil.which("systemctl") is None:
        raise UpdateError("no systemctl: restart the kiosk yourself")
    subprocess.run(["systemctl", "restart", SERVICE], check=True)


# -- command line -------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="update.py", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    k = sub.add_parser("keygen", help="make an Ed25519 signing key pair (keep the private one off the kiosks)")
    k.add_argument("--private", type=Path, required=True)
    k.add_argument("--public", type=Path, required=True)
    s = sub.add_parser("sign", help="write BUILD-MANIFEST.json and its signature into a build folder")
    s.add_argument("build", type=Path)
    s.add_argument("--key", type=Path, required=True)
    s.add_argument("--version", default=None, help="default: the hall-kiosk metadata inside the build")
    v = sub.add_parser("verify", help="check a build's signature and contents")
    v.add_argument("build", type=Path)
    v.add_argument("--pubkey", type=Path, default=DEFAULT_PUBKEY)
    i = sub.add_parser("install", help="verify, copy into ROOT/builds and switch ROOT/current to it")
    i.add_argument("build", type=Path)
    i.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    i.add_argument("--pubkey", type=Path, default=None, help=f"default {DEFAULT_PUBKEY} when it exists")
    i.add_argument("--unsigned", action="store_true", help="accept an unsigned build (a technician's test only)")
    i.add_argument("--check", default=None, help="a command that must succeed first; {build} is the new folder")
    i.add_argument("--keep", type=int, default=2, help="builds kept in all (current and previous included)")
    i.add_argument("--restart", action="store_true", help=f"systemctl restart {SERVICE} after the switch")
    r = sub.add_parser("rollback", help="swap current and previous")
    r.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    r.add_argument("--restart", action="store_true")
    st = sub.add_parser("status", help="show current and previous")
    st.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    args = p.parse_args(argv)
    try:
        if args.command == "keygen":
            keygen(args.private, args.public)
            print(f"private key {args.private} (keep it off the kiosks), public key {args.public}")
        elif args.command == "sign":
            manifest = sign(args.build, args.key, args.version)
            print(f"signed {args.build}: version {manifest['version']}, {len(manifest['files'])} files")  # type: ignore[arg-type]  # a list in a JSON manifest
        elif args.command == "verify":
            ok = verify(args.build, args.pubkey)
            print(f"OK {args.build}: version {ok.version}, manifest {ok.digest[:12]}")
        elif args.command == "install":
            pubkey = args.pubkey or (DEFAULT_PUBKEY if DEFAULT_PUBKEY.exists() else None)
            dest = install(args.build, args.root, pubkey, allow_unsigned=args.unsigned, check=args.check,
                           keep=args.keep)
            print(f"current -> {os.path.relpath(dest, args.root)}")
            if args.restart:
                restart_service()
        elif args.command == "rollback":
            dest = rollback(args.root)
            print(f"current -> {os.path.relpath(dest, args.root)}")
            if args.restart:
                restart_service()
        elif args.command == "status":
            print(json.dumps(status(args.root), indent=1))
    except UpdateError as exc:
        print(f"update.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
