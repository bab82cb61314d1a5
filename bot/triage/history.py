"""Earlier treatment (none / treated / relapsed after a lower level of care) and co-occurring
mental-health or medical needs, from the person's words, with the words to quote back."""

from __future__ import annotations

from collections.abc import Iterable

from bot.language.answer_words import HEDGE, NO, YES
from bot.language.clauses import Vocabulary, denied_in, said_in
from bot.language.text import (
    clean_text,
    never_raises,
    whole_words,
)
from bot.language.yes_no import decide_answer, plain_answer

# --- 5. previous treatment -----------------------------------------------------------------

TREATMENTS = Vocabulary(
    [
        ("intensive outpatient care", r"iops?|intensive outpatient\w*"),
        ("partial hospitalization", r"php|partial hospitali\w*|day treatment"),
        ("outpatient care", r"outpatient|op"),
        ("inpatient care", r"inpatient|residential"),
        ("detox", r"detox\w*"),
        ("rehab", r"rehabs?|rehabilitation"),
        ("sober living", r"sober living|halfway house|sober house"),
        ("medication treatment", r"suboxone|methadone|subutex|vivitrol|naltrexone|sublocade|mat"),
        ("12-step meetings", r"aa|a\.a|n\.a|narcotics anonymous|alcoholics anonymous"
                             r"|12[- ]?steps?|twelve[- ]steps?|meetings|smart recovery"),
        ("counseling", r"counsel\w*|therap\w*|psychiatrist|psychologist"),
        ("treatment", r"treatment|programs?|clinic|facility|center"),
    ]
)  # fmt: skip
RELAPSE = whole_words(
    r"relaps\w*|slip(?:ped|s)?|(?:using|drinking|smoking|used|drank|drinks|uses) again"
    r"|started (?:\w+ )?again|went back to (?:using|drinking|drugs|it|old habits|the \w+)"
    r"|back (?:to|at) (?:it|using|drinking)|fell off(?: the wagon)?|picked (?:it )?(?:back )?up"
    r"|did not (?:stick|work|last|help|take)|was not enough|returned to (?:using|drinking)"
    r"|(?:came|comes) back|in and out of|(?:using|drinking) (?:again )?within"
    r"|(?:using|drinking|used|drank) (?:\w+ )?(?:since|after) (?:\w+ )?(?:rehab|detox|treatment"
    r"|iop|outpatient|inpatient|the program)"
)
# "kept using" is a relapse only when a treatment is named ("counseling, but he kept using")
CONTINUED_USE = whole_words(
    r"kept (?:using|drinking)|still (?:using|drinking)|continued (?:to use|to drink|using|drinking)"
)
_STAYED_CLEAN = whole_words(
    r"(?:stay|stayed|stays|been|is|was|remained|got|still|staying) (?:\w+ )?(?:clean|sober)"
    r"|(?:clean|sober) (?:since|ever since|for)|it (?:worked|helped)"
)
_TIMES_TREATED = whole_words(r"once|twice|(?:a few|several|many|multiple|two|three|\d+) times")
_NO_TREATMENT = whole_words(
    r"first time|never (?:been|gone|went|had|tried|done)|no (?:prior|previous|past|other) "
    r"(?:treatment|help|rehab)|on (?:my|his|her|their|our) own|cold turkey"
    r"|by (?:myself|himself|herself|themselves)|not yet"
)


@never_raises
def parse_prior_treatment(text: str, entities: Iterable[dict] = ()) -> str | None:
    """ "none", "treated", or "relapsed_after_lower" (used again after earlier treatment).

    Any relapse after earlier treatment counts: a chat cannot tell levels of care apart
    reliably ("rehab" may be outpatient or residential); the clinician will.
    """
    t = clean_text(text)
    if not t:
        return None
    treated = said_in(t, TREATMENTS.any)
    relapsed = (
        said_in(t, RELAPSE)
        or denied_in(t, _STAYED_CLEAN)
        or (treated and said_in(t, CONTINUED_USE))
    )
    kind = plain_answer(t)
    untreated = denied_in(t, TREATMENTS.any) or bool(_NO_TREATMENT.search(t)) or kind == NO
    if relapsed and (treated or kind == YES or not untreated):
        return "relapsed_after_lower"
    if treated or kind in (YES, HEDGE) or (not untreated and said_in(t, _TIMES_TREATED)):
        return "treated"  # "once, years ago": the question asked about treatment
    if untreated:
        return "none"
    return None


