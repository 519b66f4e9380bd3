"""Regenerate the user guide's pictures (docs/screenshots/) from the demo, through Chromium.

    .venv/bin/python docs/make_screenshots.py

It runs the end-to-end scenario (tests/browser/test_scenario.py: a whole forum of the demo's cell A on the
secretary's laptop, the projector and a member's phone), which saves every screen it passes; it then keeps
the ones the guide shows, scaled down and reduced to a palette so that each stays well under 300 KB.
Needs Debian's Chromium (/usr/bin/chromium, or CHROMIUM=…), as the browser tests do.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
LIMIT = 300 * 1024

# scenario screen → (file in docs/screenshots, largest width kept)
PICKED = {
    "01-ke-hoach": ("01-lap-dien-dan.png", 1200),
    "08-phat-bieu-va-y-kien": ("02-ban-dieu-hanh.png", 1200),
    "06-diem-danh": ("03-diem-danh.png", 1200),
    "11-may-chieu-y-kien": ("04-may-chieu.png", 1280),
    "12-may-chieu-bieu-quyet": ("05-may-chieu-bieu-quyet.png", 1280),
    "07-dien-thoai-dang-ky": ("06-dien-thoai.png", 520),
    "10-mat-mang": ("07-mat-mang.png", 1200),
    "15-hop-chi-uy-chon-y-kien": ("08-hop-chi-uy.png", 1200),
    "18-nghi-quyet-thong-qua": ("09-nghi-quyet.png", 1200),
}


def shrink(source: Path, target: Path, width: int) -> int:
    with Image.open(source) as image:
        picture = image.convert("RGB")
    if picture.width > width:
        picture = picture.resize((width, round(picture.height * width / picture.width)), Image.LANCZOS)
    colours = 256
    while True:
        # A palette keeps text crisp at a fraction of the size of full colour.
        picture.quantize(colours, dither=Image.Dither.NONE).save(target, optimize=True)
        size = target.stat().st_size
        if size <= LIMIT or colours <= 32:
            return size
        colours //= 2


def main() -> int:
    with tempfile.TemporaryDirectory() as shots:
        env = {**os.environ, "FORUMSITE_SCENARIO_SHOTS": shots, "TEST_DATABASE_URL": ""}
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              "tests/browser/test_scenario.py"], cwd=ROOT, env=env)
        if run.returncode != 0:
            print("the scenario failed: no pictures were changed", file=sys.stderr)
            return run.returncode
        OUT.mkdir(parents=True, exist_ok=True)
        for name, (target, width) in PICKED.items():
            size = shrink(Path(shots) / f"{name}.png", OUT / target, width)
            print(f"docs/screenshots/{target}: {size // 1024} KB")
            if size > LIMIT:
                print(f"  larger than {LIMIT // 1024} KB", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
