"""Production entry point (the `kiosk` console script and the one-folder build): logs, recovery, watchdog, lockdown.

    kiosk --config /etc/hall-kiosk/kiosk.toml --fullscreen     # what deploy/hall-kiosk.service runs
    kiosk --config kiosk.toml --selftest                         # a technician's check, exit 0/1

On start: structured logs (kiosk.logs) with the version on every line; the outbox rows a crash left "sending"
go back to the queue (reported); the window opens at home, frameless and full screen, ignores close requests
and hides the pointer. Only the home screen comes before the first frame: once it is on the screen, the
runtime (store, crypto, sync engine, devices, catalogue, updates) opens on a worker thread and the screens'
view-models take it; the virtual keyboard loads then too. Under systemd (Type=notify) it feeds the watchdog
from the GUI thread (kiosk.watchdog) and says READY=1 once the services are attached. SIGTERM quits cleanly.
"""
from __future__ import annotations

import argparse
import gc
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import logs

if TYPE_CHECKING:
    from kiosk.wiring import Runtime

log = logging.getLogger("kiosk.boot")

DIST_NAME = "hall-kiosk"
CONFIG_ENV = "KIOSK_CONFIG"


def app_version() -> str:
    """The running build's signed version, else the installed distribution's (kiosk.startup.app_version)."""
    from kiosk.startup import app_version as version

    return version()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    from kiosk.app import SIZES
    from kiosk.i18n import LANGUAGES

    p = argparse.ArgumentParser(prog="kiosk", description="Government service hall self-service kiosk")
    p.add_argument("--config", default=os.environ.get(CONFIG_ENV),
                   help=f"the kiosk's TOML settings (default ${CONFIG_ENV}; kiosk/config.py lists every key)")
    p.add_argument("--selftest", action="store_true",
                   help="load every screen, check translations, font, keyboard and each configured device; "
                        "print a report and exit 0 (all good) or 1")
    p.add_argument("--selftest-json", metavar="PATH", help="also write the self-test report as JSON")
    p.add_argument("--selftest-shots", metavar="DIR", help="also save a screenshot of each screen")
    p.add_argument("--fullscreen", action="store_true", help="frameless, full screen, no pointer (the hall)")
    p.add_argument("--orientation", choices=sorted(SIZES), default=None, help="overrides the settings")
    p.add_argument("--language", choices=LANGUAGES, default=None, help="overrides the settings")
    p.add_argument("--idle-timeout", type=float, default=None, help="seconds without a touch before going home")
    p.add_argument("--idle-restart-after", type=float, default=None, metavar="S",
                   help="seconds of an untouched home screen before restarting to apply waiting settings "
                        "(default 120)")
    p.add_argument("--log-dir", default=None, help="JSON-lines log folder (default: <data_dir>/logs)")
    p.add_argument("--log-level", default="INFO")
    p.add_argument("--log-max-bytes", type=int, default=5_000_000, help="rotate the log file at this size")
    p.add_argument("--log-backups", type=int, default=5, help="rotated files kept (total ≈ size × (n + 1))")
    p.add_argument("--heartbeat", type=float, default=60.0, help="seconds between heartbeat log lines")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    return p.parse_args(argv)


def _lock_down(kiosk: Any, fullscreen: bool) -> Any:
    """The hall setup: no frame to drag or close, full screen, no pointer, close requests ignored.

    Returns the close guard (an event filter on the window): remove it before closing the app yourself.
    """
    from kiosk.qt import QEvent, QGuiApplication, QObject

    QGuiApplication.setQuitOnLastWindowClosed(False)

    class NoClose(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Close:
                log.warning("ignored a request to close the kiosk window")
                event.ignore()
                return True
            return False

    guard = NoClose()
    kiosk.surface().installEventFilter(guard)
    if fullscreen:
        from kiosk.qt import QCursor
        from kiosk.qtnamespace import Qt

        kiosk.surface().setFlags(kiosk.surface().flags() | Qt.WindowType.FramelessWindowHint)

        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
    kiosk.show(fullscreen=fullscreen)
    return guard


def _log_dir(args: argparse.Namespace, data_dir: str) -> Path:
    return Path(args.log_dir) if args.log_dir else Path(data_dir) / "logs"


def main(argv: list[str] | None = None) -> int:
    """The start allocates much and frees little: the cyclic collector pauses until the first frame is up
    (`run`, which then collects on the GUI thread only: kiosk/collector.py), or until main returns (~6 ms of
    CPU to the first frame; kiosk.boot imports Qt only from here)."""
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: list[str] | None) -> int:
    from kiosk import config

    args = parse_args(argv)
    version = app_version()
    if args.version:
        print(version)
        return 0
    try:
        if args.config and not Path(args.config).exists() and not args.selftest:
            settings = config.Settings().validate()  # a blank kiosk: the technician's wizard writes the file
        else:
            settings = config.load(args.config)
    except config.ConfigError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 2
    logs.configure(_log_dir(args, settings.data_dir), level=args.log_level, max_bytes=args.log_max_bytes,
                   backups=args.log_backups, static={"version": version, "device": settings.device_id})
    log.info("kiosk %s starting (config %s, pid %d)", version, args.config or "defaults", os.getpid())
    try:
        if args.selftest:
            return selftest(settings, args, version)
        return run(settings, args, version)
    except Exception:
        log.exception("the kiosk failed")
        return 1
    finally:
        logs.shutdown()


