"""Uploaded files kept between the preview and the confirmation, under PEJLING_DATA_DIR/uploads.

A file is named by a random token only; its metadata (who uploaded it, for which strategy, at which
revision of it) sits beside it. The client only ever sends the token back, which must match
TOKEN_PATTERN, belong to the same user and the same strategy — a path from the client is never used.
Files older than MAX_AGE are removed whenever a new one is stored.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .documents import ImportRefused, max_bytes
from .readers import SUFFIXES

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")
MAX_AGE = 24 * 3600


@dataclass
class Upload:
    token: str
    path: Path
    name: str  # the file's name as uploaded: shown, never used as a path
    user_id: int
    strategy: str  # the strategy slug it was uploaded for ("" on the new-strategy page)
    revision: int | None  # that strategy's revision when the preview was made
    options: dict

    def source(self) -> str:
        return self.name


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _clean_name(name: str) -> str:
    name = Path(str(name)).name
    return "".join(ch for ch in name if ch.isprintable())[:120] or "upload"


def upload_store(*, chunks, name: str, user, strategy: str = "", revision: int | None = None,
                 options: dict | None = None) -> Upload:
    """Keep an uploaded file (an iterable of bytes chunks). Refused when it is larger than
    IMPORT_MAX_BYTES or of a kind no reader takes; then nothing is kept."""
    name = _clean_name(name)
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportRefused(name, [_("this file format is not supported (use .json, .yaml, .xlsx, .tsv, .csv, .html "
                                     "or .docx)")])
    _expire()
    token = secrets.token_urlsafe(24)
    path = _folder() / f"{token}{suffix}"
    limit, size = max_bytes(), 0
    with path.open("wb") as fh:
        for chunk in chunks:
            size += len(chunk)
            if size > limit:
                fh.close()
                path.unlink(missing_ok=True)
                raise ImportRefused(name, [_("the file is larger than %(max)s MB") % {
                    "max": f"{limit / 1024 / 1024:.1f}".replace(".", ",")}])
            fh.write(chunk)
    upload = Upload(token, path, name, user.pk, strategy, revision, options or {})
    _meta(token).write_text(json.dumps({"name": name, "suffix": suffix, "user": user.pk, "strategy": strategy,
                                        "revision": revision, "options": options or {}}), encoding="utf-8")
    return upload


def _meta(token: str) -> Path:
    return _folder() / f"{token}.meta"


def upload_get(*, token: str, user, strategy: str = "") -> Upload | None:
    """The upload behind a token, if it is this user's and for this strategy; else None."""
    if not isinstance(token, str) or not TOKEN_PATTERN.match(token):
        return None
    try:
        meta = json.loads(_meta(token).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("user") != user.pk or meta.get("strategy", "") != strategy or meta.get("suffix") not in SUFFIXES:
        return None
    path = _folder() / f"{token}{meta['suffix']}"
    if not path.is_file():
        return None
    return Upload(token, path, meta["name"], meta["user"], meta["strategy"], meta.get("revision"),
                  meta.get("options") or {})


def upload_set_revision(*, upload: Upload, revision: int | None) -> None:
    """After a fresh preview of the same file: confirming now applies that one."""
    meta = json.loads(_meta(upload.token).read_text(encoding="utf-8"))
    meta["revision"] = upload.revision = revision
    _meta(upload.token).write_text(json.dumps(meta), encoding="utf-8")


def upload_delete(*, upload: Upload) -> None:
    upload.path.unlink(missing_ok=True)
    _meta(upload.token).unlink(missing_ok=True)


def _expire() -> None:
    cutoff = time.time() - MAX_AGE
    for path in _folder().iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue
