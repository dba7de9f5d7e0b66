"""Writes vpub_onestop/services/common-passwords.txt: the passwords people pick first.

Generated from well-known patterns (no download, ever): the most used passwords of the
public breach studies, their Vietnamese counterparts ("matkhau", "anhyeuem"...), keyboard
walks, digit runs and repeats, and each base word with the suffixes people add (digits,
years, "!", "@"). Run `python scripts/make_common_passwords.py` after editing the lists.
"""

from __future__ import annotations

from pathlib import Path


def _words(text: str) -> list[str]:
    return text.split()


OUT = Path(__file__).resolve().parents[1] / "vpub_onestop" / "services" / "common-passwords.txt"

WORDS = _words(
    """
password passw0rd p@ssword p@ssw0rd pass admin administrator root user guest login welcome
letmein master secret qwerty qwertyuiop asdfgh asdfghjkl zxcvbn zxcvbnm abc abcd abcde abcdef
abcdefgh iloveyou loveyou love baby princess dragon monkey football baseball soccer shadow
sunshine superman batman trustno1 hello hellokitty freedom whatever starwars pokemon google
facebook zalo youtube samsung iphone apple computer internet test testing demo changeme
default system server office vietnam hanoi saigon hochiminh danang haiphong hue cantho
matkhau matkhaumoi anhyeuem emyeuanh yeuem yeuanh iloveu vietnam1 quynhon gialai binhdinh
motcua dichvucong congdan canbo ubnd chinhphu nguyen tran le pham hoang huynh phan vu vo dang
bui do ho ngo duong ly anh minh linh huong trang thao hung dung tuan nam long quang thanh
"""
)

SUFFIXES = [
    "",
    "1",
    "12",
    "123",
    "1234",
    "12345",
    "123456",
    "1234567",
    "12345678",
    "123456789",
    "0",
    "00",
    "01",
    "11",
    "99",
    "111",
    "000",
    "!",
    "!!",
    "@",
    "@123",
    "#",
    "123!",
    "123@",
    "@@",
    "1!",
    "2024",
    "2025",
    "2026",
    "2023",
    "2022",
    "2020",
    "2019",
    "2000",
    "1990",
    "@2025",
    "@2026",
    "321",
    "4321",
    "54321",
    "007",
    "69",
    "88",
    "68",
    "8888",
    "6868",
    "9999",
    "1111",
]

KEYBOARD = _words(
    """
qwerty qwertyui qwertyuiop asdfgh asdfghjk asdfghjkl zxcvbn zxcvbnm qazwsx qazwsxedc
1qaz2wsx 1q2w3e 1q2w3e4r 1q2w3e4r5t zaq12wsx !qaz2wsx qweasd qweasdzxc 1qazxsw2 asdf1234
qwer1234 abcd1234 abc12345 a1b2c3d4 a1b2c3 aa123456 1a2b3c4d
"""
)


def digit_runs() -> set[str]:
    runs: set[str] = set()
    digits = "01234567890"
    for length in range(6, 13):
        for start in range(10):
            forward = (digits * 3)[start : start + length]
            runs.add(forward)
            runs.add(forward[::-1])
        for digit in "0123456789":
            runs.add(digit * length)
    for pair in ("12", "21", "69", "68", "88", "11", "00", "13", "77"):
        runs.add(pair * 4)
        runs.add(pair * 5)
    for year in range(1950, 2031):
        runs.add(f"{year}{year}")
        runs.add(f"123{year}")
        runs.add(f"{year}123")
    return runs


def main() -> None:
    entries: set[str] = set(KEYBOARD) | digit_runs()
    for word in WORDS:
        for suffix in SUFFIXES:
            entries.add(word + suffix)
            entries.add(suffix + word if suffix.isdigit() else word + suffix)
    for year in range(1950, 2031):
        for word in ("password", "matkhau", "anhyeuem", "admin", "vietnam", "iloveyou"):
            entries.add(f"{word}{year}")
            entries.add(f"{word}@{year}")
    lines = sorted(entry for entry in entries if len(entry) >= 6)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} entries -> {OUT}")


if __name__ == "__main__":
    main()
