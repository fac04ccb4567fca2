"""Typed device configuration: the ``[devices.*]`` tables of the kiosk's TOML file.

Every field is declared once here with its default, unit and description; the configuration
reference is generated from these. The defaults run the kiosk against the simulators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

if TYPE_CHECKING:
    from drivers.locks.protocols import BoardProtocol

SIM_PREFIX = "sim:"

CodePage = Annotated[int, Field(ge=0, le=255)]

LockProtocolName = Literal["cu16", "cu48", "8a80", "modbus"]
LOCK_SIMULATORS = ("sim:cu16", "sim:cu48", "sim:8a80", "sim:modbus")


def _protocol(name: str) -> BoardProtocol:
    from drivers.locks import protocols  # the frame modules, only when a bus is configured

    return protocols.get(name)


def _ms(default: int, description: str, *, ge: int = 1) -> Any:
    """A field in milliseconds. A ``FieldInfo``, typed ``Any`` as pydantic's ``Field`` is, so
    that ``x: int = _ms(...)`` type-checks."""
    return Field(default, ge=ge, description=description, json_schema_extra={"unit": "ms"})


class BoardConfig(BaseModel):
    """One lock board on the bus, where it differs from the protocol's defaults."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    address: int = Field(ge=0, le=255, description="The board's address (DIP switches).")
    item_sensors: bool | None = Field(
        None,
        description=(
            "The board's infrared item sensors are fitted and can be trusted. Empty: the "
            "protocol's (cu16 boards have them, cu48 and 8a80 boards do not). Without them a "
            "door's closing alone decides (see docs/hardware.md)."
        ),
    )
    closed_bit: Literal[0, 1] | None = Field(
        None,
        description=(
            "This board's lock sensor value for 'door closed', where it differs from the bus's "
            "`closed_bit` (boards of two makes or batches on one bus; `kiosk commission` writes "
            "it for a board that reads the other way round). Empty: the bus's."
        ),
    )
    channels: int | None = Field(
        None,
        ge=1,
        description=(
            "Locks on this board, numbered from 1. Empty: the protocol's (cu16 16, cu48 48, 8a80 "
            "16); 8A/80 boards are sold with 2, 8, 12, 18, 24 or 50, a CU12 has 12. Checked at "
            "start-up against the protocol's maximum (16, 48, 50)."
        ),
    )
    pulse_ms: int | None = Field(
        None,
        ge=10,
        le=2550,
        description=(
            "Unlock pulse time set on the board (cu16 command 0x37, 10 ms units) at start-up "
            "and whenever it comes back online: 500 for solenoid locks, 1000 for motor locks. "
            "Empty: leave the board's own setting. For modbus boards, how long the lock's coil "
            "is held on (empty: 500)."
        ),
        json_schema_extra={"unit": "ms"},
    )


class ModbusMap(BaseModel):
    """Where a Modbus RTU relay/input board keeps its locks and sensors (protocol modbus)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    coil_base: int = Field(
        0,
        ge=0,
        le=0xFFFF,
        description="Coil (relay output) of lock 1; lock n is coil_base + n - 1.",
    )
    door_input_base: int = Field(
        0, ge=0, le=0xFFFF, description="Discrete input of lock 1's door sensor."
    )
    item_input_base: int | None = Field(
        None,
        ge=0,
        le=0xFFFF,
        description="Discrete input of lock 1's item sensor; empty: no item sensors.",
    )


class AlertOutput(BaseModel):
    """A board output wired to a siren or strobe relay instead of a lock."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    board: int = Field(ge=0, le=255, description="The board's address.")
    lock: int = Field(ge=1, le=16, description="The output (lock number) the relay is wired to.")


