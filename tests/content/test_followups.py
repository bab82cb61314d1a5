"""Follow-ups read in the context of the last answer, from the real content store."""

import pytest

from bot.content.followups import (
    NOT_IN_ARTICLE,
    contextual_topic,
    definition_of,
    follow_up_kind,
    in_context_ranking,
    named_program,
    near,
    only_for_the_other_program,
    programs_meant,
    resolve_follow_up,
    with_context_prior,
)


@pytest.mark.parametrize(
    ("intent", "kind"),
    [
        ("ask_other_program", "other_program"),
        ("ask_more_detail", "more_detail"),
        ("ask_program_name", "program_name"),
        ("ask_next_step", "next_step"),
        ("ask_iop_hours", None),
        ("greet", None),
        (None, None),
    ],
)
def test_follow_up_kind(intent, kind):
    assert follow_up_kind(intent) == kind


@pytest.mark.parametrize(
    ("programs", "named"),
    [(["op"], "op"), (["iop", "iop"], "iop"), (["iop", "op"], None), ([], None), (["php"], None)],
)
def test_named_program_is_the_one_program_named(programs, named):
    assert named_program(programs) == named


def test_each_program_has_one_definition(store):
    assert definition_of(store, "iop") == "what_is_iop"
    assert definition_of(store, "op") == "what_is_op"
    assert definition_of(store, "both") is None


# (what was answered last, the follow-up, programs the follow-up names) -> topic to answer
@pytest.mark.parametrize(
    ("last", "kind", "programs", "answer"),
    [
        # "what about regular outpatient?" / "and the intensive one?"
        ("iop_hours", "other_program", ["op"], "op_frequency"),
        ("op_frequency", "other_program", ["iop"], "iop_schedule"),
        ("what_is_iop", "other_program", [], "what_is_op"),
        ("iop_treatment_plan", "other_program", [], "op_treatment_plan"),
        ("who_op_suits", "other_program", [], "who_iop_suits"),
        ("iop_hours", "other_program", ["iop"], "iop_hours"),  # the same program: same answer
        ("iop_length", "other_program", ["op"], NOT_IN_ARTICLE),  # the article gives no OP length
        ("living_at_home", "other_program", ["op"], "living_at_home"),  # about both: same answer
        ("work_during_treatment", "other_program", [], "work_during_treatment"),
        (None, "other_program", ["op"], "what_is_op"),  # no context yet: the program named
        (None, "other_program", [], None),  # nothing to go on: the menu
        # "is that done by a doctor?" / "what happens during it?"
        ("assessment", "more_detail", [], "assessment"),
        ("detox", "more_detail", [], "detox"),
        ("iop_hours", "more_detail", [], "iop_schedule"),
        ("who_iop_suits", "more_detail", [], "iop_treatment_plan"),  # "what would he do in it?"
        ("who_op_suits", "more_detail", [], "op_treatment_plan"),
        ("op_frequency", "more_detail", [], "op_treatment_plan"),  # "what happens in them?"
        ("about_center", "more_detail", [], NOT_IN_ARTICLE),
        (None, "more_detail", [], None),
        # "what's the full name of that again?"
        ("iop_hours", "program_name", [], "what_is_iop"),
        ("op_locations", "program_name", [], "what_is_op"),
        ("iop_vs_op", "program_name", [], "iop_vs_op"),
        (None, "program_name", ["iop"], "what_is_iop"),
        # "and after that?": the article's order
        ("assessment", "next_step", [], "detox"),
        ("detox", "next_step", [], "iop_treatment_plan"),
        ("iop_length", "next_step", [], "after_iop"),
        ("after_iop", "next_step", [], NOT_IN_ARTICLE),
        (None, "next_step", ["iop"], None),  # no process to be in yet: the menu
    ],
)
def test_resolve_follow_up(store, last, kind, programs, answer):
    assert resolve_follow_up(store, kind, last, programs) == answer


