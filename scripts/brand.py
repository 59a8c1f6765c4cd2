"""Draw the integration's brand images (a power-strip mark) into custom_components/netio/brand/.

Run with the project's venv: `.venv/bin/python scripts/brand.py`. The images are committed; this
script is how they were made and how to remake them.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BRAND = Path(__file__).resolve().parent.parent / "custom_components" / "netio" / "brand"
ACCENT = (0, 150, 136, 255)  # teal
LIGHT_BODY = (38, 50, 56, 255)
DARK_BODY = (236, 239, 241, 255)


def draw_mark(
    draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], body: tuple[int, ...]
) -> None:
    """Draw a three-socket power strip with its cable inside box (left, top, right, bottom)."""
    left, top, right, bottom = box
    size = right - left
    strip_top = top + int(size * 0.30)
    strip_bottom = top + int(size * 0.70)
    strip_left = left + int(size * 0.06)
    strip_right = right - int(size * 0.16)
    radius = int(size * 0.08)
    draw.rounded_rectangle((strip_left, strip_top, strip_right, strip_bottom), radius, fill=body)
    # the cable leaves on the right and bends down
    cable = int(size * 0.05)
    mid = (strip_top + strip_bottom) // 2
    draw.rectangle(
        (strip_right - radius, mid - cable // 2, right - int(size * 0.06), mid + cable // 2),
        fill=body,
    )
    draw.rectangle(
        (
            right - int(size * 0.06) - cable,
            mid - cable // 2,
            right - int(size * 0.06),
            bottom - int(size * 0.12),
        ),
        fill=body,
    )
    # three sockets; the middle one lit in the accent colour
    socket_r = int(size * 0.10)
    span = strip_right - strip_left
    for index in range(3):
        cx = strip_left + span * (2 * index + 1) // 6
        face = ACCENT if index == 1 else (255, 255, 255, 255)
        draw.ellipse((cx - socket_r, mid - socket_r, cx + socket_r, mid + socket_r), fill=face)
        pin = max(2, socket_r // 4)
        for dx in (-socket_r // 2, socket_r // 2):
            draw.ellipse(
                (cx + dx - pin // 2, mid - pin // 2, cx + dx + pin // 2, mid + pin // 2), fill=body
            )


def icon(size: int, body: tuple[int, ...]) -> Image.Image:
    """Return the square mark."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw_mark(ImageDraw.Draw(image), (0, 0, size, size), body)
    return image


def logo(height: int, body: tuple[int, ...]) -> Image.Image:
    """Return the mark followed by the word NETIO."""
    font = ImageFont.load_default(size=int(height * 0.55))
    text_width = int(font.getlength("NETIO"))
    image = Image.new("RGBA", (height + text_width + height // 3, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw_mark(draw, (0, 0, height, height), body)
    draw.text((height + height // 8, height // 2), "NETIO", font=font, fill=body, anchor="lm")
    return image


def main() -> None:
    """Write every brand image Home Assistant and HACS look for."""
    BRAND.mkdir(parents=True, exist_ok=True)
    for prefix, body in (("", LIGHT_BODY), ("dark_", DARK_BODY)):
        icon(256, body).save(BRAND / f"{prefix}icon.png")
        icon(512, body).save(BRAND / f"{prefix}icon@2x.png")
        logo(128, body).save(BRAND / f"{prefix}logo.png")
        logo(256, body).save(BRAND / f"{prefix}logo@2x.png")


if __name__ == "__main__":
    main()
