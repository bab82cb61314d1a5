"""Triage: which level of care to suggest as a starting point, and why. Never a diagnosis.

The rules live in one reviewed file, `rules.yml` next to this package's modules (rules.py loads
and checks it); this module applies them to the answers (models.py) and words the result.

    answers = TriageAnswers.from_texts({"for_whom": "my son", "danger": "no", ...})
    rec = recommend(answers)       # level "op" | "iop" | "higher", exact label, plain reasons
    explanation(rec)               # one short Markdown reply
    summary(answers)               # plain text for an intake request, if the person asks
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.triage import duration as duration_reader
from bot.triage import history, parsing
from bot.triage.models import Recommendation, TriageAnswers
from bot.triage.rules import Rule, RuleBook, default_rules

MENTIONED = "you mentioned "
_FOR_WHOM = {"self": "the person writing", "loved_one": "a loved one", None: "not answered"}


def recommend(answers: TriageAnswers, rules: RuleBook | None = None) -> Recommendation:
    """The level of the first rule that holds, with the reasons of every rule of that level."""
    book = rules or default_rules()
    missing = [q for q in book.required if getattr(answers, q) is None]
    if missing:
        raise ValueError(f"triage needs an answer to {', '.join(missing)} before recommending")
    values = answers.values()
    holding = [rule for rule in book.rules if rule.holds(values)]
    level = holding[0].level  # the last rule always holds
    chosen = [rule for rule in holding if rule.level == level][: book.max_reasons]
    words = _placeholder_values(answers)
    reasons = tuple(_reason(rule, answers, words) for rule in chosen)
    notes = [n.text.format_map(words) for n in book.notes if n.level == level and n.holds(values)]
    return Recommendation(
        level=level,
        label=book.labels[level],
        reasons=reasons,
        person=answers.person,
        rules=tuple(rule.id for rule in chosen),
        note=" ".join(notes) or None,
    )


def _reason(rule: Rule, answers: TriageAnswers, words: Mapping[str, str]) -> str:
    unsure = rule.text_if_unsure and any(
        parsing.answered_unsure(q, answers.said.get(q, "")) for q in rule.questions
    )
    return (rule.text_if_unsure if unsure else rule.text).format_map(words)  # type: ignore[union-attr]


def _placeholder_values(answers: TriageAnswers) -> dict[str, str]:
    """Words for the reasons: the person's own where the parsers can quote them consistently."""
    said = answers.said
    self_ = answers.person == "self"

    def quoted(question: str) -> str:
        text = said.get(question, "")
        return text if parsing.PARSERS[question](text) == getattr(answers, question) else ""

    symptoms = parsing.withdrawal_symptoms(quoted("withdrawal")) or ()
    conditions = history.co_occurring_conditions(quoted("co_occurring")) or ()
    months = answers.duration_months
    return {
        "they": "you" if self_ else "they",
        "their": "your" if self_ else "their",
        "duration": duration_reader.duration_phrase(quoted("duration_months"))
        or (months_phrase(months) if months is not None else "for some time"),
        "symptoms": f" like {join_words(symptoms[:3])}" if symptoms else "",
        "conditions": join_words(conditions[:3]) or "mental-health or medical needs",
        "treatment": history.treatment_phrase(quoted("prior_treatment")) or "earlier treatment",
    }


def months_phrase(months: float) -> str:
    """72 -> "for about 6 years"; 3 -> "for about 3 months"; 0.5 -> "for about 2 weeks"."""
    if months < 1:
        weeks = max(1, round(months * 52 / 12))
        return f"for about {weeks} week{'s' if weeks != 1 else ''}"
    if months < 24:
        count = round(months)
        if count == 12:
            return "for about a year"
        return f"for about {count} month{'s' if count != 1 else ''}"
    return f"for about {round(months / 12)} years"


