"""The one way a PDF, CSV or spreadsheet download is named."""

import re

from django.http import HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+", re.ASCII)


def safe_filename(name: str) -> str:
    """`name` with anything but letters, numbers, `.`, `_` and `-` replaced by `-`, so
    that no reference or date put into it can break the header (a line break) or name
    another directory (a `/`)."""
    cleaned = _UNSAFE.sub("-", name).strip("-.")
    return cleaned[:150] or "download"


def named_download(
    response: HttpResponseBase, filename: str, *, inline: bool = False
) -> HttpResponseBase:
    """Set the response's Content-Disposition to `filename`, made safe; return it."""
    header = content_disposition_header(not inline, safe_filename(filename))
    assert header is not None  # only None when there is neither attachment nor name
    response["Content-Disposition"] = header
    return response


def pdf_download(html: str, *, request, filename: str) -> HttpResponse:
    """Render `html` (a print template, already filled in) as an A4 PDF shown in the
    browser under `filename`. What goes into it is bounded where it is chosen (each
    text field's length limit; the chronology's number of events)."""
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    named_download(response, filename, inline=True)
    return response
