"""Replies built from the content store: topic answers, "did you mean" suggestions, and where
the text comes from.

Answer first, then offer: when the classifier is unsure (`nlu_fallback`) but one topic clearly
leads, `decide` answers it and offers the runners-up ("Or were you asking about one of
these?"); the menu is kept for real ambiguity. A confident answer offers a runner-up too when one
came close. The thresholds were chosen on held-out messages (README, "Measured numbers").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from babel.dates import format_date

from bot.content.store import ContentStore, Topic
from bot.language.conversation_language import LANGUAGES, LOCALES
from bot.replies import MENU, NOT_IN_ARTICLE, TRIAGE_RESULT, Button, Reply

TOPIC_INTENT_PREFIX = "ask_"
HOTLINE_PAYLOAD = "/request_hotline"
# what the widget's language switch sends (web/widget/ccr-chat.js), one per language
LANGUAGE_PAYLOADS = frozenset(
    f'/switch_language{{"language": "{language}"}}' for language in LANGUAGES
)
INTAKE_PAYLOAD = "/request_intake"
TOPICS_PAYLOAD = "/request_topics"
WHICH_PROGRAM_TOPIC = "which_program"
MAX_FOLLOW_UPS = 2
MAX_SUGGESTIONS = 3
MIN_SUGGESTION_CONFIDENCE = 0.05
MIN_CONFIDENCE_AFTER_CRISIS = 0.6
DEFAULT_SUGGESTIONS = ("what_is_iop", "iop_vs_op", WHICH_PROGRAM_TOPIC)
TRIAGE_PAYLOAD = "/request_triage"
FALLBACK_INTENT = "nlu_fallback"
# not a question: left out when looking for the question an unsure message asked (`inform` is an
# answer to a form's question; outside a form it is usually a story with the question second)
NOT_A_QUESTION = frozenset({FALLBACK_INTENT, "inform"})
# An unsure message is still answered when its top topic has at least ANSWER_AT confidence and
# leads the next intent by ANSWER_LEAD; other topics at RUNNER_UP_AT or more are offered after it.
ANSWER_AT = 0.3
ANSWER_LEAD = 0.1
RUNNER_UP_AT = 0.15
MAX_RUNNERS_UP = 2


@dataclass(frozen=True)
class Decision:
    """What to do with a message: answer `intent` (and offer the `runners_up` topics), or, with
    no intent, show the menu of `runners_up`."""

    intent: str | None
    runners_up: tuple[str, ...] = ()


def topic_for_intent(intent: str | None) -> str | None:
    """`ask_iop_hours` -> `iop_hours`; anything else -> None."""
    if intent and intent.startswith(TOPIC_INTENT_PREFIX):
        return intent[len(TOPIC_INTENT_PREFIX) :]
    return None


def topic_button(topic: Topic) -> Button:
    return Button(topic.label, f"/{TOPIC_INTENT_PREFIX}{topic.id}")


def talk_to_someone_button(store: ContentStore) -> Button:
    return Button(store.ui("talk_to_someone"), HOTLINE_PAYLOAD)


def next_steps(
    store: ContentStore, topics: Iterable[str], exclude: str | None = None
) -> tuple[Button, ...]:
    """Up to MAX_FOLLOW_UPS related topics, "which fits me?", and always a person."""
    chosen = [t for t in topics if t != exclude and t in store][:MAX_FOLLOW_UPS]
    buttons = [topic_button(store.get(t)) for t in chosen]  # type: ignore[arg-type]
    if WHICH_PROGRAM_TOPIC not in chosen and exclude != WHICH_PROGRAM_TOPIC:
        buttons.append(
            Button(store.ui("help_me_choose"), f"/{TOPIC_INTENT_PREFIX}{WHICH_PROGRAM_TOPIC}")
        )
    buttons.append(talk_to_someone_button(store))
    return tuple(buttons)


def topic_reply(
    store: ContentStore, topic_id: str, hotline: str, runners_up: Iterable[str] = ()
) -> Reply | None:
    """The topic's text with next steps; with `runners_up`, those are offered first instead of
    the topic's own follow-ups ("Or were you asking about one of these?")."""
    topic = store.get(topic_id)
    if topic is None:
        return None
    others = [t for t in runners_up if t != topic.id and t in store][:MAX_RUNNERS_UP]
    if not others:
        return Reply(
            text=topic.web_text(hotline=hotline),
            sms=topic.sms_text(hotline=hotline),
            buttons=next_steps(store, topic.follow_ups, exclude=topic.id),
        )
    offer = store.ui("or_were_you_asking")
    return Reply(
        text=f"{topic.web_text(hotline=hotline).rstrip()}\n\n{offer}",
        sms=f"{topic.sms_text(hotline=hotline)} {offer}",
        buttons=next_steps(store, others, exclude=topic.id),
    )


