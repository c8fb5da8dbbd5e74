import sys

from django.core.management.base import BaseCommand, CommandError

from declarations.corpus.loader import CorpusError, load_corpus, remove_synthetic


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic corpus for benchmarks and demos: documents over the real summits, "
        "paragraphs of 40-120 words of diplomatic vocabulary, tagged by the themes' rules, all marked "
        "synthetic. --remove deletes every synthetic document."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--paragraphs", type=int, default=10_000, help="How many paragraphs (default 10,000)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same corpus (default 1).")
        parser.add_argument("--remove", action="store_true", help="Delete every synthetic document and exit.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be generated; write nothing."
        )

    def handle(self, *args, paragraphs, seed, remove, dry_run, **options):
        if remove:
            if dry_run:
                raise CommandError("--remove does not take --dry-run")
            deleted = remove_synthetic()
            self.stdout.write(
                "removed " + ", ".join(f"{count} rows from {table}" for table, count in deleted.items())
            )
            return
        if dry_run:
            self.stdout.write(
                f"dry run, nothing written: would generate {paragraphs} paragraphs with seed {seed}"
            )
            return
        show = options["verbosity"] >= 1

        def progress(done, total, seconds):
            if show:
                rate = done / seconds if seconds else 0
                sys.stderr.write(f"\r{done:,}/{total:,} paragraphs, {seconds:.0f} s, {rate:,.0f}/s ")
                sys.stderr.flush()

        try:
            result = load_corpus(paragraphs, seed=seed, progress=progress)
        except CorpusError as e:
            raise CommandError(str(e)) from e
        if show:
            sys.stderr.write("\n")
        for line in result.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {line}"))
        self.stdout.write(result.summary())
