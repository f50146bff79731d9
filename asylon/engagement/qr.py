"""QR codes (segno) as data URIs (allowed by the CSP's img-src) and PNG attachments."""

import base64
import io

import segno


def svg_data_uri(content: str, *, scale: int = 6) -> str:
    buffer = io.BytesIO()
    segno.make(content, error="m").save(buffer, kind="svg", scale=scale, border=2,
                                        xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def png(content: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(content, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
