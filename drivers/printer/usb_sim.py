"""A pyusb backend that plays a USB receipt printer, under the real pyusb core and python-escpos.

It answers what libusb would: the device, configuration, interface and endpoint descriptors of
the model (Xprinter-class POS80 with bulk IN 0x81 / OUT 0x03, or Epson TM-T88 with 0x82 /
0x01), bulk transfers fed to the ESC/POS simulator, ``USBTimeoutError`` when nothing comes back
in time. ``replug()`` plays a USB reset or a cable pulled and pushed back: the old handle fails
with "No such device", the device comes back at a new address. ``unplug()`` takes it away.
"""

from __future__ import annotations

import array
import errno
import itertools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import usb.backend
import usb.core

from drivers.printer.sim import PrinterSimulator

LIBUSB_ERROR_NO_DEVICE = -4
LIBUSB_ERROR_TIMEOUT = -7
BULK = 0x02
PRINTER_CLASS = 7
#: libusb's timeout 0 means "wait for ever"; the simulator caps it so a test cannot hang.
LONGEST_WAIT_S = 10.0


@dataclass(frozen=True)
class UsbModel:
    name: str
    vendor: int
    product: int
    in_ep: int | None
    out_ep: int


XPRINTER = UsbModel("Xprinter XP-80C (POS80 class)", 0x0416, 0x5011, 0x81, 0x03)
EPSON = UsbModel("Epson TM-T88", 0x04B8, 0x0202, 0x82, 0x01)
#: A USB printer that only takes data (printer class protocol 1, "unidirectional").
WRITE_ONLY = UsbModel("unidirectional POS58", 0x0483, 0x5720, None, 0x02)
MODELS = {(m.vendor, m.product): m for m in (XPRINTER, EPSON, WRITE_ONLY)}


def model_for(vendor: int | None, product: int | None) -> UsbModel:
    """The model a vendor/product id pair plays; an unknown pair plays the Xprinter class."""
    known = MODELS.get((vendor or 0, product or 0))
    if known is not None:
        return known
    return UsbModel(
        "POS80 clone", vendor or XPRINTER.vendor, product or XPRINTER.product, 0x81, 0x03
    )


