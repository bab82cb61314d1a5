"""Triage answer parsers in Spanish: what people type (with and without accents, SMS spelling,
Spanglish), read with the same judgement calls as English (bot/triage/parsing.py)."""

import datetime as dt

import pytest

from bot.triage import circumstances, duration, history, parsing

# --- 2. danger: any sign of danger, or "no sé", -> True --------------------------------------

DANGER = [
    ("si, tomo muchas pastillas y no despierta", True), ("quiere matarse", True),
    ("no respira", True), ("sobredosis", True), ("esta en peligro", True),
    ("está en peligro", True), ("se quiere morir", True), ("tiene una pistola", True),
    ("nos amenaza", True), ("hay violencia", True), ("se desmayó", True),
    ("no se", True), ("no sé", True), ("no estoy seguro", True),  # leans safe
    ("no estamos bien", True), ("si", True), ("un poco", True),
    ("nadie esta en peligro", False), ("nadie está en peligro ahora", False),
    ("todos estamos bien", False), ("no, todo bien", False), ("no está en peligro", False),
    ("estamos a salvo", False), ("no", False), ("nop", False), ("para nada", False),
    ("lo dejó de golpe", None),  # "de golpe" is "all at once", no blow
    ("", None), ("pizza", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), DANGER)
def test_danger(text, expected):
    assert parsing.parse_danger.__wrapped__(text) is expected


# --- 3. withdrawal: symptoms, "más o menos" or "no sé" -> True -------------------------------

WITHDRAWAL = [
    ("le dan temblores y sudores", True), ("se pone muy mal si no toma", True),
    ("si no toma se pone muy mal", True), ("si no toma le tiemblan las manos", True),
    ("vomita", True), ("convulsiones", True), ("ve cosas que no existen", True),
    ("no puede pasar un día sin temblar", True),  # two negations make a yes
    ("no sé, pero suda mucho", True), ("mas o menos", True), ("sí", True),
    ("nunca ha dejado de tomar", True),  # nobody knows yet: lean safe
    ("no lo ha intentado dejar", True), ("no sé", True),
    ("no le pasa nada cuando deja de tomar", False), ("no le dan temblores", False),
    ("ni temblores ni sudores", False), ("no, está bien cuando deja de tomar", False),
    ("no", False), ("nunca", False), ("no creo que le den temblores", False),
    ("", None), ("morado", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), WITHDRAWAL)
def test_withdrawal(text, expected):
    assert parsing.parse_withdrawal.__wrapped__(text) is expected


@pytest.mark.parametrize(
    ("text", "symptoms"),
    [
        ("le dan temblores y sudores", ("the shakes", "sweats")),
        ("nauseas, vómito y escalofríos", ("nausea", "vomiting", "chills")),
        ("náuseas y diarrea", ("nausea", "diarrhea")),
        ("no tiene convulsiones pero suda mucho", ("sweats",)),
        ("alucinaciones, delirium tremens", ("hallucinations", "DTs")),
        ("síntomas de abstinencia", ()),
        ("no", ()),
    ],
)
def test_withdrawal_symptoms_to_quote(text, symptoms):
    assert parsing.withdrawal_symptoms.__wrapped__(text) == symptoms


@pytest.mark.parametrize(
    ("question", "text", "unsure"),
    [
        ("danger", "no sé", True), ("danger", "no estoy seguro", True), ("danger", "no c", True),
        ("danger", "no sé, tomó una sobredosis", False), ("withdrawal", "no se", True),
        ("withdrawal", "no sé, le dan temblores", False), ("withdrawal", "sí", False),
        ("home_safe", "no estoy segura", True), ("co_occurring", "ni idea", True),
        ("time_available", "tal vez", True), ("co_occurring", "no", False),
        # a duration is unsure when no length can be read from it
        ("duration_months", "no se", True), ("duration_months", "un rato", True),
        ("duration_months", "un tiempo", True), ("duration_months", "desde su divorcio", True),
        ("duration_months", "hace años", False), ("duration_months", "tiene 19 años", False),
        ("duration_months", "no sé, como 2 años", False),
    ],
)  # fmt: skip
def test_answered_unsure(question, text, unsure):
    assert parsing.answered_unsure(question, text) is unsure


