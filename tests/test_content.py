"""The content store: the real store is valid and complete; bad files are refused clearly."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from bot.content import SMS_MAX_CHARS, ContentError, load_content
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
    ],
)
def test_a_bad_topic_is_refused_naming_file_and_field(content_copy, changes, field, problem):
    path = _edit(content_copy, "iop_hours", **changes)
    with pytest.raises(ContentError) as error:
        load_content(content_copy)
    assert error.value.file == str(path)
    assert error.value.field == field
    assert problem in str(error.value)


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
