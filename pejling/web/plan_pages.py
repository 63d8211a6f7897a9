"""Plan editing for consultants, in the app: one page per thing, the same form pattern throughout.
A failed save answers 422 with every error in place and changes nothing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pejling.plans.models import FocusArea, Indicator, Initiative, Organisation, Strategy, Unit
from pejling.plans.permissions import can_edit_plan, can_manage_units, can_read_strategy, organisations_of
from pejling.plans.services import plan_move as plan_move_service
from pejling.plans.services import plan_save
from pejling.plans.versioning import EditConflict
from pejling.tracking.selectors import initiative_by_code, initiative_get

from . import moving, plan_forms
from .access import refuse
from .conflicts import plan_conflict
from .moving import initiative_url, strategy_url


def _guard(request, strategy):
    return refuse(request, can_edit_plan(request.user, strategy), _("You may not edit this plan."),
                  readable=strategy is None or can_read_strategy(request.user, strategy))


def _own_organisations(request, form):
    """A strategy is created in, or moved to, only an organisation whose plans the user edits."""
    field = form.fields["organisation"]
    field.queryset = field.queryset.filter(organisations_of(request.user, managed=True))
    return form


def _posted(request):
    """The posted data, with one more block in the formset whose "Tilføj …" button was pressed (the
    way to add a target or a unit without the page's script)."""
    if request.method != "POST":
        return None
    data = request.POST
    prefix = data.get("add", "")
    total = f"{prefix}-TOTAL_FORMS"
    if prefix and data.get(total, "").isdigit():
        data = data.copy()
        data[total] = str(min(int(data[total]) + 1, 1000))
    return data


def _unchecked(form, formsets):
    """Show what was posted without judging it: an added block is not an attempt to save."""
    for f in [form] + [sub for fs in formsets for sub in fs.forms]:
        f._errors = ErrorDict()
    for fs in formsets:
        fs._non_form_errors = fs.error_class()


def _edit(request, *, form, formsets=(), strategy, title, back, done, saved, template="web/plan_edit.html",
          extra=None, after=None):
    """Validate everything, save everything or nothing, and go to `done(obj)`. A press on "Tilføj …"
    only shows the form again with its new block (200), saving nothing."""
    status = 422
    adding = request.method == "POST" and bool(request.POST.get("add"))
    if adding:
        _unchecked(form, formsets)
        status = 200
    elif request.method == "POST":
        valid = [form.is_valid()] + [fs.is_valid() for fs in formsets]
        if all(valid):
            try:
                with transaction.atomic():  # the form, its blocks and `after` (e.g. the baseline): all or nothing
                    obj = plan_save(form=form, formsets=formsets, strategy_id=strategy.id if strategy else None)
                    if after is not None:
                        after(obj)
            except EditConflict as conflict:  # someone saved meanwhile: show what they changed, keep the input
                plan_conflict(form, conflict)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, saved(obj) if callable(saved) else saved)
                return redirect(done(obj))
    return render(request, template, {
        "form": form, "formsets": formsets, "strategy": strategy, "title": title, "back": back,
        "failed": request.method == "POST" and not adding, **(extra or {}),
    }, status=status if request.method == "POST" else 200)


def _next_place(rows) -> int:
    """A new area, initiative or indicator goes last; "Flyt op" moves it from there."""
    return (rows.aggregate(last=Max("order"))["last"] or 0) + 1


def strategy_create(request):
    if (denied := _guard(request, None)) is not None:
        return denied
    from .import_pages import NewStrategyUploadForm
    form = _own_organisations(request, plan_forms.StrategyForm(request.POST or None))
    if not form.is_bound and (wanted := request.GET.get("organisation")):  # from an organisation's page
        form.initial["organisation"] = form.fields["organisation"].queryset.filter(slug=wanted).first()
    return _edit(request, form=form, strategy=None, title=_("New strategy"), back=reverse("web:front"),
                 done=strategy_url, saved=_("The strategy is created."),
                 extra={"upload_form": NewStrategyUploadForm(user=request.user, auto_id="upload_%s")})


def report_texts_edit(request, slug):
    strategy = get_object_or_404(Strategy, slug=slug)
    if (denied := _guard(request, strategy)) is not None:
        return denied
    form = plan_forms.ReportTextsForm(request.POST or None, instance=strategy)
    back = reverse("web:reports", args=[strategy.slug])
    return _edit(request, form=form, strategy=strategy, title=_("The report's introduction and summary"), back=back,
                 done=lambda obj: back, saved=_("The report's texts are saved."),
                 extra={"help": _("Plain text or simple Markdown: a blank line between paragraphs, “## ” before a "
                                  "heading, “- ” before a list item, **bold** and *italic*.")})


def strategy_edit(request, slug):
    strategy = get_object_or_404(Strategy, slug=slug)
    if (denied := _guard(request, strategy)) is not None:
        return denied
    form = _own_organisations(request, plan_forms.StrategyForm(request.POST or None, instance=strategy))
    return _edit(request, form=form, strategy=strategy, title=_("Edit the strategy"), back=strategy_url(strategy),
                 done=strategy_url, saved=_("The strategy is saved."))


