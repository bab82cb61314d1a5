"""The triage in Spanish (rules.es.yml): the same decisions as rules.yml, worded in Spanish from
Spanish answers, no English word in the reply, and a broken translation refused."""

import copy
import re

import pytest
import yaml

from bot.triage import history, parsing
from bot.triage.confirm import confirmation_parts
from bot.triage.models import TriageAnswers
from bot.triage.recommend import explanation, months_phrase, recommend, summary
from bot.triage.rules import (
    TriageRulesError,
    default_rules,
    load_translation,
    translated,
    translation_file,
)
from tests.triage.test_rules_and_recommend import TABLE, answers_for

SPANISH = default_rules("es")
DISCLAIMER = (
    "Esto no es un diagnóstico: un profesional clínico evaluará y recomendará el nivel de "
    "atención adecuado."
)
# Words that show an English sentence reached a Spanish reply.
ENGLISH_WORDS = re.compile(
    r"\b(?:you|your|they|their|because|mentioned|using|for about|and|the|with|like|earlier"
    r"|treatment|outpatient care|needs)\b",
    re.IGNORECASE,
)
CALMA = {
    "danger": "no",
    "withdrawal": "no",
    "duration_months": "unos meses",
    "prior_treatment": "nunca",
    "co_occurring": "no",
    "home_safe": "si, su familia lo apoya",
    "time_available": "si tiene tiempo",
}

