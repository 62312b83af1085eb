#!/usr/bin/env bash
# Install (or re-install) a hall kiosk from a build folder: user, folders, the build, config, systemd units.
#
#   sudo deploy/install.sh [options] BUILD_DIR        # BUILD_DIR: dist/kiosk from `make dist` (signed or not)
#
# Options:
#   --config FILE        the kiosk's settings, copied to /etc/hall-kiosk/kiosk.toml (default: keep the one there,
#                        else deploy/kiosk.toml.example)
#   --pubkey FILE        the update public key, copied to /etc/hall-kiosk/update-key.pub; the build must then be
#                        signed with its private key (deploy/update.py sign)
#   --unsigned           accept an unsigned build when no public key is installed (a test bench, not a hall)
#   --demo               a demo hall: also the device simulators (hall-kiosk-sims.service, deploy/demo_sims.py)
#                        and, unless --config, deploy/kiosk-demo.toml.example as the settings; needs --venv
#   --servicenet KIND    also run servicenet here: sqlite or postgres (needs --venv)
#   --venv SRC           make /opt/hall-kiosk/venv from SRC (this source tree or a folder of wheels) for the
#                        simulators and servicenet
#   --no-apt             do not apt-get install anything (the packages are already there)
#   --no-start           install and enable, but do not start now
#   --root DIR           install into DIR instead of / (a staging tree: no users, apt or systemctl)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$(dirname "$HERE")"
ROOT=""
CONFIG=""
PUBKEY=""
UNSIGNED=0
DEMO=0
SERVICENET=""
VENV_SRC=""
APT=1
START=1
BUILD=""
KIOSK_USER=kiosk
NET_USER=servicenet
APT_PKGS=(cage kbd fonts-noto-cjk libpulse0 libxkbcommon0 libegl1 libgl1 libopengl0 libfontconfig1 libdbus-1-3
          libglib2.0-0 libnss3 libasound2 python3 python3-cryptography)

die() { echo "install.sh: $*" >&2; exit 1; }
say() { echo "==> $*"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --config) CONFIG="$2"; shift 2 ;;
    --pubkey) PUBKEY="$2"; shift 2 ;;
    --unsigned) UNSIGNED=1; shift ;;
    --demo) DEMO=1; shift ;;
    --servicenet) SERVICENET="$2"; shift 2 ;;
    --venv) VENV_SRC="$2"; shift 2 ;;
    --no-apt) APT=0; shift ;;
    --no-start) START=0; shift ;;
    --root) ROOT="$(realpath -m "$2")"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [ -z "$BUILD" ] || die "one build folder only"; BUILD="$1"; shift ;;
  esac
done
[ -n "$BUILD" ] || die "which build? give the build folder (dist/kiosk), see --help"
[ -x "$BUILD/kiosk" ] || die "$BUILD/kiosk is not there or not executable: not a kiosk build folder"
case "$SERVICENET" in ""|sqlite|postgres) ;; *) die "--servicenet is sqlite or postgres" ;; esac
[ -z "$VENV_SRC" ] || [ -e "$VENV_SRC" ] || die "--venv: $VENV_SRC does not exist"
if [ "$DEMO" = 1 ] || [ -n "$SERVICENET" ]; then
  [ -n "$VENV_SRC" ] || [ -x "$ROOT/opt/hall-kiosk/venv/bin/python" ] || die "--demo and --servicenet need --venv SRC"
fi
STAGING=0
[ -n "$ROOT" ] && STAGING=1
[ "$STAGING" = 1 ] || [ "$(id -u)" = 0 ] || die "run as root (sudo)"

OPT="$ROOT/opt/hall-kiosk"
ETC="$ROOT/etc/hall-kiosk"
UNITS="$ROOT/etc/systemd/system"

# -- packages -------------------------------------------------------------------------------------------------
if [ "$STAGING" = 0 ] && [ "$APT" = 1 ]; then
  pkgs=("${APT_PKGS[@]}")
  [ "$SERVICENET" = postgres ] && pkgs+=(postgresql)
  [ -n "$VENV_SRC" ] && pkgs+=(python3-venv)
  if ! dpkg -s "${pkgs[@]}" >/dev/null 2>&1; then
    say "installing packages: ${pkgs[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}"
  fi
fi

# -- users ----------------------------------------------------------------------------------------------------
if [ "$STAGING" = 0 ]; then
  if ! getent passwd "$KIOSK_USER" >/dev/null; then
    say "creating user $KIOSK_USER"
    useradd --system --user-group --home-dir /var/lib/hall-kiosk --no-create-home --shell /usr/sbin/nologin \
      --comment "hall kiosk" "$KIOSK_USER"
  fi
  for g in dialout video render input lp; do  # lp: USB receipt printers (deploy/udev/70-hall-kiosk.rules)
    getent group "$g" >/dev/null && usermod -aG "$g" "$KIOSK_USER"
  done
  if [ -n "$SERVICENET" ] && ! getent passwd "$NET_USER" >/dev/null; then
    say "creating user $NET_USER"
    useradd --system --user-group --home-dir /var/lib/servicenet --no-create-home --shell /usr/sbin/nologin \
      --comment "servicenet" "$NET_USER"
  fi
fi

# -- folders, the updater, the build ----------------------------------------------------------------------------
say "installing into ${ROOT:-/}"
install -d -m 0755 "$OPT" "$OPT/builds" "$OPT/bin" "$ETC" "$UNITS" "$ROOT/etc/pam.d" \
  "$ROOT/etc/systemd/logind.conf.d" "$ROOT/etc/udev/rules.d"