def join_words(words: Iterable[str]) -> str:
    """("a",) -> "a"; ("a", "b") -> "a and b"; ("a", "b", "c") -> "a, b and c"."""
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def join_reasons(reasons: Iterable[str]) -> str:
    """Merge "you mentioned" reasons into one, then join: "you mentioned A and B, and C"."""
    mentioned = [r[len(MENTIONED) :] for r in reasons if r.startswith(MENTIONED)]
    parts: list[str] = []
    for reason in reasons:
        if not reason.startswith(MENTIONED):
            parts.append(reason)
        elif mentioned:
            parts.append(MENTIONED + join_words(mentioned))
            mentioned = []
    if len(parts) <= 1:
        return "".join(parts)
    glue = ", and " if any(" and " in p for p in parts) or len(parts) > 2 else " and "
    return f"{', '.join(parts[:-1])}{glue}{parts[-1]}"


# --- replies ---------------------------------------------------------------------------------


def explanation(rec: Recommendation, rules: RuleBook | None = None) -> str:
    """One short reply: the level in bold, why in plain words, and that it is not a diagnosis."""
    return " ".join(part for part in explanation_parts(rec, rules) if part)


def explanation_parts(rec: Recommendation, rules: RuleBook | None = None) -> tuple[str, str]:
    """(the level and why, that it is not a diagnosis): sent as two messages, so that a short
    channel (SMS) that keeps each message's first sentence never drops the disclaimer."""
    book = rules or default_rules()
    lead = f"{book.articles[rec.level]} **{rec.label}**".strip()
    words = {
        "they": "you" if rec.person == "self" else "they",
        "their": "your" if rec.person == "self" else "their",
    }
    opening = book.opening[rec.person].format(
        level=lead, reasons=join_reasons(list(rec.reasons)), **words
    )
    return " ".join(part for part in (opening, rec.note) if part), book.disclaimer


def summary(answers: TriageAnswers, rules: RuleBook | None = None) -> str:
    """Plain text for an intake request: the answers as words, never the raw free text."""
    book = rules or default_rules()
    said = answers.said

    def yes_no(question: str, details: Iterable[str] = ()) -> str:
        value = getattr(answers, question)
        if value is None:
            return "not answered"
        words = "yes" if value else "no"
        if parsing.answered_unsure(question, said.get(question, "")):
            return (
                f"{words} (not sure; counted as {words} to be safe)"
                if value
                else f"{words} (not sure)"
            )
        details = list(details)
        return f"{words} ({', '.join(details)})" if details and value else words

    months = answers.duration_months
    duration = "not answered"
    if months is not None:
        quoted = duration_reader.duration_phrase(said.get("duration_months", ""))
        duration = (quoted or months_phrase(months)).removeprefix("for ")
    prior = {
        None: "not answered",
        "none": "none",
        "treated": "yes, no relapse mentioned",
        "relapsed_after_lower": "yes, then relapsed",
    }[answers.prior_treatment]
    treatment = history.treatment_phrase(said.get("prior_treatment", ""))
    if treatment and answers.prior_treatment in ("treated", "relapsed_after_lower"):
        prior += f" ({treatment})"
    symptoms = parsing.withdrawal_symptoms(said.get("withdrawal", "")) or ()
    conditions = history.co_occurring_conditions(said.get("co_occurring", "")) or ()
    try:
        suggested = recommend(answers, book).label
    except ValueError:
        suggested = "not enough answers yet"
    lines = [
        "Triage summary (screening only, not a diagnosis)",
        f"For: {_FOR_WHOM[answers.for_whom]}",
        f"In danger right now: {yes_no('danger')}",
        f"Withdrawal symptoms: {yes_no('withdrawal', symptoms)}",
        f"Substance use a problem for: {duration}",
        f"Previous treatment: {prior}",
        f"Mental-health or medical needs: {yes_no('co_occurring', conditions)}",
        f"Home safe and supportive: {yes_no('home_safe')}",
        f"Can give 9 to 20 hours a week: {yes_no('time_available')}",
        f"Substances mentioned: {', '.join(answers.substances) or 'none named'}",
        f"Suggested starting point: {suggested}",
    ]
    return "\n".join(lines)