# (row id, for_whom, changed answers, level, rules, words the Spanish reply must contain)
TABLA = [
    ("peligro", "yo", {"danger": "si"}, "higher", ("danger_now",),
     ["me dijo que alguien puede estar en peligro ahora mismo"]),
    ("abstinencia", "mi esposo", {"withdrawal": "le dan temblores y sudores"}, "higher",
     ("withdrawal_symptoms",), ["mencionó síntomas de abstinencia como temblores y sudores"]),
    ("no sabe de la abstinencia", "yo", {"withdrawal": "no se"}, "higher",
     ("withdrawal_symptoms",), ["no tenía claro si hay síntomas de abstinencia"]),
    ("recaída", "mi hijo", {"prior_treatment": "estuvo en rehabilitacion pero recayo"}, "iop",
     ("relapse_after_lower_level",), ["mencionó una recaída después de rehabilitación"]),
    ("años de consumo", "mi hijo", {"duration_months": "hace como tres años"}, "iop",
     ("long_lasting_use",), ["ha estado consumiendo desde hace", "para su ser querido"]),
    ("depresión y ansiedad", "yo", {"co_occurring": "tengo depresion y ansiedad"}, "iop",
     ("co_occurring_needs",), ["mencionó depresión y ansiedad"]),
    ("hogar", "yo", {"home_safe": "en mi casa todos toman"}, "iop", ("unsupportive_home",),
     ["el hogar no es ahora un lugar seguro"]),
    ("IOP sin tiempo", "mi hija",
     {"duration_months": "hace como tres años", "time_available": "no, trabaja tiempo completo"},
     "iop", ("long_lasting_use",), ["el equipo puede hablar con usted sobre los horarios"]),
    ("poco tiempo", "yo", {}, "op", ("short_history", "no_higher_needs"),
     ["ha estado consumiendo", "nada de lo que me contó indica"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("for_whom", "changes", "level", "rules", "words"),
    [row[1:] for row in TABLA],
    ids=[row[0] for row in TABLA],
)
def test_spanish_answers_get_the_level_worded_in_spanish(for_whom, changes, level, rules, words):
    answers = TriageAnswers.from_texts({"for_whom": for_whom, **CALMA, **changes})
    rec = recommend(answers, SPANISH)
    assert (rec.level, rec.rules) == (level, rules)
    reply = explanation(rec, SPANISH)
    assert reply.startswith("Según lo que me contó")
    assert f"**{SPANISH.labels[level]}**" in reply
    assert reply.endswith(DISCLAIMER)
    for phrase in words:
        assert phrase in reply
    assert not ENGLISH_WORDS.findall(reply), reply


@pytest.mark.parametrize(
    ("for_whom", "changes", "level", "rules"),
    [row[1:5] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_english_answers_in_a_spanish_conversation_get_the_same_decision_in_spanish(
    for_whom, changes, level, rules
):
    """Every row of the English table: the Spanish book decides exactly as rules.yml does, and
    the person's English words are never quoted into the Spanish reply."""
    rec = recommend(answers_for(for_whom, changes), SPANISH)
    assert (rec.level, rec.rules) == (level, rules)
    reply = explanation(rec, SPANISH)
    assert not ENGLISH_WORDS.findall(reply), reply


def test_the_spanish_reply_reads_as_agreed():
    answers = TriageAnswers.from_texts(
        {
            **CALMA,
            "for_whom": "yo",
            "prior_treatment": "fui a terapia pero recai",
            "co_occurring": "depresion",
        }
    )
    assert explanation(recommend(answers, SPANISH), SPANISH) == (
        "Según lo que me contó, un **Programa Ambulatorio Intensivo (IOP)** puede ser un buen "
        "punto de partida, porque mencionó una recaída después de terapia y depresión. "
        + DISCLAIMER
    )


def test_every_name_the_readers_find_has_spanish_words():
    names = [
        name
        for vocabulary in (parsing.SYMPTOMS, history.TREATMENTS, history.CONDITIONS)
        for name, _ in vocabulary.entries
        if name
    ]
    missing = [name for name in names if name not in SPANISH.phrases.names]
    assert not missing
    assert not set(SPANISH.phrases.names) - set(names), "a Spanish name no reader finds"


@pytest.mark.parametrize(
    ("months", "phrase"),
    [(72, "desde hace unos 6 años"), (3, "desde hace unos 3 meses"),
     (12, "desde hace más o menos un año"), (0.46, "desde hace unas 2 semanas"),
     (1, "desde hace más o menos 1 mes")],
)  # fmt: skip
def test_months_phrase_in_spanish(months, phrase):
    assert months_phrase(months, SPANISH.phrases) == phrase


@pytest.mark.parametrize(
    ("answers", "parts"),
    [
        ({"for_whom": "loved_one", "duration_months": "hace como tres años"},
         ["para su ser querido", "desde hace"]),
        ({"for_whom": "self", "prior_treatment": "estuvo en rehabilitacion y recayo"},
         ["para usted", "recaída después de rehabilitación"]),
        ({"prior_treatment": "nunca ha estado en tratamiento", "co_occurring": "no"},
         ["sin tratamiento anterior", "sin necesidades de salud mental o médicas"]),
        ({"co_occurring": "tiene ansiedad"}, ["ansiedad"]),
        # English words in a Spanish conversation: confirmed in Spanish
        ({"duration_months": "about 6 years", "co_occurring": "depression"},
         ["desde hace unos 6 años", "depresión"]),
    ],
)  # fmt: skip
def test_confirmation_in_spanish(answers, parts):
    found = confirmation_parts(answers, SPANISH)
    assert len(found) == len(parts)
    for part, words in zip(found, parts):
        assert part.startswith(words)
        assert not ENGLISH_WORDS.findall(part), part


def test_the_staff_summary_stays_english_for_the_center():
    answers = TriageAnswers.from_texts({**CALMA, "for_whom": "mi hijo"})
    text = summary(answers)
    assert text.startswith("Triage summary (screening only, not a diagnosis)")
    assert "Suggested starting point: Outpatient Program (OP)" in text


# --- the translation file is checked like rules.yml ------------------------------------------


def raw_translation():
    return yaml.safe_load(translation_file("es").read_text(encoding="utf-8"))


BROKEN = [
    ("a rule without its text", lambda r: r["reasons"].pop("unsupportive_home"),
     "reason 'unsupportive_home': must be a mapping"),
    ("a placeholder of rules.yml left out",
     lambda r: r["reasons"]["co_occurring_needs"].update(reason="mencionó algo"),
     r"reason 'co_occurring_needs' reason: misses the placeholder \{conditions\}"),
    ("a placeholder rules.yml does not have",
     lambda r: r["reasons"]["danger_now"].update(reason="peligro {duration}"),
     r"reason 'danger_now' reason: unknown placeholder \{duration\}"),
    ("an unsure text rules.yml does not have",
     lambda r: r["reasons"]["short_history"].update(reason_if_unsure="no sé"),
     "reason 'short_history': needs reason_if_unsure exactly when"),
    ("a rule rules.yml does not have", lambda r: r["reasons"].update(nuevo={"reason": "x"}),
     "reason 'nuevo': is not a rule of rules.yml"),
    ("a note left out", lambda r: r["notes"].clear(), "note 'iop_scheduling': is missing"),
    ("an opening without the reasons",
     lambda r: r["explanation"]["opening"].update(self="Pruebe {level}."),
     r"explanation.opening.self: misses the placeholder \{reasons\}"),
    ("a phrase left out", lambda r: r["phrases"]["duration"].pop("years"),
     "phrases.duration: must have exactly"),
    ("nobody said who translated it", lambda r: r.update(translated_by=""),
     "translated_by: must say who"),
    ("a decision in a translation", lambda r: r.update(rules=[]), "unknown section 'rules'"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_broken_translation_is_refused_naming_what_is_wrong(change, message):
    raw = copy.deepcopy(raw_translation())
    change(raw)
    with pytest.raises(TriageRulesError, match=message):
        translated(default_rules(), raw, source="bot/triage/rules.es.yml")


def test_the_real_translation_is_not_reviewed_yet_and_says_who_wrote_it():
    book = load_translation(default_rules(), translation_file("es"))
    assert book.language == "es"
    assert book.translated_by and book.translation_reviewed is None
    assert [r.id for r in book.rules] == [r.id for r in default_rules().rules]


@pytest.mark.parametrize("language", [None, "en", "fr"])
def test_english_or_a_language_without_a_file_gets_rules_yml(language):
    assert default_rules(language) is default_rules()
