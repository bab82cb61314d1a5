"""Triage rules: every rule path, the exact labels, you/they wording, and broken files refused."""

import copy
import re

import pytest
import yaml

from bot.triage.models import QUESTIONS, TriageAnswers
from bot.triage.recommend import explanation, months_phrase, recommend, summary
from bot.triage.rules import (
    RULES_FILE,
    TriageRulesError,
    default_rules,
    load_rules,
    rules_from_dict,
)

LABELS = {
    "op": "Outpatient Program (OP)",
    "iop": "Intensive Outpatient Program (IOP)",
    "higher": "a higher level of care (medically supported detox or inpatient)",
}
DISCLAIMER = (
    "This is not a diagnosis: a clinician will assess and recommend the right level of care."
)

# A person with none of the signs; each row changes only what it tests.
CALM = {
    "danger": "no",
    "withdrawal": "nah",
    "duration_months": "a few months",
    "prior_treatment": "never",
    "co_occurring": "no",
    "home_safe": "yes my family supports me",
    "time_available": "yeah i can make time",
}

# (row id, for_whom, changed answers, level, rules behind it (deciding one first),
#  words the reply must contain)
TABLE = [
    # --- a higher level of care
    ("danger", "me", {"danger": "yes"}, "higher", ("danger_now",),
     ["you said someone may be in danger right now"]),
    ("danger unsure", "my son", {"danger": "i'm not sure"}, "higher", ("danger_now",),
     ["you weren't sure whether anyone is in danger right now"]),
    ("danger and withdrawal", "me", {"danger": "yes", "withdrawal": "yes the shakes"}, "higher",
     ("danger_now", "withdrawal_symptoms"),
     ["in danger right now", "withdrawal symptoms like the shakes"]),
    ("withdrawal", "my husband", {"withdrawal": "yeah he gets the shakes"}, "higher",
     ("withdrawal_symptoms",), ["you mentioned withdrawal symptoms like the shakes"]),
    ("withdrawal beats every IOP sign", "me",
     {"withdrawal": "sweats and nausea", "duration_months": "about 6 years",
      "prior_treatment": "did outpatient last year but relapsed", "co_occurring": "depression",
      "home_safe": "my roommate uses too"},
     "higher", ("withdrawal_symptoms",), ["withdrawal symptoms like sweats and nausea"]),
    ("withdrawal not known", "me", {"withdrawal": "i don't know"}, "higher",
     ("withdrawal_symptoms",), ["you weren't sure about withdrawal symptoms"]),
    # --- Intensive Outpatient Program (IOP)
    ("relapse after outpatient", "me",
     {"prior_treatment": "did outpatient last year but relapsed"}, "iop",
     ("relapse_after_lower_level",), ["you mentioned relapsing after outpatient care"]),
    ("long-lasting use", "my son", {"duration_months": "about 6 years"}, "iop",
     ("long_lasting_use",), ["they have been using for about 6 years"]),
    ("long-lasting use, self", "me", {"duration_months": "since high school"}, "iop",
     ("long_lasting_use",), ["you have been using since high school"]),
    ("exactly a year", "me", {"duration_months": "a year"}, "iop", ("long_lasting_use",),
     ["you have been using for a year"]),
    ("co-occurring", "she", {"co_occurring": "she has depression and anxiety"}, "iop",
     ("co_occurring_needs",), ["you mentioned depression and anxiety"]),
    ("co-occurring, unnamed", "me", {"co_occurring": "yes"}, "iop", ("co_occurring_needs",),
     ["you mentioned mental-health or medical needs"]),
    ("unsupportive home", "me", {"home_safe": "my roommate uses too"}, "iop",
     ("unsupportive_home",), ["you said home isn't a safe, supportive place for recovery"]),
    ("the issue's example", "me",
     {"prior_treatment": "did outpatient last year but relapsed", "co_occurring": "depression"},
     "iop", ("relapse_after_lower_level", "co_occurring_needs"),
     ["because you mentioned relapsing after outpatient care and depression."]),
    ("every IOP sign, three reasons at most", "my daughter",
     {"duration_months": "2 yrs", "prior_treatment": "went to rehab, relapsed",
      "co_occurring": "PTSD", "home_safe": "no"},
     "iop", ("relapse_after_lower_level", "long_lasting_use", "co_occurring_needs"),
     ["relapsing after rehab and PTSD, and they have been using for 2 years"]),
    ("IOP but little time", "my son",
     {"duration_months": "about 6 years", "time_available": "no he works full time"}, "iop",
     ("long_lasting_use",), ["the team can talk through scheduling"]),
    # --- Outpatient Program (OP)
    ("short history", "me", {}, "op", ("short_history", "no_higher_needs"),
     ["you have been using for a few months", "nothing you shared points to a need"]),
    ("just under a year", "me", {"duration_months": "11 months"}, "op",
     ("short_history", "no_higher_needs"), ["for 11 months"]),
    ("needs flexibility", "my wife", {"time_available": "no she works full time"}, "op",
     ("short_history", "needs_flexibility", "no_higher_needs"),
     ["they have been using for a few months", "a flexible schedule matters around their work"]),
    ("treated and stayed clean", "me",
     {"prior_treatment": "went to rehab once and stayed clean"}, "op",
     ("short_history", "no_higher_needs"), ["for a few months"]),
    ("duration not understood", "me", {"duration_months": "a while"}, "op",
     ("no_higher_needs",), ["nothing you shared points to a need for more intensive care"]),
]  # fmt: skip


