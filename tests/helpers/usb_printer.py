"""A pyusb backend with one USB receipt printer whose bulk endpoints are a TCP connection to the ESC/POS emulator.

A real USB device cannot run on this machine (no /dev/bus/usb, no usbip, no dummy_hcd/raw-gadget): this backend
stands where libusb stands under pyusb. It answers pyusb's backend calls the way libusb does for a printer-class
device (device/configuration/interface/endpoint descriptors, string descriptors over control transfers,
SET_CONFIGURATION, claim/release, kernel-driver detach), and carries bulk OUT transfers to the emulator and the
emulator's answers back as bulk IN transfers. Everything above it runs as on a kiosk: pyusb's core, python-escpos'
Usb/Escpos and the kiosk's UsbLine. What it does not show: libusb itself, the kernel's usbfs, USB timing, and
a real printer's firmware (its answer to DLE EOT over USB).

    with EscposEmulator(out) as emu, UsbPrinterBackend("127.0.0.1", emu.port) as backend:
        UsbLine(0x0416, 0x5011, backend=backend)
"""
from __future__ import annotations

import array
import errno
import select
import socket
from dataclasses import dataclass, field
from typing import Any

from usb.backend import IBackend
from usb.core import USBError, USBTimeoutError

LIBUSB_ERROR_ACCESS, LIBUSB_ERROR_NO_DEVICE, LIBUSB_ERROR_TIMEOUT = -3, -4, -7


@dataclass
class _Desc:
    """A descriptor as libusb hands it to pyusb (attributes by the USB spec's field names)."""

    values: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


