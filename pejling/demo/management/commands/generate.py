import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pejling.demo.generator import PRESETS, Size, generate
from pejling.interchange.documents import ImportRefused

LIMITS = {"organisations": 500, "strategies_per_org": 20, "initiatives_per_strategy": 100,
          "indicators_per_initiative": 40, "years": 30, "breakdowns": 20}


class Command(BaseCommand):
    help = ("Make a synthetic installation for measuring Pejling at scale (made-up municipalities; "
            "deterministic for a seed). Strategies with the same slugs are replaced.")

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=sorted(PRESETS), help="national: 98 × 3 × 15 × 4, 10 years, 2 groups")
        for name in LIMITS:
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, type=int)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--prefix", default="gen", help="slug prefix of the organisations (default gen)")

    def handle(self, *args, preset, seed, prefix, **options):
        base = PRESETS[preset or "small"]
        values = {}
        for name, limit in LIMITS.items():
            value = options.get(name)
            value = getattr(base, name) if value is None else value
            if not 0 <= value <= limit or (name != "breakdowns" and value == 0):
                raise CommandError(_("--%(option)s: from %(low)s to %(high)s, not %(value)s") % {
                    "option": name.replace("_", "-"), "low": 0 if name == "breakdowns" else 1, "high": limit,
                    "value": value})
            values[name] = value
        if not prefix.isascii() or not prefix.replace("-", "").isalnum() or len(prefix) > 12 or prefix != prefix.lower():
            raise CommandError(_("--prefix: lower-case letters, digits and hyphens, at most 12"))
        start = time.perf_counter()
        try:
            counts = generate(size=Size(**values), seed=seed, prefix=prefix,
                              out=self.stdout.write if options["verbosity"] > 1 else None)
        except ImportRefused as exc:
            raise CommandError(str(exc)) from None
        seconds = time.perf_counter() - start
        self.stdout.write(", ".join(f"{n} {k}" for k, n in counts.items()) + f" in {seconds:.1f} s")
