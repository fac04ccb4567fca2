"""The demo's seed data: deterministic (a fixed random seed), so docs and tests can quote it.

Names and procedures are NFC Vietnamese. The simulator (simulator.py) gives them to the hub
through its own services, which hash the PINs as the contract says; tests may ask for fewer
PBKDF2 iterations, which the format carries.
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass

from hub.crypto import badge_payload

SEED = 20261123
DEMO_KIOSK_ID = "demo-kiosk-01"
DEMO_TOKEN = "demo-token"
WARD = "Phường Bến Thành"  # every simulated kiosk's ward, as its SMS name it
AGENCY = "000.00.07.H29"
RESULTS = 36

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quốc", "Ngọc", "Đức", "Thanh", "Hữu", "Bảo"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hương",
    "Khánh",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Uyên",
    "Yến",
]
PROCEDURES = [
    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Đăng ký khai sinh",
    "Cấp bản sao trích lục hộ tịch",
    "Chứng thực bản sao từ bản chính",
    "Đăng ký kết hôn",
    "Cấp giấy xác nhận tình trạng hôn nhân",
    "Đăng ký thường trú",
    "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
    "Đăng ký hộ kinh doanh",
    "Xác nhận thông tin về cư trú",
]
# Dossiers the kiosk can look up for drop-off or status (beyond those with a released result).
LOOKUP_STATES = [
    "awaiting_paper",
    "awaiting_paper",
    "awaiting_paper",
    "received",
    "processing",
    "processing",
    "picked_up",
    "unknown",
]


@dataclass(frozen=True)
class SeedRelease:
    dossier_code: str
    procedure_name: str
    holder_name: str
    phone_last_digits: str
    size_hint: str
    otp: str
    days_valid: int


@dataclass(frozen=True)
class SeedDossier:
    dossier_code: str
    procedure_name: str
    state: str
    appointment_days: int


@dataclass(frozen=True)
class SeedStaff:
    staff_id: str
    name: str
    role: str
    pin: str
    secret: str

    @property
    def badge(self) -> str:
        """The badge QR's payload; the directory carries only its SHA-256."""
        return badge_payload(self.staff_id, self.secret)


def badge_secret(rng: random.Random) -> str:
    """160 random bits in base32 (the contract asks for at least 128), from the seed's draw."""
    return base64.b32encode(rng.randbytes(20)).decode()


def person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def demo_releases(rng: random.Random, count: int = RESULTS) -> list[SeedRelease]:
    otps: set[str] = set()
    out = []
    for n in range(1, count + 1):
        otp = f"{rng.randrange(10**8):08d}"
        while otp in otps:
            otp = f"{rng.randrange(10**8):08d}"
        otps.add(otp)
        day = 20 + (n - 1) // 12  # three receipt days, a dozen dossiers each
        out.append(
            SeedRelease(
                dossier_code=f"{AGENCY}-2511{day:02d}-{n:04d}",
                procedure_name=rng.choice(PROCEDURES),
                holder_name=person(rng),
                phone_last_digits=f"{rng.randrange(1000):03d}",
                size_hint=rng.choice("SSMML"),
                otp=otp,
                days_valid=rng.randrange(7, 31),
            )
        )
    return out


def demo_dossiers(rng: random.Random) -> list[SeedDossier]:
    return [
        SeedDossier(
            dossier_code=f"{AGENCY}-251123-{n:04d}",
            procedure_name=rng.choice(PROCEDURES),
            state=state,
            appointment_days=rng.randrange(3, 15),
        )
        for n, state in enumerate(LOOKUP_STATES, start=101)
    ]


def demo_staff(rng: random.Random) -> list[SeedStaff]:
    people = [
        ("cb-0142", "Trần Thị Bình", "staff", f"{rng.randrange(10**6):06d}"),
        ("kt-0007", "Lê Minh Khoa", "technician", f"{rng.randrange(10**6):06d}"),
    ]
    # Secrets drawn after the PINs, so the PINs (and everything before) stay as documented.
    return [SeedStaff(*person, secret=badge_secret(rng)) for person in people]