def _start_qt(args: argparse.Namespace) -> Any:
    from kiosk import app as kiosk_app
    from kiosk.qt import QGuiApplication
    from kiosk.startup import register_fonts, route_qt_messages

    kiosk_app.prepare_environment()
    qapp = QGuiApplication(sys.argv[:1])
    route_qt_messages()
    register_fonts()
    return qapp


def _build_app(settings: Any, args: argparse.Namespace, runtime: Runtime | None) -> Any:
    """The window; runtime None: the home screen only, the services come through KioskApp.attach()."""
    from kiosk import app as kiosk_app
    from kiosk.camera import QtDocumentCamera
    from kiosk.offers import Offers

    return kiosk_app.KioskApp(runtime.services if runtime is not None else None,
                              orientation=args.orientation or settings.orientation,
                              idle_timeout_s=args.idle_timeout or settings.idle_timeout,
                              language=args.language or settings.language,
                              voice_engine=None if settings.voice == "auto" else settings.voice,
                              camera=QtDocumentCamera(), scanner=runtime.scanner if runtime is not None else None,
                              offers=Offers.configured(settings))


class _Collect(logging.Handler):
    """Keeps the (already redacted) warnings Qt logged, for the self-test report."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []
        self.addFilter(logs.RedactFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def selftest(settings: Any, args: argparse.Namespace, version: str) -> int:
    from kiosk import selftest as st
    from kiosk.wiring import build_runtime

    qt_messages = _Collect()
    logging.getLogger("qt").addHandler(qt_messages)
    runtime = build_runtime(settings, start_engine=False)
    try:
        _start_qt(args)
        try:
            kiosk = _build_app(settings, args, runtime)
        except Exception as exc:  # the window did not load: say why instead of a traceback
            report = st.Report(version)
            report.add("window", False, f"{exc}: " + " | ".join(qt_messages.lines[-6:]))
            text = report.text()
        else:
            try:
                kiosk.show()
                report = st.run(kiosk, runtime, version,
                                Path(args.selftest_shots) if args.selftest_shots else None)
                text = report.text()  # while the kiosk's language is installed
            finally:
                kiosk.close()
    finally:
        runtime.close()
        logging.getLogger("qt").removeHandler(qt_messages)
    print(text, flush=True)
    if args.selftest_json:
        Path(args.selftest_json).write_text(report.to_json(), encoding="utf-8")
    log.info("self-test %s", "passed" if report.ok else "FAILED",
             extra={"fields": {"failed": [c.name for c in report.checks if c.required and not c.ok]}})
    return 0 if report.ok else 1


def _idle_restart(kiosk: Any, runtime: Any, args: argparse.Namespace, quit: Callable[[int], None]) -> Any:
    """Exit cleanly at an idle moment when settings or a new build wait for a restart (the service manager
    starts us again). `reasons` is asked only at idle moments (home screen, nothing running): that is also when
    the updater may switch to a build it has fetched (sync/updater.py)."""
    from kiosk.restart import QUIET_S, IdleRestart
    from sync.updater import RESTART_EXIT

    remote, updater = runtime.remote, runtime.updater

    def reasons() -> list[str]:
        waiting = sorted(remote.waiting) if remote is not None and remote.pending_restart else []
        if updater is not None and updater.tick(idle=True):
            waiting.append(f"release {updater.offered}")
        return waiting

    def restart(_waiting: list[str]) -> None:
        # a clean exit: the service manager starts us again, on the settings file; RESTART_EXIT into a new build
        quit(RESTART_EXIT if updater is not None and updater.state == "switched" else 0)

    quiet = args.idle_restart_after if args.idle_restart_after is not None else QUIET_S
    watcher = IdleRestart(kiosk.vm, reasons, restart, quiet_s=quiet, check_s=min(5.0, max(0.2, quiet / 4)))
    watcher.start()
    return watcher


def run(settings: Any, args: argparse.Namespace, version: str) -> int:
    from kiosk.collector import GuiCollector
    from kiosk.qt import QTimer
    from kiosk.startup import open_runtime, queue_counts
    from kiosk.tasks import TaskRunner
    from kiosk.watchdog import Notifier, WatchdogFeeder, install_test_hooks, watchdog_interval

    notifier = Notifier()
    install_test_hooks()
    first_run = not settings.enrolled  # not enrolled: the first-run wizard (the network would refuse us)
    built: list[Runtime] = []  # the runtime once open_runtime returned (closed at the end, even unattached)
    stopped: int | None = None  # the exit code of a clean stop, said last, once everything is closed
    opener: TaskRunner | None = None
    stoppable: list[Any] = []  # what attach() started that has a stop()
    quitting: list[int] = []  # the exit code once the kiosk is on its way out (attach() then starts nothing)

    def open_now() -> Runtime:
        built.append(open_runtime(settings, args, first_run))
        return built[0]

    try:
        qapp = _start_qt(args)
        opener = TaskRunner()
        collector = GuiCollector()
        try:  # a blank kiosk's wizard needs the services on its first screen; an enrolled one shows home first
            kiosk = _build_app(settings, args, open_now() if first_run else None)
        except Exception as exc:  # a build whose window does not load: rolled back when it is a new one
            from sync.updater import RESTART_EXIT

            updater = (built[0] if built else open_now()).updater
            if updater is not None and updater.started(False, f"the window did not load: {exc}"):
                return RESTART_EXIT
            raise
        started = time.monotonic()
        beat = QTimer()
        beat.setInterval(max(1000, int(args.heartbeat * 1000)))

        def heartbeat() -> None:
            runtime = built[0]
            report = runtime.engine.last_report
            queue = queue_counts(runtime)
            waiting = queue.get("queued", 0) + queue.get("sending", 0)
            log.info("heartbeat", extra={"fields": {
                "uptime_s": round(time.monotonic() - started), "screen": kiosk.vm.screen, "queue": queue,
                "online": report.online}})
            notifier.status(f"v{version} {'online' if report.online else 'offline'}, {waiting} queued")

        def stop(code: int) -> None:
            """Leave the event loop with `code`: now if it runs, else as soon as it starts (a SIGTERM can come
            while the window shows, before exec())."""
            quitting.append(code)
            qapp.exit(code)
            QTimer.singleShot(0, lambda: qapp.exit(code))

        def restart(code: int) -> None:
            notifier.stopping()
            stop(code)

        def attach(runtime: Runtime) -> None:  # on the GUI thread, once the runtime is open
            from kiosk.updates import startup_check
            from sync.updater import RESTART_EXIT

            if quitting:  # the runtime opened while the kiosk stops (SIGTERM at start): it is only closed
                return
            if not kiosk.vm.ready:
                kiosk.attach(runtime.services, runtime.scanner)
            ok, why = startup_check(kiosk)
            if runtime.updater is not None and runtime.updater.started(ok, why):
                return restart(RESTART_EXIT)
            notifier.ready(f"v{version} on screen {kiosk.vm.screen}")
            log.info("kiosk ready", extra={"fields": {"screen": kiosk.vm.screen, "watchdog_s": interval,
                                                      "notify": notifier.enabled}})
            heartbeat()  # the queue as the kiosk found it, before the engine's first pass
            beat.timeout.connect(heartbeat)
            beat.start()
            stoppable.append(_idle_restart(kiosk, runtime, args, restart))
            runtime.engine.start()
            runtime.devices.start()  # probes now and every few seconds (the staff screen, the heartbeats)

        def failed(exc: BaseException) -> None:
            log.error("the kiosk could not open its services", exc_info=exc)
            stop(1)

        def first_frame() -> None:  # the services (and their first passes) must not hold up home
            collector.start()  # paused by main(); from now on cycles are collected on this thread only
            if built:
                attach(built[0])
            elif opener is not None:
                opener.run(open_now, attach, failed)

        kiosk.after_first_frame(first_frame)
        kiosk.vm.goHome()  # a resident screen never survives a restart
        if first_run:
            log.warning("this kiosk is not enrolled: starting the provisioning wizard")
            kiosk.vm.navigate("provision")
        guard = _lock_down(kiosk, args.fullscreen)

        def quit_on(signum: int, _frame: object) -> None:
            notifier.stopping()
            stop(0)  # not quit(): that asks the window to close first, and the window refuses
            try:  # after stop(): a signal that lands while a log line is written to stderr cannot log (the
                log.info("signal %d: quitting", signum)  # stream refuses a reentrant write) and was lost
            except RuntimeError:
                pass

        signal.signal(signal.SIGTERM, quit_on)
        signal.signal(signal.SIGINT, quit_on)
        pump = QTimer()  # Python runs signal handlers only between bytecodes: give it some regularly
        pump.timeout.connect(lambda: None)
        pump.start(200)

        interval = watchdog_interval()
        feeder = WatchdogFeeder(notifier, interval) if interval else None
        if feeder is not None:
            feeder.start()
        code = int(qapp.exec())
        quitting.append(code)
        for timer in (pump, beat):
            timer.stop()
        for running in stoppable:
            running.stop()
        if feeder is not None:
            feeder.stop()
        kiosk.window.removeEventFilter(guard)
        kiosk.close()
        collector.stop()
        stopped = code
        return code
    finally:
        if opener is not None:
            opener.wait(30_000)  # a runtime still opening when the kiosk stops is closed too
        for runtime in built:
            runtime.close()
        if stopped is not None:  # after the opener's last words (a runtime opened during the stop logs as it closes)
            log.info("kiosk stopped (%d)", stopped)


if __name__ == "__main__":
    raise SystemExit(main())