def _ranked(ranking: Iterable[dict]) -> list[tuple[str, float]]:
    return [
        (str(entry.get("name")), float(entry.get("confidence") or 0.0))
        for entry in ranking
        if entry.get("name") not in NOT_A_QUESTION
    ]


def without(ranking: Iterable[dict], names: Iterable[str]) -> list[dict]:
    """The ranking given that the message is none of `names` (each left out, the rest scaled to
    sum to what they had together with them): a follow-up with nothing before it, or a
    "situation" that asks a question, is read as the question it most likely is."""
    names = set(names)
    entries = [e for e in ranking if e.get("name") not in NOT_A_QUESTION]
    kept = [e for e in entries if e.get("name") not in names]
    total = sum(float(e.get("confidence") or 0.0) for e in entries)
    left = sum(float(e.get("confidence") or 0.0) for e in kept)
    scale = total / left if left > 0 else 0.0
    return [{**e, "confidence": float(e.get("confidence") or 0.0) * scale} for e in kept]


def as_question(ranking: Iterable[dict]) -> list[dict]:
    """The ranking given that the message is a question, not an answer to a form: the share of
    `inform` spread over the other intents in proportion ("evenings?" right after an answer)."""
    ranking = list(ranking)
    answer = sum(float(e.get("confidence") or 0.0) for e in ranking if e.get("name") == "inform")
    entries = [e for e in ranking if e.get("name") not in NOT_A_QUESTION]
    rest = sum(float(e.get("confidence") or 0.0) for e in entries)
    scale = (rest + answer) / rest if rest > 0 else 0.0
    return [{**e, "confidence": float(e.get("confidence") or 0.0) * scale} for e in entries]


def decide(
    ranking: Iterable[dict],
    store: ContentStore,
    answerable: Iterable[str] = (),
    answer_at: float = ANSWER_AT,
    lead: float = ANSWER_LEAD,
    runner_up_at: float = RUNNER_UP_AT,
) -> Decision:
    """For an unsure message (`nlu_fallback`): answer its leading intent if it is a topic (or one
    of `answerable`, intents the caller can answer) that clearly leads, or show the menu."""
    ranked = _ranked(ranking)
    if ranked:
        name, confidence = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        known = topic_for_intent(name) in store or name in set(answerable)
        if known and confidence >= answer_at and confidence - second >= lead:
            answered = topic_for_intent(name) or ""
            return Decision(name, runners_up(ranking, store, answered, runner_up_at))
    return Decision(None, tuple(likeliest_topics(ranking, store)))


def runners_up(
    ranking: Iterable[dict], store: ContentStore, answered: str, at: float = RUNNER_UP_AT
) -> tuple[str, ...]:
    """Other topics that came close to the one answered (offered after the answer)."""
    found = [
        topic
        for name, confidence in _ranked(ranking)
        if confidence >= at and (topic := topic_for_intent(name)) in store and topic != answered
    ]
    return tuple(found[:MAX_RUNNERS_UP])


def likeliest_topics(ranking: Iterable[dict], store: ContentStore) -> list[str]:
    """Topic ids from an NLU intent ranking, most likely first."""
    topics = []
    for entry in ranking:
        topic = topic_for_intent(entry.get("name"))
        if topic in store and (entry.get("confidence") or 0.0) >= MIN_SUGGESTION_CONFIDENCE:
            topics.append(topic)
    return topics[:MAX_SUGGESTIONS]


