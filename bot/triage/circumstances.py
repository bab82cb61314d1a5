"""A home that supports recovery, and time for 9-20 hours a week, from the person's words."""

from __future__ import annotations

from collections.abc import Iterable

from bot.language.clauses import denied_in, mentions_of, said_in
from bot.language.text import (
    clean_text,
    never_raises,
    whole_words,
)
from bot.language.yes_no import decide_answer

# --- 7. home ---------------------------------------------------------------------------------

_USE_VERBS = r"uses?|using|drinks?|drinking|smokes?|smoking|gets? high|does drugs|deals?|dealing"
_UNSAFE_HOME = whole_words(
    rf"(?:{_USE_VERBS})(?: \w+){{0,2}} (?:too|also|as well|with (?:me|him|her|them|us))"
    rf"|(?:roommates?|husband|wife|partner|boyfriend|girlfriend|mom|mum|dad|parents?|brother"
    rf"|sister|friends?|everyone|everybody|people|family|they) (?:\w+ ){{0,2}}(?:{_USE_VERBS})"
    r"|(?:drugs|alcohol|booze|pills) (?:\w+ )?(?:in|at|around) (?:the|my|our|his|her)"
    r" (?:house|home)"
    r"|unsafe|dangerous|abus\w*|violen\w*|fight\w*|toxic|chao\w*|homeless|shelter|kicked out"
    r"|on the streets?|couch[- ]?surf\w*|no(?:where| place) to (?:live|stay|go)|enabl\w*"
    r"|trigger\w*|unsupportive|unstable|hostile|yell\w*|scream\w*|hits? (?:me|him|her)"
)
_SAFE_HOME = whole_words(
    r"safe|supportive|support\w*|stable|sober (?:home|house|living|environment)"
    r"|good (?:home|place|environment)|(?:family|wife|husband|parents?|partner|they|everyone)"
    r" (?:is|are) (?:great|behind|there|helpful|on board|good)|help(?:s|ful|ing) (?:me|him|her)"
    r"|loving|peaceful|encourag\w*|good|fine|great|okay|ok|all good"
    rf"|(?:nobody|no one|noone) (?:\w+ ){{0,2}}(?:{_USE_VERBS})|no (?:drugs|alcohol|booze)"
)