def answers_for(for_whom, changes):
    return TriageAnswers.from_texts({"for_whom": for_whom, **CALM, **changes})


@pytest.mark.parametrize(
    ("for_whom", "changes", "level", "rules", "words"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_rule_table(for_whom, changes, level, rules, words):
    rec = recommend(answers_for(for_whom, changes))
    assert (rec.level, rec.rules) == (level, rules)
    assert rec.label == LABELS[level]
    assert len(rec.reasons) == len(rules)
    reply = explanation(rec)
    for phrase in words:
        assert phrase in reply


def test_every_rule_and_note_in_the_file_is_hit_by_the_table():
    book = default_rules()
    hit = {rule for row in TABLE for rule in row[4]}
    assert hit == {rule.id for rule in book.rules}
    note_rows = [row for row in TABLE if "the team can talk through scheduling" in row[5]]
    assert {n.id for n in book.notes} and note_rows


def test_every_rule_is_the_deciding_one_in_some_row_or_only_adds_a_reason():
    """Each rule decides the level for at least one row, except OP rules that follow another."""
    deciding = {row[4][0] for row in TABLE}
    assert {"danger_now", "withdrawal_symptoms", "relapse_after_lower_level", "long_lasting_use",
            "co_occurring_needs", "unsupportive_home", "short_history", "needs_flexibility",
            "no_higher_needs"} - deciding <= {"needs_flexibility"}  # fmt: skip
    rec = recommend(TriageAnswers(danger=False, withdrawal=False, time_available=False))
    assert rec.rules == ("needs_flexibility", "no_higher_needs")


def test_the_labels_are_exactly_the_agreed_ones():
    assert dict(default_rules().labels) == LABELS


@pytest.mark.parametrize(
    ("for_whom", "changes", "level"), [row[1:4] for row in TABLE], ids=[row[0] for row in TABLE]
)
def test_the_reply_names_exactly_one_level_in_bold_and_is_no_diagnosis(for_whom, changes, level):
    reply = explanation(recommend(answers_for(for_whom, changes)))
    assert reply.count("**") == 2
    assert re.search(r"\*\*(.+?)\*\*", reply).group(1) == LABELS[level]
    for other, label in LABELS.items():
        if other != level:
            assert label not in reply
    others = {"op": ["(IOP)", "detox or inpatient"], "iop": ["(OP)", "detox or inpatient"],
              "higher": ["(IOP)", "(OP)"]}[level]  # fmt: skip
    assert not any(word in reply for word in others)
    assert reply.endswith(DISCLAIMER)
    assert reply.lower().count("diagnos") == 1
    assert reply.startswith("Based on what you shared, ")
    assert len(reply) <= 480


def test_the_reply_for_the_issue_example_reads_as_agreed():
    rec = recommend(
        answers_for(
            "me",
            {
                "prior_treatment": "did outpatient last year but relapsed",
                "co_occurring": "depression",
            },
        )
    )
    assert explanation(rec) == (
        "Based on what you shared, an **Intensive Outpatient Program (IOP)** may be a good place "
        "to start, because you mentioned relapsing after outpatient care and depression. "
        + DISCLAIMER
    )


@pytest.mark.parametrize(
    ("for_whom", "person", "wording", "not_wording"),
    [
        ("me", "self", ["you have been using for about 6 years", "a good place to start,"],
         [" they ", "them"]),
        ("my son", "loved_one",
         ["they have been using for about 6 years", "a good place for them to start"],
         ["you have been using"]),
    ],
)  # fmt: skip
def test_you_and_they(for_whom, person, wording, not_wording):
    rec = recommend(answers_for(for_whom, {"duration_months": "about 6 years"}))
    reply = explanation(rec)
    assert rec.person == person
    for words in wording:
        assert words in reply
    for words in not_wording:
        assert words not in reply


def test_unknown_person_is_spoken_to_as_you():
    rec = recommend(TriageAnswers(danger=False, withdrawal=False, duration_months=72.0))
    assert rec.person == "self"
    assert "you have been using for about 6 years" in explanation(rec)


def test_scheduling_note_only_with_iop_and_no_time():
    iop = recommend(answers_for("me", {"home_safe": "no", "time_available": "no"}))
    op = recommend(answers_for("me", {"time_available": "no"}))
    iop_with_time = recommend(answers_for("me", {"home_safe": "no"}))
    assert iop.level == "iop" and "talk through scheduling" in (iop.note or "")
    assert op.note is None and iop_with_time.note is None


def test_danger_is_higher_even_when_nothing_else_is_answered():
    rec = recommend(TriageAnswers(danger=True, withdrawal=False))
    assert (rec.level, rec.label) == ("higher", LABELS["higher"])


def test_a_recommendation_needs_the_safety_answers():
    with pytest.raises(ValueError, match="withdrawal"):
        recommend(TriageAnswers(for_whom="self", danger=False, duration_months=2.0))


def test_quotes_are_used_only_when_they_agree_with_the_stored_answer():
    answers = TriageAnswers(
        danger=False,
        withdrawal=False,
        duration_months=72.0,  # e.g. from a button; the text says something else
        said={"duration_months": "2 yrs"},
    )
    assert "for about 6 years" in explanation(recommend(answers))


@pytest.mark.parametrize(
    ("months", "phrase"),
    [(72, "for about 6 years"), (3, "for about 3 months"), (12, "for about a year"),
     (0.46, "for about 2 weeks"), (1, "for about 1 month")],
)  # fmt: skip
def test_months_phrase(months, phrase):
    assert months_phrase(months) == phrase


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"danger": "yes"}, TypeError),
        ({"for_whom": "mom"}, ValueError),
        ({"prior_treatment": "relapsed"}, ValueError),
        ({"duration_months": -1}, ValueError),
        ({"duration_months": float("nan")}, ValueError),
        ({"said": {"mood": "sad"}}, ValueError),
    ],
)
def test_answers_are_checked(kwargs, error):
    with pytest.raises(error):
        TriageAnswers(**kwargs)


