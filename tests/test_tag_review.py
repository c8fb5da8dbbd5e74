"""Staff review of machine-made tags: the queue, one-button decisions, decisions that outlast the rules, figures that
move, and a rule change previewed before it is saved."""

import pytest
from django.urls import reverse

from declarations import editing
from declarations.models import Paragraph, ParagraphTheme, RejectedTag, Theme, ThemeMeasure
from declarations.retag import Retagger

from .admin_forms import form_data
from .factories import make_document, make_paragraph

pytestmark = pytest.mark.django_db

TERROR = "The member states condemn terrorism in all its forms and manifestations."
QUEUE = reverse("admin:declarations_paragraphtheme_changelist")


def rule_tag(text=TERROR, slug="terrorism"):
    document = make_document()
    paragraph = make_paragraph(document, text)
    Retagger().retag([paragraph])
    return paragraph.tags.get(theme__slug=slug)


def review_url(tag):
    return reverse("admin:declarations_paragraphtheme_review", args=[tag.pk])


def test_a_rule_tag_keeps_its_rule_and_the_words_it_matched():
    tag = rule_tag()
    assert (tag.origin, tag.rule, tag.matched) == ("rule", "terror*", "terrorism")
    parent = tag.paragraph.tags.get(theme__slug="security")
    assert (parent.rule, parent.matched) == ("via terrorism: terror*", "terrorism")


def test_a_confirmed_tag_stays_when_the_rules_stop_matching():
    tag, other = rule_tag(), rule_tag()
    assert editing.confirm_tags(ParagraphTheme.objects.filter(pk=tag.pk)) == 1
    Theme.objects.filter(slug="terrorism").update(rules="extremis*")
    Retagger().retag([tag.paragraph, other.paragraph])
    kept = tag.paragraph.tags.get(theme__slug="terrorism")
    assert kept.is_confirmed and kept.rule == "terror*"
    # an unconfirmed rule tag of the same kind goes
    assert not other.paragraph.tags.filter(theme__slug="terrorism").exists()


def test_the_queue_lists_unreviewed_rule_tags_by_theme_summit_and_rule(admin_client):
    tag = rule_tag()
    confirmed = rule_tag()
    editing.confirm_tags(ParagraphTheme.objects.filter(pk=confirmed.pk))
    theme = tag.theme
    response = admin_client.get(
        QUEUE,
        {
            "review": "unreviewed",
            "theme__id__exact": theme.pk,
            "rule": "terror*",
            "paragraph__summit__id__exact": tag.paragraph.summit_id,
        },
    )
    assert response.status_code == 200
    listed = {t.pk for t in response.context["cl"].result_list}
    assert tag.pk in listed and confirmed.pk not in listed
    body = response.content.decode()
    assert f'formaction="{review_url(tag)}"' in body
    assert 'aria-label="Confirm the Terrorism, separatism and extremism tag"' in body
    # the rule filter offers the chosen theme's rules
    assert "?rule=terror%2A" in body or "rule=terror%2A" in body


@pytest.mark.parametrize(
    "query",
    [
        "review=zzz",
        "rule=nothing",
        "theme__id__exact=abc",
        "paragraph__summit__id__exact=999999",
        "review=staff",
    ],
)
def test_odd_queue_filters_never_fail(admin_client, query):
    assert admin_client.get(f"{QUEUE}?{query}").status_code in (200, 302)


def test_the_queue_costs_a_fixed_number_of_queries(admin_client, django_assert_max_num_queries):
    for _ in range(5):
        rule_tag()
    with django_assert_max_num_queries(12):
        assert admin_client.get(QUEUE, {"review": "unreviewed"}).status_code == 200


def test_confirm_from_the_queue_with_one_button_and_see_the_figures(client, editor):
    tag = rule_tag()
    next_url = f"{QUEUE}?review=unreviewed"
    response = client.post(review_url(tag), {"decision": "confirm", "next": next_url}, follow=True)
    assert response.redirect_chain[-1][0] == next_url
    tag.refresh_from_db()
    assert tag.is_confirmed and tag.confirmed_by == editor
    messages = [str(m) for m in response.context["messages"]]
    assert "Confirmed 1 tag." in messages
    assert any(
        m.startswith("Terrorism, separatism and extremism on reviewed tags: precision 1.00") for m in messages
    )
    staff = ThemeMeasure.objects.get(theme=tag.theme, source="staff")
    assert (staff.true_positives, staff.false_positives, staff.false_negatives) == (1, 0, 0)