install -m 0755 "$HERE/update.py" "$OPT/bin/update.py"
# updates through the network: the kiosk fetches (fetch.py), switches (update.py) and guards its starts
# (guard.py, the unit's ExecStartPre) itself, as its own user: it owns the install root and builds/, not bin/
install -m 0755 "$HERE/fetch.py" "$OPT/bin/fetch.py"
install -m 0755 "$HERE/guard.py" "$OPT/bin/guard.py"
install -m 0644 "$SRC/README.md" "$OPT/README.md"
if [ -n "$PUBKEY" ]; then
  install -m 0644 "$PUBKEY" "$ETC/update-key.pub"
fi
update_args=(install "$BUILD" --root "$OPT")
if [ -f "$ETC/update-key.pub" ]; then
  update_args+=(--pubkey "$ETC/update-key.pub")
elif [ "$UNSIGNED" = 1 ]; then
  echo "install.sh: WARNING: no update key: installing an unsigned build" >&2
  update_args+=(--unsigned)
else
  die "no update key (--pubkey FILE); for a test bench only, --unsigned"
fi
python3 "$OPT/bin/update.py" "${update_args[@]}"

# -- settings -------------------------------------------------------------------------------------------------
if [ -n "$CONFIG" ]; then
  install -m 0640 "$CONFIG" "$ETC/kiosk.toml"
elif [ ! -f "$ETC/kiosk.toml" ] && [ "$DEMO" = 1 ]; then
  install -m 0640 "$HERE/kiosk-demo.toml.example" "$ETC/kiosk.toml"
elif [ ! -f "$ETC/kiosk.toml" ]; then
  install -m 0640 "$HERE/kiosk.toml.example" "$ETC/kiosk.toml"
  echo "install.sh: NOTE: edit $ETC/kiosk.toml (region, device number, hall, devices) before the first start" >&2
fi
[ "$STAGING" = 1 ] || chgrp "$KIOSK_USER" "$ETC/kiosk.toml"
[ "$STAGING" = 1 ] || { chown "$KIOSK_USER:$KIOSK_USER" "$OPT"; chown -R "$KIOSK_USER:$KIOSK_USER" "$OPT/builds"; }

# -- units, PAM, logind ---------------------------------------------------------------------------------------
install -m 0644 "$HERE/hall-kiosk.service" "$UNITS/hall-kiosk.service"
install -m 0644 "$HERE/pam/hall-kiosk" "$ROOT/etc/pam.d/hall-kiosk"
install -m 0644 "$HERE/logind/hall-kiosk.conf" "$ROOT/etc/systemd/logind.conf.d/hall-kiosk.conf"
install -m 0644 "$HERE/udev/70-hall-kiosk.rules" "$ROOT/etc/udev/rules.d/70-hall-kiosk.rules"
if [ "$STAGING" = 0 ] && command -v udevadm >/dev/null; then  # devices plugged in now get the rules at once
  udevadm control --reload || true
  udevadm trigger --action=change --subsystem-match=usb --subsystem-match=input || true
fi
enable=(hall-kiosk.service)
if [ "$DEMO" = 1 ]; then
  install -m 0644 "$HERE/hall-kiosk-sims.service" "$UNITS/hall-kiosk-sims.service"
  install -m 0755 "$HERE/demo_sims.py" "$OPT/bin/demo_sims.py"
  enable+=(hall-kiosk-sims.service)
fi
case "$SERVICENET" in
  sqlite) install -m 0644 "$HERE/servicenet.service" "$UNITS/servicenet.service"; enable+=(servicenet.service) ;;
  postgres) install -m 0644 "$HERE/servicenet-postgres.service" "$UNITS/servicenet-postgres.service"
            enable+=(servicenet-postgres.service) ;;
esac

# -- the Python environment for the simulators and servicenet ----------------------------------------------------
if [ -n "$VENV_SRC" ]; then
  say "making $OPT/venv from $VENV_SRC"
  [ -x "$OPT/venv/bin/python" ] || python3 -m venv "$OPT/venv"
  extra=()
  [ "$SERVICENET" = postgres ] && extra+=("psycopg[binary]")
  if [ -d "$VENV_SRC" ] && [ -f "$VENV_SRC/pyproject.toml" ]; then
    "$OPT/venv/bin/pip" install -q "$VENV_SRC" "${extra[@]}"
  else  # a folder of wheels: no network needed
    "$OPT/venv/bin/pip" install -q --no-index --find-links "$VENV_SRC" hall-kiosk "${extra[@]}"
  fi
fi

if [ "$STAGING" = 1 ]; then
  say "staged in $ROOT (no users, packages or services touched)"
  exit 0
fi

if [ "$SERVICENET" = postgres ]; then
  say "PostgreSQL role and database $NET_USER"
  systemctl enable --now postgresql.service
  runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_roles WHERE rolname='$NET_USER'" | grep -q 1 \
    || runuser -u postgres -- createuser "$NET_USER"
  runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname='$NET_USER'" | grep -q 1 \
    || runuser -u postgres -- createdb -O "$NET_USER" "$NET_USER"
fi

say "enabling ${enable[*]}"
systemctl daemon-reload
systemctl set-default graphical.target
systemctl enable "${enable[@]}"
if [ "$START" = 1 ]; then
  systemctl restart "${enable[@]}"
  say "started; check with: systemctl status hall-kiosk   and   journalctl -u hall-kiosk -b"
else
  say "installed; it starts at the next boot (or: systemctl start hall-kiosk)"
fi
