"""Uploading a file into a strategy (or to start one): upload → read and check → preview → confirm.

The file waits on the server under a random token (interchange/uploads.py) tied to the person and to the
strategy's revision at the preview; the confirmation applies exactly what was previewed, or — if the
strategy changed meanwhile — shows the new preview instead. A refused file shows every problem with
its place, and nothing changes."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pejling.assessment.limits import normalise_key
from pejling.interchange.documents import ImportRefused, max_bytes
from pejling.interchange.readers import SUFFIXES, detect_kind, read_upload
from pejling.interchange.sync import PreviewOutdated, plan_sync_apply, plan_sync_preview
from pejling.interchange.sync.access import upload_allowed
from pejling.interchange.uploads import upload_delete, upload_get, upload_set_revision, upload_store
from pejling.plans.models import Organisation, Strategy
from pejling.plans.permissions import can_edit_plan, can_read_strategy, organisations_of

from .access import refuse

ACCEPT = ",".join(sorted(SUFFIXES))


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"), help_text=gettext_lazy(
        "A strategy document (.json, .yaml), a filled template (.xlsx), a project table (.tsv, .csv, .html, "
        ".docx) or a measurements file (.csv, .xlsx)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update(accept=ACCEPT)


class NewStrategyUploadForm(UploadForm):
    """On the new-strategy page: a project table names neither organisation nor strategy, so they are asked."""

    organisation = forms.ModelChoiceField(label=gettext_lazy("Organisation"), queryset=Organisation.objects.none(),
                                          required=False, help_text=gettext_lazy("Only for a project table"))
    slug = forms.SlugField(label=gettext_lazy("The new strategy's slug"), required=False, max_length=80,
                           help_text=gettext_lazy("Only for a project table, e.g. uddannelse-til-alle"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(organisations_of(user, managed=True))


def _guard(request, strategy):
    return refuse(request, can_edit_plan(request.user, strategy), _("You may not import into this plan."),
                  readable=strategy is None or can_read_strategy(request.user, strategy))


def _too_large(request) -> list[str]:
    """A request body far over IMPORT_MAX_BYTES is refused before Django reads the file to disk."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if request.method == "POST" and length > max_bytes() + 64 * 1024:
        return [_("the file is larger than %(max)s MB") % {"max": f"{max_bytes() / 1024 / 1024:.1f}".replace(".", ",")}]
    return []


def _accepted(request) -> set[tuple[str, str]]:
    """The ticked candidates: each checkbox's value is "key code" (a key has no spaces, a code may)."""
    out = set()
    for value in request.POST.getlist("candidate"):
        key, _sep, code = value.partition(" ")
        if key and code:
            out.add((code, key))
    return out


def _read(upload, *, organisation: str, strategy: str):
    kind = detect_kind(upload.path)
    return read_upload(upload.path, kind=kind, organisation=organisation, strategy=strategy, source=upload.name)


def _refused(request, template_context, errors, status=422):
    return render(request, "web/import.html", {**template_context, "errors": errors}, status=status)


# -- into an existing strategy ------------------------------------------------------------------------
def strategy_import(request, slug):
    strategy = get_object_or_404(Strategy.objects.select_related("organisation"), slug=slug)
    if (denied := _guard(request, strategy)) is not None:
        return denied
    context = {"strategy": strategy, "title": _("Import into %(title)s") % {"title": strategy.title},
               "back": reverse("web:strategy", args=[slug])}
    if errors := _too_large(request):
        return _refused(request, {**context, "form": UploadForm()}, errors, status=413)
    form = UploadForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method != "POST" or not form.is_valid():
        return render(request, "web/import.html", context, status=422 if request.method == "POST" else 200)
    file = form.cleaned_data["file"]
    try:
        upload = upload_store(chunks=file.chunks(), name=file.name, user=request.user, strategy=slug,
                              revision=strategy.revision)
    except ImportRefused as exc:
        return _refused(request, context, exc.errors)
    return _preview(request, upload, strategy=strategy, context=context)


def _preview(request, upload, *, strategy, context, status=200, outdated=False):
    """Read and check the kept file and show what it would do; a refused file is removed again."""
    organisation = strategy.organisation.slug if strategy else upload.options.get("organisation", "")
    slug = strategy.slug if strategy else upload.options.get("slug", "")
    try:
        document = _read(upload, organisation=organisation, strategy=slug)
        _same_strategy(document, strategy, upload.name)
        if strategy is None and not upload_allowed(request.user, document):
            raise ImportRefused(upload.name, [_("you may not change this organisation's plans")])
        preview = plan_sync_preview(document=document, source=upload.name, user=request.user,
                                    accepted_candidates=_accepted(request) if outdated else ())
    except ImportRefused as exc:
        upload_delete(upload=upload)
        return _refused(request, context, exc.errors)
    upload_set_revision(upload=upload, revision=preview.revision)
    confirm = reverse("web:strategy-import-confirm", args=[strategy.slug, upload.token]) if strategy else \
        reverse("web:strategy-create-import-confirm", args=[upload.token])
    return render(request, "web/import_preview.html", {
        **context, "preview": preview, "upload": upload, "confirm": confirm, "outdated": outdated}, status=status)


