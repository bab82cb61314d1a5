"""Triage: which level of care to suggest as a starting point, and why. Never a diagnosis.

The rules live in one reviewed file, `rules.yml` next to this package's modules (rules.py loads
and checks it); this module applies them to the answers (models.py) and words the result.

    answers = TriageAnswers.from_texts({"for_whom": "my son", "danger": "no", ...})
    rec = recommend(answers)       # level "op" | "iop" | "higher", exact label, plain reasons
    explanation(rec)               # one short Markdown reply
    summary(answers)               # plain text for an intake request, if the person asks
    recommend(answers, default_rules("es"))  # the same decision, worded in Spanish
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.language.text import clean_text
from bot.triage import duration as duration_reader
from bot.triage import history, parsing
from bot.triage.models import Recommendation, TriageAnswers
from bot.triage.rules import Phrases, Rule, RuleBook, default_rules

_FOR_WHOM = {"self": "the person writing", "loved_one": "a loved one", None: "not answered"}


def recommend(answers: TriageAnswers, rules: RuleBook | None = None) -> Recommendation:
    """The level of the first rule that holds, with the reasons of every rule of that level,
    in the book's language (`default_rules("es")` words them in Spanish)."""
    book = rules or default_rules()
    missing = [q for q in book.required if getattr(answers, q) is None]
    if missing:
        raise ValueError(f"triage needs an answer to {', '.join(missing)} before recommending")
    values = answers.values()
    holding = [rule for rule in book.rules if rule.holds(values)]
    level = holding[0].level  # the last rule always holds
    chosen = [rule for rule in holding if rule.level == level][: book.max_reasons]
    words = _placeholder_values(answers, book)
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


def _placeholder_values(answers: TriageAnswers, book: RuleBook) -> dict[str, str]:
    """Words for the reasons: the person's own where the parsers can quote them consistently."""
    said = answers.said
    words = book.phrases

    def quoted(question: str) -> str:
        text = said.get(question, "")
        return text if parsing.PARSERS[question](text) == getattr(answers, question) else ""

    symptoms = parsing.withdrawal_symptoms(quoted("withdrawal")) or ()
    conditions = history.co_occurring_conditions(quoted("co_occurring")) or ()
    treatment = history.treatment_phrase(quoted("prior_treatment"))
    months = answers.duration_months
    return {
        "they": words.they[answers.person],
        "their": words.their[answers.person],
        "duration": duration_in(quoted("duration_months"), book.language)
        or (months_phrase(months, words) if months is not None else words.some_time),
        "symptoms": words.symptoms.format(names=join_names(symptoms[:3], words))
        if symptoms
        else "",
        "conditions": join_names(conditions[:3], words) or words.needs,
        "treatment": words.name(treatment) if treatment else words.earlier_treatment,
    }


def duration_in(text: str, language: str) -> str | None:
    """The person's own words for the duration ("for about 6 years", "desde hace 3 años"), when
    they were written in `language` (a reply never mixes two languages); else None."""
    found = duration_reader.read_duration(clean_text(text))
    return found.phrase if found and found.language == language else None


def months_phrase(months: float, words: Phrases | None = None) -> str:
    """72 -> "for about 6 years"; 3 -> "for about 3 months"; 0.5 -> "for about 2 weeks"."""
    phrases = (words or default_rules().phrases).duration
    if months < 1:
        weeks = max(1, round(months * 52 / 12))
        return phrases["week"] if weeks == 1 else phrases["weeks"].format(n=weeks)
    if months < 24:
        count = round(months)
        if count == 12:
            return phrases["year"]
        return phrases["month"] if count == 1 else phrases["months"].format(n=count)
    return phrases["years"].format(n=round(months / 12))


def join_names(names: Iterable[str], words: Phrases) -> str:
    """Readers' names in the book's words: ("depression", "anxiety") -> "depresión y ansiedad"."""
    return join_words((words.name(name) for name in names), words.and_)


def join_words(words: Iterable[str], and_: str = "and") -> str:
    """("a",) -> "a"; ("a", "b") -> "a and b"; ("a", "b", "c") -> "a, b and c"."""
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {and_} {words[-1]}"


def join_reasons(reasons: Iterable[str], words: Phrases | None = None) -> str:
    """Merge "you mentioned" reasons into one, then join: "you mentioned A and B, and C"."""
    phrases = words or default_rules().phrases
    prefix, and_ = phrases.mentioned, phrases.and_
    reasons = list(reasons)
    mentioned = [r[len(prefix) :] for r in reasons if r.startswith(prefix)]
    parts: list[str] = []
    for reason in reasons:
        if not reason.startswith(prefix):
            parts.append(reason)
        elif mentioned:
            parts.append(prefix + join_words(mentioned, and_))
            mentioned = []
    if len(parts) <= 1:
        return "".join(parts)
    joined_inside = any(f" {and_} " in p for p in parts) or len(parts) > 2
    glue = f", {and_} " if joined_inside else f" {and_} "
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
    words = {"they": book.phrases.they[rec.person], "their": book.phrases.their[rec.person]}
    opening = book.opening[rec.person].format(
        level=lead, reasons=join_reasons(rec.reasons, book.phrases), **words
    )
    return " ".join(part for part in (opening, rec.note) if part), book.disclaimer


def summary(answers: TriageAnswers, rules: RuleBook | None = None) -> str:
    """Plain text for an intake request: the answers as words, never the raw free text. In
    English whatever the conversation's language: it is for the center's staff."""
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
        quoted = duration_in(said.get("duration_months", ""), book.language)
        duration = (quoted or months_phrase(months, book.phrases)).removeprefix("for ")
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