def question_behind_crisis(ranking: Iterable[dict]) -> str | None:
    """The topic a crisis message also asked about, if the classifier was confident of it.

    The crisis check puts `crisis` first and keeps the classifier's ranking after it.
    """
    for entry in ranking:
        if entry.get("name") in ("crisis", "nlu_fallback"):
            continue
        confident = (entry.get("confidence") or 0.0) >= MIN_CONFIDENCE_AFTER_CRISIS
        return topic_for_intent(entry.get("name")) if confident else None
    return None


def suggestion_reply(store: ContentStore, ranking: Iterable[dict], hotline: str) -> Reply:
    """For a message the assistant is unsure about: the likeliest topics, and a person."""
    topics = likeliest_topics(ranking, store) or list(DEFAULT_SUGGESTIONS)
    buttons = [topic_button(store.get(t)) for t in topics if t in store]  # type: ignore[arg-type]
    buttons.append(talk_to_someone_button(store))
    return Reply(
        text=store.ui("suggest_topics", hotline=hotline),
        sms=store.ui("suggest_topics_sms", hotline=hotline),
        buttons=tuple(buttons),
        outcome=MENU,
    )


def not_in_article_reply(store: ContentStore, hotline: str, suggest: Iterable[str] = ()) -> Reply:
    """When the article is silent on what was asked: say so, offer a person first."""
    buttons = [topic_button(store.get(t)) for t in suggest if t in store]  # type: ignore[arg-type]
    return Reply(
        text=store.ui("not_in_article", hotline=hotline),
        buttons=(talk_to_someone_button(store), *buttons[:MAX_FOLLOW_UPS]),
        outcome=NOT_IN_ARTICLE,
    )


def content_source_reply(store: ContentStore, topic_id: str | None, hotline: str) -> Reply:
    """Who reviewed the text and when it was verified: of the topic just discussed, else of the
    most recently verified topic."""
    topic = store.get(topic_id or "") or max(store, key=lambda t: t.verified)
    values = {
        "reviewer": topic.reviewed_by,
        "verified": format_date(topic.verified, format="long", locale=LOCALES[store.language]),
        "hotline": hotline,
    }
    return Reply(
        text=store.ui("content_source", **values),
        sms=store.ui("content_source_sms", **values),
        buttons=(
            Button(store.ui("ask_another_question"), TOPICS_PAYLOAD),
            talk_to_someone_button(store),
        ),
    )


def hotline_reply(store: ContentStore, hotline: str, tel_uri: str) -> Reply:
    return Reply(
        text=store.ui("hotline_handoff", hotline=hotline),
        sms=store.ui("hotline_handoff_sms", hotline=hotline),
        buttons=(Button(store.ui("call_hotline", hotline=hotline), tel_uri),),
    )


def language_switched_reply(store: ContentStore, hotline: str) -> Reply:
    """ "En español, por favor": said in the language the conversation now goes on in."""
    return Reply(
        text=store.ui("language_switched", hotline=hotline),
        buttons=(
            Button(store.ui("ask_another_question"), TOPICS_PAYLOAD),
            talk_to_someone_button(store),
        ),
    )


def triage_result_replies(
    store: ContentStore, why: str, disclaimer: str, level: str
) -> tuple[Reply, Reply]:
    """The triage result (suggesting `level`), then that it is not a diagnosis with three ways
    forward: a person now, an intake, another question."""
    return Reply(text=why, outcome=TRIAGE_RESULT + level), Reply(
        text=disclaimer,
        buttons=(
            talk_to_someone_button(store),
            Button(store.ui("schedule_intake"), INTAKE_PAYLOAD),
            Button(store.ui("ask_another_question"), TOPICS_PAYLOAD),
        ),
    )


def own_past_reply(store: ContentStore, language: str, hotline: str) -> Reply:
    """After the answer to a message that mentioned the person's own past overdose, self-harm
    or suicidal thoughts (not happening now): one calm line that 988 and 911 are there any
    time, in the language the mention was written in."""
    return Reply(text=store.in_language(language).ui("own_past_line", hotline=hotline))
