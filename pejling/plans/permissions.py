"""Who may change what. One place, so roles per centre can replace these rules later."""


def can_enter_data(user, initiative) -> bool:
    """Measurements, milestone status, status notes and manual colours for an initiative."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("tracking.add_measurement"))


def can_edit_plan(user, strategy) -> bool:
    """Strategies, focus areas, initiatives, indicators, targets, milestones and units."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("plans.change_initiative"))


def can_enter_goal_data(user, strategy) -> bool:
    """Measurements and manual colours for effect goals above the initiatives (the strategy's and its
    focus areas'): they belong to no centre, so the consultants who hold the plan enter them."""
    return can_edit_plan(user, strategy)


# Django groups that carry the rules above. `roles_ensure` creates them; admins put people in them.
ROLES = {
    "Centermedarbejder": [  # centre staff: enter what happened
        "tracking.add_measurement", "tracking.change_measurement", "tracking.add_statusnote",
        "tracking.add_assessment",
    ],
    "Strategikonsulent": [  # consultant: also builds and edits the plan
        "tracking.add_measurement", "tracking.change_measurement", "tracking.add_statusnote",
        "tracking.add_assessment", "plans.add_strategy", "plans.change_strategy", "plans.add_focusarea",
        "plans.change_focusarea", "plans.add_initiative", "plans.change_initiative", "plans.add_indicator",
        "plans.change_indicator", "plans.add_target", "plans.change_target", "plans.delete_target",
        "plans.add_unit", "plans.change_unit", "plans.add_initiativeunit", "plans.delete_initiativeunit",
    ],
}


def roles_ensure():
    """Create (or complete) the role groups; returns them by name."""
    from django.contrib.auth.models import Group, Permission

    groups = {}
    for name, perms in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = [p.split(".") for p in perms]
        group.permissions.add(*[Permission.objects.get(content_type__app_label=app, codename=code) for app, code in wanted])
        groups[name] = group
    return groups


def can_read_history(user, strategy) -> bool:
    """The audit trail (Historik) of the strategy's initiatives and indicators: for now every signed-in user."""
    return bool(user and user.is_authenticated and user.is_active)
