"""Who may do what: the one module that decides every permission, with `rules` predicates.

Roles are per organisation (plans.Membership): administrator, consultant, centre editor (only the
initiatives where one of their units is lead or participating) and reader. A Django superuser may
do everything. Anonymous visitors read published strategies and public reports only.

The web pages, the reports, the admin, the command line and the API call the `can_*` functions
below; the same rules are registered as Django permissions (`pejling.<name>`) for
`user.has_perm("pejling.enter_data", initiative)` through rules' ObjectPermissionBackend.
"""

import rules
from django.db.models import Q

from .models import AccessRole, Initiative, Organisation, Strategy

MANAGERS = (AccessRole.ADMINISTRATOR, AccessRole.CONSULTANT)  # may change plans and all data


def _roles(user) -> dict:
    """{organisation id: (role, unit ids)} of the user's active memberships, read once per user object."""
    if not (user and user.is_authenticated and user.is_active):
        return {}
    cached = getattr(user, "_pejling_roles", None)
    if cached is None:
        cached = {}
        for m in user.memberships.filter(active=True).prefetch_related("units"):
            cached[m.organisation_id] = (m.role, frozenset(u.id for u in m.units.all()))
        user._pejling_roles = cached
    return cached


def roles_forget(user) -> None:
    """After a membership changed: the next check reads the memberships again."""
    if user is not None and hasattr(user, "_pejling_roles"):
        del user._pejling_roles


def _organisation_id(obj):
    if isinstance(obj, Organisation):
        return obj.id
    if isinstance(obj, Strategy):
        return obj.organisation_id
    if isinstance(obj, Initiative):
        return obj.strategy.organisation_id
    return None


def _role(user, obj):
    return _roles(user).get(_organisation_id(obj), (None, frozenset()))[0]


@rules.predicate
def is_superuser(user):
    return bool(user and user.is_active and user.is_superuser)


@rules.predicate
def is_member(user, obj):
    """Any role in the object's organisation (readers and above)."""
    return _role(user, obj) is not None


@rules.predicate
def is_administrator(user, obj):
    return _role(user, obj) == AccessRole.ADMINISTRATOR


@rules.predicate
def is_manager(user, obj):
    """Administrator or consultant of the object's organisation; with no object: of any organisation."""
    if obj is None:
        return any(role in MANAGERS for role, _units in _roles(user).values())
    return _role(user, obj) in MANAGERS


@rules.predicate
def is_editor_of_initiative(user, initiative):
    """A centre editor one of whose units is lead or participating in the initiative."""
    role, units = _roles(user).get(_organisation_id(initiative), (None, frozenset()))
    if role != AccessRole.CENTRE_EDITOR or not units:
        return False
    return any(link.unit_id in units for link in initiative.unit_links.all())


@rules.predicate
def is_centre_editor(user, obj):
    """A centre editor of the object's organisation (which initiatives: is_editor_of_initiative)."""
    role, units = _roles(user).get(_organisation_id(obj), (None, frozenset()))
    return role == AccessRole.CENTRE_EDITOR and bool(units)


@rules.predicate
def is_published(user, strategy):
    return bool(strategy is not None and strategy.published)


PERMISSIONS = {
    "read_strategy": is_published | is_superuser | is_member,
    "read_reports": is_superuser | is_member,
    "see_small_counts": is_superuser | is_member,
    "download_template": is_superuser | is_member,
    "edit_plan": is_superuser | is_manager,
    "enter_data": is_superuser | is_manager | is_editor_of_initiative,
    "publish": is_superuser | is_manager,
    "import_measurements": is_superuser | is_manager | is_centre_editor,
    "manage_users": is_superuser | is_administrator,
    "manage_units": is_superuser | is_administrator,
    "create_organisation": is_superuser,
    "use_admin": is_superuser,
}
for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(f"pejling.{_name}", _predicate)


def _test(name, user, obj=None) -> bool:
    return bool(PERMISSIONS[name].test(user, obj))