# --- summary ---------------------------------------------------------------------------------


def test_summary_is_plain_words_not_the_raw_text():
    answers = answers_for(
        "my son",
        {"withdrawal": "nah", "duration_months": "about 6 years",
         "prior_treatment": "did outpatient last year but relapsed",
         "co_occurring": "he has depression",
         "home_safe": "my roommate uses too", "time_available": "no he works full time",
         "danger": "no"},
    )  # fmt: skip
    text = summary(answers)
    assert text.splitlines() == [
        "Triage summary (screening only, not a diagnosis)",
        "For: a loved one",
        "In danger right now: no",
        "Withdrawal symptoms: no",
        "Substance use a problem for: about 6 years",
        "Previous treatment: yes, then relapsed (outpatient care)",
        "Mental-health or medical needs: yes (depression)",
        "Home safe and supportive: no",
        "Can give 9 to 20 hours a week: no",
        "Substances mentioned: none named",
        "Suggested starting point: Intensive Outpatient Program (IOP)",
    ]
    assert "roommate" not in text and "**" not in text


def test_summary_of_partial_answers_says_what_is_missing():
    text = summary(TriageAnswers(for_whom="self", withdrawal=True, said={"withdrawal": "idk"}))
    assert "In danger right now: not answered" in text
    assert "Withdrawal symptoms: yes (not sure; counted as yes to be safe)" in text
    assert "Suggested starting point: not enough answers yet" in text


def test_substances_are_captured_on_the_way():
    answers = TriageAnswers.from_texts(
        {"withdrawal": "he gets the shakes when he stops drinking", "danger": "no"},
        entities=[{"entity": "substance", "value": "xanax"}],
    )
    assert answers.substances == ("benzos", "alcohol")
    assert "Substances mentioned: benzos, alcohol" in summary(answers)


# --- the rules file --------------------------------------------------------------------------


def raw_rules():
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def rule(raw, rule_id):
    return next(r for r in raw["rules"] if r["id"] == rule_id)


