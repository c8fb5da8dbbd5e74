"""The reference data: 25 summits and who was in the room, as researchers will cite them."""

import pytest
from django.core.management import call_command

from declarations.models import Participation, State, StatusChange, Summit

pytestmark = pytest.mark.django_db

FOUNDERS = {"china", "kazakhstan", "kyrgyzstan", "russia", "tajikistan", "uzbekistan"}


def roster(slug, status):
    return set(
        Participation.objects.filter(summit__slug=slug, status=status).values_list("state__slug", flat=True)
    )


def test_there_are_25_summits_numbered_in_order():
    summits = list(Summit.objects.order_by("start_date"))
    assert len(summits) == 25
    assert [s.number for s in summits] == list(range(1, 26))
    assert summits[0].slug == "2001-shanghai" and summits[-1].slug == "2025-tianjin"
    assert len({s.start_date.year for s in summits}) == 25


def test_bishkek_2013_and_qingdao_2018_dates():
    bishkek = Summit.objects.get(slug="2013-bishkek")
    assert str(bishkek.start_date) == "2013-09-13"
    assert Summit.objects.get(slug="2018-qingdao").start_date.isoformat() == "2018-06-09"


def test_2001_has_the_founding_six_and_no_observers():
    assert roster("2001-shanghai", "member") == FOUNDERS
    assert roster("2001-shanghai", "observer") == set()


def test_2013_members_and_observers():
    assert roster("2013-bishkek", "member") == FOUNDERS
    assert roster("2013-bishkek", "observer") == {"mongolia", "india", "iran", "pakistan", "afghanistan"}
    assert {"belarus", "sri-lanka", "turkey"} <= roster("2013-bishkek", "dialogue_partner")


def test_2017_admitted_india_and_pakistan():
    assert roster("2017-astana", "member") == FOUNDERS
    assert {"india", "pakistan"} <= roster("2017-astana", "observer")
    admitted = set(
        StatusChange.objects.filter(summit__slug="2017-astana", status="member").values_list(
            "state__slug", flat=True
        )
    )
    assert admitted == {"india", "pakistan"}


def test_2018_has_eight_members():
    assert roster("2018-qingdao", "member") == FOUNDERS | {"india", "pakistan"}
    assert roster("2018-qingdao", "observer") == {"afghanistan", "belarus", "iran", "mongolia"}


def test_2023_admitted_iran_and_2024_admitted_belarus():
    assert "iran" in roster("2023-new-delhi", "observer")
    assert StatusChange.objects.filter(
        summit__slug="2023-new-delhi", state__slug="iran", status="member"
    ).exists()
    assert roster("2024-astana", "member") == FOUNDERS | {"india", "pakistan", "iran"}
    assert StatusChange.objects.filter(
        summit__slug="2024-astana", state__slug="belarus", status="member"
    ).exists()


def test_every_summit_has_sources():
    assert not Summit.objects.filter(sources="").exists()


def test_aliases_name_states():
    assert State.objects.get(aliases__name="Kyrgyz Republic").slug == "kyrgyzstan"
    assert State.objects.get(aliases__name="Russian Federation").slug == "russia"
    assert State.objects.get(aliases__name="PRC").slug == "china"


def test_reimporting_the_reference_data_changes_nothing(capsys):
    call_command("import_seeds")
    out = capsys.readouterr().out
    assert "reference data: 0 created, 0 updated" in out
    assert "texts: 0 created, 0 updated, 3 unchanged" in out


def test_a_staff_edit_of_a_summit_survives_reimport(capsys):
    Summit.objects.filter(slug="2013-bishkek").update(notes="Corrected by staff")
    call_command("import_seeds")
    assert Summit.objects.get(slug="2013-bishkek").notes == "Corrected by staff"


def test_an_accession_procedure_that_starts_is_not_a_change_of_status(client):
    assert not StatusChange.objects.filter(
        summit__slug="2015-ufa", state__slug__in=["india", "pakistan"]
    ).exists()
    html = client.get("/states/india/").content.decode()
    assert "Ufa 2015</a>: member" not in html
    assert "Astana 2017</a>: member (India admitted as a full member" in html


def test_every_state_pages_changes_of_status_agree_with_its_status_table(client):
    disagreements = []
    for state in State.objects.all():
        response = client.get(f"/states/{state.slug}/")
        table = [(p.summit.start_date, p.summit.slug, p.status) for p in response.context["participations"]]
        for change in response.context["status_changes"]:
            at = next((status for date, slug, status in table if slug == change.summit.slug), None)
            after = next((status for date, slug, status in table if date > change.summit.start_date), None)
            if at == change.status or (after is not None and after != change.status):
                disagreements.append(
                    f"{state.slug}: {change.summit.slug} {change.status} (at {at}, next {after})"
                )
    assert disagreements == []


def test_the_importer_refuses_a_decision_the_lists_contradict(tmp_path):
    from declarations.importing.errors import SourceError
    from declarations.importing.reference import load_reference

    path = tmp_path / "reference.toml"
    path.write_text(
        """
[[summit]]
slug = "2015-ufa"
start_date = 2015-07-10
observers = ["india"]
[[summit.decisions]]
state = "india"
status = "member"
note = "Accession procedure started"

[[summit]]
slug = "2016-tashkent"
start_date = 2016-06-23
observers = ["india"]
""",
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as raised:
        load_reference(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: line 7: summit '2015-ufa': decision for 'india' grants member")
    assert "('2016-tashkent') it is listed as observer" in message
    assert Summit.objects.get(slug="2015-ufa").status_changes.filter(state__slug="india").count() == 0
