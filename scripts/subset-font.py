#!/usr/bin/env python3
"""Builds assets/fonts/NotoSansSC-Frontline.otf: Noto Sans CJK SC (SIL Open Font License 1.1)
subset to ASCII, Latin-1, common punctuation, the GB2312 character set (6,763 hanzi) and every
character used in scenarios/. Needs Debian's fonts-noto-cjk and `pip install fonttools`.

    python3 scripts/subset-font.py
"""
import glob
import os
import subprocess
import sys

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = os.path.join(os.path.dirname(__file__), "..", "assets", "fonts", "NotoSansSC-Frontline.otf")


def gb2312_chars():
    chars = []
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def main():
    if not os.path.exists(SOURCE):
        sys.exit(f"missing {SOURCE}: apt-get install fonts-noto-cjk")
    text = set(chr(c) for c in range(0x20, 0x7F))
    text |= set(chr(c) for c in range(0xA0, 0x100))
    text |= set(chr(c) for c in range(0x2000, 0x206F))  # general punctuation
    text |= set(chr(c) for c in range(0x3000, 0x303F))  # CJK symbols and punctuation
    text |= set(chr(c) for c in range(0xFF00, 0xFFEF))  # full-width forms
    text |= set("←↑→↓−×÷★☆●○■□▲△▼▽◆◇✓✗…")
    text |= set(gb2312_chars())
    root = os.path.join(os.path.dirname(__file__), "..")
    for path in glob.glob(os.path.join(root, "scenarios", "**", "*.ron"), recursive=True):
        with open(path, encoding="utf-8") as f:
            text |= set(f.read())
    text = "".join(sorted(c for c in text if c.isprintable()))
    chars_file = "/tmp/frontline-font-chars.txt"
    with open(chars_file, "w", encoding="utf-8") as f:
        f.write(text)
    # Face 2 of the collection is Simplified Chinese (SC).
    subprocess.run(
        [sys.executable, "-m", "fontTools.subset", SOURCE, "--font-number=2", f"--text-file={chars_file}",
         "--layout-features=*", "--no-hinting", f"--output-file={OUT}"],
        check=True,
    )
    print(f"wrote {OUT}: {os.path.getsize(OUT)} bytes, {len(text)} characters")


if __name__ == "__main__":
    main()