@never_raises
def treatment_phrase(text: str, entities: Iterable[dict] = ()) -> str | None:
    """The earlier treatment, in plain words: "outpatient care", "rehab"; None if unnamed.

    The one before the relapse when several are named ("detox then IOP, but relapsed").
    """
    t = clean_text(text)
    relapses = [m.start() for p in (RELAPSE, CONTINUED_USE) for m in p.finditer(t)]
    cut = min(relapses, default=len(t))
    before = TREATMENTS.names(t[:cut])
    named = before[-1:] or TREATMENTS.names(t)[:1]
    return named[0] if named else None


# --- 6. co-occurring mental-health or medical needs ----------------------------------------

_CONDITIONS = Vocabulary(
    [
        ("depression", r"depress\w*"),
        ("PTSD", r"ptsd|post[- ]?traumatic(?: stress)?(?: disorder)?"),
        ("panic attacks", r"panic(?: attacks?)?"),
        ("anxiety", r"anxi\w*"),
        ("trauma", r"trauma\w*"),
        ("bipolar disorder", r"bi-?polar|manic|mania"),
        ("schizophrenia", r"schizo\w*|psychos[ie]s|psychotic"),
        ("ADHD", r"adhd|attention deficit"),
        ("OCD", r"ocd|obsessive[- ]compulsive"),
        ("an eating disorder", r"eating disorders?|anorexi\w*|bulimi\w*|binge eating"),
        ("a personality disorder", r"personality disorders?|bpd|borderline"),
        ("suicidal thoughts", r"suicid\w*"),
        ("self-harm", r"self[- ]?harm\w*|cutting(?! back| down)"),
        ("grief", r"grie(?:f|ving)"),
        ("diabetes", r"diabet\w*"),
        ("hepatitis", r"hep(?:atitis)?(?: [abc])?"),
        ("HIV", r"hiv"),
        ("liver problems", r"liver(?: \w+)?|cirrhosis"),
        ("heart problems", r"heart (?:problems?|disease|condition|issues?|attacks?|failure)"
                           r"|cardiac|afib"),
        ("high blood pressure", r"(?:high )?blood pressure|hypertension"),
        ("seizures", r"seizures?|epilep\w*"),
        ("chronic pain", r"(?:chronic|back|nerve|neck) pain|in (?:a lot of )?pain|fibromyalgia"),
        ("cancer", r"cancer"),
        ("pregnancy", r"pregnan\w*"),
        ("kidney problems", r"kidneys?(?: \w+)?"),
        ("lung problems", r"copd|asthma|lungs?(?: \w+)?"),
        ("pancreatitis", r"pancreat\w*"),
        ("mental-health needs", r"mental(?:ly)?[- ]?(?:health|illness|ill|issues?|problems?)"
                                r"(?: (?:issues?|problems?|conditions?|stuff))?"
                                r"|psychiatric|emotional (?:issues?|problems?)"),
        ("a medical condition", r"medical(?: (?:conditions?|issues?|problems?|needs?))?"
                                r"|health (?:issues?|problems?|conditions?)|disabilit\w*"
                                r"|illness|chronic \w+"),
    ]
)  # fmt: skip


@never_raises
def parse_co_occurring(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Mental-health or medical conditions needing care? A named condition or "kind of" -> True."""
    t = clean_text(text)
    if not t:
        return None
    if said_in(t, _CONDITIONS.any):
        return True
    if denied_in(t, _CONDITIONS.any):
        return False
    return decide_answer(t, hedge=True, unsure=None)


@never_raises
def co_occurring_conditions(text: str, entities: Iterable[dict] = ()) -> tuple[str, ...]:
    """Conditions named in the answer, to quote: ("depression", "diabetes")."""
    return _CONDITIONS.names(clean_text(text)) or ()