# (answered last, the topic the classifier gave that question, the conversation's program,
# the follow-up, programs it names) -> topic to answer
@pytest.mark.parametrize(
    ("last", "asked", "last_program", "kind", "programs", "answer"),
    [
        # "how many hours is OP?" (classified IOP hours, answered with OP's frequency), "and IOP?"
        ("op_frequency", "iop_hours", "op", "other_program", ["iop"], "iop_hours"),
        ("op_frequency", "iop_hours", "op", "other_program", [], "iop_hours"),
        # "how often does OP meet?" asked as such: the frequency's own counterpart
        ("op_frequency", "op_frequency", "op", "other_program", ["iop"], "iop_schedule"),
        # "evening IOP?" answered with IOP's schedule, then "what about regular outpatient?"
        ("iop_schedule", "op_evening", "iop", "other_program", ["op"], "op_evening"),
        # an earlier question that was not answered with a counterpart changes nothing
        ("op_frequency", "detox", "op", "other_program", ["iop"], "iop_schedule"),
        # "what is it actually?" after a topic about both programs: the conversation's program
        ("living_at_home", None, "iop", "program_name", [], "what_is_iop"),
        ("inpatient_vs_outpatient", None, "op", "program_name", [], "what_is_op"),
        ("living_at_home", None, None, "program_name", [], "iop_vs_op"),
        ("iop_hours", None, "op", "program_name", [], "what_is_iop"),  # a topic of one program
    ],
)
def test_resolve_follow_up_in_the_conversation(
    store, last, asked, last_program, kind, programs, answer
):
    assert resolve_follow_up(store, kind, last, programs, last_program, asked) == answer


@pytest.mark.parametrize(
    ("last", "programs", "when_in_the_day", "answer"),
    [
        # "is iop days or evenings?" then "what about op?": OP's evening sessions
        ("iop_schedule", ["op"], True, "op_evening"),
        ("iop_schedule", [], True, "op_evening"),
        ("iop_hours", ["op"], True, "op_evening"),  # "what hours are the sessions" read as hours
        # "do i go every day?" then "and in op?": how often OP meets, as usual
        ("iop_schedule", ["op"], False, "op_frequency"),
        ("op_evening", ["iop"], True, "iop_schedule"),
        ("work_during_treatment", [], True, "work_during_treatment"),  # a topic about both
    ],
)
def test_the_other_program_after_a_question_about_when_in_the_day(
    store, last, programs, when_in_the_day, answer
):
    found = resolve_follow_up(
        store, "other_program", last, programs, when_in_the_day=when_in_the_day
    )
    assert found == answer


# a program-specific question: (topic classified, program of the conversation, programs named)
@pytest.mark.parametrize(
    ("topic", "last_program", "programs", "answer"),
    [
        ("iop_hours", "op", [], "op_frequency"),  # "how many hours a week?" after OP
        ("iop_hours", "iop", [], "iop_hours"),
        ("iop_hours", None, [], "iop_hours"),
        ("iop_hours", None, ["op"], "op_frequency"),  # named OP, classified as IOP hours
        ("iop_hours", "op", ["iop"], "iop_hours"),  # named IOP wins over the conversation
        ("iop_hours", "op", ["iop", "op"], "iop_hours"),  # both named: as classified
        ("iop_length", "op", [], "iop_length"),  # no OP counterpart: as asked
        ("iop_vs_op", "op", [], "iop_vs_op"),  # about both programs
        ("no_such_topic", "op", [], "no_such_topic"),
        ("op_evening", "iop", [], "op_evening"),  # "evenings?" after IOP: keeps_program
        ("who_op_suits", "iop", [], "who_op_suits"),  # "and if their use is mild?"
        ("op_evening", "iop", ["iop"], "iop_schedule"),  # "does IOP have evenings?"
    ],
)
def test_contextual_topic(store, topic, last_program, programs, answer):
    assert contextual_topic(store, topic, last_program, programs) == answer


def test_the_ranking_is_read_for_the_program_of_the_conversation(store):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "ask_who_iop_suits", "confidence": 0.3},
        {"name": "ask_who_op_suits", "confidence": 0.25},
        {"name": "ask_iop_length", "confidence": 0.1},
    ]
    assert in_context_ranking(store, ranking, "op") == [
        {"name": "ask_who_op_suits", "confidence": 0.55},
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "ask_iop_length", "confidence": 0.1},  # no OP counterpart: as it was
    ]
    assert in_context_ranking(store, ranking, None) == ranking


def test_a_follow_up_intent_is_folded_into_the_topic_it_stands_for(store):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "ask_other_program", "confidence": 0.3},
        {"name": "ask_iop_schedule", "confidence": 0.3},
    ]
    folded = in_context_ranking(store, ranking, "op", ["iop"], last_topic="op_frequency")
    assert folded[0] == {"name": "ask_iop_schedule", "confidence": 0.6}
    # with nothing answered yet it stays a follow-up intent
    assert in_context_ranking(store, ranking, None, [])[1]["name"] == "ask_other_program"