def test_every_question_maps_to_asam_dimensions():
    book = default_rules()
    assert set(book.dimensions) == set(QUESTIONS)
    assert book.dimensions["withdrawal"] == (1,)
    assert book.dimensions["home_safe"] == (6,)
    assert set(book.dimensions["co_occurring"]) == {2, 3}
    covered = {d for dims in book.dimensions.values() for d in dims}
    assert covered == {1, 2, 3, 5, 6}  # 4 (readiness) is left to the clinician, as documented


BROKEN = [
    ("unknown condition", lambda r: rule(r, "co_occurring_needs")["when"].update({"mood": True}),
     "rule 'co_occurring_needs': unknown condition 'mood'"),
    ("unknown level", lambda r: rule(r, "long_lasting_use").update(level="php"),
     "rule 'long_lasting_use': unknown level 'php'"),
    ("answer of the wrong type", lambda r: rule(r, "danger_now").update(when={"danger": "yes"}),
     "rule 'danger_now': condition 'danger' must be true or false"),
    ("unknown choice",
     lambda r: rule(r, "relapse_after_lower_level").update(when={"prior_treatment": "relapsed"}),
     "rule 'relapse_after_lower_level': condition 'prior_treatment' must be one of"),
    ("bad range",
     lambda r: rule(r, "long_lasting_use").update(when={"duration_months": {"more_than": 12}}),
     "rule 'long_lasting_use': condition 'duration_months' must be a range"),
    ("unknown placeholder",
     lambda r: rule(r, "co_occurring_needs").update(reason="you said {mood}"),
     r"rule 'co_occurring_needs' reason: unknown placeholder \{mood\}"),
    ("missing reason", lambda r: rule(r, "unsupportive_home").pop("reason"),
     "rule 'unsupportive_home' reason: is missing"),
    ("unknown key", lambda r: rule(r, "unsupportive_home").update(reasons="x"),
     "rule 'unsupportive_home': unknown key 'reasons'"),
    ("OP before IOP", lambda r: r["rules"].insert(2, r["rules"].pop(6)),
     "rule 'relapse_after_lower_level': level 'iop' comes after a 'op' rule"),
    ("catch-all not last",
     lambda r: r["rules"].insert(0, {"id": "always", "level": "higher", "when": {}, "reason": "x"}),
     "rule 'always': has `when: {}`"),
    ("no catch-all", lambda r: r["rules"].pop(),
     "rule 'needs_flexibility': the last rule must be `when: {}`"),
    ("duplicate id", lambda r: r["rules"].insert(1, dict(r["rules"][0])),
     "rule 'danger_now': id is used twice"),
    ("unknown note condition", lambda r: r["notes"][0]["when"].update({"weather": True}),
     "note 'iop_scheduling': unknown condition 'weather'"),
    ("missing level", lambda r: r["levels"].pop("iop"), "levels: must define exactly"),
    ("missing dimension", lambda r: r["dimensions"].pop("home_safe"), "dimensions: .*'home_safe'"),
    ("ASAM dimension 7", lambda r: r["dimensions"]["withdrawal"].update(asam=[7]),
     "dimension of 'withdrawal': asam must be"),
    ("required unknown", lambda r: r.update(required=["mood"]), "required: must list questions"),
    ("unknown section", lambda r: r.update(extra={}), "unknown section 'extra'"),
    ("opening without reasons", lambda r: r["explanation"]["opening"].update(self="Try {level}."),
     "explanation.opening.self: must contain"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_broken_rules_file_is_refused_naming_the_rule(change, message):
    raw = copy.deepcopy(raw_rules())
    change(raw)
    with pytest.raises(TriageRulesError, match=message):
        rules_from_dict(raw, source="bot/triage/rules.yml")


def test_the_real_file_loads_and_the_error_names_the_file(tmp_path):
    assert load_rules(RULES_FILE).rules == default_rules().rules
    broken = tmp_path / "rules.yml"
    broken.write_text("rules: [", encoding="utf-8")
    with pytest.raises(TriageRulesError, match=r"rules\.yml: not valid YAML"):
        load_rules(broken)
    with pytest.raises(TriageRulesError, match="is missing"):
        load_rules(tmp_path / "nope.yml")


def test_a_changed_but_valid_file_is_followed():
    """The table lives in the file: a reviewed change (threshold 24 months) takes effect."""
    raw = copy.deepcopy(raw_rules())
    rule(raw, "long_lasting_use")["when"] = {"duration_months": {"at_least": 24}}
    rule(raw, "short_history")["when"] = {"duration_months": {"below": 24}}
    book = rules_from_dict(raw)
    answers = TriageAnswers(danger=False, withdrawal=False, duration_months=18.0)
    assert recommend(answers, book).level == "op"
    assert recommend(answers).level == "iop"
