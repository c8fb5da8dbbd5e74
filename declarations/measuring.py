"""Measure the database's rules on the frozen labelled set and store the figures for the public pages.

The frozen set (tests/data/heldout/frozen.toml, quality.py) is scored once, by `manage.py measure_themes`, with the
rules the site tags with (the database's, which staff may have edited since the seeds); the methodology and theme
pages read the stored ThemeMeasure rows and never run the report per request.
"""

from django.db import transaction
from django.utils import timezone

from . import quality, review
from .models import ThemeMeasure
from .retag import theme_specs
from .tagging import Tagger


class NothingToMeasure(RuntimeError):
    pass


@transaction.atomic
def measure_frozen(heldout_dir=quality.HELDOUT_DIR, warnings=None):
    """Score the database's rules on the frozen set, replace the stored frozen figures; returns the Scores."""
    specs, themes = theme_specs(warnings)
    if not (heldout_dir / "frozen.toml").exists():
        raise NothingToMeasure(f"{heldout_dir / 'frozen.toml'}: no frozen labelled set to measure on")
    scores = quality.score(
        quality.heldout_examples("frozen", heldout_dir), Tagger(specs), quality.leaf_slugs(specs)
    )
    now = timezone.now()
    ThemeMeasure.objects.filter(source=ThemeMeasure.Source.FROZEN).delete()
    rows = [
        ThemeMeasure(
            theme=themes[slug] if slug != "micro" else None,
            source=ThemeMeasure.Source.FROZEN,
            true_positives=s.tp,
            false_positives=s.fp,
            false_negatives=s.fn,
            paragraphs=scores.paragraphs,
            measured_at=now,
        )
        for slug, s in [*scores.per_theme.items(), ("micro", scores.micro)]
    ]
    ThemeMeasure.objects.bulk_create(rows)
    review.refresh_staff_measures()
    return scores
