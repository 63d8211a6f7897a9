"""Organisations, people and their roles: the writes (keyword-only, atomic, validated) and the reads
that the user-management pages, `pejling user add`, the demo and single sign-on share."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import AccessRole, Membership, Organisation, Unit

# --- reads ---------------------------------------------------------------------------------------


def organisation_find(*, text: str) -> Organisation | None:
    """An organisation by its slug or its name (any case; "Ringsted" finds "Ringsted Kommune")."""
    text = text.strip()
    return Organisation.objects.filter(Q(slug__iexact=text) | Q(name__iexact=text)).first() or \
        Organisation.objects.filter(name__iexact=f"{text} Kommune").first()


def unit_find(*, organisation: Organisation, text: str) -> Unit | None:
    """A unit of the organisation by its name (any case) or the slug of its name ("skolecenter")."""
    text = text.strip()
    units = list(organisation.units.all())
    return next((u for u in units if u.name.lower() == text.lower()), None) or \
        next((u for u in units if slugify(u.name) == slugify(text)), None)


def member_list(*, organisation: Organisation):
    return (Membership.objects.filter(organisation=organisation).select_related("user")
            .prefetch_related("units").order_by("-active", "user__username"))


def memberships_of(*, user):
    return Membership.objects.filter(user=user, active=True).select_related("organisation")


def password_set_token(*, user) -> tuple[str, str]:
    """(uidb64, token) for a one-time set-password link: the token stops working once the password is set."""
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


# --- writes --------------------------------------------------------------------------------------


def _check_role(role: str, units, organisation) -> None:
    if role not in AccessRole.values:
        raise ValidationError({"role": _("Unknown role »%(role)s«. Choose administrator, consultant, centre-editor "
                                         "or reader.") % {"role": role}})
    foreign = [u.name for u in units if u.organisation_id != organisation.id]
    if foreign:
        raise ValidationError({"units": _("%(units)s is not a unit of %(org)s.") % {
            "units": ", ".join(foreign), "org": organisation.name}})
    if role == AccessRole.CENTRE_EDITOR and not units:
        raise ValidationError({"units": _("A centre editor needs at least one unit: the initiatives where it is lead "
                                          "or participating are the ones they may enter data for.")})


@transaction.atomic
def organisation_create(*, name: str, slug: str = "", kind: str = "Kommune") -> Organisation:
    slug = slug or slugify(name)
    if Organisation.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("An organisation with this short name already exists.")})
    return Organisation.objects.create(name=name.strip(), slug=slug, kind=kind)


@transaction.atomic
def member_add(*, organisation: Organisation, username: str, role: str, units=(), email: str = "",
               password: str | None = None) -> Membership:
    """Give a person (new or existing, by user name) a role in the organisation. A new person without a
    password gets an unusable one: they choose their own through a one-time link."""
    units = list(units)
    _check_role(role, units, organisation)
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("Write a user name.")})
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is not None and Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError({"username": _("%(user)s already has a role in %(org)s: change it instead.") % {
            "user": username, "org": organisation.name}})
    if user is None:
        user = User(username=username, email=email.strip())
    elif email:
        user.email = email.strip()
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)
    elif not user.pk:
        user.set_unusable_password()
    user.is_active = True
    user.save()
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    membership.units.set(units)
    return membership


@transaction.atomic
def member_change(*, membership: Membership, role: str, units=()) -> Membership:
    units = list(units) if role == AccessRole.CENTRE_EDITOR else []
    _check_role(role, units, membership.organisation)
    membership.role = role
    membership.save(update_fields=["role"])
    membership.units.set(units)
    return membership


@transaction.atomic
def member_set_active(*, membership: Membership, active: bool) -> Membership:
    """Deactivate (or reactivate) a person's role in one organisation. Someone left with no active
    role anywhere cannot log in any more (superusers keep their log-in)."""
    membership.active = active
    membership.save(update_fields=["active"])
    user = membership.user
    has_role = Membership.objects.filter(user=user, active=True).exists()
    if has_role != user.is_active and not user.is_superuser:
        user.is_active = has_role
        user.save(update_fields=["is_active"])
    return membership


@transaction.atomic
def memberships_sync(*, user, wanted: list[tuple[Organisation, str, list[Unit]]]) -> list[Membership]:
    """Make the user's roles exactly `wanted` (single sign-on: the identity provider decides)."""
    keep = []
    for organisation, role, units in wanted:
        membership = Membership.objects.filter(user=user, organisation=organisation).first()
        if membership is None:
            _check_role(role, units, organisation)
            membership = Membership.objects.create(user=user, organisation=organisation, role=role)
            membership.units.set(units)
        else:
            member_change(membership=membership, role=role, units=units)
            if not membership.active:
                membership.active = True
                membership.save(update_fields=["active"])
        keep.append(membership)
    Membership.objects.filter(user=user).exclude(id__in=[m.id for m in keep]).update(active=False)
    return keep