def test_reject_from_a_paragraphs_page_keeps_the_tag_as_data(client, editor):
    tag = rule_tag()
    paragraph = tag.paragraph
    change = reverse("admin:declarations_paragraph_change", args=[paragraph.pk])
    page = client.get(change).content.decode()
    assert f'formaction="{review_url(tag)}"' in page and 'name="next"' in page
    response = client.post(review_url(tag), {"decision": "reject", "next": change})
    assert response.status_code == 302 and response["Location"] == change
    assert not paragraph.tags.filter(theme__slug="terrorism").exists()
    rejected = RejectedTag.objects.get(paragraph=paragraph, theme__slug="terrorism")
    assert (rejected.origin, rejected.rule, rejected.matched, rejected.rejected_by) == (
        "rule",
        "terror*",
        "terrorism",
        editor,
    )
    # hidden from the public pages, never re-added by the rules, listed on the paragraph's admin page
    public = client.get(paragraph.get_absolute_url()).content.decode()
    assert "?theme=terrorism" not in public
    Retagger().retag([paragraph])
    assert not paragraph.tags.filter(theme__slug="terrorism").exists()
    assert "Rejected themes" in client.get(change).content.decode()
    staff = ThemeMeasure.objects.get(theme__slug="terrorism", source="staff")
    assert staff.false_positives == 1 and staff.precision == 0.0


def test_bulk_actions_confirm_and_reject(client, editor):
    tags = [rule_tag() for _ in range(3)]
    client.post(
        QUEUE,
        {"action": "confirm_selected", "_selected_action": [tags[0].pk, tags[1].pk], "index": 0},
    )
    client.post(QUEUE, {"action": "reject_selected", "_selected_action": [tags[2].pk], "index": 0})
    assert (
        ParagraphTheme.objects.filter(pk__in=[tags[0].pk, tags[1].pk], confirmed_at__isnull=False).count()
        == 2
    )
    assert not ParagraphTheme.objects.filter(pk=tags[2].pk).exists()
    staff = ThemeMeasure.objects.get(theme__slug="terrorism", source="staff")
    assert (staff.true_positives, staff.false_positives) == (2, 1)


def test_the_review_view_refuses_what_is_not_a_decision(client, editor):
    tag = rule_tag()
    assert client.get(review_url(tag)).status_code == 405
    response = client.post(review_url(tag), {"decision": "maybe", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == QUEUE
    tag.refresh_from_db()
    assert not tag.is_confirmed
    missing = reverse("admin:declarations_paragraphtheme_review", args=[999999])
    assert client.post(missing, {"decision": "confirm"}).status_code == 404


def test_a_user_without_change_permission_cannot_decide(client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("visitor", is_staff=True))
    tag = rule_tag()
    assert client.post(review_url(tag), {"decision": "reject"}).status_code == 403
    assert ParagraphTheme.objects.filter(pk=tag.pk).exists()


# Previewing a rule change ---------------------------------------------------------------------------------------


def test_a_rule_change_is_previewed_before_it_is_saved(client, editor):
    theme = Theme.objects.get(slug="terrorism")
    document = make_document()
    kept = make_paragraph(document, "The member states condemn terrorism.")
    wrong = make_paragraph(document, "They discussed extremism in sport fandom.")
    dropped = make_paragraph(document, "They warned of extremism online.")
    gained = make_paragraph(document, "They warned of football hooligans.")
    Retagger().retag([kept, wrong, dropped, gained])
    editing.confirm_tags(kept.tags.filter(theme=theme))
    editing.reject_tags(wrong.tags.filter(theme=theme))
    url = reverse("admin:declarations_theme_change", args=[theme.pk])
    data = form_data(client.get(url))
    old_rules = theme.rules
    data["rules"] = "terror*\nterrorist\nhooligan*"
    response = client.post(url, data)
    assert response.status_code == 200
    theme.refresh_from_db()
    assert theme.rules == old_rules  # not saved yet
    preview = response.context["adminform"].form.preview
    body = response.content.decode()
    assert "What the new rules would do" in body
    # extremis* goes, hooligan* comes; the staff decisions on `kept` and `wrong` are never counted as changes
    assert dropped.pk in {c.paragraph.pk for c in preview.removed_examples}
    assert [(c.rule, c.words) for c in preview.added_examples if c.paragraph.pk == gained.pk] == [
        ("hooligan*", "hooligans")
    ]
    assert wrong.pk not in {c.paragraph.pk for c in preview.added_examples}
    assert (preview.before.tp, preview.before.fp) == (1, 1)
    assert (preview.after.tp, preview.after.fp) == (1, 0)
    assert preview.after.precision == 1.0 and preview.before.precision == 0.5
    # saved on the second press, the preview having been seen
    data = form_data(response)
    response = client.post(url, data)
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.rules == "terror*\nterrorist\nhooligan*"


def test_unchanged_rules_save_at_once(client, editor):
    theme = Theme.objects.get(slug="health")
    url = reverse("admin:declarations_theme_change", args=[theme.pk])
    data = form_data(client.get(url))
    data["name"] = "Health and medicine"
    assert client.post(url, data).status_code == 302
    assert Theme.objects.get(pk=theme.pk).name == "Health and medicine"


def test_a_staff_added_tag_counts_as_a_miss_of_the_rules():
    paragraph = make_paragraph(make_document(), "A paragraph on nothing much.", themes=["health"])
    from declarations import review

    counts = review.staff_counts()[Theme.objects.get(slug="health").pk]
    assert (counts.tp, counts.fp, counts.fn) == (0, 0, 1)
    assert counts.recall == 0.0 and counts.precision is None
    assert Paragraph.objects.filter(pk=paragraph.pk).exists()
