"""Triage answer parsers: what people actually type, per question, and they never raise."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.language import for_whom, yes_no
from bot.language.text import never_raises
from bot.triage import circumstances, duration, history, parsing

# --- generic yes / no ------------------------------------------------------------------------

YES_NO = [
    ("yeah", True), ("yep", True), ("ya", True), ("sure", True), ("definitely", True),
    ("Yes!", True), ("kind of", True), ("I think so", True), ("/affirm", True),
    ("nah", False), ("nope", False), ("no way", False), ("not really", False), ("never", False),
    ("No.", False), ("i don't think so", False), ("definitely not", False),
    ("not sure", None), ("I’m not sure", None), ("idk", None), ("", None), ("banana", None),
    # as people type them (bot/language/answer_words.py)
    ("ya def", True), ("yes ma'am", True), ("yesss", True), ("i think so?", True), ("👍", True),
    ("👍🏽", True), ("more or less", True), ("ish", True), ("prob", True), ("probably", True),
    ("nope nope", False), ("not rly", False), ("nah not really", False), ("noooo", False),
    ("probably not", False), ("prob not", False), ("def not", False), ("👎", False),
    ("i don't think he does", False),
    ("dont know", None), ("no clue tbh", None), ("hmm maybe", None), ("maybe not", None),
    ("🤷", None),
    # Spanish, as people type it
    ("sí", True), ("si", True), ("Sí, claro", True), ("claro que si", True), ("sip", True),
    ("creo que sí", True), ("mas o menos", True), ("a veces", True), ("un poco", True),
    ("no", False), ("nop", False), ("para nada", False), ("nunca", False), ("creo que no", False),
    ("todavia no", False), ("la verdad no", False),
    ("no sé", None), ("no se", None), ("nose", None), ("ni idea", None), ("tal vez", None),
    ("no estoy segura", None), ("quien sabe", None), ("para mi hijo", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), YES_NO)
def test_generic_yes_no(text, expected):
    assert yes_no.parse_yes_no(text) is expected


@pytest.mark.parametrize(
    ("text", "unsure"),
    [
        ("i don't know", True), ("not sure", True), ("dunno", True), ("no", False), ("yes", False),
        ("idk", True), ("dont know", True), ("no clue tbh", True), ("hmm maybe", True),
        ("not rly sure", True), ("🤷", True), ("probably not", False), ("prob", False),
        ("ish", False), ("👍", False),
    ],
)  # fmt: skip
def test_is_unsure(text, unsure):
    assert yes_no.is_unsure(text) is unsure


# A plain answer means the same kind of thing to every yes/no question; what each kind gives
# is the judgement call in the module docstring ("not sure" leans safe only where it must).
PLAIN_ANSWERS = [
    ("ya def", "yes"), ("yes ma'am", "yes"), ("i think so?", "yes"), ("👍", "yes"),
    ("nope nope", "no"), ("not rly", "no"), ("nah not really", "no"), ("probably not", "no"),
    ("👎", "no"),
    ("more or less", "hedge"), ("ish", "hedge"), ("prob", "hedge"),
    ("idk", "unsure"), ("dont know", "unsure"), ("no clue tbh", "unsure"),
    ("hmm maybe", "unsure"),
    ("sí", "yes"), ("claro", "yes"), ("nel", "no"), ("casi nunca", "no"),
    ("más o menos", "hedge"), ("de vez en cuando", "hedge"),
    ("no sé", "unsure"), ("a lo mejor", "unsure"),
]  # fmt: skip
PLAIN_MEANS = {
    "yes": {"danger": True, "withdrawal": True, "co_occurring": True, "home_safe": True,
            "time_available": True, "prior_treatment": "treated"},
    "no": {"danger": False, "withdrawal": False, "co_occurring": False, "home_safe": False,
           "time_available": False, "prior_treatment": "none"},
    "hedge": {"danger": True, "withdrawal": True, "co_occurring": True, "home_safe": False,
              "time_available": False, "prior_treatment": "treated"},
    "unsure": {"danger": True, "withdrawal": True, "co_occurring": None, "home_safe": None,
               "time_available": False, "prior_treatment": None},
}  # fmt: skip


@pytest.mark.parametrize(("text", "kind"), PLAIN_ANSWERS)
@pytest.mark.parametrize("question", sorted(PLAIN_MEANS["yes"]))
def test_plain_answers_mean_the_same_for_every_yes_no_question(text, kind, question):
    assert parsing.PARSERS[question](text) == PLAIN_MEANS[kind][question]
    for asked in ("danger", "withdrawal", "co_occurring", "home_safe", "time_available"):
        assert parsing.answered_unsure(asked, text) is (kind == "unsure")


# --- 1. for whom -----------------------------------------------------------------------------

FOR_WHOM = [
    ("me", "self"), ("myself", "self"), ("for me", "self"), ("Yourself", "self"),
    ("I need help", "self"), ("it's for me", "self"),
    ("my son", "loved_one"), ("she", "loved_one"), ("my husband", "loved_one"),
    ("a loved one", "loved_one"), ("someone else", "loved_one"), ("He", "loved_one"),
    ("I'm asking for my 19 year old son", "loved_one"), ("not me, my daughter", "loved_one"),
    ("my son asked me to look this up", "loved_one"), ("for my best friend", "loved_one"),
    ("me and my husband", None), ("hello", None), ("", None),
    ("self", "self"), ("loved_one", "loved_one"),  # the person slot's own values
    # Spanish, as people type it
    ("para mí", "self"), ("para mi", "self"), ("yo", "self"), ("soy yo", "self"),
    ("yo misma", "self"), ("necesito ayuda", "self"),
    ("mi hijo", "loved_one"), ("para mi hija de 17", "loved_one"), ("mi esposo", "loved_one"),
    ("es para mi mamá", "loved_one"), ("un ser querido", "loved_one"), ("ella", "loved_one"),
    ("no es para mi, es para mi hermano", "loved_one"), ("otra persona", "loved_one"),
    ("mi esposo y yo", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), FOR_WHOM)
def test_for_whom(text, expected):
    assert for_whom.parse_for_whom(text) == expected


@pytest.mark.parametrize(
    ("entities", "expected"),
    [
        ([{"entity": "for_whom", "value": "my son"}], "loved_one"),
        ([{"entity": "for_whom", "value": "myself"}], "self"),
        ([{"entity": "for_whom", "value": "loved_one"}], "loved_one"),
        ([{"entity": "substance", "value": "alcohol"}], None),
        ([{"entity": "for_whom"}, "junk", None], None),
    ],
)
def test_for_whom_uses_the_ruler_entities(entities, expected):
    assert for_whom.parse_for_whom("uh", entities) == expected


# --- 2. danger -------------------------------------------------------------------------------

DANGER = [
    ("yes", True), ("yeah he overdosed", True), ("he's not breathing", True),
    ("she said she wants to kill herself", True), ("i'm not sure", True), ("kind of", True),
    ("we are not safe", True),
    ("no", False), ("nope", False), ("no one is in danger", False), ("nobody's in danger", False),
    ("not right now", False), ("we're safe", False), ("everyone is ok", False), ("i'm fine", False),
    ("", None), ("pizza", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), DANGER)
def test_danger_leans_safe(text, expected):
    assert parsing.parse_danger(text) is expected


# --- 3. withdrawal ---------------------------------------------------------------------------

WITHDRAWAL = [
    ("yeah he gets the shakes", True), ("gets really sick", True), ("DTs", True),
    ("sweats and nausea", True), ("seizures once", True), ("kind of", True), ("yes", True),
    ("he can't go a day without the shakes", True), ("if he doesn't drink he gets sick", True),
    ("not sure, but he sweats a lot", True),
    ("i don't know", True),  # unknown leans safe: a clinician checks
    ("he's never tried to stop", True),  # nobody knows yet: same
    ("nah", False), ("not really", False), ("no withdrawal", False), ("he doesn't get sick", False),
    ("I don't think he gets the shakes", False), ("no shakes or sweats", False),
    ("he's fine when he stops", False), ("never", False),
    ("he's sick and tired of it", None), ("", None), ("purple", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), WITHDRAWAL)
def test_withdrawal(text, expected):
    assert parsing.parse_withdrawal(text) is expected


@pytest.mark.parametrize(
    ("text", "symptoms"),
    [
        ("yeah he gets the shakes", ("the shakes",)),
        ("sweats, nausea and DTs", ("sweats", "nausea", "DTs")),
        ("no seizures but he shakes", ("the shakes",)),
        ("withdrawal yes", ()),
        ("no", ()),
    ],
)
def test_withdrawal_symptoms_to_quote(text, symptoms):
    assert parsing.withdrawal_symptoms(text) == symptoms


@pytest.mark.parametrize(
    ("question", "text", "unsure"),
    [
        ("withdrawal", "i don't know", True),
        ("withdrawal", "not sure, he gets the shakes", False),
        ("withdrawal", "yes", False),
        ("danger", "not sure", True),
        ("danger", "not sure, he overdosed", False),
        ("time_available", "maybe", True),
        ("withdrawal", None, False),
        ("co_occurring", "no clue tbh", True),
        ("home_safe", "hmm maybe", True),
        ("co_occurring", "probably not", False),
        # a duration is unsure when no length can be read, even without "not sure"
        ("duration_months", "idk", True),
        ("duration_months", "a while", True),
        ("duration_months", "since his divorce", True),
        ("duration_months", "like 6 months maybe", False),
        ("duration_months", "idk a long time", False),
        ("duration_months", "since high school", False),
    ],
)
def test_answered_unsure(question, text, unsure):
    assert parsing.answered_unsure(question, text) is unsure


# --- 4. duration -----------------------------------------------------------------------------

DURATION = [
    ("about 6 years", 72), ("a few months", 3), ("2 yrs", 24), ("6yrs", 72), ("six months", 6),
    ("a couple weeks", 0.46), ("over a decade", 120), ("a year and a half", 18),
    ("2 years and 3 months", 27), ("6-12 months", 12), ("2 or 3 years", 36), ("a month or two", 2),
    ("less than a year", 6), ("almost a year", 10.8), ("10+ yrs", 120), ("twenty five years", 300),
    ("a year", 12), ("11 months", 11), ("for the past 3 weeks", 0.69),
    ("just started", 1), ("recently", 1), ("not long", 2),
    ("since high school", 24), ("since he was a teenager", 24), ("a long time", 24),
    ("he started using in college", 24),
    ("years", 24), ("for as long as I can remember", 24), ("decades", 240),
    ("since last year", 12),
    ("a while", None), ("i don't know", None), ("he is 19 years old", None), ("", None),
    # as people give them
    ("a couple yrs", 24), ("like 6 months maybe", 6), ("on and off for years", 24),
    ("forever", 24), ("idk a long time", 24), ("since he was in high school", 24),
    ("since 8th grade", 24), ("since his early twenties", 24), ("his whole life", 24),
    ("prob 2 years", 24), ("for months", 6), ("the past year", 12), ("started last year", 12),
    ("since his divorce", None),  # when was that? asked again (answered_unsure says so)
    ("since the accident", None), ("a good while", None),
    ("he's 19 y/o", None), ("19 y.o.", None), ("the baby is 6 months old", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "months"), DURATION)
def test_duration_in_months(text, months):
    result = duration.parse_duration(text)
    if months is None:
        assert result is None
    else:
        assert result == pytest.approx(months, abs=0.01)


def test_duration_since_a_year_or_month_counts_to_today(monkeypatch):
    monkeypatch.setattr(duration, "_today", lambda: dt.date(2025, 6, 15))
    assert duration.parse_duration("since 2019") == 77
    assert duration.parse_duration("since march") == 3
    assert duration.parse_duration("since june") == 0
    assert duration.parse_duration("since last september") == 9
    assert duration.parse_duration("since covid") == 63
    assert duration.parse_duration("since 2099") is None
    assert duration.parse_duration("since he lost his job in march") == 3
    assert duration.parse_duration("since his divorce last september") == 9
    assert duration.parse_duration("since the divorce in 2019") == 77
    assert duration.parse_duration("since he moved in may 2019") == 77
    assert duration.parse_duration("since he may have been in 2020") == 65  # "may" is no month here


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("about 6 years", "for about 6 years"),
        ("2 yrs", "for 2 years"),
        ("since I was a teen", "since you were a teen"),
        ("for as long as i can remember", "for as long as you can remember"),
        ("since high school", "since high school"),
        ("just started", "for only a short time"),
        ("over a decade", "for over a decade"),
        ("forever", "for a very long time"),
        ("not quite a year", "for almost a year"),
        ("like 2-3 years", "for about 2-3 years"),
        ("he started in college", "since college"),
        ("since his 20s", "since his 20s"),
        ("since I lost my job in march", "since you lost your job in march"),
        ("past year", "for the past year"),
        ("a while", None),
    ],
)
def test_duration_phrase_quotes_them_in_the_second_person(text, phrase):
    assert duration.duration_phrase(text) == phrase


# --- 5. previous treatment -------------------------------------------------------------------

PRIOR = [
    ("she's never been in treatment", "none"), ("no", "none"), ("never", "none"),
    ("first time", "none"), ("tried to quit on his own and relapsed", "none"),
    ("went to rehab once and stayed clean", "treated"), ("yes", "treated"),
    ("did AA meetings", "treated"), ("never relapsed after rehab", "treated"),
    ("did outpatient last year but relapsed", "relapsed_after_lower"),
    ("went to rehab twice, didn't stick", "relapsed_after_lower"),
    ("couldn't stay clean after IOP", "relapsed_after_lower"),
    ("he relapsed", "relapsed_after_lower"),
    ("yes, outpatient, then he started drinking again", "relapsed_after_lower"),
    ("we tried counseling but he kept using", "relapsed_after_lower"),
    ("in and out of rehab for years", "relapsed_after_lower"), ("he's still using", None),
    ("did 30 days rehab in 2021 then relapsed", "relapsed_after_lower"),
    ("went to op last year, didnt stick", "relapsed_after_lower"),
    ("he did 30 days and was using within a week", "relapsed_after_lower"),
    ("never been", "none"), ("nope never", "none"), ("never once", "none"),
    ("a detox once", "treated"), ("once, years ago", "treated"), ("twice", "treated"),
    ("he's been through rehab", "treated"), ("did iop, been sober 2 years", "treated"),
    ("not sure", None), ("", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), PRIOR)
def test_prior_treatment(text, expected):
    assert history.parse_prior_treatment(text) == expected


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("did outpatient last year but relapsed", "outpatient care"),
        ("detox then IOP but relapsed", "intensive outpatient care"),
        ("went to rehab", "rehab"),
        ("AA meetings, relapsed", "12-step meetings"),
        ("he relapsed", None),
        ("did 30 days rehab in 2021 then relapsed", "rehab"),
        ("went to op last year, didnt stick", "outpatient care"),
        ("a detox once", "detox"),
    ],
)
def test_treatment_phrase(text, phrase):
    assert history.treatment_phrase(text) == phrase


# --- 6. co-occurring -------------------------------------------------------------------------

CO_OCCURRING = [
    ("depression", True), ("yes anxiety and PTSD", True), ("he has diabetes", True),
    ("I think she might be bipolar", True), ("kind of", True), ("yes", True),
    ("she's pregnant", True),
    ("no", False), ("none", False), ("not really", False), ("no mental health issues", False),
    ("he is not depressed", False),
    ("not sure", None), ("he's on pain pills", None), ("", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CO_OCCURRING)
def test_co_occurring(text, expected):
    assert history.parse_co_occurring(text) is expected


@pytest.mark.parametrize(
    ("text", "conditions"),
    [
        ("depression and anxiety", ("depression", "anxiety")),
        ("post traumatic stress disorder and diabetes", ("PTSD", "diabetes")),
        ("no depression but anxiety", ("anxiety",)),
        ("i am depressed", ("depression",)),
        ("mental health stuff", ("mental-health needs",)),
        ("no", ()),
    ],
)
def test_conditions_to_quote(text, conditions):
    assert history.co_occurring_conditions(text) == conditions


# --- 7. home ---------------------------------------------------------------------------------

HOME = [
    ("yes my family supports me", True), ("yes", True), ("it's fine", True), ("mostly", True),
    ("nobody at home uses", True), ("no drugs in the house", True),
    ("we live in a sober house", True),
    ("my roommate uses too", False), ("my husband drinks", False), ("no", False),
    ("not really supportive", False), ("kind of", False), ("there's a lot of fighting", False),
    ("I live alone", None), ("not sure", None), ("", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), HOME)
def test_home_safe(text, expected):
    assert circumstances.parse_home_safe(text) is expected


# --- 8. time ---------------------------------------------------------------------------------

TIME = [
    ("yeah i can make time", True), ("yes", True), ("i'm unemployed right now", True),
    ("i work full time but i can make time", True), ("my job is flexible", True),
    ("no i work full time", False), ("I don't have time", False), ("i can't do that", False),
    ("i have two kids at home", False), ("nope", False),
    ("not sure", False), ("maybe", False),  # only adds the scheduling note, never changes the level
    # part of the day or week only: limited time, whatever else is said
    ("mornings only, I'm on second shift", False), ("weekends maybe, weekdays are tough", False),
    ("only evenings", False), ("nights only", False), ("after 5 maybe", False),
    ("weekdays are hard", False), ("evenings and weekends", False), ("after work", False),
    ("i'm free mornings", False), ("yes but only evenings", False),
    ("only evenings are free for me", False), ("i can make time on weekends", False),
    ("mornings don't work", False),
    # shift work counts like a full-time job
    ("i work nights", False), ("he works nights", False), ("second shift", False),
    ("third shift", False), ("swing shift", False), ("i work 3rd shift", False),
    ("i work nights but i can make time", True),
    # clear availability
    ("yes any time", True), ("i'm off work right now", True),
    ("i can do mornings and afternoons", True), ("i'm free during the day", True),
    ("whenever", True), ("3 days a week is fine", True),
    ("", None), ("blue", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), TIME)
def test_time_available(text, expected):
    assert circumstances.parse_time_available(text) is expected


# --- substances ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        ("heroin and fentanyl", [], ("heroin", "fentanyl")),
        ("he takes xanax", [], ("benzos",)),
        ("", [{"entity": "substance", "value": "booze"}], ("alcohol",)),
        ("drinking", [{"entity": "substance", "value": "alcohol"}], ("alcohol",)),
        ("nothing", [], ()),
    ],
)
def test_substances(text, entities, expected):
    assert parsing.parse_substances(text, entities) == expected


# --- never raise -----------------------------------------------------------------------------

VOCABULARY = (
    "no not never yes yeah kind of i don't know since 2019 since march a year and a half "
    "2 yrs 6-12 over a decade my son me myself he she shakes sweats relapsed after outpatient "
    "rehab depression roommate uses too full time make time , . but and when if without "
    "n't ’ - 0.5 10+ half a couple few several twenty-five months weeks days y mo "
    "sí si no nunca nadie sin ni pero y o a de hace como unos tres treinta medio medio año años "
    "anios meses semanas desde marzo 2019 la secundaria tiene 19 temblores recayó terapia "
    "depresión su papá toma solo noches tiempo completo"
).split()
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(VOCABULARY), max_size=40).map(" ".join),
    st.none(),
    st.integers(),
    st.binary(max_size=20),
)
ENTITIES = st.one_of(
    st.just(()),
    st.none(),
    st.text(max_size=10),
    st.lists(
        st.one_of(
            st.dictionaries(
                st.sampled_from(["entity", "value", "start"]),
                st.one_of(
                    st.sampled_from(["for_whom", "substance"]),
                    st.text(max_size=20),
                    st.none(),
                    st.integers(),
                ),
            ),
            st.text(max_size=5),
            st.integers(),
        ),
        max_size=4,
    ),
)
PARSERS = [
    *parsing.PARSERS.values(),
    yes_no.parse_yes_no,
    yes_no.is_unsure,
    parsing.withdrawal_symptoms,
    history.co_occurring_conditions,
    duration.duration_phrase,
    history.treatment_phrase,
    parsing.parse_substances,
]
ALLOWED = {
    "for_whom": {"self", "loved_one", None},
    "prior_treatment": {"none", "treated", "relapsed_after_lower", None},
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, entities=ENTITIES)
def test_parsers_never_raise_and_return_their_type(text, entities):
    for parser in PARSERS:
        parser.__wrapped__(text, entities)  # unguarded: an exception here is a real bug
    for question, parser in parsing.PARSERS.items():
        value = parser(text, entities)
        if question in ALLOWED:
            assert value in ALLOWED[question]
        elif question == "duration_months":
            assert value is None or (isinstance(value, float) and value >= 0)
        else:
            assert value is None or isinstance(value, bool)
    assert isinstance(parsing.answered_unsure("withdrawal", text), bool)


def test_the_guard_turns_a_bug_into_not_understood():
    def broken(text, entities):
        raise RuntimeError("bug")

    assert never_raises(broken)("yes") is None


def test_very_long_answers_are_cut_not_refused():
    assert parsing.parse_withdrawal("yeah he gets the shakes " + "x " * 5000) is True
