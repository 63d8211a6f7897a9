"""Organisations and the people in them: administrators invite people, change their roles and
deactivate them; superusers create organisations; strategies are made public or not. Set-password
links (from invitations and `pejling user add`) lead to Django's own password-reset pages."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pejling.plans import memberships, selectors
from pejling.plans.models import Membership, Organisation
from pejling.plans.permissions import (
    can_create_organisation,
    can_manage_users,
    can_publish,
    can_read_strategy,
    roles_forget,
)
from pejling.plans.services import strategy_publish

from . import account_forms
from .access import refuse


def set_password_url(request, user) -> str:
    uid, token = memberships.password_set_token(user=user)
    return request.build_absolute_uri(reverse("web:password-set", args=[uid, token]))


def _errors_into(form, exc: ValidationError):
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _organisation(request, org):
    organisation = get_object_or_404(Organisation, slug=org)
    denied = refuse(request, can_manage_users(request.user, organisation),
                    _("Only the organisation's administrators may manage its users."))
    return organisation, denied


def members(request, org):
    organisation, denied = _organisation(request, org)
    if denied is not None:
        return denied
    form = account_forms.InviteForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = memberships.member_add(organisation=organisation, username=data["username"],
                                                role=data["role"], units=data["units"], email=data["email"])
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            user = membership.user
            if user.has_usable_password():
                messages.success(request, _("%(user)s now has the role %(role)s in %(org)s.") % {
                    "user": user.username, "role": membership.get_role_display(), "org": organisation.name})
            else:
                messages.success(request, _("%(user)s is invited as %(role)s. Send them this one-time link to choose "
                                            "a password (valid for 7 days): %(link)s") % {
                    "user": user.username, "role": membership.get_role_display(),
                    "link": set_password_url(request, user)})
            return redirect("web:members", org=organisation.slug)
    return render(request, "web/accounts/members.html", {
        "organisation": organisation, "members": memberships.member_list(organisation=organisation), "form": form,
    }, status=422 if request.method == "POST" else 200)


def member(request, org, pk):
    organisation, denied = _organisation(request, org)
    if denied is not None:
        return denied
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, organisation=organisation)
    initial = {"role": membership.role, "units": list(membership.units.all())}
    form = account_forms.RoleForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        if membership.user_id == request.user.id and not request.user.is_superuser:
            form.add_error("role", _("You cannot change your own role; ask another administrator."))
        else:
            try:
                memberships.member_change(membership=membership, role=form.cleaned_data["role"],
                                          units=form.cleaned_data["units"])
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                roles_forget(membership.user)
                messages.success(request, _("The role of %(user)s is saved.") % {"user": membership.user.username})
                return redirect("web:members", org=organisation.slug)
    return render(request, "web/accounts/member.html", {
        "organisation": organisation, "membership": membership, "form": form,
    }, status=422 if request.method == "POST" else 200)


@require_POST
def member_active(request, org, pk):
    organisation, denied = _organisation(request, org)
    if denied is not None:
        return denied
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, organisation=organisation)
    active = request.POST.get("active") == "1"
    if membership.user_id == request.user.id and not active:
        messages.error(request, _("You cannot deactivate yourself; ask another administrator."))
        return redirect("web:members", org=organisation.slug)
    memberships.member_set_active(membership=membership, active=active)
    messages.success(request, (_("%(user)s is active again in %(org)s.") if active else
                               _("%(user)s is deactivated in %(org)s.")) % {
        "user": membership.user.username, "org": organisation.name})
    return redirect("web:members", org=organisation.slug)


def organisation_create(request):
    if (denied := refuse(request, can_create_organisation(request.user),
                         _("Only the installation's operators (superusers) may create organisations."))) is not None:
        return denied
    form = account_forms.OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = memberships.organisation_create(**form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("%(org)s is created. Invite its first administrator.") % {
                "org": organisation.name})
            return redirect("web:members", org=organisation.slug)
    return render(request, "web/accounts/organisation_create.html", {"form": form},
                  status=422 if request.method == "POST" else 200)


@require_POST
def strategy_published(request, slug):
    strategy = selectors.strategy_get(slug=slug)
    if (denied := refuse(request, can_publish(request.user, strategy), _("You may not publish this strategy."),
                         readable=can_read_strategy(request.user, strategy))) is not None:
        return denied
    published = request.POST.get("published") == "1"
    strategy_publish(strategy=strategy, published=published)
    messages.success(request, _("The strategy is public: everyone can read it.") if published else
                     _("The strategy is no longer public: only the organisation's own people can read it."))
    return redirect("web:strategy", slug=strategy.slug)


password_set = auth_views.PasswordResetConfirmView.as_view(
    template_name="web/accounts/password_set.html", success_url=reverse_lazy("web:password-set-done"))
password_set_done = auth_views.PasswordResetCompleteView.as_view(template_name="web/accounts/password_set_done.html")