def _same_strategy(document, strategy, source):
    if strategy is None:
        return
    given = document.get("strategy") if isinstance(document, dict) else None
    slug = given.get("slug") if isinstance(given, dict) else None
    if isinstance(slug, str) and normalise_key(slug) != strategy.slug:
        raise ImportRefused(source, [_("strategy.slug: the file is about the strategy »%(other)s«, not »%(slug)s«; "
                                       "upload it from that strategy's page or start a new strategy with it") % {
            "other": slug, "slug": strategy.slug}])


@require_POST
def strategy_import_confirm(request, slug, token):
    strategy = get_object_or_404(Strategy.objects.select_related("organisation"), slug=slug)
    if (denied := _guard(request, strategy)) is not None:
        return denied
    upload = upload_get(token=token, user=request.user, strategy=slug)
    context = {"form": UploadForm(), "strategy": strategy, "back": reverse("web:strategy", args=[slug]),
               "title": _("Import into %(title)s") % {"title": strategy.title}}
    if upload is None:
        return _refused(request, context, [_("The uploaded file is no longer here (it was applied, cancelled or is "
                                             "more than a day old). Please upload it again.")], status=410)
    return _apply(request, upload, strategy=strategy, context=context)


def _apply(request, upload, *, strategy, context):
    organisation = strategy.organisation.slug if strategy else upload.options.get("organisation", "")
    slug = strategy.slug if strategy else upload.options.get("slug", "")
    try:
        document = _read(upload, organisation=organisation, strategy=slug)
        _same_strategy(document, strategy, upload.name)
        if not upload_allowed(request.user, document):
            raise ImportRefused(upload.name, [_("you may not change this organisation's plans")])
        done = plan_sync_apply(document=document, source=upload.name, user=request.user,
                               accepted_candidates=_accepted(request), revision_seen=upload.revision)
    except PreviewOutdated:
        messages.warning(request, _("Someone changed the strategy after your preview. Nothing was imported: "
                                    "here is the preview again, as the strategy is now."))
        current = Strategy.objects.filter(slug=upload.strategy).first() if upload.strategy else strategy
        return _preview(request, upload, strategy=current, context=context, status=409, outdated=True)
    except ImportRefused as exc:
        upload_delete(upload=upload)
        return _refused(request, context, exc.errors)
    upload_delete(upload=upload)
    messages.success(request, _("Imported: %(new)s new, %(changed)s changed.") % {
        "new": len(done.new), "changed": len(done.changed)})
    return redirect(reverse("web:strategy", args=[done.strategy]))


@require_POST
def strategy_import_cancel(request, token, slug=""):
    upload = upload_get(token=token, user=request.user, strategy=slug) if request.user.is_authenticated else None
    if upload is not None:
        upload_delete(upload=upload)
    messages.info(request, _("The import was cancelled; nothing was changed."))
    return redirect(reverse("web:strategy", args=[slug]) if slug else reverse("web:strategy-create"))


# -- starting a new strategy from a file ------------------------------------------------------------
def _new_context(request, form):
    return {"form": form, "strategy": None, "title": _("New strategy from a file"),
            "back": reverse("web:strategy-create"), "action": reverse("web:strategy-create-import")}


@require_POST
def strategy_create_import(request):
    if (denied := _guard(request, None)) is not None:
        return denied
    if errors := _too_large(request):
        return _refused(request, _new_context(request, NewStrategyUploadForm(user=request.user)), errors, status=413)
    form = NewStrategyUploadForm(request.POST, request.FILES, user=request.user)
    context = _new_context(request, form)
    if not form.is_valid():
        return render(request, "web/import.html", context, status=422)
    file, org = form.cleaned_data["file"], form.cleaned_data.get("organisation")
    options = {"organisation": org.slug if org else "", "slug": form.cleaned_data.get("slug") or ""}
    try:
        upload = upload_store(chunks=file.chunks(), name=file.name, user=request.user, options=options)
    except ImportRefused as exc:
        return _refused(request, context, exc.errors)
    return _preview(request, upload, strategy=None, context=context)


@require_POST
def strategy_create_import_confirm(request, token):
    if (denied := _guard(request, None)) is not None:
        return denied
    upload = upload_get(token=token, user=request.user)
    context = _new_context(request, NewStrategyUploadForm(user=request.user))
    if upload is None:
        return _refused(request, context, [_("The uploaded file is no longer here (it was applied, cancelled or is "
                                             "more than a day old). Please upload it again.")], status=410)
    return _apply(request, upload, strategy=None, context=context)
