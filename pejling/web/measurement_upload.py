"""Upload a file of measurements, see the preview, confirm: /s/<strategy>/importer/maalinger/.

The uploaded file stays on the server (PEJLING_DATA_DIR/uploads) under a random token, recorded
with the user, the strategy and the strategy's revision at the preview; the confirmation names only
the token, never a path. It applies only for the same person and only when nothing in the strategy
changed since the preview (else the new preview is shown). Files older than a day are removed."""

from __future__ import annotations

import json
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pejling.assessment.limits import TITLE, clean_text
from pejling.interchange.documents import ImportRefused, max_bytes, mb
from pejling.interchange.measurements import measurements_apply, measurements_preview
from pejling.plans.models import Strategy
from pejling.plans.permissions import can_import_measurements, can_read_strategy

from .access import refuse

SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
KEEP_SECONDS = 24 * 3600
SHOWN = 500


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (CSV or Excel)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if Path(f.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if f.size > max_bytes():
            raise forms.ValidationError(_("The file is %(size)s MB; at most %(max)s MB can be imported.") % {
                "size": mb(f.size), "max": mb(max_bytes())})
        return f


def uploads_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _forget_old(folder: Path) -> None:
    limit = time.time() - KEEP_SECONDS
    for old in folder.iterdir():
        try:
            if old.stat().st_mtime < limit:
                old.unlink()
        except OSError:
            pass


def upload_keep(*, upload, user, strategy) -> str:
    """Keep the uploaded file under a new token bound to the user and the strategy's revision."""
    folder = uploads_dir()
    _forget_old(folder)
    token = secrets.token_urlsafe(24)
    suffix = Path(upload.name).suffix.lower()
    with (folder / f"{token}{suffix}").open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    name, problem = clean_text(Path(upload.name).name, TITLE)
    meta = {"user": user.pk, "strategy": strategy.pk, "revision": strategy.revision, "suffix": suffix,
            "name": name if not problem else f"upload{suffix}"}
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def upload_find(*, token: str, user, strategy) -> tuple[Path, dict] | None:
    """The kept file and its record, only for the person and strategy it was uploaded for."""
    if not TOKEN.match(token or ""):
        return None
    folder = uploads_dir()
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("user") != user.pk or meta.get("strategy") != strategy.pk or meta.get("suffix") not in SUFFIXES:
        return None
    path = folder / f"{token}{meta['suffix']}"
    return (path, meta) if path.exists() else None


def upload_forget(token: str) -> None:
    for path in uploads_dir().glob(f"{token}.*"):
        path.unlink(missing_ok=True)


def _page(request, strategy, *, form, preview=None, token="", refused=(), status=200):
    return render(request, "web/measurement_upload.html", {
        "strategy": strategy, "form": form, "preview": preview, "token": token, "refused": list(refused),
        "changes": preview.changes(SHOWN) if preview else [], "shown": SHOWN,
        "counts": preview.counts if preview else None,
    }, status=status)


def measurement_upload(request, slug):
    strategy = get_object_or_404(Strategy.objects.select_related("organisation"), slug=slug)
    denied = refuse(request, can_import_measurements(request.user, strategy),
                    _("You may not import measurements into this strategy."),
                    readable=can_read_strategy(request.user, strategy))
    if denied is not None:
        return denied
    if request.method != "POST":
        return _page(request, strategy, form=UploadForm())
    if "token" in request.POST:
        return _confirm(request, strategy, request.POST["token"])
    if int(request.META.get("CONTENT_LENGTH") or 0) > max_bytes() + 64 * 1024:  # refused before it is read
        too_large = _("The file is %(size)s MB; at most %(max)s MB can be imported.") % {
            "size": mb(int(request.META["CONTENT_LENGTH"])), "max": mb(max_bytes())}
        return _page(request, strategy, form=UploadForm(), refused=[too_large], status=413)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, strategy, form=form, status=422)
    token = upload_keep(upload=form.cleaned_data["file"], user=request.user, strategy=strategy)
    return _preview(request, strategy, token)


def _preview(request, strategy, token, *, status=200):
    found = upload_find(token=token, user=request.user, strategy=strategy)
    if found is None:
        return _page(request, strategy, form=UploadForm(), status=404)
    path, meta = found
    try:
        preview = measurements_preview(strategy=strategy, path=path, source=meta["name"], user=request.user)
    except ImportRefused as exc:
        upload_forget(token)
        return _page(request, strategy, form=UploadForm(), refused=exc.errors, status=422)
    if not preview.valid:
        upload_forget(token)
        return _page(request, strategy, form=UploadForm(), preview=preview, status=422)
    return _page(request, strategy, form=UploadForm(), preview=preview, token=token, status=status)


def _confirm(request, strategy, token):
    found = upload_find(token=token, user=request.user, strategy=strategy)
    if found is None:
        messages.error(request, _("The uploaded file is no longer here. Upload it again."))
        return redirect(reverse("web:measurement-upload", args=[strategy.slug]))
    path, meta = found
    if meta["revision"] != strategy.revision:  # something changed since the preview: show what the file does now
        meta["revision"] = strategy.revision
        (path.parent / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
        messages.warning(request, _("The strategy has changed since the preview. Check the new preview and "
                                    "confirm again."))
        return _preview(request, strategy, token, status=409)
    try:
        done = measurements_apply(strategy=strategy, path=path, source=meta["name"], user=request.user)
    except ImportRefused as exc:
        upload_forget(token)
        return _page(request, strategy, form=UploadForm(), refused=exc.errors, status=422)
    upload_forget(token)
    messages.success(request, _("Imported %(file)s: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.") % {
        "file": meta["name"], **done.counts})
    return redirect(reverse("web:strategy", args=[strategy.slug]))
