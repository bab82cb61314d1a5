"""The content store: the real store is valid and complete; bad files are refused clearly."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.content.reviews import ReviewDue, reviews_due
from bot.content.store import SMS_MAX_CHARS, ContentError, ContentStore, Topic, load_content
from bot.settings import PROJECT_ROOT

# the medically reviewed article the content store is written from (a copy of the seed)
ARTICLE = PROJECT_ROOT / "content" / "source" / "iop-vs-op-article.txt"
REQUIRED_TOPICS = {
    "what_is_iop", "what_is_op", "iop_vs_op", "iop_hours", "op_frequency", "iop_length",
    "iop_schedule", "op_evening", "who_iop_suits", "who_op_suits", "living_at_home",
    "work_during_treatment", "assessment", "detox", "iop_treatment_plan", "op_treatment_plan",
    "after_iop", "op_locations", "inpatient_vs_outpatient", "which_program", "about_center",
}  # fmt: skip
ARTICLE_SECTIONS = {
    "Introduction",
    "Intensive Outpatient Programs: An Overview",
    "What to Expect in an IOP",
    "Outpatient Programs: The Basics",
    "IOP vs OP: Understanding the Difference Between IOP and Outpatient Rehab",
    "Find Help Now",
}


def test_the_store_covers_every_required_topic(store):
    assert set(store.ids) >= REQUIRED_TOPICS


def test_every_topic_is_reviewed_and_traceable_to_the_article(store):
    for topic in store:
        assert topic.reviewed_by == "Sahil Talwar, PA-C, MBA", topic.id
        assert topic.verified == dt.date(2024, 2, 1), topic.id
        assert topic.source_section in ARTICLE_SECTIONS, topic.id


def test_sms_texts_fit_two_segments_with_the_number_filled_in(store):
    for topic in store:
        assert len(topic.sms_text(hotline="866-797-7962")) <= SMS_MAX_CHARS, topic.id


@pytest.mark.parametrize(
    ("topic", "facts"),
    [
        ("iop_hours", ["9", "20 hours"]),
        ("iop_length", ["30", "60 days"]),
        ("op_frequency", ["one day a week"]),
        ("iop_schedule", ["several days", "during the day"]),
        ("op_evening", ["evening"]),
        ("after_iop", ["12-step", "sober living"]),
        ("op_locations", ["mental health clinics"]),
        ("assessment", ["Lab testing", "Physical examination"]),
    ],
)
def test_key_facts_are_stated_as_the_article_states_them(store, topic, facts):
    text = store.get(topic).web_text(hotline="x")
    for fact in facts:
        assert fact.lower() in text.lower(), (topic, fact)


def test_every_number_in_the_content_appears_in_the_article(store):
    import re

    article_numbers = set(re.findall(r"\d+", ARTICLE.read_text()))
    for topic in store:
        for number in re.findall(r"\d+", topic.web + topic.sms):
            assert number in article_numbers, (topic.id, number)


def test_placeholders_are_filled_from_settings(store):
    about = store.get("about_center")
    assert "{hotline}" in about.web
    assert "866-797-7962" in about.web_text(hotline="866-797-7962")


# --- validation: a bad file stops start-up with the file and the field named ----------------


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    shutil.copytree(PROJECT_ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def _edit(content_dir: Path, topic: str, **changes):
    path = content_dir / "topics" / f"{topic}.yml"
    data = yaml.safe_load(path.read_text())
    for field, value in changes.items():
        if value is None:
            data.pop(field)
        else:
            data[field] = value
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"sms": None}, "sms", "missing"),
        ({"title": ""}, "title", "missing"),
        ({"sms": "x" * 321}, "sms", "at most 320"),
        ({"sms": "This is **bold**"}, "sms", "plain text"),
        ({"label": "A label that is far too long for a button"}, "label", "at most 24"),
        ({"id": "something_else"}, "id", "must match the file name"),
        ({"verified": "last week"}, "verified", "date"),
        ({"follow_ups": ["no_such_topic"]}, "follow_ups", "unknown topic"),
        ({"follow_ups": ["iop_hours"]}, "follow_ups", "itself"),
        ({"web": "Call {phone}"}, "web", "unknown placeholder {phone}"),
        ({"web": "Call {hotline"}, "web", "broken"),
        ({"colour": "blue"}, "colour", "not a known field"),
        ({"program": None}, "program", "missing"),
        ({"program": "php"}, "program", "must be one of iop, op, both"),
        ({"in_context": ["op_frequency"]}, "in_context", "must map"),
        ({"in_context": {"cousin": "op_frequency"}}, "in_context.cousin", "is not a kind"),
        ({"in_context": {"more_detail": "no_such"}}, "in_context.more_detail", "unknown topic"),
        ({"in_context": {"other_program": "iop_length"}}, "in_context.other_program", "other"),
        ({"in_context": {"other_program": "iop_vs_op"}}, "in_context.other_program", "other"),
        ({"keeps_program": "yes"}, "keeps_program", "true or false"),
        ({"time_of_day": "evenings"}, "time_of_day", "true or false"),
    ],
)
def test_a_bad_topic_is_refused_naming_file_and_field(content_copy, changes, field, problem):
    path = _edit(content_copy, "iop_hours", **changes)
    with pytest.raises(ContentError) as error:
        load_content(content_copy)
    assert error.value.file == str(path)
    assert error.value.field == field
    assert problem in str(error.value)


def _edit_translation(content_dir: Path, topic: str, language: str = "es", **changes):
    path = content_dir / "topics" / f"{topic}.yml"
    data = yaml.safe_load(path.read_text())
    for field, value in changes.items():
        if value is None:
            data[language].pop(field)
        else:
            data[language][field] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"sms": None}, "es.sms", "missing"),
        ({"web": "  "}, "es.web", "missing"),
        ({"translated_by": None}, "es.translated_by", "missing"),
        ({"sms": "á" * 321}, "es.sms", "at most 320"),
        ({"sms": "Esto es **importante**"}, "es.sms", "plain text"),
        ({"label": "Una etiqueta demasiado larga"}, "es.label", "at most 24"),
        ({"web": "Llame al {hotline}"}, "es.web", "the English text's placeholders (none)"),
        ({"translation_reviewed": "la semana pasada"}, "es.translation_reviewed", "a date"),
        ({"color": "azul"}, "es.color", "not a known field"),
    ],
)
def test_a_bad_translation_is_refused_naming_file_and_field(content_copy, changes, field, problem):
    path = _edit_translation(content_copy, "iop_hours", **changes)
    with pytest.raises(ContentError) as error:
        load_content(content_copy)
    assert (error.value.file, error.value.field) == (str(path), field)
    assert problem in str(error.value)


def test_a_topic_without_its_spanish_text_is_refused(content_copy):
    path = _edit(content_copy, "iop_hours", es=None)
    with pytest.raises(ContentError) as error:
        load_content(content_copy)
    assert (error.value.file, error.value.field) == (str(path), "es")


def test_the_spanish_ui_texts_have_the_english_keys_and_placeholders(content_copy):
    ui = content_copy / "ui.es.yml"
    data = yaml.safe_load(ui.read_text())
    data["call_hotline"] = "Llamar ahora"  # the English fills in {hotline}
    ui.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(ContentError) as error:
        load_content(content_copy)
    assert (error.value.file, error.value.field) == (str(ui), "call_hotline")


def test_the_store_in_spanish_has_the_same_topics_in_spanish(store):
    spanish = store.in_language("es")
    assert spanish.language == "es" and spanish.ids == store.ids
    assert "entre 9 y 20 horas a la semana" in spanish.get("iop_hours").web_text()
    assert spanish.get("iop_hours").follow_ups == store.get("iop_hours").follow_ups
    assert spanish.ui("call_hotline", hotline="866-797-7962") == "Llamar al 866-797-7962"
    assert store.in_language(None) is store and store.in_language("fr") is store
    assert spanish.in_language("en") is store


def test_every_number_in_the_spanish_content_is_in_the_english(store):
    for topic in store:
        spanish = topic.translations["es"]
        for field in ("web", "sms", "title"):
            english_numbers = set(re.findall(r"\d+", getattr(topic, field)))
            assert set(re.findall(r"\d+", getattr(spanish, field))) <= english_numbers, (
                topic.id, field,
            )  # fmt: skip


def test_two_time_of_day_topics_for_one_program_are_refused(content_copy):
    path = _edit(content_copy, "iop_treatment_plan", time_of_day=True)  # iop_schedule has it
    with pytest.raises(ContentError) as error:
        load_content(content_copy)
    assert (error.value.file, error.value.field) == (str(path), "time_of_day")
    assert "iop_schedule" in str(error.value)


def test_every_follow_up_in_context_points_to_a_topic_of_the_right_program(store):
    for topic in store:
        other = topic.in_context.get("other_program")
        if other:
            assert {topic.program, store.get(other).program} == {"iop", "op"}, topic.id
        if topic.program in ("iop", "op"):
            assert topic.in_context["program_name"] == f"what_is_{topic.program}", topic.id


def test_invalid_yaml_is_refused_naming_the_file(content_copy):
    path = content_copy / "topics" / "iop_hours.yml"
    path.write_text("id: [unclosed\n")
    with pytest.raises(ContentError, match="iop_hours.yml: not valid YAML"):
        load_content(content_copy)


def test_missing_ui_text_is_refused(content_copy):
    ui = content_copy / "ui.yml"
    data = yaml.safe_load(ui.read_text())
    del data["talk_to_someone"]
    ui.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError, match="ui.yml: field 'talk_to_someone'"):
        load_content(content_copy)


def test_an_empty_store_is_refused(tmp_path):
    (tmp_path / "topics").mkdir()
    with pytest.raises(ContentError, match="no topic files"):
        load_content(tmp_path)


def test_changing_wording_needs_no_retraining(content_copy):
    path = _edit(content_copy, "iop_hours", web="Reworded: **9 to 20 hours** a week.")
    assert (
        load_content(content_copy).get("iop_hours").web_text()
        == "Reworded: **9 to 20 hours** a week."
    )
    assert path.exists()


# --- review dates: topics due for medical review are listed and warned about, still served --


def _topic(topic_id: str, verified: dt.date, reviewed_by: str = "A. Reviewer, MD") -> Topic:
    return Topic(
        id=topic_id,
        title=f"Title of {topic_id}",
        label=topic_id,
        web="web",
        sms="sms",
        source_section="Introduction",
        reviewed_by=reviewed_by,
        verified=verified,
        follow_ups=(),
    )


def _store(*topics: Topic) -> ContentStore:
    return ContentStore({topic.id: topic for topic in topics}, ui={})


@pytest.mark.parametrize(
    ("verified", "months", "today", "due"),
    [
        (dt.date(2024, 2, 1), 12, dt.date(2025, 2, 1), dt.date(2025, 2, 1)),  # exactly 12: due
        (dt.date(2024, 2, 1), 12, dt.date(2025, 1, 31), None),  # one day less: not due
        (dt.date(2024, 2, 1), 12, dt.date(2026, 7, 1), dt.date(2025, 2, 1)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29), dt.date(2024, 2, 29)),  # clamped (leap)
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 28), None),
        (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28), dt.date(2023, 2, 28)),  # clamped
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28), dt.date(2025, 2, 28)),  # leap day
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 27), None),
        (dt.date(2024, 3, 15), 1, dt.date(2024, 4, 15), dt.date(2024, 4, 15)),
        (dt.date(2024, 3, 15), 1, dt.date(2024, 4, 14), None),
        (dt.date(2024, 11, 30), 3, dt.date(2025, 2, 28), dt.date(2025, 2, 28)),  # across a year
        (dt.date(2024, 2, 1), 24, dt.date(2026, 2, 1), dt.date(2026, 2, 1)),
        (dt.date(2024, 2, 1), 24, dt.date(2026, 1, 31), None),
        (dt.date(2024, 2, 1), 24, dt.date(2025, 2, 1), None),  # due at 12, not at 24
        (dt.date(2024, 2, 1), 10**6, dt.date(2026, 1, 1), None),  # past year 9999: never
    ],
)
def test_a_topic_is_due_from_its_verified_date_plus_calendar_months(verified, months, today, due):
    store = _store(_topic("iop_hours", verified))
    expected = (
        [ReviewDue("iop_hours", "Title of iop_hours", "A. Reviewer, MD", verified, due)]
        if due
        else []
    )
    assert reviews_due(store, months, today) == expected


def test_topics_due_are_listed_oldest_first_and_the_rest_left_out():
    store = _store(
        _topic("a_recent", dt.date(2025, 6, 1)),
        _topic("b_oldest", dt.date(2023, 5, 2)),
        _topic("c_old", dt.date(2024, 2, 1), reviewed_by="Someone Else, RN"),
        _topic("d_old_too", dt.date(2024, 2, 1)),
    )
    due = reviews_due(store, 12, dt.date(2025, 7, 1))
    assert [item.topic_id for item in due] == ["b_oldest", "c_old", "d_old_too"]
    assert due[1].reviewed_by == "Someone Else, RN"
    assert [item.due for item in due] == [
        dt.date(2024, 5, 2), dt.date(2025, 2, 1), dt.date(2025, 2, 1)
    ]  # fmt: skip


@pytest.mark.parametrize("months", [0, -12])
def test_months_must_be_at_least_one(store, months):
    with pytest.raises(ValueError, match="at least 1"):
        reviews_due(store, months, dt.date(2025, 1, 1))


def _make_content(months: str, content_dir: Path | None = None) -> subprocess.CompletedProcess:
    directory = {"CCR_CONTENT_DIR": str(content_dir)} if content_dir else {}
    return subprocess.run(
        [sys.executable, "-m", "bot.content"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "CONTENT_REVIEW_MONTHS": months, **directory},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_content_lists_the_topics_due_with_their_reviewer_and_still_succeeds(store):
    # the real content was verified 2024-02-01, so at 12 months every topic is due by now
    result = _make_content("12")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"content OK: {len(store)} topics")
    assert lines[1] == (
        f"{len(store)} of {len(store)} topics are due for medical review "
        "(verified 12 months ago or more):"
    )
    iop_hours = store.get("iop_hours")
    assert (
        f'  iop_hours: "{iop_hours.title}"; reviewer Sahil Talwar, PA-C, MBA; '
        "verified 2024-02-01; due since 2025-02-01"
    ) in lines
    due = lines[2 : 2 + len(store)]
    assert sorted(line.split(":")[0].strip() for line in due) == sorted(store.ids)


def test_make_content_lists_the_translations_not_yet_reviewed(content_copy):
    # every Spanish text is a draft until the center's reviewer dates it
    reviewed = _edit_translation(
        content_copy, "iop_hours", translation_reviewed=dt.date(2027, 1, 15)
    )
    result = _make_content("1200", content_copy)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    total = len(list((content_copy / "topics").glob("*.yml")))
    assert f"{total - 1} of {total} 'es' translations are not reviewed yet" in lines[2]
    listed = [line.split(":")[0].strip() for line in lines[3:]]
    assert reviewed.stem not in listed and len(listed) == total - 1
    assert "  what_is_iop: translated by AI translation helper (draft), 2026-12-03" in lines


def test_make_content_says_when_every_topic_was_verified_within_the_months(store):
    result = _make_content("1200")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == (
        f"All {len(store)} topics were verified within the last 1200 months."
    )


def test_make_content_refuses_a_bad_number_of_months():
    result = _make_content("a year")
    assert result.returncode == 1
    assert "CONTENT_REVIEW_MONTHS must be a whole number" in result.stderr


@pytest.fixture
def warn_about_reviews_due(caplog):
    """The action server's start-up hook; importing it runs it once for the real content."""
    from actions.runtime import warn_about_reviews_due

    caplog.clear()
    return warn_about_reviews_due


