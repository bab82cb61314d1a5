"""The first name in an intake answer (bot/intake/names.py)."""

import pytest

from bot.intake.names import parse_first_name


@pytest.mark.parametrize(
    ("answer", "name"),
    [
        ("dana", "Dana"),
        ("my name is dana", "Dana"),
        ("Hi, my first name is jess.", "Jess"),
        ("it's Jess", "Jess"),
        ("I'm sam", "Sam"),
        ("call me al", "Al"),
        ("JOSÉ", "José"),
        ("McKenzie", "McKenzie"),
        ("o'brien", "O'brien"),
        ("Mary-Kate Olsen", "Mary-Kate"),
        ("name: Zoë", "Zoë"),
        ("محمد", "محمد"),
        ("<b>Dana</b>", "Dana"),
        ("my name is <i>jess</i>", "Jess"),
        # Spanish
        ("me llamo maria", "Maria"),
        ("Mi nombre es Ana", "Ana"),
        ("soy carlos", "Carlos"),
        ("hola, me llamo José Luis", "José"),
        ("se llama pedro", "Pedro"),
        # a lead-in later in the answer
        ("soy la mamá de kevin, me llamo rosa", "Rosa"),
        ("ok so my name is jess, and my number is 919", "Jess"),
    ],
)
def test_a_first_name_is_found(answer, name):
    assert parse_first_name(answer) == name


@pytest.mark.parametrize(
    "answer",
    ["", "   ", "123", "r2d2", "²", "½", "dana2", "-dana", "'; DROP TABLE x; --", "a" * 41, None],
)
def test_no_usable_name_gives_none(answer):
    assert parse_first_name(answer) is None


# answers to another question, given where the first name was asked: asked again, not stored
@pytest.mark.parametrize(
    "answer",
    ["for myself", "me", "my son", "yes", "not sure", "idk", "para mi", "mi hijo", "sí", "yo",
     "no sé", "para ella",
     # a sentence without "my name is": its first word is no name, the question comes again
     "pregunten por yesenia porfa", "digan que es de parte de don ramon", "ask for my wife please"],
)  # fmt: skip
def test_an_answer_to_another_question_is_not_a_name(answer):
    assert parse_first_name(answer) is None
