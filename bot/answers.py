"""Replies built from the content store: topic answers and "did you mean" suggestions."""

from __future__ import annotations

from collections.abc import Iterable

from bot.content import ContentStore, Topic
from bot.replies import Button, Reply

TOPIC_INTENT_PREFIX = "ask_"
HOTLINE_PAYLOAD = "/request_hotline"
INTAKE_PAYLOAD = "/request_intake"
TOPICS_PAYLOAD = "/request_topics"
WHICH_PROGRAM_TOPIC = "which_program"
MAX_FOLLOW_UPS = 2
MAX_SUGGESTIONS = 3
MIN_SUGGESTION_CONFIDENCE = 0.05
MIN_CONFIDENCE_AFTER_CRISIS = 0.6
DEFAULT_SUGGESTIONS = ("what_is_iop", "iop_vs_op", WHICH_PROGRAM_TOPIC)


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


def topic_reply(store: ContentStore, topic_id: str, hotline: str) -> Reply | None:
    topic = store.get(topic_id)
    if topic is None:
        return None
    return Reply(
        text=topic.web_text(hotline=hotline),
        sms=topic.sms_text(hotline=hotline),
        buttons=next_steps(store, topic.follow_ups, exclude=topic.id),
    )


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
    )


def hotline_reply(store: ContentStore, hotline: str, tel_uri: str) -> Reply:
    return Reply(
        text=store.ui("hotline_handoff", hotline=hotline),
        sms=store.ui("hotline_handoff_sms", hotline=hotline),
        buttons=(Button(store.ui("call_hotline", hotline=hotline), tel_uri),),
    )


def triage_result_replies(store: ContentStore, why: str, disclaimer: str) -> tuple[Reply, Reply]:
    """The triage result, then that it is not a diagnosis with three ways forward: a person
    now, an intake, another question."""
    return Reply(text=why), Reply(
        text=disclaimer,
        buttons=(
            talk_to_someone_button(store),
            Button(store.ui("schedule_intake"), INTAKE_PAYLOAD),
            Button(store.ui("ask_another_question"), TOPICS_PAYLOAD),
        ),
    )