class LockBusConfig(BaseModel):
    """The RS-485 bus of lock control boards."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    port: str = Field(
        "sim:cu16",
        description=(
            "Serial port of the RS-485 adapter: a device path (/dev/ttyUSB0), a pyserial URL "
            "(rfc2217://host:4001), or a simulator: sim:cu16, sim:cu48 or sim:8a80."
        ),
    )
    protocol: LockProtocolName = Field(
        "cu16",
        description=(
            "Board protocol: cu16 (Kerong KR-CU16 and clones), cu48 (Kerong KR-CU48 and CU12, "
            "6-byte frames), 8a80 (generic 8A/80 boards, addresses 1-32) or modbus (Modbus RTU "
            "relay/input boards, slave addresses 1-247, register map in modbus)."
        ),
    )
    baud: int | None = Field(
        None,
        gt=0,
        description=(
            "Line speed; empty means the protocol's default (cu16 and cu48 19200, 8a80 and "
            "modbus 9600)."
        ),
        json_schema_extra={"unit": "baud"},
    )
    closed_bit: Literal[0, 1] = Field(
        1,
        description=(
            "Lock sensor value that means 'door closed'. Most KR-CU16 boards report 1; set 0 if "
            "every closed door reads open. For 8A/80 boards 1 means the reply byte 0x11, 0 means "
            "0x00."
        ),
    )
    poll_interval_ms: int = _ms(250, "How often the door monitor reads each board.", ge=10)
    reply_timeout_ms: int = _ms(300, "How long to wait for a board's reply before giving up.")
    probe_timeout_ms: int | None = Field(
        None,
        ge=1,
        description=(
            "How long commissioning (kiosk commission, the technician's Lắp đặt tủ screen) gives "
            "each address to answer when it searches the bus; a reply that comes later, while "
            "the next addresses are asked, still counts. Empty: reply_timeout_ms."
        ),
        json_schema_extra={"unit": "ms"},
    )
    unlock_readback_delay_ms: int = _ms(
        50, "Pause between an unlock and each status read-back (boards need 20-50 ms).", ge=0
    )
    unlock_confirm_ms: int = _ms(
        1500,
        "After an unlock, how long the board is read again (retrying lost or garbled replies) "
        "until the door is seen open. The board answered and the lock stayed closed: jammed; "
        "no trustworthy answer: unknown, settled by the door monitor's next readings. Cover "
        "the pulse (solenoid 500 ms, motor locks up to 1000 ms) plus a few replies.",
    )
    command_window_ms: int = _ms(
        3000,
        "An opening seen within this time after an unlock counts as commanded; an opening "
        "without a recent unlock is reported as forced.",
    )
    left_open_alarm_ms: int = _ms(
        120_000, "A door still open after this time is reported once as left open."
    )
    offline_after_failures: int = Field(
        3,
        ge=1,
        description="Consecutive failed exchanges (no reply or garbled) before a board is offline.",
    )

    modbus: ModbusMap = Field(
        default_factory=ModbusMap,
        description="The register map of Modbus RTU boards (protocol modbus).",
    )
    alert_output: AlertOutput | None = Field(
        None,
        description=(
            "A board output pulsed when a door is forced (a relay for a siren or strobe; a "
            "latching or timer relay keeps it on), as `{ board = 1, lock = 16 }`. It must "
            "drive no compartment. Empty: no local alert, staff are told through the alarm."
        ),
    )
    boards: list[BoardConfig] = Field(
        default_factory=list,
        description=(
            "Per-board settings, as `[[devices.lock_bus.boards]]` tables with `address`; "
            "boards not listed use the defaults."
        ),
    )

    def probe_timeout_s(self) -> float:
        """Commissioning's wait for each address it probes, in seconds."""
        own = self.probe_timeout_ms
        return (self.reply_timeout_ms if own is None else own) / 1000

    def board(self, address: int) -> BoardConfig:
        """The settings of one board (the defaults when it is not listed)."""
        return next((b for b in self.boards if b.address == address), BoardConfig(address=address))

    def has_item_sensors(self, address: int) -> bool:
        own = self.board(address).item_sensors
        if own is not None:
            return own
        if self.protocol == "modbus":
            return self.modbus.item_input_base is not None
        return _protocol(self.protocol).item_sensors

    def closed_bit_of(self, address: int) -> int:
        """The sensor value that means "door closed" on the board at ``address``."""
        own = self.board(address).closed_bit
        return self.closed_bit if own is None else own

    def channels(self, address: int) -> int:
        """How many locks the board at ``address`` has."""
        own = self.board(address).channels
        return _protocol(self.protocol).default_channels if own is None else own

    @model_validator(mode="before")
    @classmethod
    def _protocol_from_simulator(cls, data: object) -> object:
        # `port = "sim:8a80"` alone is enough: the simulator's name says the protocol.
        if isinstance(data, dict) and "protocol" not in data:
            port = data.get("port")
            if isinstance(port, str) and port.startswith(SIM_PREFIX):
                return {**data, "protocol": port.removeprefix(SIM_PREFIX)}
        return data

    @model_validator(mode="after")
    def _pulse_time_is_cu16(self) -> LockBusConfig:
        timed = [b.address for b in self.boards if b.pulse_ms is not None]
        protocol = _protocol(self.protocol)
        # cu16 boards take it (0x37); on modbus boards the bus holds the coil that long.
        if timed and protocol.pulse_request is None and protocol.release_request is None:
            raise ValueError(
                f"boards {timed} set pulse_ms, which only cu16 boards have (command 0x37) and "
                f"modbus boards use (the coil's time on): remove it for {self.protocol} boards"
            )
        return self

    @model_validator(mode="after")
    def _simulator_matches_protocol(self) -> LockBusConfig:
        if self.port.startswith(SIM_PREFIX):
            simulated = self.port.removeprefix(SIM_PREFIX)
            if self.port not in LOCK_SIMULATORS:
                raise ValueError(
                    f"unknown lock simulator {self.port!r}: use {', '.join(LOCK_SIMULATORS)}"
                )
            if simulated != self.protocol:
                raise ValueError(
                    f"port {self.port!r} simulates the {simulated} protocol but protocol is "
                    f"{self.protocol!r}: make them match"
                )
        protocol = _protocol(self.protocol)
        for board in self.boards:
            if board.address not in protocol.addresses:
                raise ValueError(
                    f"boards: address {board.address} is not a {protocol.title} address "
                    f"({protocol.addresses.start}..{protocol.addresses.stop - 1})"
                )
            if board.channels is not None and board.channels > protocol.max_channels:
                raise ValueError(
                    f"boards: board {board.address} has channels = {board.channels}, more than "
                    f"a {protocol.title} board can have ({protocol.max_channels})"
                )
        return self