def test_a_resolved_follow_up_is_not_folded_back_into_the_conversations_program(store):
    # "and the regular one?" after IOP schedule is OP's counterpart, not IOP's again
    ranking = [{"name": "ask_other_program", "confidence": 0.9}]
    folded = in_context_ranking(store, ranking, "iop", [], last_topic="iop_treatment_plan")
    assert folded[0]["name"] == "ask_op_treatment_plan"


@pytest.mark.parametrize(
    ("named", "text", "last_program", "meant"),
    [
        ([], "does the other one have evening sessions", "iop", ["op"]),
        ([], "and that other program?", "op", ["iop"]),
        ([], "whats the alternative with less time", "iop", ["op"]),
        ([], "and if not, is there an alternative?", "op", ["iop"]),
        ([], "same for the other one?", None, []),  # no program talked about yet
        (["iop"], "is the other one like iop", "op", ["iop"]),  # a program named wins
        ([], "i asked the other day about evenings", "iop", []),  # not a program
        ([], "how many hours a week", "iop", []),
    ],
)
def test_the_other_one_is_the_program_the_conversation_was_not_about(
    named, text, last_program, meant
):
    assert programs_meant(named, text, last_program) == meant


def test_near_is_the_topic_its_follow_ups_and_its_in_context_topics(store):
    assert near(store, "detox") == {"detox", "assessment", "iop_treatment_plan", "what_is_iop"}
    assert near(store, None) == frozenset()


def test_the_context_prior_favours_what_was_just_answered(store):
    # "do they give meds?" right after detox: the classifier leans to the treatment plan, the
    # conversation to detox; weighted 3x, every topic near detox gains but the total stays 1
    ranking = [
        {"name": "ask_iop_treatment_plan", "confidence": 0.3},
        {"name": "ask_op_frequency", "confidence": 0.5},
        {"name": "ask_detox", "confidence": 0.2},
    ]
    weighted = with_context_prior(store, ranking, "detox", 3.0)
    assert [e["name"] for e in weighted] == [
        "ask_iop_treatment_plan",
        "ask_detox",
        "ask_op_frequency",
    ]
    assert sum(e["confidence"] for e in weighted) == pytest.approx(1.0)
    assert with_context_prior(store, ranking, None, 3.0) == ranking
    assert with_context_prior(store, ranking, "detox", 1.0) == ranking


def test_the_prior_is_left_out_when_the_message_names_a_program(store):
    ranking = [
        {"name": "ask_op_frequency", "confidence": 0.5},
        {"name": "ask_detox", "confidence": 0.4},
    ]
    named = in_context_ranking(store, ranking, "iop", ["op"], "detox", near_weight=3.0)
    assert named[0]["name"] == "ask_op_frequency"
    unnamed = in_context_ranking(store, ranking, "iop", [], "detox", near_weight=3.0)
    assert unnamed[0]["name"] == "ask_detox"


def test_a_topic_that_keeps_its_program_is_folded_when_the_classifier_was_split(store):
    # "who is it for?" right after OP, split between the two: the OP topic
    split = [
        {"name": "ask_who_iop_suits", "confidence": 0.5},
        {"name": "ask_who_op_suits", "confidence": 0.4},
    ]
    assert in_context_ranking(store, split, "op")[0]["name"] == "ask_who_op_suits"
    # "and if someone's use is fairly mild?" after IOP: the classifier is sure, OP it is
    sure = [
        {"name": "ask_who_op_suits", "confidence": 0.98},
        {"name": "ask_who_iop_suits", "confidence": 0.01},
    ]
    assert in_context_ranking(store, sure, "iop")[0]["name"] == "ask_who_op_suits"


# (topic asked about, programs the message names) -> the article is silent for that program
ONLY_FOR_THE_OTHER = [
    ("iop_length", ["op"], True),  # "how long is OP?": only IOP's length is in the article
    ("detox", ["op"], True),  # "does OP start with detox?": the article says so of IOP
    ("iop_length", ["iop"], False),
    ("iop_length", [], False),  # no program named: IOP's length, as asked
    ("iop_length", ["iop", "op"], False),  # both named: comparing
    ("iop_hours", ["op"], False),  # has an OP counterpart (op_frequency)
    ("living_at_home", ["op"], False),  # about both programs
]


@pytest.mark.parametrize(("topic", "programs", "silent"), ONLY_FOR_THE_OTHER)
def test_only_for_the_other_program(store, topic, programs, silent):
    assert only_for_the_other_program(store, topic, programs) is silent
