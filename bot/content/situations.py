"""Someone tells what is going on without asking ("my wife's drinking got really bad since she
lost her job and i'm scared"): a warm reply and the most useful next steps for what was said.

The words come from `content/ui.yml` (`situation_*`); this module only chooses them:
- the opening speaks to a relative when the message is about someone else;
- when work, school or caring for family comes up, it says outpatient care is built around daily
  life and offers the topic that explains it (`work_during_treatment`);
- then always: the short questions (triage), a call at a time they choose (intake), a person now.
Who it is about is read with the triage's own reader, so the forms that follow need not ask it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.content.answers import INTAKE_PAYLOAD, TRIAGE_PAYLOAD, talk_to_someone_button, topic_button
from bot.content.store import ContentStore
from bot.language.for_whom import parse_for_whom
from bot.replies import Button, Reply

WORK_TOPIC = "work_during_treatment"
PERSONS = ("self", "loved_one")
_DAILY_LIFE = re.compile(
    r"\b(job|jobs|work\w*|shifts?|boss|career|school|college|class(?:es)?|studies|studying"
    r"|kids|children|baby|caregiv\w*|take care of)\b",
    re.IGNORECASE,
)


def who_it_is_about(text: str, entities: Iterable[dict] = ()) -> str | None:
    """self | loved_one | None, as the triage reads "who is this for?" (a value already read,
    "self" / "loved_one", is kept)."""
    if text in PERSONS:
        return text
    return parse_for_whom(text or "", list(entities))


def situation_reply(store: ContentStore, text: str, person: str | None, hotline: str) -> Reply:
    loved_one = person == "loved_one"
    parts = [store.ui("situation_opening_loved_one" if loved_one else "situation_opening")]
    buttons: list[Button] = []
    if _DAILY_LIFE.search(text or "") and WORK_TOPIC in store:
        parts.append(store.ui("situation_works"))
        buttons.append(topic_button(store.get(WORK_TOPIC)))  # type: ignore[arg-type]
    parts.append(store.ui("situation_next", hotline=hotline))
    buttons += [
        Button(store.ui("help_them_choose" if loved_one else "help_me_choose"), TRIAGE_PAYLOAD),
        Button(store.ui("schedule_intake"), INTAKE_PAYLOAD),
        talk_to_someone_button(store),
    ]
    sms = store.ui("situation_sms", hotline=hotline)
    return Reply(text=" ".join(parts), sms=sms, buttons=tuple(buttons))
