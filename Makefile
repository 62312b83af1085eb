# Hall kiosk. `make demo` and `make test` set up everything from nothing on a fresh Debian machine.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PKGS := strace udev libusb-1.0-0 pcscd vsmartcard-vpcd libpcsclite-dev swig fonts-noto-cjk libpulse0 \
	libxkbcommon0 libxkbcommon-x11-0 libegl1 libgl1 libopengl0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
	libxcb-cursor0 libxcb-keysyms1 libnss3 libasound2 \
	systemd cage kbd speech-dispatcher speech-dispatcher-espeak-ng espeak-ng libspeechd2 \
	postgresql haproxy chromium cups cups-client cups-bsd cups-ipp-utils printer-driver-cups-pdf
# cups + cups-pdf: the A4 printer of result documents; tests and the demo start their own cupsd
# (tests/helpers/cups.py) and print through IPP with lp / ipptool.
# systemd (systemd-analyze verify), cage and kbd (chvt): tests/unit/deploy checks the units in deploy/ against
# the real binaries they start. speech-dispatcher + espeak-ng: the kiosk's spoken prompts (QtTextToSpeech).
# postgresql: servicenet's scale tests and load bench start their own cluster (tests/helpers/postgres.py);
# chromium: the web channel's browser test (Playwright drives /usr/bin/chromium, nothing is downloaded).
export QT_QUICK_BACKEND ?= software
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test test-fast bench bench-smoke screens deps apt venv clean dist test-dist vendor-tus

deps: apt venv

apt:
	@dpkg -s $(APT_PKGS) >/dev/null 2>&1 || { \
	  echo "installing system packages: $(APT_PKGS)"; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $(APT_PKGS); }

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

# Two workers (pytest-xdist): the tests wait on servers, daemons and disks as much as on the CPU. The tests of the
# machine's one pcscd take turns through its lock (drivers/sim/pcscd.py), as two runs on one machine do.
XDIST = -n 2

test: deps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(XDIST)

# The quick local loop: everything but the tests marked slow (browser, PostgreSQL, load, kill -9, dist build).
test-fast: deps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(XDIST) -m "not slow"

demo: deps
	$(PY) -m kiosk.demo --out out

# Every screen, zh and en, normal and elderly mode, portrait and landscape: out/screens/gallery/ (and the
# provisioning wizard's device steps: out/screens/gallery-provision/)
screens: deps
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.unit.kiosk.gallery
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.unit.kiosk.provision_gallery

bench: deps
	QT_QPA_PLATFORM=offscreen $(PY) -m bench --out bench/results.json

# Every benchmark module once with few samples and no thresholds (about 5 minutes on 2 cores): fails when one cannot run.
bench-smoke: deps
	QT_QPA_PLATFORM=offscreen $(PY) -m bench --quick --out out/bench-quick.json

# The one-folder build of the kiosk (kiosk.spec): dist/kiosk/kiosk. Prints its size and how long it took.
dist: deps
	@start=$$(date +%s); \
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build kiosk.spec && \
	echo "dist/kiosk: $$(du -sh dist/kiosk | cut -f1), built in $$(( $$(date +%s) - start )) s"

# tests/dist on the built folder: its contents, its own --selftest offscreen against simulated devices, and the
# build signed, published on a servicenet, fetched through the heartbeat's offer, installed and started under
# the start guard. Kept out of `make test` (the build takes a few minutes on 2 cores); CI runs both.
test-dist: dist
	QT_QPA_PLATFORM=offscreen KIOSK_DIST=dist/kiosk $(PY) -m pytest -q tests/dist

clean:
	rm -rf out build dist .pytest_cache

# The web channel's upload client, served by servicenet itself (no CDN): tus-js-client's browser build and its
# MIT license, checked in under servicenet/webchannel/static/. `make vendor-tus` refreshes them from npm.
TUS_JS_VERSION = 4.3.1
vendor-tus:
	rm -rf $(CURDIR)/build/tus-js && mkdir -p $(CURDIR)/build/tus-js
	cd $(CURDIR)/build/tus-js && npm pack tus-js-client@$(TUS_JS_VERSION) && tar xzf tus-js-client-$(TUS_JS_VERSION).tgz
	cp build/tus-js/package/dist/tus.min.js servicenet/webchannel/static/tus.min.js
	cp build/tus-js/package/LICENSE servicenet/webchannel/static/tus-js-client.LICENSE

