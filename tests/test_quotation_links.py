"""Quotation links in the database: found on import, kept in step with edits, staff decisions kept."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from declarations import editing
from declarations.models import Document, Paragraph, QuotationLink

from .factories import make_document, make_paragraph

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parent / "data" / "quotation_examples"
Origin = QuotationLink.Origin


def links_of(document):
    return {
        (link.news.number, link.source.number): (link.kind, link.origin)
        for link in QuotationLink.objects.filter(news__document=document).select_related("news", "source")
    }


def moscow_times():
    return Document.objects.get(seed_file__startswith="000_")


def bishkek_paragraph(number):
    return Paragraph.objects.get(document__slug="2013-bishkek-declaration", number=number)


def run(*args):
    out = io.StringIO()
    call_command("find_quotations", *args, stdout=out)
    return out.getvalue()


def test_the_seed_import_links_the_moscow_times_to_the_bishkek_declaration():
    # The test database imports the seeds in file order: the article first, the declaration after it.
    assert links_of(moscow_times()) == {
        (7, 21): ("quotation", "found"),
        (6, 18): ("quotation", "found"),
        (5, 17): ("paraphrase", "found"),
    }


def test_a_declaration_imported_after_its_news_gets_its_links_then():
    call_command("import_seeds", str(EXAMPLES / "102_dushanbe_news_quotes.txt"), verbosity=0)
    news = Document.objects.get(seed_file="102_dushanbe_news_quotes.txt")
    assert links_of(news) == {}
    call_command("import_seeds", str(EXAMPLES / "101_dushanbe_declaration.txt"), verbosity=0)
    assert links_of(news) == {
        (2, 3): ("quotation", "found"),
        (4, 4): ("quotation", "found"),
        (7, 6): ("quotation", "found"),
    }


def test_news_quoting_another_summits_declaration_by_name_is_linked_to_that_declaration_only():
    call_command("import_seeds", str(EXAMPLES / "101_dushanbe_declaration.txt"), verbosity=0)
    call_command("import_seeds", str(EXAMPLES / "104_dushanbe_news_other_summit.txt"), verbosity=0)
    news = Document.objects.get(seed_file="104_dushanbe_news_other_summit.txt")
    assert news.summit.slug == "2014-dushanbe"
    links = QuotationLink.objects.filter(news__document=news)
    assert {(link.news.number, link.source.number, link.source.document.slug) for link in links} == {
        (1, 21, "2013-bishkek-declaration"),  # "as noted in the Bishkek Declaration of 2013"
        (2, 18, "2013-bishkek-declaration"),  # "The 2013 Bishkek document also said that ..."
    }


def test_the_command_reports_counts_and_is_idempotent():
    QuotationLink.objects.all().delete()
    assert "links created 3, updated 0, removed 0, unchanged 0" in run()
    assert "links created 0, updated 0, removed 0, unchanged 3" in run("--summit", "2013-bishkek")
    assert "dry run, nothing written" in run("--dry-run")


def all_links():
    return set(
        QuotationLink.objects.values_list(
            "news_id", "source_id", "kind", "score", "news_start", "news_end", "source_start", "source_end"
        )
    )


def test_a_run_in_worker_processes_finds_and_writes_what_a_run_in_one_process_does():
    for name in (
        "101_dushanbe_declaration.txt",
        "102_dushanbe_news_quotes.txt",
        "104_dushanbe_news_other_summit.txt",
    ):
        call_command("import_seeds", str(EXAMPLES / name), verbosity=0)
    expected = all_links()
    assert len(expected) > 3
    QuotationLink.objects.all().delete()
    output = run("--workers", "2")
    assert f"links created {len(expected)}, updated 0, removed 0, unchanged 0" in output
    assert all_links() == expected
    assert sorted(bishkek_paragraph(n).quoted for n in (17, 18, 21)) == [True, True, True]
    assert f"unchanged {len(expected)}" in run("--workers", "2")


def test_the_command_refuses_an_unknown_summit():
    with pytest.raises(CommandError, match="unknown summit slug"):
        run("--summit", "2013-nowhere")
    with pytest.raises(CommandError, match="--workers must be 1 or more"):
        run("--workers", "0")


def test_a_found_link_goes_when_the_news_text_no_longer_quotes():
    paragraph = moscow_times().paragraphs.get(number=7)
    paragraph.text = "As for North Korea, the leaders said little."
    paragraph.save()
    editing_result = run("--summit", "2013-bishkek")
    assert "removed 1" in editing_result
    assert (7, 21) not in links_of(moscow_times())


def test_staff_decisions_survive_a_rerun_and_an_edit():
    QuotationLink.objects.filter(news__number=6).update(origin=Origin.REJECTED)
    QuotationLink.objects.filter(news__number=5).update(origin=Origin.CONFIRMED)
    paragraph = moscow_times().paragraphs.get(number=5)
    paragraph.text = "The member states met in the evening."  # the paraphrase is gone from the text
    paragraph.save()
    output = run()
    assert "staff decisions kept 1" in output
    found = links_of(moscow_times())
    assert found[(6, 18)] == ("quotation", "rejected")  # found again, still rejected
    assert found[(5, 17)] == ("paraphrase", "confirmed")  # not found any more, kept as staff confirmed it
    assert found[(7, 21)] == ("quotation", "found")


def test_splitting_a_news_paragraph_moves_its_link_to_the_part_that_quotes():
    paragraph = moscow_times().paragraphs.get(number=7)
    paragraph.text = "The summit ended on Friday. " + paragraph.text
    paragraph.save()
    first, second = editing.split_paragraph(paragraph, len("The summit ended on Friday. "))
    assert not QuotationLink.objects.filter(news=first).exists()
    assert QuotationLink.objects.filter(news=second, source=bishkek_paragraph(21), kind="quotation").exists()


def test_a_staff_paragraph_inserted_in_a_news_item_gets_its_links():
    document = make_document(kind=Document.Kind.NEWS, slug="a-news-item", title="A news item")
    make_paragraph(document, "The leaders met.")
    inserted = editing.insert_paragraph(
        document,
        'The declaration read: "the member states support the initiative aimed at subjecting the Syrian chemical '
        'weapons to international control".',
    )
    assert list(QuotationLink.objects.filter(news=inserted).values_list("source__number", "kind")) == [
        (17, "quotation")
    ]


def test_editing_a_declaration_paragraph_recomputes_its_summits_news(admin_client):
    from .admin_forms import form_data

    source = bishkek_paragraph(21)
    url = f"/admin/declarations/paragraph/{source.pk}/change/"
    data = form_data(admin_client.get(url))
    data["text"] = "The member states will continue cooperation in culture and tourism."
    assert admin_client.post(url, data).status_code == 302
    assert (7, 21) not in links_of(moscow_times())
    assert (6, 18) in links_of(moscow_times())


def test_links_are_unique_per_pair_on_both_databases():
    from django.db import IntegrityError, transaction

    link = QuotationLink.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        QuotationLink.objects.create(
            news=link.news,
            source=link.source,
            kind="quotation",
            score=50,
            news_start=0,
            news_end=1,
            source_start=0,
            source_end=1,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        QuotationLink.objects.create(
            news=link.news,
            source=bishkek_paragraph(2),
            kind="quotation",
            score=150,
            news_start=0,
            news_end=1,
            source_start=0,
            source_end=1,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        QuotationLink.objects.create(
            news=link.news,
            source=bishkek_paragraph(3),
            kind="quotation",
            score=50,
            news_start=5,
            news_end=1,
            source_start=0,
            source_end=1,
        )


def test_quoted_in_news_lists_the_declaration_paragraphs_the_press_picked_up():
    quoted = Paragraph.objects.filter(document__slug="2013-bishkek-declaration").quoted_in_news()
    assert sorted(quoted.values_list("number", flat=True)) == [17, 18, 21]
    link = QuotationLink.objects.get(source__number=17)
    link.origin = Origin.REJECTED
    link.save()
    assert sorted(quoted.values_list("number", flat=True)) == [18, 21]


def test_many_new_links_are_written_in_statements_of_many_rows_each(django_assert_max_num_queries):
    from django.utils import timezone

    from declarations.quotations.links import insert_links

    declaration, news = make_document(kind="declaration"), make_document(kind="news")
    sources = [make_paragraph(declaration) for _ in range(15)]
    quoting = [make_paragraph(news) for _ in range(15)]
    rows = [(n.pk, s.pk, "quotation", 91.5, 0, 4, 0, 4, "v1", n.date) for n in quoting for s in sources]
    with django_assert_max_num_queries(
        3
    ):  # 225 rows: 3 statements on SQLite's 999 parameters, 1 on PostgreSQL
        insert_links(rows, timezone.now())
    written = QuotationLink.objects.filter(news__document=news)
    assert set(written.values_list("news_id", "source_id")) == {(r[0], r[1]) for r in rows}
    assert set(written.values_list("origin", "score", "kind")) == {(Origin.FOUND, 91.5, "quotation")}
    assert set(written.values_list("news_date", flat=True)) == {news.date}


def test_links_keep_their_news_date_and_a_paragraph_lists_its_quoting_news_oldest_first():
    import datetime

    from declarations.quotations.display import quoted_in
    from declarations.quotations.links import refresh_paragraphs

    news = moscow_times()
    assert set(QuotationLink.objects.filter(news__document=news).values_list("news_date", flat=True)) == {
        news.date
    }
    earlier = make_document(kind="news", slug="earlier-report", title="An earlier report")
    quoting = make_paragraph(
        earlier,
        'The declaration read: "negotiations and consultations are the only effective ways to preserve peace and '
        'stability on the Korean Peninsula".',
    )
    earlier.date = news.date - datetime.timedelta(days=1)
    earlier.save()
    refresh_paragraphs([quoting])
    source = bishkek_paragraph(21)
    assert [shown.news.document.slug for shown in quoted_in(source).links] == ["earlier-report", news.slug]
    news.date = earlier.date - datetime.timedelta(days=1)  # the Moscow Times redated to the day before
    news.save()
    assert set(QuotationLink.objects.filter(news__document=news).values_list("news_date", flat=True)) == {
        news.date
    }
    assert [shown.news.document.slug for shown in quoted_in(source).links] == [news.slug, "earlier-report"]


def die_in_worker(rows):
    import os

    os._exit(1)  # as a worker killed for memory would


def test_a_worker_that_dies_fails_the_run_instead_of_hanging_it(monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    from declarations.quotations import parallel

    before = all_links()
    monkeypatch.setattr(parallel, "_match", die_in_worker)
    with pytest.raises(BrokenProcessPool):
        run("--workers", "2")
    assert all_links() == before  # the command's transaction rolled back


def test_reverting_a_link_keeps_its_copy_of_the_news_paragraphs_date_as_it_is_now(client, editor):
    import datetime

    from reversion.models import Version

    from declarations.admin.versioning import BASELINE_COMMENT

    from .admin_forms import form_data

    link = QuotationLink.objects.get(news__document=moscow_times(), source__number=21)
    url = reverse("admin:declarations_quotationlink_change", args=[link.pk])
    assert client.post(url, {"origin": Origin.CONFIRMED}).status_code == 302
    baseline = Version.objects.get_for_object(link).get(revision__comment=BASELINE_COMMENT)
    news = moscow_times()
    news.date -= datetime.timedelta(days=30)
    news.save()
    revision = reverse("admin:declarations_quotationlink_revision", args=[link.pk, baseline.pk])
    assert client.post(revision, form_data(client.get(revision))).status_code == 302
    link.refresh_from_db()
    assert (link.origin, link.news_date) == (Origin.FOUND, news.date)
