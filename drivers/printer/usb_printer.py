"""A receipt printer on USB: python-escpos `Usb` found by vendor/product id (and serial number, when two of
one model hang on a kiosk), opened per job.

python-escpos' own Usb.open() resets the device on every open and writes to fixed endpoints (0x01/0x82);
printers differ (0x02/0x81, 0x03/0x81 ...) and a reset each job makes the printer enumerate again. `UsbLine`
keeps python-escpos' Usb for the bytes (Escpos, _raw, _read) but opens the device itself: it finds the
printer-class interface (bInterfaceClass 7, or the first with a bulk OUT endpoint), detaches the kernel's usblp
driver, claims the interface and takes its bulk endpoints from the descriptors. Status (DLE EOT) is read from
the bulk IN endpoint; a printer without one prints without status (the caller sees `NotImplementedError` from
_read and skips the check).

Why it fails is said in words a technician can act on: the printer is not plugged in (or another model's ids
are set), or the kiosk user may not open it (the udev rules in deploy/udev/ are not installed).
"""
from __future__ import annotations

import errno
import functools
import logging
import sys
from pathlib import Path
from typing import Any

from escpos.printer import Usb

from drivers.base import DeviceUnavailable
from drivers.printer.messages import USB_ABSENT, USB_DENIED

log = logging.getLogger(__name__)

PRINTER_CLASS = 7
_BULK, _DIR_IN = 0x02, 0x80


def _usb() -> Any:
    import usb.core  # pyusb (the kiosk's USB printer dependency)

    return usb.core


def _bundled_library(folder: Path, candidate: str) -> str | None:
    hits = sorted(folder.glob(f"lib{candidate}.so*")) + sorted(folder.glob(f"{candidate}.so*"))
    return str(hits[0]) if hits else None


@functools.cache
def _frozen_backend() -> Any:
    import usb.backend.libusb1

    folder = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent / "_internal"))
    return (usb.backend.libusb1.get_backend(find_library=lambda name: _bundled_library(folder, name))
            or usb.backend.libusb1.get_backend())


def resolve_backend(backend: Any = None) -> Any:
    """The pyusb backend to use: the one given; in the one-folder build the libusb shipped in its _internal
    folder (kiosk.spec leaves out PyInstaller's pyusb runtime hook, which loaded all three pyusb backends at
    every start); else None, pyusb's own search (libusb1, libusb0, openusb)."""
    if backend is not None or not getattr(sys, "frozen", False):
        return backend
    return _frozen_backend()


def usb_library() -> str | None:
    """Where the libusb that pyusb uses was found ("" when loaded by name), None when there is none."""
    try:
        import usb.backend.libusb1

        backend = resolve_backend() or usb.backend.libusb1.get_backend()
    except Exception:  # no pyusb, or a libusb that does not load: the caller says so
        return None
    if backend is None:
        return None
    return str(getattr(getattr(backend, "lib", None), "_name", "") or "")


def _ids(vendor: int, product: int, serial: str) -> str:
    return f"{vendor:04x}:{product:04x}" + (f" serial {serial}" if serial else "")