class PrinterConfig(BaseModel):
    """The ESC/POS receipt printer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    transport: Literal["serial", "usb", "usblp", "network"] = Field(
        "serial",
        description=(
            "How the printer is connected: serial, usb (pyusb, two-way: status and receipts "
            "confirmed), usblp (the kernel's write-only /dev/usb/lp* device: prints, but the "
            "printer's status stays unknown) or network (TCP 9100)."
        ),
    )
    port: str = Field(
        "sim:escpos",
        description=(
            "For the serial transport: a device path (/dev/ttyS0), a pyserial URL, or the "
            "simulator sim:escpos; for usblp the device (/dev/usb/lp0); for usb, sim:escpos plays "
            "the printer as a USB device (see usb_vendor_id)."
        ),
    )
    baud: int = Field(
        9600, gt=0, description="Serial line speed.", json_schema_extra={"unit": "baud"}
    )
    usb_vendor_id: int | None = Field(
        None, ge=0, le=0xFFFF, description="USB vendor id, e.g. 0x04b8 (usb transport)."
    )
    usb_product_id: int | None = Field(
        None, ge=0, le=0xFFFF, description="USB product id, e.g. 0x0202 (usb transport)."
    )
    usb_in_ep: int | None = Field(
        None,
        ge=0x81,
        le=0x8F,
        description=(
            "USB bulk IN endpoint (status replies); empty means the one the printer's own "
            "descriptors name (Epson 0x82, most Chinese POS58/80 printers 0x81)."
        ),
    )
    usb_out_ep: int | None = Field(
        None,
        ge=0x01,
        le=0x0F,
        description=(
            "USB bulk OUT endpoint (print data); empty means the one the printer's descriptors "
            "name (Epson 0x01, most Chinese POS58/80 printers 0x03)."
        ),
    )
    host: str = Field("", description="Printer's IP address or host name (network transport).")
    tcp_port: int = Field(
        9100, ge=1, le=65535, description="Printer's raw TCP port (network transport)."
    )
    profile: str = Field(
        "default",
        description=(
            "python-escpos capability profile (e.g. TM-T20II): code pages, paper width, cutter."
        ),
    )
    text_mode: Literal["codepage", "raster", "auto"] = Field(
        "auto",
        description=(
            "Vietnamese text: codepage sends TCVN-3 text (small, fast), raster sends it as an "
            "image drawn with Noto Sans (reads right on every printer, ~10x the bytes), auto "
            "uses the code page only where it is verified for the profile (Epson TM-T20II/T88V "
            "and other Epson and Citizen profiles listed in docs/hardware.md, or tcvn3_pages "
            "set) and raster everywhere else, the default profile and Chinese clones included."
        ),
    )
    tcvn3_pages: tuple[CodePage, CodePage] | None = Field(
        None,
        description=(
            "ESC t numbers of TCVN-3 lower case and capitals on this printer, e.g. [30, 31], as "
            "`kiosk diag printer codepages` showed them printing correctly; set, they count as "
            "verified (text_mode auto uses them). Empty: the profile's verified pages, if any."
        ),
    )
    qr: Literal["native", "raster"] = Field(
        "native",
        description="QR code drawn by the printer (GS ( k, a few dozen bytes) or sent as an image.",
    )
    qr_size: int = Field(
        6, ge=1, le=16, description="QR module size.", json_schema_extra={"unit": "dots"}
    )
    width_dots: int | None = Field(
        None,
        gt=0,
        description="Printable width for raster output; empty means the profile's, else 576.",
        json_schema_extra={"unit": "dots"},
    )
    cut: Literal["full", "partial"] = Field("full", description="Cut at the end of a receipt.")
    presenter: Literal["none", "custom", "citizen", "epic"] = Field(
        "none",
        description=(
            "A kiosk printer's presenter: custom (Custom VKP80/KPM, GS e), citizen (PPU-700, "
            "PMU2300III, GS R: the printer's own collection timer), epic (Epic 880, ESC i / "
            "ESC k). The receipt is held in the mouth and pulled back after retract_after_s "
            "if nobody takes it."
        ),
    )
    retract_after_s: int = Field(
        30,
        ge=1,
        le=600,
        description=(
            "An untaken receipt (it shows a dossier code) is retracted after this long, so the "
            "next person cannot take it. Citizen presenters time it themselves: 1-9 s."
        ),
        json_schema_extra={"unit": "s"},
    )
    font_dir: str = Field(
        "",
        description=(
            "Directory with NotoSans-Regular.ttf and NotoSans-Bold.ttf for raster text; empty "
            "means the kiosk's assets/fonts."
        ),
    )
    confirm_printed: bool = Field(
        True,
        description=(
            "End each receipt with GS r 1 and wait for the answer, which comes once everything "
            "has printed; turn off only for printers that do not answer GS r."
        ),
    )
    status_timeout_ms: int = _ms(
        500,
        "How long to wait for the answer to each of the four status queries (DLE EOT 1-4), so "
        "a printer behind a LAN bridge answering in 150 ms still reads; silence means offline, "
        "never 'paper ok'.",
    )
    print_timeout_ms: int = _ms(
        5000,
        "Time allowed, beyond the bytes' time on the wire, for a receipt to be sent and printed.",
    )

    @field_validator("profile")
    @classmethod
    def _known_profile(cls, value: str) -> str:
        if value == "default":
            return value
        # Imported only for a non-default profile: python-escpos loads its whole database.
        from drivers.printer import known_profiles

        known = known_profiles()
        if value not in known:
            raise ValueError(f"unknown printer profile {value!r}; known: {', '.join(known)}")
        return value

    @model_validator(mode="after")
    def _transport_complete(self) -> PrinterConfig:
        if self.port.startswith(SIM_PREFIX) and self.port != "sim:escpos":
            raise ValueError(f"unknown printer simulator {self.port!r}: use sim:escpos")
        if self.transport == "usb" and (self.usb_vendor_id is None or self.usb_product_id is None):
            raise ValueError("the usb transport needs usb_vendor_id and usb_product_id")
        if self.transport == "usblp" and not self.port.startswith("/"):
            raise ValueError("the usblp transport needs port = the device, e.g. /dev/usb/lp0")
        if self.transport == "network" and not self.host:
            raise ValueError("the network transport needs host")
        if self.presenter == "citizen" and self.retract_after_s > 9:
            raise ValueError(
                "retract_after_s: a Citizen presenter's collection timer is 1-9 s, not "
                f"{self.retract_after_s}"
            )
        return self


class ScannerConfig(BaseModel):
    """The QR / barcode scanner."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["serial", "evdev", "none"] = Field(
        "serial",
        description=(
            "serial: a scanner on a (USB-)serial port; evdev: a USB-HID keyboard-wedge scanner "
            "read from /dev/input (Linux, needs the 'hid' extra); none: no scanner."
        ),
    )
    port: str = Field(
        "sim:scanner",
        description="Serial port: a device path, a pyserial URL, or the simulator sim:scanner.",
    )
    baud: int = Field(
        9600, gt=0, description="Serial line speed.", json_schema_extra={"unit": "baud"}
    )
    suffix: Literal["any", "CR", "LF", "CRLF", "gap"] = Field(
        "any",
        description=(
            "What ends each code: any (CR, LF, CRLF or an idle gap of partial_line_timeout_ms), "
            "one of CR, LF, CRLF (then bytes left without it are a partial read and dropped), "
            "or gap (a scanner that sends no suffix: the idle gap alone)."
        ),
    )
    strip_aim: bool = Field(
        True, description="Remove an AIM symbology prefix such as ]Q1 (QR) or ]C0 (Code 128)."
    )
    duplicate_window_ms: int = _ms(
        1500, "The same code read again within this time is ignored.", ge=0
    )
    partial_line_timeout_ms: int = _ms(
        300,
        "An idle gap this long after some bytes: with suffix any or gap it ends the code; with "
        "CR, LF or CRLF the bytes are discarded as a partial read.",
    )
    evdev_device: str = Field(
        "",
        description="evdev scanner's event device, e.g. /dev/input/by-id/usb-XYZ-event-kbd.",
    )
    evdev_layout: Literal["us", "de", "fr"] = Field(
        "us",
        description=(
            "The keyboard layout the evdev scanner is set to type in (its factory default is "
            "usually us); keypad digits read in every layout."
        ),
    )
    evdev_grab: bool = Field(
        True, description="Grab the evdev device so its keystrokes do not also reach the UI."
    )

    @model_validator(mode="after")
    def _evdev_has_device(self) -> ScannerConfig:
        if self.port.startswith(SIM_PREFIX) and self.port != "sim:scanner":
            raise ValueError(f"unknown scanner simulator {self.port!r}: use sim:scanner")
        if self.kind == "evdev" and not self.evdev_device:
            raise ValueError("the evdev scanner needs evdev_device (see /dev/input/by-id/)")
        return self


class DevicesConfig(BaseModel):
    """All devices of one kiosk: lock boards, receipt printer and scanner."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lock_bus: LockBusConfig = Field(
        default_factory=LockBusConfig, description="The lock control boards."
    )
    printer: PrinterConfig = Field(
        default_factory=PrinterConfig, description="The receipt printer."
    )
    scanner: ScannerConfig = Field(
        default_factory=ScannerConfig, description="The QR / barcode scanner."
    )
    check_interval_ms: int = _ms(
        2000,
        "How often the kiosk looks at its devices: a scanner that could not be opened is tried "
        "again, the printer is asked for its status (opening a port that appeared), and a "
        "device whose verdict changed is logged and reported at once.",
        ge=10,
    )