class UsbPrinterBackend(IBackend):  # type: ignore[misc]  # pyusb has no types
    """One printer (vendor:product, serial) on bus 1. denied: opening it fails with EACCES as libusb does for a
    device node the user may not open; plugged=False: the bus is empty; with_in=False: a printer without a
    bulk IN endpoint (no status)."""

    def __init__(self, host: str, port: int, *, vendor: int = 0x0416, product: int = 0x5011,
                 serial: str = "K58-000123", manufacturer: str = "Winbond", product_name: str = "POS-80 Printer",
                 out_ep: int = 0x03, in_ep: int = 0x81, with_in: bool = True, denied: bool = False,
                 plugged: bool = True) -> None:
        self.host, self.port = host, port
        self.vendor, self.product, self.serial = vendor, product, serial
        self.strings = {1: manufacturer, 2: product_name, 3: serial}
        self.out_ep, self.in_ep, self.with_in = out_ep, in_ep, with_in
        self.denied, self.plugged = denied, plugged
        self.configuration = 0  # unconfigured until SET_CONFIGURATION
        self.kernel_driver = True  # usblp bound, as after plug-in
        self.claimed: set[int] = set()
        self.opens = 0
        self._sock: socket.socket | None = None

    def __enter__(self) -> "UsbPrinterBackend":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    # -- descriptors
    def enumerate_devices(self) -> list[str]:
        return ["printer"] if self.plugged else []

    def get_device_descriptor(self, dev: str) -> _Desc:
        return _Desc(dict(bLength=18, bDescriptorType=1, bcdUSB=0x0200, bDeviceClass=0, bDeviceSubClass=0,
                          bDeviceProtocol=0, bMaxPacketSize0=64, idVendor=self.vendor, idProduct=self.product,
                          bcdDevice=0x0100, iManufacturer=1, iProduct=2, iSerialNumber=3 if self.serial else 0,
                          bNumConfigurations=1, address=5, bus=1, port_number=2, port_numbers=(2,), speed=3))

    def get_configuration_descriptor(self, dev: str, config: int) -> _Desc:
        if config != 0:
            raise IndexError(config)
        return _Desc(dict(bLength=9, bDescriptorType=2, wTotalLength=32, bNumInterfaces=1, bConfigurationValue=1,
                          iConfiguration=0, bmAttributes=0xC0, bMaxPower=50, extra_descriptors=[]))

    def get_interface_descriptor(self, dev: str, intf: int, alt: int, config: int) -> _Desc:
        if intf != 0 or alt != 0 or config != 0:
            raise IndexError((intf, alt, config))
        # class 7 printer, subclass 1, protocol 2 (bidirectional)
        return _Desc(dict(bLength=9, bDescriptorType=4, bInterfaceNumber=0, bAlternateSetting=0,
                          bNumEndpoints=2 if self.with_in else 1, bInterfaceClass=7, bInterfaceSubClass=1,
                          bInterfaceProtocol=2 if self.with_in else 1, iInterface=0, extra_descriptors=[]))

    def get_endpoint_descriptor(self, dev: str, ep: int, intf: int, alt: int, config: int) -> _Desc:
        address = [self.out_ep, self.in_ep][ep]
        return _Desc(dict(bLength=7, bDescriptorType=5, bEndpointAddress=address, bmAttributes=0x02,
                          wMaxPacketSize=64, bInterval=0, bRefresh=0, bSynchAddress=0, extra_descriptors=[]))

    # -- handles
    def open_device(self, dev: str) -> str:
        if not self.plugged:
            raise USBError("No such device (it may have been disconnected)", LIBUSB_ERROR_NO_DEVICE, errno.ENODEV)
        if self.denied:
            raise USBError("Access denied (insufficient permissions)", LIBUSB_ERROR_ACCESS, errno.EACCES)
        self.opens += 1
        return "handle"

    def close_device(self, dev_handle: str) -> None:
        self.close()

    def set_configuration(self, dev_handle: str, config_value: int) -> None:
        self.configuration = config_value

    def get_configuration(self, dev_handle: str) -> int:
        return self.configuration

    def is_kernel_driver_active(self, dev_handle: str, intf: int) -> bool:
        return self.kernel_driver

    def detach_kernel_driver(self, dev_handle: str, intf: int) -> None:
        self.kernel_driver = False

    def claim_interface(self, dev_handle: str, intf: int) -> None:
        if self.kernel_driver:
            raise USBError("Resource busy", -6, errno.EBUSY)
        self.claimed.add(intf)

    def release_interface(self, dev_handle: str, intf: int) -> None:
        self.claimed.discard(intf)

    def ctrl_transfer(self, dev_handle: str, bmRequestType: int, bRequest: int, wValue: int, wIndex: int,  # noqa: N803 - pyusb's names
                      data: array.array[int], timeout: int) -> int:
        if bmRequestType == 0x80 and bRequest == 0x06 and wValue >> 8 == 3:  # GET_DESCRIPTOR, string
            index = wValue & 0xFF
            body = b"\x09\x04" if index == 0 else self.strings[index].encode("utf-16-le")
            desc = bytes([2 + len(body), 3]) + body
            n = min(len(desc), len(data))
            data[:n] = array.array("B", desc[:n])
            return n
        raise USBError("Pipe error", -9, errno.EPIPE)

    # -- bulk transfers: the printer's data pipe
    def _connection(self) -> socket.socket:
        if self._sock is None:
            self._sock = socket.create_connection((self.host, self.port), timeout=5)
        return self._sock

    def _check(self, intf: int) -> None:
        if not self.plugged:
            raise USBError("No such device (it may have been disconnected)", LIBUSB_ERROR_NO_DEVICE, errno.ENODEV)
        if intf not in self.claimed:
            raise USBError("interface not claimed", -6, errno.EBUSY)

    def bulk_write(self, dev_handle: str, ep: int, intf: int, data: array.array[int], timeout: int) -> int:
        self._check(intf)
        assert ep == self.out_ep, f"bulk OUT to {ep:#x}, the printer's is {self.out_ep:#x}"
        self._connection().sendall(data.tobytes())
        return len(data)

    def bulk_read(self, dev_handle: str, ep: int, intf: int, buff: array.array[int], timeout: int) -> int:
        self._check(intf)
        assert self.with_in and ep == self.in_ep, f"bulk IN from {ep:#x}"
        sock = self._connection()
        ready, _, _ = select.select([sock], [], [], (timeout or 5000) / 1000)
        if not ready:
            raise USBTimeoutError("Operation timed out", LIBUSB_ERROR_TIMEOUT, errno.ETIMEDOUT)
        got = sock.recv(len(buff))
        buff[:len(got)] = array.array("B", got)
        return len(got)
