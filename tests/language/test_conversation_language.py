"""The conversation's language: guessed from the first words, kept through short and ambiguous
messages, switched by a clear message in the other language or by asking for one by name."""

import pytest

from bot.language.conversation_language import (
    conversation_language,
    guess_language,
    requested_language,
)


@pytest.mark.parametrize(
    ("current", "text", "language"),
    [
        # the first message: a fair guess is enough
        (None, "hola", "es"),
        (None, "necesito ayuda", "es"),
        (None, "quiero info del IOP para mi hijo", "es"),
        (None, "q es el iop", "es"),
        (None, "¿el IOP son muchas horas a la semana?", "es"),
        (None, "hi", "en"),
        (None, "what is iop", "en"),
        (None, "do you offer detox", "en"),
        # treatment words said in English inside Spanish say nothing about the language
        (None, "el outpatient es en la noche?", "es"),
        (None, "quiero agendar el intake", "es"),
        (None, "is outpatient at a hospital", "en"),
        (None, "el op es en un hospital?", "es"),  # 0.58, and five words
        # too unsure to tell: still unknown (English is shown)
        (None, "hello", None),
        (None, "si", None),
        (None, "866-797-7962", None),
        # short or mixed messages never switch
        ("es", "ok", "es"),
        ("es", "no", "es"),
        ("es", "IOP", "es"),
        ("es", "ok thanks", "es"),  # one word once "ok" is left out
        ("en", "si", "en"),
        ("en", "gracias", "en"),
        ("en", "my son José needs help", "en"),
        ("en", "my tio is shaking bien feo", "en"),
        # a clear message in the other language does
        ("en", "necesito ayuda con mi hijo", "es"),
        ("en", "buenas noches", "es"),
        ("es", "how many hours a week is it", "en"),
        # asked by name, in either language, whatever the words around it
        ("es", "in english please", "en"),
        ("es", "english", "en"),
        ("en", "en español", "es"),
        ("en", "en espanol x favor", "es"),
        ("en", "do you speak spanish?", "es"),
        ("en", "no hablo ingles", "es"),
        ("es", "I don't speak spanish", "en"),
        ("es", "puedes escribir en ingles", "en"),
    ],
)
def test_the_conversation_goes_on_in_the_language_the_person_writes(current, text, language):
    assert conversation_language(current, text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("in english please", "en"),
        ("hablas español?", "es"),
        ("no entiendo ingles", "es"),
        ("can't read spanish, sorry", "en"),
        ("spanish or english?", None),  # both named: no request
        ("my son speaks only Spanish at home", "es"),
        ("how long is iop", None),
    ],
)
def test_a_language_asked_for_by_name(text, language):
    assert requested_language(text) == language


@pytest.mark.parametrize("text", ["", "   ", "??", "12:30", "😀"])
def test_a_message_without_words_has_no_language(text):
    assert guess_language(text) is None
    assert conversation_language("es", text) == "es"
