"""Finding the question inside a message."""

import pytest

from bot.language.questions import (
    asks_about_the_text,
    asks_hours_a_week,
    asks_only_about_a_program,
    asks_something,
    asks_what_comes_next,
    asks_what_it_is,
    asks_when_in_the_day,
    asks_which_one_is,
    normalised_value,
    programs_asked_about,
    question_spans,
    speaks_of_a_time_of_day,
)


@pytest.mark.parametrize(
    ("text", "questions"),
    [
        ("how long is iop?", ["how long is iop?"]),
        ("how long is iop", ["how long is iop"]),
        (
            "My daughter just turned 17. She plays two sports and has a job, would she have to "
            "give that up?",
            [" She plays two sports and has a job, would she have to give that up?"],
        ),
        ("my wife drinks too much and i'm scared.", []),
        ("my son relapsed. what now", [" what now"]),
        ("ok so what happens after", ["ok so what happens after"]),
        (
            "ok and the intensive one is how many hours a week realistically",
            ["ok and the intensive one is how many hours a week realistically"],
        ),
        ("she goes twice a week. for how long", [" for how long"]),
        ("i worry about how much he drinks.", []),  # a full stop: a statement
        ("", []),
    ],
)
def test_question_spans(text, questions):
    assert [span.text for span in question_spans(text)] == questions
    assert asks_something(text) is bool(questions)


def entity(text, phrase, value):
    start = text.index(phrase)
    return {"entity": "program", "value": value, "start": start, "end": start + len(phrase)}


def test_the_program_named_in_the_question_wins_over_the_one_in_the_story():
    text = "She finished the intensive program and now her counselor says OP. What is OP?"
    entities = [
        entity(text, "intensive program", "iop"),
        {**entity(text, "OP. What", "op"), "end": text.index("OP. What") + 2},
        entity(text, "OP?", "op"),
    ]
    assert programs_asked_about(text, entities) == ["op"]


def test_with_no_program_in_the_question_every_program_named_counts():
    text = "He did the intensive program last year. How long does it last?"
    assert programs_asked_about(text, [entity(text, "intensive program", "iop")]) == ["iop"]
    assert programs_asked_about("how long is it?", []) == []


@pytest.mark.parametrize(
    ("value", "program"),
    [
        ("intensive one", "iop"),  # what Rasa's SpacyEntityExtractor reports: the matched text
        ("Intensive Outpatient", "iop"),
        ("non-intensive", "op"),
        ("the less intensive one", "op"),  # "the" is not part of the name
        ("the regular one", "op"),
        ("that intensive program", "iop"),
        ("the", None),
        ("less intensive one", "op"),
        ("regular outpatient", "op"),
        ("op", "op"),
        ("detox", "detox"),
        ("banana", None),
        (None, None),
    ],
)
def test_program_entities_are_read_as_their_ids(value, program):
    assert normalised_value("program", value) == program


def test_programs_named_as_text_are_asked_about_by_id():
    text = "and the intensive one, how many hours is that?"
    entities = [{"entity": "program", "value": "intensive one", "start": 8, "end": 21}]
    assert programs_asked_about(text, entities) == ["iop"]


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("ok and whats the intensive version of it", True),
        ("ok and the intensive version, what is that", True),
        ("whats the lighter option", True),
        ("what is it exactly?", True),
        ("n the other 1 is wat", True),
        ("ok but wat is it actually", True),
        ("and the regular one is what?", True),
        ("what's the schedule of the other one", False),
        ("what is the other one like", False),
        ("what is iop", False),  # a definition asked by name: its own intent
        ("how many hours is the other one", False),
        # what a name means (the caller checks that the message names a program)
        ('whats the "intensive" part mean then', True),
        ("why's it called intensive", True),
        ("what does outpatient mean exactly?", True),
        ("what do you mean", False),
        ("what does that mean for his job", False),
    ],
)
def test_a_question_asking_what_a_program_is(text, asks):
    assert asks_what_it_is(text) is asks


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("is this info from an actual doctor?", True),
        ("how up to date is this?", True),
        ("is all this reviewed by a physician", True),
        ("where does your info come from, a doctor?", True),
        ("is that done by a doctor?", False),  # the topic just answered: a detail of it
        ("is detox supervised by a nurse", False),
        ("how old is your son", False),
    ],
)
def test_a_question_about_the_text_itself(text, asks):
    assert asks_about_the_text(text) is asks


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("How many hours a week is IOP?", True),
        ("cuantas horas a la semana es el iop?", True),
        ("how many hrs per wk", True),
        ("cuantas horas semanales pide", True),
        ("how many weeks is iop", False),
        ("what hours are the groups", False),
        ("cuantos dias a la semana", False),
    ],
)
def test_a_question_about_hours_a_week(text, asks):
    assert asks_hours_a_week(text) is asks


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("and then?", True),
        ("And afterwards?", True),
        ("ok whats next", True),
        ("and after that?", True),
        ("then what happens", True),
        ("next step?", True),
        ("what comes after iop", False),  # names its topic: its own intent
        ("after 5 ok?", False),
        ("and then she goes home?", False),
        ("what happens during it", False),
    ],
)
def test_a_message_asking_only_what_comes_next(text, asks):
    assert asks_what_comes_next(text) is asks


@pytest.mark.parametrize(
    ("text", "time_of_day"),
    [
        ("after 5 ok?", True),
        ("after 6pm?", True),
        ("after dark also?", True),
        ("can he go after work", True),
        ("after her shift", True),
        ("after that?", False),
        ("what comes after iop", False),
        ("after detox what happens", False),
    ],
)
def test_after_as_a_time_of_day(text, time_of_day):
    assert speaks_of_a_time_of_day(text) is time_of_day


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("Which of those is IOP?", True),
        ("so which is op", True),
        ("which one is the intensive one", True),
        ("which is better for ppl who work", False),
        ("which program is right for me", False),
        ("what is iop", False),  # a definition asked by name: its own intent
    ],
)
def test_a_message_asking_which_of_what_was_said_a_name_is(text, asks):
    assert asks_which_one_is(text) is asks


@pytest.mark.parametrize(
    ("text", "name", "asks"),
    [
        ("op similar?", "op", True),
        ("and for the intensive one?", "the intensive one", True),
        ("same for op?", "op", True),
        ("what about iop", "iop", True),
        ("is it the same for op", "op", True),
        ("and in op?", "op", True),
        ("what is op", "op", False),  # a definition asked by name: its own intent
        ("op hours?", "op", False),
        ("does op have that", "op", False),
        ("and the hours?", None, False),  # no program named
    ],
)
def test_a_message_that_only_names_a_program_asks_the_last_question_again(text, name, asks):
    names = [(text.index(name), text.index(name) + len(name))] if name else []
    assert asks_only_about_a_program(text, names) is asks


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("is iop evenings or days", True),
        ("what hours are the sessions", True),
        ("at night possible?", True),
        ("what time is outpatient", True),
        ("can he go after work", True),
        ("she works second shift", True),
        ("sessions at 7pm?", True),
        ("how many hours a week is iop", False),
        ("what hours a week", False),
        ("how many days a week", False),
        ("how long does it last", False),
    ],
)
def test_a_message_about_when_in_the_day(text, when):
    assert asks_when_in_the_day(text) is when
