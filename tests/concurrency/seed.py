"""Migrate the concurrency test's database and give it the little the writers need."""

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from pejling.plans.memberships import member_add  # noqa: E402
from pejling.plans.models import (  # noqa: E402
    Indicator,
    Initiative,
    InitiativeUnit,
    Organisation,
    Strategy,
    Unit,
)

call_command("migrate", verbosity=0)
org = Organisation.objects.create(slug="samtidig", name="Samtidig Kommune")
strategy = Strategy.objects.create(organisation=org, slug="samtidig", title="Samtidig strategi")
initiative = Initiative.objects.create(strategy=strategy, code="1", title="Indsats")
Indicator.objects.create(strategy=strategy, initiative=initiative, key="tal", name="Antal", kind="numeric",
                         unit="børn")
for n in range(10):
    Unit.objects.create(organisation=org, name=f"Enhed {n}")
centre = Unit.objects.get(organisation=org, name="Enhed 0")
InitiativeUnit.objects.create(initiative=initiative, unit=centre, role="lead")
# The writers: a centre editor of the initiative's unit enters values, an administrator edits units
for username, role, units in (("center", "centre-editor", [centre]), ("konsulent", "administrator", [])):
    user = member_add(organisation=org, username=username, role=role, units=units).user
    user.set_password("demo")  # the test server hashes fast; not a real password
    user.save()
print(" ".join(str(pk) for pk in Unit.objects.order_by("name").values_list("pk", flat=True)))
