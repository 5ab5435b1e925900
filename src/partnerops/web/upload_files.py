"""Files posted with a page form: the CSRF-checked form's file field, read within a size limit (a body that says
it is larger is refused before it is read), as the name and bytes the partner sent."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from starlette.datastructures import UploadFile

from partnerops.web.errors import PageError

__all__ = ["Upload", "posted_file", "refuse_oversized"]

# Room for the form's other fields around the file.
FORM_OVERHEAD = 64 * 1024


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes


def refuse_oversized(request: Request, limit: int) -> None:
    """A 413 page when the request says its body is larger than the file limit allows."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit + FORM_OVERHEAD:
        raise PageError(413, f"The file is larger than the limit of {limit // 1_048_576} MB: nothing was stored.")


async def posted_file(request: Request, field: str, limit: int) -> Upload | None:
    """The file in `field` (None when none was chosen), read up to one byte past `limit`: the caller's check of
    the size sees a file that is too large, and names it."""
    form = await request.form()  # parsed once: checked_form has read it already
    upload = form.get(field)
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    return Upload(upload.filename, await upload.read(limit + 1))
