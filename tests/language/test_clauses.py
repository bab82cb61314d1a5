"""Clauses and negation (bot/language/clauses.py), in English and Spanish: is a word said, or
denied in its own clause?"""

import pytest

from bot.language.clauses import (
    Vocabulary,
    clause_starts,
    denied_in,
    is_negated,
    loose_accents,
    said_in,
)
from bot.language.text import whole_words

SHAKES = whole_words(loose_accents(r"shak\w*|sick|tembl\w*|tiembl\w*|depresión|peligro"))

# (text, said, denied): the word is said somewhere not negated / denied somewhere
NEGATION = [
    # English, as before
    ("he gets the shakes", True, False), ("no shakes", False, True),
    ("he does not get sick", False, True), ("i do not think he gets sick", False, True),
    ("if he does not drink he gets sick", True, False),
    ("he can not go a day without the shakes", True, False),
    ("without the shakes", False, True), ("no, but he gets sick", True, False),
    ("not sure if he gets sick", True, False),
    # Spanish negations
    ("le dan temblores", True, False), ("no le dan temblores", False, True),
    ("nunca le dan temblores", False, True), ("jamás tiembla", False, True),
    ("jamas tiembla", False, True), ("nadie está en peligro", False, True),
    ("nada de temblores", False, True), ("ningún temblor", False, True),
    ("ninguna depresion", False, True), ("sin temblores", False, True),
    ("ni temblores ni nada", False, True), ("tampoco tiembla", False, True),
    ("no creo que tenga depresión", False, True),
    ("no puede pasar un día sin temblores", True, False),  # two negations make a yes
    # Spanish clause breaks: the negation stays in its clause
    ("no, pero le dan temblores", True, False), ("no toma, aunque tiembla", True, False),
    ("no tiene depresión pero sí tiembla", True, True),
    ("no sé si tiene depresión", True, False), ("si no toma le tiemblan las manos", True, False),
    ("cuando no toma tiembla", True, False), ("no tiene depresion y tiembla", True, True),
    ("no sale porque tiembla", True, False), ("no está bien desde que tiembla", True, False),
    # "sí" (yes) is no "si" (if): it does not start a clause
    ("sí, tiembla", True, False), ("no tiene depresión", False, True),
]  # fmt: skip


@pytest.mark.parametrize(("text", "said", "denied"), NEGATION)
def test_said_or_denied_in_its_own_clause(text, said, denied):
    assert said_in(text, SHAKES) is said
    assert denied_in(text, SHAKES) is denied


@pytest.mark.parametrize(
    ("text", "new_clauses"),
    [
        ("yes and no but maybe", ["no but maybe", "maybe"]),
        ("no pero sí", ["sí"]),
        ("si no toma se pone mal", ["se pone mal"]),  # the condition is a clause of its own
        ("tiene ansiedad e insomnio", ["insomnio"]),
        (
            "aunque tiembla, porque no toma",
            ["tiembla, porque no toma", "porque no toma", "no toma"],
        ),
        ("el sí sabe", []),  # "sí" is yes, "el" the article
        ("se acuerda de eso", []),  # "se" is no "e", "acuerda" no "cuando"
        ("no lo sé y ya", ["ya"]),
    ],
)
def test_clause_breaks(text, new_clauses):
    """Where each clause after the first starts (the words that open it are the break)."""
    assert [text[start:].strip() for start in clause_starts(text)[1:]] == new_clauses


@pytest.mark.parametrize(
    ("before", "negated"),
    [
        ("no ", True),
        ("no le ", True),
        ("nunca se le ", True),
        ("no creo que le ", True),
        ("él no ", True),
        ("no sé si él ", False),
        ("no, ", True),
        ("no puede pasar un día sin ", False),
        ("sin ", True),
        ("he ", False),
        ("no mucho pero siempre ", True),  # one clause here: the caller splits clauses
        ("no uno dos tres cuatro cinco ", False),  # too far away
    ],
)
def test_is_negated(before, negated):
    assert is_negated(before) is negated


@pytest.mark.parametrize(
    ("pattern", "matches", "misses"),
    [
        ("años", ["años", "anos", "anios", "anyos"], ["aos", "anus"]),
        ("depresión", ["depresión", "depresion"], ["depresiòn"]),
        ("d[ií]a", ["día", "dia"], ["dìa"]),  # a class is left as written
        ("shakes", ["shakes"], ["shake"]),  # English is unchanged
    ],
)
def test_loose_accents(pattern, matches, misses):
    regex = whole_words(loose_accents(pattern))
    for word in matches:
        assert regex.fullmatch(word), word
    for word in misses:
        assert not regex.fullmatch(word), word
    assert loose_accents("shak(?:es|y)|[aá]") == "shak(?:es|y)|[aá]"


def test_vocabulary_names_spanish_words_by_their_english_name():
    vocabulary = Vocabulary([("the shakes", r"tembl\w*"), ("depression", r"depresión")])
    assert vocabulary.names("depresion y temblores") == ("depression", "the shakes")
    assert vocabulary.names("no tiene depresión pero sí temblores") == ("the shakes",)
    assert vocabulary.names("ni depresión ni temblores") == ()
