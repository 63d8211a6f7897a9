"""`pejling user add USERNAME --organisation ORG --role ROLE [--unit UNIT]… [--email E] [--password P]`"""

import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from pejling.plans.memberships import member_add, organisation_find, password_set_token, unit_find
from pejling.plans.models import AccessRole


class Command(BaseCommand):
    help = "Manage the people who use Pejling and their roles per organisation."

    def add_arguments(self, parser):
        verbs = parser.add_subparsers(dest="verb", required=True)
        add = verbs.add_parser("add", help="give a person (new or existing) a role in an organisation")
        add.add_argument("username")
        add.add_argument("--organisation", required=True, help="the organisation's slug or name")
        add.add_argument("--role", required=True, choices=AccessRole.values)
        add.add_argument("--unit", action="append", default=[],
                         help="a unit (name or slug) whose initiatives a centre editor enters data for; repeatable")
        add.add_argument("--email", default="")
        add.add_argument("--password", default=None,
                         help="without it, a one-time link to choose a password is printed")
        add.add_argument("--base-url", default=os.environ.get("PEJLING_BASE_URL", "http://127.0.0.1:8000"),
                         help="the address people use for Pejling, for the link (default: $PEJLING_BASE_URL)")

    def handle(self, *args, verb, **options):
        if verb == "add":
            self.add(**options)

    def add(self, *, username, organisation, role, unit, email, password, base_url, **_options):
        org = organisation_find(text=organisation)
        if org is None:
            raise CommandError(_("no organisation »%(organisation)s« (`pejling list` shows them)") % {
                "organisation": organisation})
        units = []
        for name in unit:
            found = unit_find(organisation=org, text=name)
            if found is None:
                known = ", ".join(u.name for u in org.units.order_by("name"))
                raise CommandError(_("no unit »%(unit)s« in %(organisation)s (its units: %(known)s)") % {
                    "unit": name, "organisation": org.name, "known": known})
            units.append(found)
        try:
            membership = member_add(organisation=org, username=username, role=role, units=units, email=email,
                                    password=password)
        except ValidationError as exc:
            raise CommandError("; ".join(f"{field}: {' '.join(msgs)}" if field != "__all__" else " ".join(msgs)
                                         for field, msgs in exc.message_dict.items())) from None
        user = membership.user
        where = f" ({', '.join(u.name for u in units)})" if units else ""
        self.stdout.write(f"{user.username}: {role} in {org.name}{where}")
        if not user.has_usable_password():
            uid, token = password_set_token(user=user)
            link = base_url.rstrip("/") + reverse("web:password-set", args=[uid, token])
            self.stdout.write(f"one-time link to choose a password (valid for 7 days): {link}")
