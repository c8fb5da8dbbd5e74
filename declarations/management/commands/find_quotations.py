import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from declarations.models import QuotationLink, Summit
from declarations.quotations.links import find_quotations


class Command(BaseCommand):
    help = (
        "Find the news paragraphs that quote or paraphrase a declaration of their summit and link them "
        "(all summits, or the given ones). Links staff confirmed or rejected are never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--summit", action="append", default=[], metavar="SLUG", help="Only this summit (repeatable)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument(
            "--workers",
            type=int,
            metavar="N",
            help="Processes that match a whole-archive run (default: one per CPU from 50,000 news paragraphs).",
        )

    def handle(self, *args, summit, dry_run, workers, **options):
        if workers is not None and workers < 1:
            raise CommandError("--workers must be 1 or more")
        summits = Summit.objects.order_by("start_date")
        if summit:
            found = set(summits.filter(slug__in=summit).values_list("slug", flat=True))
            unknown = [slug for slug in summit if slug not in found]
            if unknown:
                raise CommandError(
                    f"unknown summit slug(s): {', '.join(unknown)} (slugs look like 2013-bishkek)"
                )
            summits = summits.filter(slug__in=summit)
        labels = dict(summits.values_list("pk", "slug"))
        verbosity = options["verbosity"]

        def progress(summit_id, counts):
            if verbosity >= 2:
                self.stdout.write(f"{labels[summit_id]} done; so far: {counts.summary()}")

        started = time.perf_counter()
        with transaction.atomic():
            # No --summit: the whole archive, which find_quotations runs as one pass (each index built once).
            counts = find_quotations(list(labels) if summit else None, progress=progress, workers=workers)
            shown = QuotationLink.objects.exclude(origin=QuotationLink.Origin.REJECTED).count()
            if dry_run:
                transaction.set_rollback(True)
        prefix = "dry run, nothing written: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{counts.summary()}; {shown} links in the archive; {time.perf_counter() - started:.1f} s"
        )