# --- 4. duration -----------------------------------------------------------------------------

DURATION = [
    ("hace como tres años", 36), ("unos 6 meses", 6), ("2 años", 24), ("2 anos", 24),
    ("2 anios", 24), ("ase 2 años", 24), ("desde hace 3 años", 36), ("año y medio", 18),
    ("un año y medio", 18), ("hace año y medio", 18), ("2 años y medio", 30),
    ("mas de un año", 12), ("más de un año", 12), ("casi un año", 10.8), ("menos de un año", 6),
    ("unas semanas", 0.69), ("dos semanas", 0.46), ("una semana y media", 0.35),
    ("dos o tres años", 36), ("2-3 años", 36), ("entre 2 y 3 años", 36), ("un año o dos", 24),
    ("un par de años", 24), ("unos cuantos meses", 3), ("unos meses", 3), ("varios años", 60),
    ("medio año", 6), ("un año y tres meses", 15), ("diez años", 120), ("veinte años", 240),
    ("veinticinco años", 300), ("treinta y cinco años", 420), ("una década", 120),
    ("lleva como 5 años consumiendo", 60), ("tiene 2 años tomando", 24),
    ("tiene tres años que toma", 36),
    # vague: clearly long-lasting, clearly under a year, or only just started
    ("desde que estaba en la secundaria", 24), ("desde la prepa", 24), ("desde adolescente", 24),
    ("desde joven", 24), ("desde q era chavo", 24), ("desde los 15 años", 24),
    ("desde que tenia 15", 24), ("toda la vida", 24), ("muchos años", 24), ("hace años", 24),
    ("mucho tiempo", 24), ("hace mucho", 24), ("empezó en la universidad", 24),
    ("décadas", 240), ("desde el año pasado", 12),
    ("meses", 6), ("hace meses", 6),
    ("poco tiempo", 2), ("no hace mucho", 2), ("hace poco", 1), ("recien empezo", 1),
    ("apenas empezó", 1),
    # Spanglish: Spanish words around English units, English words around Spanish ones
    ("como 2 years", 24), ("about 2 años", 24),
    # not a length: could be either side of 12 months, or an age, or not known
    ("un rato", None), ("un tiempo", None), ("un buen rato", None), ("desde su divorcio", None),
    ("no se", None), ("tiene 19 años", None), ("mi hijo de 19 años", None),
    ("el bebe tiene 6 meses", None), ("tiene 19 años de edad", None), ("", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "months"), DURATION)
def test_duration_in_months(text, months):
    result = duration.parse_duration.__wrapped__(text)
    if months is None:
        assert result is None
    else:
        assert result == pytest.approx(months, abs=0.01)


def test_duration_since_a_spanish_date_counts_to_today(monkeypatch):
    monkeypatch.setattr(duration, "_today", lambda: dt.date(2025, 6, 15))
    assert duration.parse_duration("desde 2019") == 77
    assert duration.parse_duration("desde el 2019") == 77
    assert duration.parse_duration("desde marzo") == 3
    assert duration.parse_duration("desde septiembre") == 9
    assert duration.parse_duration("desde marzo del año pasado") == 15
    assert duration.parse_duration("desde la pandemia") == 63
    assert duration.parse_duration("desde que empezó el covid") == 63
    assert duration.parse_duration("desde que perdió su trabajo en marzo") == 3
    assert duration.parse_duration("desde 2099") is None


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("hace como tres años", "desde hace unos 3 años"),
        ("unos 6 meses", "desde hace unos 6 meses"),
        ("2 anos", "desde hace 2 años"),
        ("año y medio", "desde hace año y medio"),
        ("un año y medio", "desde hace un año y medio"),
        ("casi un año", "desde hace casi un año"),
        ("mas de un año", "desde hace más de un año"),
        ("como un año", "desde hace alrededor de un año"),
        ("unas semanas", "desde hace unas semanas"),
        ("como 3 semanas", "desde hace unas 3 semanas"),
        ("dos o tres años", "desde hace 2 o 3 años"),
        ("un año y tres meses", "desde hace un año y 3 meses"),
        ("desde 2019", "desde 2019"),
        ("desde marzo", "desde marzo"),
        ("desde la pandemia", "desde la pandemia"),
        ("desde que estaba en la secundaria", "desde la secundaria"),
        ("toda la vida", "desde siempre"),
        ("mucho tiempo", "desde hace mucho tiempo"),
        ("hace años", "desde hace muchos años"),
        ("hace poco", "desde hace poco"),
        ("poco tiempo", "desde hace poco"),
        ("about 2 años", "desde hace unos 2 años"),
        ("un rato", None),
    ],
)
def test_duration_phrase_in_spanish_follows_ha_estado_consumiendo(text, phrase):
    assert duration.duration_phrase.__wrapped__(text) == phrase
    assert duration.duration_phrase_language(text) == ("es" if phrase else None)


