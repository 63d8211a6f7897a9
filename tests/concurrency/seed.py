"""Migrate the concurrency test's database and give it the little the writers need."""

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from pejling.plans.models import Indicator, Initiative, Organisation, Strategy, Unit  # noqa: E402
from pejling.plans.permissions import roles_ensure  # noqa: E402

call_command("migrate", verbosity=0)
groups = roles_ensure()
users = get_user_model().objects
users.create_user("center", password="demo").groups.add(groups["Centermedarbejder"])
users.create_user("konsulent", password="demo").groups.add(groups["Strategikonsulent"])
org = Organisation.objects.create(slug="samtidig", name="Samtidig Kommune")
strategy = Strategy.objects.create(organisation=org, slug="samtidig", title="Samtidig strategi")
initiative = Initiative.objects.create(strategy=strategy, code="1", title="Indsats")
Indicator.objects.create(strategy=strategy, initiative=initiative, key="tal", name="Antal", kind="numeric",
                         unit="børn")
for n in range(10):
    Unit.objects.create(organisation=org, name=f"Enhed {n}")
print(" ".join(str(pk) for pk in Unit.objects.order_by("name").values_list("pk", flat=True)))
