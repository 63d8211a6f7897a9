"""Single sign-on: what a person's identity-provider claims say about their roles. Pure reading of
the claims here; pejling.web.oidc logs them in and pejling.plans.memberships stores the roles.

A claim (PEJLING_OIDC_ROLES_CLAIM, default "pejling_roles"; a list or one string) holds entries
"organisation:role" or "organisation:role:unit[,unit…]", e.g. "ringsted:consultant" or
"ringsted:centre-editor:Skolecenter". Organisation and units by slug or name; roles administrator,
consultant, centre-editor, reader. Entries that name nothing known are skipped and reported."""

from dataclasses import dataclass, field

from .memberships import organisation_find, unit_find
from .models import AccessRole


@dataclass
class ClaimedRoles:
    roles: list = field(default_factory=list)  # [(Organisation, role, [Unit])]
    problems: list = field(default_factory=list)  # entries that could not be used, with why


def roles_from_claims(claims: dict, *, claim: str = "pejling_roles") -> ClaimedRoles:
    raw = claims.get(claim) or []
    entries = [raw] if isinstance(raw, str) else [e for e in raw if isinstance(e, str)]
    result, seen = ClaimedRoles(), set()
    for entry in entries:
        parts = [p.strip() for p in entry.split(":")]
        if len(parts) not in (2, 3) or not all(parts[:2]):
            result.problems.append(f"{entry!r}: expected organisation:role[:unit,unit]")
            continue
        organisation = organisation_find(text=parts[0])
        role = parts[1].lower().replace("_", "-")
        if organisation is None:
            result.problems.append(f"{entry!r}: no organisation {parts[0]!r}")
            continue
        if role not in AccessRole.values:
            result.problems.append(f"{entry!r}: no role {parts[1]!r}")
            continue
        names = [n for n in (parts[2].split(",") if len(parts) == 3 else []) if n.strip()]
        units = [unit_find(organisation=organisation, text=n) for n in names]
        if None in units:
            result.problems.append(f"{entry!r}: a unit is not one of {organisation.name}'s")
            continue
        if role == AccessRole.CENTRE_EDITOR and not units:
            result.problems.append(f"{entry!r}: a centre editor needs a unit")
            continue
        if organisation.id in seen:
            result.problems.append(f"{entry!r}: a second role in {organisation.name}; the first counts")
            continue
        seen.add(organisation.id)
        result.roles.append((organisation, role, units))
    return result