def test_start_up_logs_one_warning_when_topics_are_due(store, caplog, warn_about_reviews_due):
    with caplog.at_level(logging.WARNING, logger="actions.runtime"):
        warn_about_reviews_due(store, 12, dt.date(2025, 2, 1))
    assert [record.levelno for record in caplog.records] == [logging.WARNING]
    assert caplog.records[0].getMessage() == (
        f"{len(store)} of {len(store)} content topics are due for medical review "
        "(verified 12 months ago or more); run `make content` to list them."
    )


def test_start_up_names_a_single_topic_due_in_the_singular(caplog, warn_about_reviews_due):
    store = _store(_topic("a", dt.date(2024, 1, 31)), _topic("b", dt.date(2024, 3, 1)))
    with caplog.at_level(logging.WARNING, logger="actions.runtime"):
        warn_about_reviews_due(store, 1, dt.date(2024, 2, 29))
    assert [record.getMessage() for record in caplog.records] == [
        "1 of 2 content topics is due for medical review (verified 1 month ago or more); "
        "run `make content` to list them."
    ]


def test_start_up_logs_nothing_when_no_topic_is_due(store, caplog, warn_about_reviews_due):
    with caplog.at_level(logging.DEBUG, logger="actions.runtime"):
        warn_about_reviews_due(store, 12, dt.date(2025, 1, 31))
    assert caplog.records == []
