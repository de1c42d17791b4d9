"""Files as people upload them, made in the test: real images (drawn with Pillow) and a
PDF."""

import io

from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def image(width: int = 24, height: int = 16, *, kind: str = "PNG", mode: str = "RGB") -> bytes:
    """A real image of `kind` (PNG, JPEG, WEBP), of one colour: small on disk whatever its
    size in pixels."""
    buffer = io.BytesIO()
    Image.new(mode, (width, height), color=1 if mode == "1" else (200, 30, 60)).save(buffer, kind)
    return buffer.getvalue()


PNG = image()