@never_raises
def parse_home_safe(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Is home a safe, supportive place? Others using, violence, "kind of" -> False."""
    t = clean_text(text)
    if not t:
        return None
    if said_in(t, _UNSAFE_HOME) or denied_in(t, _SAFE_HOME):
        return False
    if said_in(t, _SAFE_HOME) or denied_in(t, _UNSAFE_HOME):
        return True
    return decide_answer(t, hedge=False, unsure=None)


# --- 8. time for 9-20 hours a week ---------------------------------------------------------

_NO_TIME = whole_words(
    r"full[- ]?time|two jobs|2 jobs|(?:too |very |really |super )?busy|no time"
    r"|not (?:enough|much) time|(?:take|taking|takes) care of|caregiv\w*"
    r"|single (?:mom|mother|dad|father|parent)|(?:little|small|young) (?:kids|children|ones)"
    r"|kids|children|baby|can not (?:take|get) (?:time )?off|work(?:s|ing)? (?:days|all day"
    r"|a lot|long hours|every day|nights|evenings|weekends|overnights?|shifts|doubles)"
    r"|long hours|overtime|too much|a lot of (?:hours|time)|impossible|lose (?:my"
    r"|his|her|their) job|can not (?:do|manage|make|fit|swing|handle|afford|commit)"
    r"|(?:first|second|2nd|third|3rd|swing|night|graveyard|overnight|split|rotating|evening"
    r"|late|double) shifts?|shift work|on (?:nights|the night shift)"
)
_HAS_TIME = whole_words(
    r"make (?:the )?time|find (?:the )?time|have (?:the )?time|got (?:the )?time"
    r"|(?:plenty|lots) of time|free|flexib\w*|availab\w*|unemployed|not working|between jobs"
    r"|retired|(?:on|taking|take) (?:medical )?leave|fmla|time off|whatever it takes"
    r"|make it work|(?:can|could|will|would) (?:do|manage|fit|swing|handle) (?:it|that|this|them)"
    r"|can do|work from home|part[- ]?time|off (?:work|school)|do not work|does not work"
    r"|no job|doable|manageable|possible|any ?time|whenever|any day"
    r"|(?:is|are|would be|sounds|seems) (?:fine|ok|okay|good)"
)
# Availability for only a part of the day or week ("only evenings", "mornings only", "free
# after 5", "weekends maybe", "weekdays are hard") is a limited-time answer whatever else is
# said: False only adds the scheduling note. Two parts of the working day ("mornings and
# afternoons") are not limited; two after-work parts ("evenings and weekends") are.
_HOUR = r"\d{1,2}(?::\d\d)?(?: ?[ap]\.?m\.?)?"
_AFTER_WORK = (
    rf"evenings?|nights?|weeknights?|weekends?|saturdays?|sundays?|at night|lunch ?(?:time)?"
    rf"|after (?:work|school|hours|dinner|noon|lunch|{_HOUR})|before (?:work|school|noon|{_HOUR})"
)
_PART_OF_WEEK = (
    rf"(?:(?:in|on|at|during) )?(?:the )?(?:mornings?|afternoons?|mondays?|tuesdays?"
    rf"|wednesdays?|thursdays?|fridays?|{_AFTER_WORK})"
)
_ANY_PART = rf"{_PART_OF_WEEK}|(?:the )?(?:weekdays?|days|daytime|week)|during the (?:day|week)"
_HARD = (
    r"tough|hard|difficult|bad|impossible|busy|out|rough|tricky|a problem|an issue|full|no good"
    r"|packed|booked"
)
_PARTIAL_TIME = whole_words(
    rf"(?:only|just|except) {_PART_OF_WEEK}|(?:{_PART_OF_WEEK}) only"
    rf"|(?:free|available|open|off|(?:can|could) (?:do|make|come|go|manage|fit)(?: it| that| in)?"
    rf"|(?:make|find|have|got) (?:the )?time) {_PART_OF_WEEK}"
    rf"(?! ?(?:,|and|or|&|to) (?:the )?(?:mornings?|afternoons?|days))"
    rf"|(?:{_AFTER_WORK}) (?:and|or|&) (?:{_AFTER_WORK})|^(?:only |just )?(?:{_PART_OF_WEEK})$"
    rf"|(?:{_PART_OF_WEEK}) (?:maybe|possibly|perhaps|probably|might work|could work"
    rf"|would work|works? best|(?:are|is|would be) (?:better|best|free|open|good|ok|okay|fine))"
    rf"|(?:{_ANY_PART}) (?:are|is|would be|will be|can be) (?:\w+ )?(?:{_HARD})"
    rf"|(?:{_ANY_PART}) (?:do|does|will|would) not work"
)


@never_raises
def parse_time_available(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Could they give 9-20 hours a week? "I work full time" -> False; "I can make time" -> True.

    Only part of the day or week ("only evenings", "mornings only", "after 5 maybe",
    "weekdays are tough") -> False, whatever else is said. Otherwise, when both come up, the
    last one said wins ("I work full time but I can make time", "second shift, but I can
    make it work"): shift work counts like a full-time job.
    """
    t = clean_text(text)
    if not t:
        return None
    if said_in(t, _PARTIAL_TIME):
        return False
    signals = [(m.start, m.negated) for m in mentions_of(t, _HAS_TIME)]
    signals += [(m.start, True) for m in mentions_of(t, _NO_TIME) if not m.negated]
    if signals:
        return not max(signals)[1]
    return decide_answer(t, hedge=False, unsure=False)
