#!/usr/bin/env python3
"""Draws Frontline's icon (no downloaded art): a speech bubble on a rounded teal square, with three
dots in the colours of a customer's mood (red, amber, green). Writes PNG files of the sizes a
desktop menu asks for; each pixel is the average of 4 x 4 samples, so edges are smooth at every
size. Plain Python (zlib, struct): nothing to install.

    python3 scripts/draw-icon.py OUT_DIR [SIZE...]     (default sizes: 32 48 64 128 256)
"""
import os
import struct
import sys
import zlib

TEAL_TOP = (0.05, 0.46, 0.50)
TEAL_BOTTOM = (0.02, 0.30, 0.36)
BUBBLE = (0.98, 0.98, 0.96)
MOODS = [(0.86, 0.24, 0.22), (0.95, 0.66, 0.15), (0.22, 0.68, 0.36)]


def in_rounded_rect(x, y, cx, cy, hw, hh, r):
    dx = max(abs(x - cx) - (hw - r), 0.0)
    dy = max(abs(y - cy) - (hh - r), 0.0)
    return dx * dx + dy * dy <= r * r


def in_circle(x, y, cx, cy, r):
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def in_triangle(x, y, a, b, c):
    def side(p, q):
        return (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0])

    d = (side(a, b), side(b, c), side(c, a))
    return not (any(v < 0 for v in d) and any(v > 0 for v in d))


def colour_at(x, y):
    """RGBA (0-1) at a point of the icon, x and y from 0 to 1 across and down."""
    if not in_rounded_rect(x, y, 0.5, 0.5, 0.47, 0.47, 0.16):
        return (0.0, 0.0, 0.0, 0.0)
    for i, mood in enumerate(MOODS):
        if in_circle(x, y, 0.32 + 0.18 * i, 0.45, 0.065):
            return mood + (1.0,)
    if in_rounded_rect(x, y, 0.5, 0.45, 0.31, 0.2, 0.12) or in_triangle(x, y, (0.3, 0.6), (0.46, 0.6), (0.26, 0.8)):
        return BUBBLE + (1.0,)
    return tuple(a + (b - a) * y for a, b in zip(TEAL_TOP, TEAL_BOTTOM)) + (1.0,)


def draw(size, samples=4):
    rows = []
    for py in range(size):
        row = bytearray([0])  # PNG filter type 0 for each scanline
        for px in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(samples):
                for sx in range(samples):
                    r, g, b, a = colour_at((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            n = samples * samples
            straight = [c / acc[3] if acc[3] > 0 else 0.0 for c in acc[:3]]
            row.extend(round(min(max(v, 0.0), 1.0) * 255) for v in straight + [acc[3] / n])
        rows.append(bytes(row))
    return b"".join(rows)


def png(size, raw):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: draw-icon.py OUT_DIR [SIZE...]")
    out = sys.argv[1]
    sizes = []
    for arg in sys.argv[2:]:
        if not arg.isdigit() or not 16 <= int(arg) <= 1024:
            sys.exit(f"error: `{arg}` is not an icon size (16 to 1024 pixels)")
        sizes.append(int(arg))
    os.makedirs(out, exist_ok=True)
    for size in sizes or [32, 48, 64, 128, 256]:
        path = os.path.join(out, f"frontline-{size}.png")
        with open(path, "wb") as f:
            f.write(png(size, draw(size)))
        print(path)


if __name__ == "__main__":
    main()