def can_read_strategy(user, strategy) -> bool:
    """The strategy's pages: published ones for everyone, the others for the organisation's people."""
    return _test("read_strategy", user, strategy)


def can_see_small_counts(user, strategy) -> bool:
    """Counts of children below 5, and what they could be computed back from: the organisation's own
    people only. Anyone else, signed in with another municipality or not, reads as the public does."""
    return _test("see_small_counts", user, strategy)


def can_read_reports(user, strategy) -> bool:
    """The live committee report and reports published for the committee: readers and above."""
    return _test("read_reports", user, strategy)


def can_download_template(user, strategy) -> bool:
    """The strategy's Excel template, filled or empty: it holds all the strategy's data as entered (counts
    below 5 too), so the organisation's own people (readers and above) only; never the public, not even
    for a published strategy. Uploading it is editing the plan (`can_edit_plan`)."""
    return _test("download_template", user, strategy)


def can_enter_data(user, initiative) -> bool:
    """Measurements, milestone status, status notes and manual colours for an initiative."""
    return _test("enter_data", user, initiative)


def can_import_measurements(user, strategy) -> bool:
    """Upload a file of measurements into the strategy: consultants and administrators, and centre editors
    (each row is then checked with `can_enter_data` for its initiative, or `can_enter_goal_data`)."""
    return _test("import_measurements", user, strategy)


def can_edit_plan(user, strategy) -> bool:
    """Strategies, focus areas, initiatives, indicators, targets and milestones, and what decides their
    assessment: which measurement is the baseline, the reference series; deleting and restoring initiatives
    and indicators. With `strategy=None`: whether the user may create a strategy in some organisation."""
    return _test("edit_plan", user, strategy)


def can_enter_goal_data(user, strategy) -> bool:
    """Measurements and manual colours for effect goals above the initiatives (the strategy's and its
    focus areas'): they belong to no centre, so the consultants who hold the plan enter them."""
    return can_edit_plan(user, strategy)


def can_publish(user, strategy) -> bool:
    """Publish reports and make the strategy public (or not)."""
    return _test("publish", user, strategy)


def can_manage_users(user, organisation) -> bool:
    return _test("manage_users", user, organisation)


def can_manage_units(user, organisation) -> bool:
    return _test("manage_units", user, organisation)


def can_create_organisation(user) -> bool:
    return _test("create_organisation", user)


def can_use_admin(user) -> bool:
    """Django's admin sees every organisation, so it is for the operators (superusers) only."""
    return _test("use_admin", user)


def readable_strategies(user) -> Q:
    """A filter on Strategy for what `can_read_strategy` allows, for lists."""
    if is_superuser(user):
        return Q()
    return Q(published=True) | Q(organisation_id__in=list(_roles(user)))


def organisations_of(user, *, managed: bool = False) -> Q:
    """A filter on Organisation: where the user has a role (`managed`: administrator or consultant)."""
    if is_superuser(user):
        return Q()
    return Q(id__in=[org for org, (role, _u) in _roles(user).items() if not managed or role in MANAGERS])


def home_organisations(user) -> Q | None:
    """A filter on Organisation for the front page: a signed-in person's own organisations (every one
    for a superuser); None for anonymous visitors and people without a role (they see the municipalities
    with published strategies)."""
    if is_superuser(user):
        return Q()
    return organisations_of(user) if _roles(user) else None


def readable_organisations(user) -> Q:
    """A filter on Organisation for the organisation pages: a person's own organisations (every one for a
    superuser) and any with a strategy the user may read. Others are unknown to the user (404)."""
    shared = Q(id__in=Strategy.objects.filter(readable_strategies(user)).values("organisation_id"))
    home = home_organisations(user)
    return shared if home is None else home | shared


def member_organisations(user) -> Q:
    """A filter on Organisation: where the user holds a role, a superuser too (not every organisation)."""
    return Q(id__in=list(_roles(user)))


def can_read_history(user, strategy) -> bool:
    """The audit trail (Historik) of the strategy's initiatives and indicators: its organisation's readers
    and above, never the public (it names who changed what)."""
    return can_read_reports(user, strategy)