@pytest.mark.parametrize(
    ("text", "language"),
    [("about 6 years", "en"), ("since high school", "en"), ("6 años", "es"), ("a while", None)],
)
def test_the_phrase_says_its_language(text, language):
    assert duration.duration_phrase_language(text) == language
    found = duration.read_duration(text)
    assert (found.language if found else None) == language


# --- 5. previous treatment -------------------------------------------------------------------

PRIOR = [
    ("nunca ha estado en tratamiento", "none"), ("es la primera vez", "none"),
    ("no, nunca", "none"), ("nunca", "none"), ("jamás ha ido a un programa", "none"),
    ("lo intentó dejar por su cuenta", "none"),
    ("estuvo en rehabilitación hace dos años", "treated"), ("si", "treated"),
    ("fue a AA", "treated"), ("ha estado limpio desde el programa", "treated"),
    ("nunca ha recaído después de rehabilitación", "treated"), ("una vez", "treated"),
    ("fue a terapia pero recayó", "relapsed_after_lower"),
    ("estuvo en rehabilitacion y recayo", "relapsed_after_lower"),
    ("fui a terapia pero recai", "relapsed_after_lower"),
    ("volvio a tomar", "relapsed_after_lower"), ("volvió a consumir", "relapsed_after_lower"),
    ("recaída", "relapsed_after_lower"), ("empezo otra vez", "relapsed_after_lower"),
    ("fue a AA pero no le funciono", "relapsed_after_lower"),
    ("fue a terapia y siguio tomando", "relapsed_after_lower"),
    ("estuvo en un anexo y no se mantuvo limpio", "relapsed_after_lower"),
    ("siguió tomando", None),  # no treatment named: like "he's still using"
    ("no sé", None), ("", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), PRIOR)
def test_prior_treatment(text, expected):
    assert history.parse_prior_treatment.__wrapped__(text) == expected


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("estuvo en rehabilitación hace dos años", "rehab"),
        ("fue a terapia pero recayó", "counseling"),
        ("fue con el psicólogo", "counseling"),
        ("desintoxicación y luego ambulatorio intensivo, pero recayó",
         "intensive outpatient care"),
        ("programa ambulatorio, volvió a tomar", "outpatient care"),
        ("fue a alcohólicos anónimos", "12-step meetings"),
        ("estuvo internado", "inpatient care"),
        ("le dieron metadona", "medication treatment"),
        ("un centro de rehabilitacion", "rehab"),
        ("recayó", None),
    ],
)  # fmt: skip
def test_treatment_phrase_is_the_english_name(text, phrase):
    assert history.treatment_phrase.__wrapped__(text) == phrase


# --- 6. co-occurring -------------------------------------------------------------------------

