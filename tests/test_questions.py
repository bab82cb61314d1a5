"""Finding the question inside a message."""

import pytest

from bot.questions import asks_something, programs_asked_about, question_spans


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
