"""Draws the example newsroom's lead illustrations (original work, CC0: see
content/README.md). Deterministic: the same script gives the same pictures.

    pip install pillow && python3 content/illustrations/draw.py
"""
import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

W, H = 1800, 1200
# Pillow's own bundled font (Aileron, CC0), so nothing comes from the system.
SYMBOL_FONT = ImageFont.load_default(size=110)
NEWS = Path(__file__).resolve().parent.parent / "news"


def save(image, slug):
    out = NEWS / slug / "lead.jpg"
    out.parent.mkdir(parents=True, exist_ok=True)
    image.convert("RGB").save(out, quality=84, optimize=True, progressive=True)
    print(out, image.size)


def price_chart():
    """NdPr oxide through a year: a rising line over an amber area."""
    img = Image.new("RGB", (W, H), (251, 250, 247))
    d = ImageDraw.Draw(img)
    left, right, top, bottom = 160, W - 120, 140, H - 160
    for i in range(6):
        y = top + i * (bottom - top) / 5
        d.line([(left, y), (right, y)], fill=(226, 221, 211), width=3)
    for m in range(13):
        x = left + m * (right - left) / 12
        d.line([(x, bottom), (x, bottom + 18)], fill=(92, 87, 79), width=4)
    rng = random.Random(2025)
    points, value = [], 0.35
    for i in range(53):
        value += rng.uniform(-0.03, 0.045) + (0.012 if 14 < i < 22 else 0)
        value = min(max(value, 0.15), 0.9)
        x = left + i * (right - left) / 52
        points.append((x, bottom - value * (bottom - top)))
    d.polygon(points + [(right, bottom), (left, bottom)], fill=(253, 230, 190))
    d.line(points, fill=(194, 99, 10), width=10, joint="curve")
    x, y = points[-1]
    d.ellipse([x - 18, y - 18, x + 18, y + 18], fill=(146, 64, 14))
    d.line([(left, bottom), (right, bottom)], fill=(29, 27, 24), width=5)
    return img


def settlers():
    """A solvent-extraction cascade: mixer-settlers in a row, phases in colour."""
    img = Image.new("RGB", (W, H), (232, 236, 238))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 860, W, H], fill=(120, 128, 134))
    tints = [(206, 80, 110), (190, 92, 140), (160, 110, 170), (120, 130, 190), (90, 150, 190),
             (80, 165, 160), (100, 175, 120), (150, 180, 90)]
    for i, tint in enumerate(tints):
        x = 90 + i * 205
        d.rectangle([x, 380, x + 180, 860], fill=(70, 78, 84))
        d.rectangle([x + 12, 420, x + 168, 600], fill=(238, 214, 150))
        d.rectangle([x + 12, 600, x + 168, 848], fill=tint)
        d.line([(x + 90, 300), (x + 90, 470)], fill=(40, 44, 48), width=10)
        d.rectangle([x + 60, 280, x + 120, 320], fill=(40, 44, 48))
        for b in range(6):
            cy = 640 + (b * 37 + i * 13) % 190
            cx = x + 30 + (b * 53 + i * 29) % 120
            d.ellipse([cx - 9, cy - 9, cx + 9, cy + 9], outline=(255, 255, 255), width=3)
        if i < len(tints) - 1:
            d.line([(x + 180, 500), (x + 205, 500)], fill=(40, 44, 48), width=14)
    d.line([(60, 230), (W - 60, 230)], fill=(40, 44, 48), width=16)
    return img


def beach_sand():
    """Monazite-bearing beach sand from above: dark heavy-mineral streaks in pale sand."""
    rng = random.Random(7)
    img = Image.new("RGB", (W, H), (222, 200, 160))
    d = ImageDraw.Draw(img)
    for _ in range(60000):
        x, y = rng.randrange(W), rng.randrange(H)
        band = math.sin(y / 90 + math.sin(x / 240) * 1.6)
        if band > 0.55 and rng.random() < 0.85:
            c = rng.choice([(40, 36, 34), (70, 52, 40), (150, 90, 50), (110, 60, 40)])
        else:
            c = rng.choice([(232, 214, 176), (210, 186, 146), (240, 226, 196), (196, 170, 128)])
        r = rng.choice([2, 3, 3, 4])
        d.ellipse([x - r, y - r, x + r, y + r], fill=c)
    d.polygon([(0, 0), (W, 0), (W, 160), (0, 300)], fill=(60, 130, 150))
    d.line([(0, 300), (W, 160)], fill=(245, 248, 246), width=18)
    return img.filter(ImageFilter.GaussianBlur(0.8))


def magnets():
    """Sintered NdFeB blocks on a bench, with field lines between two poles."""
    img = Image.new("RGB", (W, H), (38, 44, 52))
    d = ImageDraw.Draw(img)
    for k in range(1, 9):
        a = 120 + k * 55
        d.arc([W / 2 - a * 1.7, 600 - a, W / 2 + a * 1.7, 600 + a], 200, 340,
              fill=(90 + k * 12, 120 + k * 8, 150), width=5)
    for i in range(7):
        x, y = 260 + i * 190, 760 - (i % 2) * 40
        d.polygon([(x, y), (x + 150, y - 40), (x + 220, y), (x + 70, y + 40)], fill=(205, 210, 214))
        d.polygon([(x, y), (x + 70, y + 40), (x + 70, y + 130), (x, y + 90)], fill=(150, 156, 162))
        d.polygon([(x + 70, y + 40), (x + 220, y), (x + 220, y + 90), (x + 70, y + 130)], fill=(175, 180, 186))
    d.rectangle([380, 420, 620, 600], fill=(194, 40, 40))
    d.rectangle([1180, 420, 1420, 600], fill=(40, 80, 194))
    return img


def lanthanides():
    """The lanthanide row of the periodic table, the export-controlled ones lit."""
    img = Image.new("RGB", (W, H), (253, 243, 227))
    d = ImageDraw.Draw(img)
    controlled = {"Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y", "Ho", "Er", "Tm", "Yb", "Eu"}
    names = ["La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Sc", "Y"]
    for i, name in enumerate(names):
        col, row = i % 6, i // 6
        x, y = 150 + col * 255, 170 + row * 310
        lit = name in controlled
        d.rounded_rectangle([x, y, x + 225, y + 270], radius=22,
                            fill=(194, 99, 10) if lit else (255, 255, 255),
                            outline=(146, 64, 14), width=6)
        d.text((x + 112, y + 120), name, font=SYMBOL_FONT, anchor="mm",
               fill=(255, 255, 255) if lit else (146, 64, 14))
    return img


if __name__ == "__main__":
    save(price_chart(), "ndpr-prices-end-2025-higher")
    save(settlers(), "separation-is-the-rare-earth-bottleneck")
    save(beach_sand(), "irel-expands-odisha-sands-complex")
    save(magnets(), "magnet-recycling-moves-from-pilot-to-plant")
    save(lanthanides(), "china-widens-rare-earth-export-controls")