CO_OCCURRING = [
    ("tiene depresion y ansiedad", True), ("es diabetico", True), ("es diabético", True),
    ("un poco de ansiedad", True), ("tiene presión alta", True), ("está embarazada", True),
    ("problemas del corazón", True), ("más o menos", True),
    ("no, nada de eso", False), ("no tiene depresion", False), ("ninguna", False),
    ("no tiene ni depresión ni ansiedad", False), ("no creo que tenga depresión", False),
    ("no sé", None), ("toma pastillas para dormir", None), ("", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CO_OCCURRING)
def test_co_occurring(text, expected):
    assert history.parse_co_occurring.__wrapped__(text) is expected


@pytest.mark.parametrize(
    ("text", "conditions"),
    [
        ("tiene depresion y ansiedad", ("depression", "anxiety")),
        ("no tiene depresión pero sí ansiedad", ("anxiety",)),
        ("estrés postraumático y trauma", ("PTSD", "trauma")),
        ("VIH y hepatitis c", ("HIV", "hepatitis")),
        ("cirrosis, convulsiones y dolor crónico", ("liver problems", "seizures", "chronic pain")),
        ("es bipolar y tiene esquizofrenia", ("bipolar disorder", "schizophrenia")),
        ("problemas de salud mental", ("mental-health needs",)),
        ("no", ()),
    ],
)
def test_conditions_to_quote(text, conditions):
    assert history.co_occurring_conditions.__wrapped__(text) == conditions


# --- 7. home: others using, violence, "más o menos" -> False ---------------------------------

HOME = [
    ("su familia lo apoya", True), ("si, es un lugar seguro", True), ("sí", True),
    ("nadie toma en la casa", True), ("su papá no toma", True), ("no hay drogas en la casa", True),
    ("su papa tambien toma", False), ("en la casa todos consumen", False),
    ("en mi casa todos toman", False), ("hay violencia", False), ("vive en la calle", False),
    ("su esposo bebe mucho", False), ("no lo apoyan", False), ("mas o menos", False),
    ("no", False), ("hay muchos pleitos", False),
    ("no estoy seguro", None), ("vive solo", None), ("", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), HOME)
def test_home_safe(text, expected):
    assert circumstances.parse_home_safe.__wrapped__(text) is expected


# --- 8. time: part of the day or week only is a no -------------------------------------------

TIME = [
    ("si, tiene tiempo", True), ("sí", True), ("está desempleado", True), ("no trabaja", True),
    ("trabaja tiempo completo pero puede hacer el tiempo", True), ("cuando sea", True),
    ("puede en las mañanas y en las tardes", True),
    ("trabaja tiempo completo", False), ("no, trabaja tiempo completo", False),
    ("no tiene tiempo", False), ("tiene dos trabajos", False), ("cuida a sus hijos", False),
    ("solo en las noches", False), ("solo los fines de semana", False),
    ("sólo por la noche", False), ("las noches nada más", False), ("sábados y domingos", False),
    ("entre semana es difícil", False), ("trabaja de noche", False),
    ("no se", False), ("tal vez", False),  # only adds the scheduling note
    ("", None), ("azul", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), TIME)
def test_time_available(text, expected):
    assert circumstances.parse_time_available.__wrapped__(text) is expected


# --- Spanish words that look like English triggers, English words that look like Spanish -----


@pytest.mark.parametrize(
    ("parser", "text", "expected"),
    [
        (duration.parse_duration, "once a week", 0.23),  # as before: "once" is no 11 here
        (duration.parse_duration, "once años", 132),
        (duration.parse_duration, "he's 19 y/o", None),
        (duration.parse_duration, "he died in 2019 a few months after rehab", 3),  # no range
        (duration.parse_duration, "2 a 3 años", 36),  # a Spanish range
        (history.parse_prior_treatment, "un programa", "treated"),  # not "programs?"
        (parsing.parse_withdrawal, "media", None),  # "social media", not "half"
        (circumstances.parse_home_safe, "bueno, no sé", None),  # "bueno" opens, it says nothing
        # "bien" is also "very"
        (parsing.parse_withdrawal, "está bien mal cuando no toma", True),
        (parsing.parse_withdrawal, "ese número está mal", None),  # "mal" is also "wrong"
        (circumstances.parse_home_safe, "my tio is shaking bien feo", None),
        (circumstances.parse_home_safe, "todo bien en la casa", True),
    ],
)
def test_look_alikes(parser, text, expected):
    result = parser.__wrapped__(text)
    numeric = isinstance(expected, (int, float)) and not isinstance(expected, bool)
    assert result == (pytest.approx(expected, abs=0.01) if numeric else expected)
