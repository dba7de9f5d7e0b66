"""A generated catalogue file of N procedures, in the seed's JSON shape, for the import's
load test (docs/domain.md#catalogue-import): `python -m bench.catalogue_file 2000 out.json`
(add `--csv` for the CSV form). Deterministic for a given seed.

Every procedure is valid: its route names the demo agencies and its budgets add up to its
limit (stages one after the other, the steps of a stage in parallel with the same budget),
so an import publishes all of them.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

FIELDS = (
    "Hộ tịch",
    "Chứng thực",
    "Cư trú",
    "Đất đai",
    "Hộ kinh doanh",
    "Bảo trợ xã hội",
    "Xây dựng",
    "Lý lịch tư pháp",
    "Giáo dục",
    "Y tế",
)
ACTS = ("Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Xác nhận", "Đăng ký", "Thu hồi", "Công nhận")
OBJECTS = (
    "giấy phép kinh doanh dịch vụ",
    "giấy chứng nhận đủ điều kiện",
    "thông tin hộ gia đình",
    "giấy xác nhận tình trạng",
    "chứng chỉ hành nghề",
    "giấy phép hoạt động",
    "quyết định hỗ trợ",
    "sổ đăng ký",
)
QUALIFIERS = ("lần đầu", "do bị mất", "do hư hỏng", "khi thay đổi thông tin", "có thời hạn", "")
PAPERS = (
    "Tờ khai theo mẫu",
    "Bản sao giấy tờ tùy thân",
    "Giấy tờ chứng minh nơi cư trú",
    "Văn bản ủy quyền (nếu có)",
    "Bản chính giấy phép đã cấp",
    "Ảnh 4x6 cm",
    "Giấy xác nhận của cơ quan có thẩm quyền",
)
# Agencies of the demo seed (seed/procedures-demo.json) a generated route may name.
AGENCIES = ("congan", "bhxh", "thue", "vpdkdd", "sotuphap", "snnmt")
RECEIVING = "receiving_commune"


def _route(rng: random.Random, limit: int) -> list[list[dict[str, Any]]]:
    """Budgets in whole working days adding up to `limit`: 1 to 3 stages."""
    stages = min(limit, rng.randint(1, 3))
    cuts = sorted(rng.sample(range(1, limit), stages - 1)) if stages > 1 else []
    budgets = [b - a for a, b in zip([0, *cuts], [*cuts, limit], strict=True)]
    route = []
    for number, budget in enumerate(budgets):
        width = 1 if number == 0 else rng.randint(1, 2)
        agencies = [RECEIVING] if number == 0 else rng.sample(AGENCIES, width)
        route.append(
            [
                {"agency": agency, "budget": {"amount": budget, "unit": "working_days"}}
                for agency in agencies
            ]
        )
    return route


def _fee(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(("exempt", "flat", "flat", "per_page"))
    if kind == "flat":
        return {"kind": "flat", "vnd": rng.choice((10000, 20000, 50000, 100000, 1250000))}
    if kind == "per_page":
        return {
            "kind": "per_page",
            "first_pages": 2,
            "first_page_vnd": 2000,
            "next_page_vnd": 1000,
            "cap_per_copy_vnd": 200000,
        }
    return {"kind": "exempt"}


def procedure(rng: random.Random, number: int) -> dict[str, Any]:
    limit = rng.randint(1, 15)
    name = " ".join(
        part for part in (rng.choice(ACTS), rng.choice(OBJECTS), rng.choice(QUALIFIERS)) if part
    )
    papers = rng.sample(PAPERS, rng.randint(1, 4))
    return {
        "code": f"9.{number:06d}",
        "name": f"{name} (thử tải {number})",
        "field": rng.choice(FIELDS),
        "level": rng.choice(("commune", "province")),
        "limit": {"amount": limit, "unit": "working_days"},
        "source": "illustrative (generated for the import load test)",
        "fee": _fee(rng),
        "documents": [
            {"name": paper, "originals": 1, "copies": rng.randint(0, 2), "mandatory": True}
            for paper in papers
        ],
        "route": _route(rng, limit),
        "online": rng.choice(("full", "partial")),
        "result": "Quyết định hoặc giấy chứng nhận",
        "legal_basis": "Nghị định số 61/2018/NĐ-CP",
    }


def generated_catalogue(count: int, seed: int = 2026) -> dict[str, Any]:
    rng = random.Random(seed)
    return {
        "about": f"Generated catalogue of {count} procedures (bench/catalogue_file.py).",
        "procedures": [procedure(rng, number) for number in range(1, count + 1)],
    }


def main(argv: list[str]) -> None:
    count, target = int(argv[0]), Path(argv[1])
    data = generated_catalogue(count)
    if "--csv" in argv:
        from vpub_onestop.domain.catalogue_csv import to_csv

        target.write_text(to_csv(data["procedures"]), encoding="utf-8")
    else:
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{count} procedures written to {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
