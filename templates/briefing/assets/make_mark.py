"""Draw the bundled template's mark (assets/mark.png): a plain bar-chart emblem, no text, no fonts.

Run from the repository root: ``python templates/briefing/assets/make_mark.py``. The PNG is committed;
this script documents where it came from and regenerates it identically.
"""

from pathlib import Path

from PIL import Image, ImageDraw

SIZE, RED, WHITE = 600, (166, 28, 28), (255, 255, 255)


def main() -> None:
    img = Image.new("RGB", (SIZE, SIZE), WHITE)
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((0, 0, SIZE - 1, SIZE - 1), radius=90, fill=RED)
    for i, height in enumerate((200, 300, 400)):
        x0 = 120 + i * 130
        draw.rectangle((x0, 480 - height, x0 + 90, 480), fill=WHITE)
    img.save(Path(__file__).with_name("mark.png"), optimize=True, dpi=(600, 600))


if __name__ == "__main__":
    main()