class _InPipe:
    """The printer's bulk IN endpoint: bytes wait here until the host reads them."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._ready = threading.Condition()

    def send(self, data: bytes) -> None:
        with self._ready:
            self._data += data
            self._ready.notify_all()

    def schedule(self, delay: float, action: Callable[[], None]) -> None:
        timer = threading.Timer(delay, action)
        timer.daemon = True
        timer.start()

    def take(self, size: int, timeout: float) -> bytes:
        with self._ready:
            self._ready.wait_for(lambda: bool(self._data), timeout)
            data = bytes(self._data[:size])
            del self._data[:size]
            return data

    def clear(self) -> None:
        with self._ready:
            self._data.clear()


class UsbPrinterBackend(usb.backend.IBackend):  # type: ignore[misc]
    """One simulated printer on a simulated bus. ``printer`` sees every byte the host sends."""

    def __init__(self, model: UsbModel = XPRINTER, profile: str = "default") -> None:
        super().__init__()
        self.model = model
        self._pipe = _InPipe()
        self.printer = PrinterSimulator(profile, replies=self._pipe)
        self._addresses = itertools.count(5)
        self._address = next(self._addresses)
        self._plugged = True
        self._handles = itertools.count(1)
        self._live: set[int] = set()
        self._configuration = 0
        self.opened = 0
        self.resets = 0

    # --- faults ------------------------------------------------------------------------------

    def replug(self) -> None:
        """The device drops off the bus and comes back (a USB reset, a loose cable)."""
        self._live.clear()
        self._configuration = 0
        self._address = next(self._addresses)
        self._pipe.clear()

    def unplug(self) -> None:
        self._live.clear()
        self._plugged = False

    def plug(self) -> None:
        self._plugged = True
        self._address = next(self._addresses)

    # --- descriptors ---------------------------------------------------------------------------

    def enumerate_devices(self) -> Iterator[int]:
        if self._plugged:
            yield self._address

    def get_device_descriptor(self, dev: int) -> Any:
        return SimpleNamespace(
            bLength=18,
            bDescriptorType=1,
            bcdUSB=0x0200,
            bDeviceClass=0,
            bDeviceSubClass=0,
            bDeviceProtocol=0,
            bMaxPacketSize0=64,
            idVendor=self.model.vendor,
            idProduct=self.model.product,
            bcdDevice=0x0100,
            iManufacturer=0,
            iProduct=0,
            iSerialNumber=0,
            bNumConfigurations=1,
            address=dev,
            bus=1,
            port_number=1,
            port_numbers=(1,),
            speed=2,
        )

    def get_configuration_descriptor(self, dev: int, config: int) -> Any:
        return SimpleNamespace(
            bLength=9,
            bDescriptorType=2,
            wTotalLength=32,
            bNumInterfaces=1,
            bConfigurationValue=1,
            iConfiguration=0,
            bmAttributes=0xC0,
            bMaxPower=50,
            extra_descriptors=[],
        )

    def _endpoints(self) -> list[int]:
        # Descriptor order as the models list them: OUT first on the Epson, IN first on clones.
        if self.model.in_ep is None:
            return [self.model.out_ep]
        if self.model is EPSON:
            return [self.model.out_ep, self.model.in_ep]
        return [self.model.in_ep, self.model.out_ep]

    def get_interface_descriptor(self, dev: int, intf: int, alt: int, config: int) -> Any:
        if intf != 0 or alt != 0:
            raise IndexError("no such interface")
        return SimpleNamespace(
            bLength=9,
            bDescriptorType=4,
            bInterfaceNumber=0,
            bAlternateSetting=0,
            bNumEndpoints=len(self._endpoints()),
            bInterfaceClass=PRINTER_CLASS,
            bInterfaceSubClass=1,
            bInterfaceProtocol=1 if self.model.in_ep is None else 2,
            iInterface=0,
            extra_descriptors=[],
        )

    def get_endpoint_descriptor(self, dev: int, ep: int, intf: int, alt: int, config: int) -> Any:
        return SimpleNamespace(
            bLength=7,
            bDescriptorType=5,
            bEndpointAddress=self._endpoints()[ep],
            bmAttributes=BULK,
            wMaxPacketSize=64,
            bInterval=0,
            bRefresh=0,
            bSynchAddress=0,
            extra_descriptors=[],
        )

    # --- handles -------------------------------------------------------------------------------

    def open_device(self, dev: int) -> int:
        if not self._plugged or dev != self._address:
            raise _gone()
        handle = next(self._handles)
        self._live.add(handle)
        self.opened += 1
        return handle

    def close_device(self, dev_handle: int) -> None:
        self._live.discard(dev_handle)

    def _check(self, dev_handle: int) -> None:
        if dev_handle not in self._live:
            raise _gone()

    def set_configuration(self, dev_handle: int, config_value: int) -> None:
        self._check(dev_handle)
        self._configuration = config_value

    def get_configuration(self, dev_handle: int) -> int:
        self._check(dev_handle)
        return self._configuration

    def set_interface_altsetting(self, dev_handle: int, intf: int, altsetting: int) -> None:
        self._check(dev_handle)

    def claim_interface(self, dev_handle: int, intf: int) -> None:
        self._check(dev_handle)

    def release_interface(self, dev_handle: int, intf: int) -> None:
        self._check(dev_handle)

    def reset_device(self, dev_handle: int) -> None:
        # python-escpos resets the device as it opens it; the handle stays valid (libusb).
        self._check(dev_handle)
        self.resets += 1
        self._pipe.clear()

    def clear_halt(self, dev_handle: int, ep: int) -> None:
        self._check(dev_handle)

    # --- transfers -----------------------------------------------------------------------------

    def bulk_write(
        self, dev_handle: int, ep: int, intf: int, data: array.array[int], timeout: int
    ) -> int:
        self._check(dev_handle)
        if ep != self.model.out_ep:
            raise usb.core.USBError("Pipe error", -9, errno.EPIPE)
        self.printer.feed(bytes(data))
        return len(data)

    def bulk_read(
        self, dev_handle: int, ep: int, intf: int, buff: array.array[int], timeout: int
    ) -> int:
        self._check(dev_handle)
        if ep != self.model.in_ep:
            raise usb.core.USBError("Pipe error", -9, errno.EPIPE)
        wait = LONGEST_WAIT_S if timeout == 0 else timeout / 1000
        data = self._pipe.take(len(buff), wait)
        if not data:
            raise usb.core.USBTimeoutError(
                "Operation timed out", LIBUSB_ERROR_TIMEOUT, errno.ETIMEDOUT
            )
        self._check(dev_handle)  # unplugged while waiting
        buff[: len(data)] = array.array("B", data)
        return len(data)

    def is_kernel_driver_active(self, dev_handle: int, intf: int) -> bool:
        return False


def _gone() -> usb.core.USBError:
    return usb.core.USBError(
        "No such device (it may have been disconnected)", LIBUSB_ERROR_NO_DEVICE, errno.ENODEV
    )