class UsbLine(Usb):  # type: ignore[misc]  # python-escpos has no types: its Usb is Any to mypy
    """python-escpos Usb whose open() finds the endpoints and never resets the device.

    backend: a pyusb backend (None: libusb1, the system's); timeout in seconds.
    """

    def __init__(self, vendor: int, product: int, serial: str = "", *, timeout: float = 3.0,
                 backend: Any = None, profile: str | None = None) -> None:
        super().__init__(vendor, product, timeout=max(1, int(timeout * 1000)), profile=profile)
        self.vendor, self.product, self.serial = vendor, product, serial
        self._backend = backend
        self._interface: int | None = None
        self._has_in = False

    @property
    def ids(self) -> str:
        return _ids(self.vendor, self.product, self.serial)

    def open(self, raise_not_found: bool = True) -> None:
        core = _usb()
        if self._device:  # type: ignore[has-type]  # python-escpos sets _device in its untyped base class
            self.close()
        self._device = None
        match = {"idVendor": self.vendor, "idProduct": self.product}
        try:
            found = [dev for dev in core.find(find_all=True, backend=resolve_backend(self._backend), **match)
                     if not self.serial or _serial_of(dev) == self.serial]
        except core.NoBackendError as exc:  # no libusb on this system
            raise DeviceUnavailable(USB_ABSENT, f"{self.ids}: {exc}") from exc
        if not found:
            raise DeviceUnavailable(USB_ABSENT, f"no USB device {self.ids}")
        dev = found[0]
        try:
            self._claim(dev)
        except core.USBError as exc:
            if exc.errno == errno.EACCES:
                raise DeviceUnavailable(USB_DENIED, f"{self.ids}: {exc}") from exc
            if exc.errno in (errno.ENODEV, errno.ENOENT):
                raise DeviceUnavailable(USB_ABSENT, f"{self.ids}: {exc}") from exc
            raise
        self._device = dev

    def _claim(self, dev: Any) -> None:
        import usb.util

        try:
            cfg = dev.get_active_configuration()
        except _usb().USBError as exc:  # not configured yet (bConfigurationValue 0)
            if exc.errno in (errno.EACCES, errno.ENODEV):
                raise
            dev.set_configuration()
            cfg = dev.get_active_configuration()
        intf = next((i for i in cfg if i.bInterfaceClass == PRINTER_CLASS), None) or next(
            (i for i in cfg if any(_out(e) for e in i)), None)
        if intf is None:
            raise DeviceUnavailable(USB_ABSENT, f"{self.ids}: no printer interface with a bulk OUT endpoint")
        number = intf.bInterfaceNumber
        try:
            if dev.is_kernel_driver_active(number):  # usblp holds it as /dev/usb/lp0
                dev.detach_kernel_driver(number)
        except NotImplementedError:  # only the libusb1 backend knows kernel drivers
            pass
        usb.util.claim_interface(dev, number)
        self._interface = number
        self.out_ep = next(e.bEndpointAddress for e in intf if _out(e))
        in_eps = [e.bEndpointAddress for e in intf if _in(e)]
        self._has_in = bool(in_eps)
        if in_eps:
            self.in_ep = in_eps[0]

    def _read(self) -> bytes:
        if not self._has_in:
            raise NotImplementedError("this USB printer has no bulk IN endpoint: no status")
        return bytes(self.device.read(self.in_ep, 16, self.timeout))

    def close(self) -> None:
        if not self._device:
            return
        import usb.util

        dev, self._device = self._device, False
        try:
            if self._interface is not None:
                usb.util.release_interface(dev, self._interface)
        except _usb().USBError as exc:  # unplugged meanwhile
            log.info("USB printer %s: release failed: %s", self.ids, exc)
        finally:
            usb.util.dispose_resources(dev)
            self._interface = None


def _out(ep: Any) -> bool:
    return (ep.bmAttributes & 0x03) == _BULK and not ep.bEndpointAddress & _DIR_IN


def _in(ep: Any) -> bool:
    return (ep.bmAttributes & 0x03) == _BULK and bool(ep.bEndpointAddress & _DIR_IN)


def _serial_of(dev: Any) -> str:
    """The device's serial number string ("" when it has none or may not be read)."""
    try:
        return str(dev.serial_number or "")
    except (ValueError, _usb().USBError, NotImplementedError):  # no langids / no permission
        return ""


def usb_printers(backend: Any = None) -> list[dict[str, Any]]:
    """USB devices with a printer-class interface: [{vendor, product, serial, name, bus, address}].

    Empty when pyusb finds no backend (no libusb) or no device; names and serials need read permission on the
    device node and are "" without it."""
    try:
        core = _usb()
        devices = list(core.find(find_all=True, backend=resolve_backend(backend)))
    except Exception as exc:  # NoBackendError, ImportError: nothing to offer, said in the log
        log.info("USB enumeration unavailable: %s", exc)
        return []
    found = []
    for dev in devices:
        try:
            classes = {i.bInterfaceClass for cfg in dev for i in cfg}
        except Exception:  # a device whose descriptors cannot be read is not offered
            continue
        if PRINTER_CLASS not in classes:
            continue
        found.append({"vendor": dev.idVendor, "product": dev.idProduct, "serial": _serial_of(dev),
                      "name": _name_of(dev), "bus": dev.bus, "address": dev.address})
    return found


def _name_of(dev: Any) -> str:
    try:
        return " ".join(s for s in (dev.manufacturer, dev.product) if s)
    except (ValueError, _usb().USBError, NotImplementedError):
        return ""
