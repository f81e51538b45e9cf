"""Bar charts for the O&M report, drawn on the server as PNG (Pillow; nothing fetched).

A chart is `{"title", "labels": [str], "values": [number], "unit": str}` (a section's
"charts" entry). The PNG goes into the DOCX (python-docx takes raster images) and, as a data
URI, into the PDF. Labels are drawn with a CJK font when the machine has one (fonts-noto-cjk,
wqy …); without one the bars are keyed 1, 2, 3 … and `render` says so, so that the document
prints the key as text in its own font. No Django here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: Where Debian/Ubuntu put CJK fonts (fontconfig is asked first).
FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
WIDTH = 900
BAR = 26
GAP = 10
COLOUR = (47, 110, 186)


@dataclass(frozen=True)
class Chart:
    """A rendered chart: PNG bytes, size in pixels, and the key when labels are numbers."""

    png: bytes
    width: int
    height: int
    key: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def cjk_font_path() -> str | None:
    """A font file with Chinese glyphs (the known places, then any *CJK* / wqy font under
    /usr/share/fonts), or None."""
    import glob
    import os

    found = [p for p in FONT_PATHS if os.path.exists(p)]
    found += sorted(glob.glob("/usr/share/fonts/**/*CJK*.tt[cf]", recursive=True)
                    + glob.glob("/usr/share/fonts/**/*CJK*.otf", recursive=True)
                    + glob.glob("/usr/share/fonts/**/wqy*.tt[cf]", recursive=True))
    return found[0] if found else None


def _font(size: int) -> tuple[Any, bool]:
    from PIL import ImageFont

    path = cjk_font_path()
    if path:
        return ImageFont.truetype(path, size), True
    return ImageFont.load_default(size), False


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value)}"


def render(title: str, labels: list[str], values: list[float], unit: str = "") -> Chart | None:
    """A horizontal bar chart (None when there is nothing to draw)."""
    from PIL import Image, ImageDraw

    if not values:
        return None
    font, cjk = _font(16)
    title_font, _ = _font(18)
    shown = list(labels) if cjk or all(s.isascii() for s in labels) else [
        str(i) for i in range(1, len(labels) + 1)]
    key = () if shown == list(labels) else tuple(f"{i}. {s}" for i, s in
                                                  enumerate(labels, start=1))
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    label_w = min(320, max(int(probe.textlength(s, font=font)) for s in shown) + 12)
    top = 40
    height = top + len(values) * (BAR + GAP) + GAP
    img = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(img)
    draw.text((10, 8), title if cjk or title.isascii() else "", fill="black", font=title_font)
    peak = max(max(values), 0) or 1
    room = WIDTH - label_w - 90
    for i, (label, value) in enumerate(zip(shown, values, strict=True)):
        y = top + i * (BAR + GAP)
        draw.text((8, y + 4), label, fill="black", font=font)
        length = int(room * max(value, 0) / peak)
        draw.rectangle((label_w, y, label_w + max(length, 1), y + BAR), fill=COLOUR)
        draw.text((label_w + length + 6, y + 4), _number(value) + unit, fill="black",
                  font=font)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return Chart(buf.getvalue(), WIDTH, height, key)