def focus_area_edit(request, slug, pk=None):
    strategy = get_object_or_404(Strategy, slug=slug)
    if (denied := _guard(request, strategy)) is not None:
        return denied
    area = get_object_or_404(FocusArea, pk=pk, strategy=strategy) if pk else \
        FocusArea(strategy=strategy, order=_next_place(strategy.focus_areas))
    form = plan_forms.FocusAreaForm(request.POST or None, instance=area)
    title = _("Edit %(label)s") % {"label": strategy.focus_area_label.lower()} if pk else \
        _("New %(label)s") % {"label": strategy.focus_area_label.lower()}
    return _edit(request, form=form, strategy=strategy, title=title, back=strategy_url(strategy),
                 done=lambda obj: strategy_url(strategy), saved=lambda obj: _("Saved: %(title)s.") % {"title": obj.title})


def initiative_edit(request, slug, code=None):
    strategy = get_object_or_404(Strategy.objects.select_related("organisation"), slug=slug)
    if (denied := _guard(request, strategy)) is not None:
        return denied
    initiative = initiative_by_code(Initiative.objects.all(), strategy_slug=slug, code=code) if code else \
        Initiative(strategy=strategy, order=_next_place(strategy.initiatives))
    initiative.strategy = strategy
    data = _posted(request)
    form = plan_forms.InitiativeForm(data, instance=initiative)
    units = plan_forms.initiative_unit_formset(initiative, data)
    return _edit(request, form=form, formsets=[units], strategy=strategy,
                 title=_("Edit the initiative") if code else _("New initiative"),
                 back=initiative_url(initiative) if code else strategy_url(strategy),
                 done=initiative_url, saved=_("The initiative is saved."))


def indicator_edit(request, slug, code, key=None):
    initiative = initiative_get(strategy_slug=slug, code=code)
    strategy = initiative.strategy
    if (denied := _guard(request, strategy)) is not None:
        return denied
    indicator = get_object_or_404(Indicator, strategy=strategy, initiative=initiative, key=key) if key else \
        Indicator(strategy=strategy, initiative=initiative, order=_next_place(strategy.indicators))
    data = _posted(request)
    form = plan_forms.IndicatorForm(data, instance=indicator)
    targets = plan_forms.target_formset(indicator, data)
    return _edit(request, form=form, formsets=[targets], strategy=strategy,
                 title=_("Edit the indicator or milestone") if key else _("New indicator or milestone"),
                 back=initiative_url(initiative), done=lambda obj: initiative_url(initiative) + f"#ind-{obj.key}",
                 saved=_("The indicator is saved."), after=lambda obj: form.save_baseline(user=request.user))


def units(request, org, pk=None):
    organisation = get_object_or_404(Organisation, slug=org)
    if (denied := refuse(request, can_manage_units(request.user, organisation),
                         _("Only the organisation's administrators may edit its units."))) is not None:
        return denied
    unit = get_object_or_404(Unit, pk=pk, organisation=organisation) if pk else Unit(organisation=organisation)
    form = plan_forms.UnitForm(request.POST or None, instance=unit)
    here = reverse("web:units", args=[organisation.slug])
    return _edit(request, form=form, strategy=None, title=_("Units of %(org)s") % {"org": organisation.name},
                 back=reverse("web:front"), done=lambda obj: here, saved=_("The unit is saved."),
                 template="web/units.html", extra={
                     "organisation": organisation, "editing": unit if pk else None,
                     "units": organisation.units.select_related("parent").order_by("name")})


def _past(raw: str) -> int | None:
    """The neighbour the page showed, from its hidden field: none given (an older page), an id, or -1
    for anything else, which is no neighbour, so a tampered field moves nothing."""
    if not raw:
        return None
    return int(raw) if raw.isascii() and raw.isdigit() else -1


@require_POST
def plan_move(request, slug, what, pk):
    """One place up or down among its siblings, versioned like every plan write: a button pressed on a
    page that no longer shows the current order (someone moved or edited it meanwhile) moves nothing."""
    strategy = get_object_or_404(Strategy, slug=slug)
    if (denied := _guard(request, strategy)) is not None:
        return denied
    if what not in moving.MOVABLE:
        raise Http404
    model, siblings, back = moving.MOVABLE[what]
    item = get_object_or_404(model, pk=pk, strategy=strategy)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    version, past = request.POST.get("version", ""), request.POST.get("past", "")
    if step is None:
        return HttpResponseBadRequest(_("Say whether to move up or down."))
    try:
        plan_move_service(item=item, siblings=siblings(item), step=step, strategy_id=strategy.id,
                          version=int(version) if version.isdigit() else None,
                          past=_past(past))
    except EditConflict:
        return render(request, "web/plan_moved.html", {"strategy": strategy, "back": back(item), "item": item},
                      status=409)
    return redirect(back(item))
