"""The demo's applicants and officers' contact numbers: Vietnamese names with their
diacritics, 12-digit personal identification numbers of the real shape and mobile numbers
of real networks, all made up and all deterministic (the same demo on every run).

A personal identification number reads PPP G YY NNNNNN (Decree 137/2015 Art. 7, kept by the
Law on Identification 2023): the province of birth registration (052 Bình Định, 064 Gia
Lai), the sex and century digit (0 man / 1 woman born in the 1900s, 2 / 3 in the 2000s),
the last two digits of the birth year, then six random digits.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

PROVINCE_CODES = ("052", "064")
# Mobile prefixes of the Vietnamese networks (10-digit numbers since the 2018 renumbering).
MOBILE_PREFIXES = (
    "090", "093", "089", "070", "079", "077", "076", "078",  # MobiFone
    "091", "094", "088", "083", "084", "085", "081", "082",  # VinaPhone
    "096", "097", "098", "086", "032", "033", "034", "035", "036", "037", "038", "039",  # Viettel
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    name: str
    woman: bool


WALK_IN_PEOPLE = (
    Person("Võ Minh Tuấn", False),
    Person("Huỳnh Thị Lan", True),
    Person("Bùi Đức Thắng", False),
    Person("Ngô Thị Mỹ Dung", True),
    Person("Dương Văn Khoa", False),
    Person("Hồ Thị Ánh Tuyết", True),
    Person("Phan Thanh Sơn", False),
    Person("Đỗ Thị Hạnh", True),
    Person("Trương Công Định", False),
    Person("Lý Thị Kim Oanh", True),
    Person("Nguyễn Hữu Phước", False),
    Person("Trần Thị Thanh Thủy", True),
    Person("Lê Quang Vinh", False),
    Person("Phạm Ngọc Ánh", True),
    Person("Đinh Văn Lực", False),
    Person("Kpă Nguyên", False),
    Person("Rơ Châm H'Luyện", True),
    Person("Nguyễn Thị Xuân Mai", True),
    Person("Hoàng Đình Nghĩa", False),
    Person("Mai Thị Bảo Trâm", True),
    Person("Tạ Quốc Bảo", False),
    Person("Lương Thị Diệu Linh", True),
    Person("Châu Văn Lộc", False),
    Person("Văn Thị Kiều Oanh", True),
)

STREETS = (
    "Nguyễn Huệ",
    "Trần Hưng Đạo",
    "Lê Lợi",
    "Hai Bà Trưng",
    "Ngô Mây",
    "Tăng Bạt Hổ",
    "Phạm Văn Đồng",
    "Hùng Vương",
    "Lê Duẩn",
    "Quang Trung",
)
WARDS = ("phường Quy Nhơn", "phường Quy Nhơn Nam", "phường Pleiku", "phường Quy Nhơn Đông")


def citizen_id(rng: random.Random, woman: bool, birth_year: int) -> str:
    century = 0 if birth_year < 2000 else 2
    return (
        f"{rng.choice(PROVINCE_CODES)}{century + int(woman)}{birth_year % 100:02d}"
        f"{rng.randrange(1_000_000):06d}"
    )


def mobile(rng: random.Random) -> str:
    return f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10_000_000):07d}"


def address(rng: random.Random) -> str:
    return f"{rng.randint(1, 320)} {rng.choice(STREETS)}, {rng.choice(WARDS)}, tỉnh Gia Lai"


@dataclass(frozen=True)
class WalkIn:
    name: str
    id_number: str
    phone: str
    address: str


def walk_in_applicants(seed: int = 2025) -> tuple[WalkIn, ...]:
    """One fixed identity per walk-in person: the same person comes back with the same
    number (a search by ID or phone finds all of their dossiers)."""
    rng = random.Random(seed)
    return tuple(
        WalkIn(
            person.name,
            citizen_id(rng, person.woman, rng.randint(1955, 2005)),
            mobile(rng),
            address(rng),
        )
        for person in WALK_IN_PEOPLE
    )


def officer_phone(index: int) -> str:
    """A stable mobile number per demo officer (shown as the contact on Mẫu 02)."""
    return mobile(random.Random(10_000 + index))
