"""Earlier treatment (none / treated / relapsed after a lower level of care) and co-occurring
mental-health or medical needs, from the person's words, with the words to quote back.

Spanish words sit next to the English ones in the same tables ("rehabilitación" is "rehab",
"recayó" a relapse, "depresión" "depression"): the names found are the same English keys."""

from __future__ import annotations

from collections.abc import Iterable

from bot.language.answer_words import HEDGE, NO, YES
from bot.language.clauses import Vocabulary, denied_in, loose_accents, said_in
from bot.language.text import (
    clean_text,
    never_raises,
    whole_words,
)
from bot.language.yes_no import decide_answer, plain_answer

# --- 5. previous treatment -----------------------------------------------------------------

TREATMENTS = Vocabulary(
    [
        ("intensive outpatient care", r"iops?|intensive outpatient\w*"
                                      r"|(?:programa |tratamiento )?ambulatorio intensivo"),
        ("partial hospitalization", r"php|partial hospitali\w*|day treatment"
                                    r"|hospitalización parcial|(?:programa|tratamiento) de día"),
        ("outpatient care", r"outpatient|op|(?:programa |tratamiento )?ambulatori[oa]"
                            r"|consulta externa"),
        ("inpatient care", r"inpatient|residential|internad[oa]|internamiento"
                           r"|intern(?:aron|ó|arlo|arla|ar)|residencial|hospitalizad[oa]|anexad[oa]"
                           r"|anexos?"),
        ("detox", r"detox\w*|desintox\w*"),
        ("rehab", r"rehabs?|rehabilitation|(?:centro |clínica )?(?:de )?rehabilitación"),
        ("sober living", r"sober living|halfway house|sober house|casa de medio camino"
                         r"|(?:casa|vivienda) (?:sobria|de recuperación)"),
        ("medication treatment", r"suboxone|methadone|subutex|vivitrol|naltrexone|sublocade|mat"
                                 r"|metadona|suboxona|buprenorfina|naltrexona"),
        ("12-step meetings", r"aa|a\.a|n\.a|narcotics anonymous|alcoholics anonymous"
                             r"|12[- ]?steps?|twelve[- ]steps?|meetings|smart recovery"
                             r"|alcohólicos anónimos|narcóticos anónimos|doble a|12 pasos"
                             r"|doce pasos|grupos?(?: de apoyo)?|reuniones|juntas"),
        ("counseling", r"counsel\w*|therap\w*|psychiatrist|psychologist|consejer\w*|terapi\w*"
                       r"|terapeuta|psicólog[oa]|sicólog[oa]|psiquiatra"),
        ("treatment", r"treatment|programs?|clinic|facility|center|tratamientos?|programas?"
                      r"|clínicas?|centros?"),
    ]
)  # fmt: skip
# Spanish ways of using: "volvió a tomar", "siguió consumiendo"
_USE_ES = (
    r"tomar|beber|consumir|usar|fumar|drogarse|inyectarse|meterse|caer|recaer|lo mismo|las andadas"
)
_USING_ES = r"tomando|bebiendo|consumiendo|usando|fumando|drogándose|en lo mismo"
RELAPSE = whole_words(
    r"relaps\w*|slip(?:ped|s)?|(?:using|drinking|smoking|used|drank|drinks|uses) again"
    r"|started (?:\w+ )?again|went back to (?:using|drinking|drugs|it|old habits|the \w+)"
    r"|back (?:to|at) (?:it|using|drinking)|fell off(?: the wagon)?|picked (?:it )?(?:back )?up"
    r"|did not (?:stick|work|last|help|take)|was not enough|returned to (?:using|drinking)"
    r"|(?:came|comes) back|in and out of|(?:using|drinking) (?:again )?within"
    r"|(?:using|drinking|used|drank) (?:\w+ )?(?:since|after) (?:\w+ )?(?:rehab|detox|treatment"
    r"|iop|outpatient|inpatient|the program)"
    + loose_accents(
        rf"|reca(?:í|y)\w*|recae\w*|(?:volv|vuelv|regres)\w* a (?:{_USE_ES})"
        r"|(?:empez|comenz)\w* (?:\w+ )?(?:otra vez|de nuevo)"
        rf"|(?:otra vez|de nuevo) (?:a )?(?:{_USE_ES})|(?:{_USING_ES}) (?:otra vez|de nuevo)"
        r"|no (?:le |les |me |nos )?(?:funcionó|sirvió|ayudó|duró)"
        r"|no (?:fue|era) suficiente|(?:entrando|entra|entró) y (?:saliendo|sale|salió) de"
    )
)
# "kept using" is a relapse only when a treatment is named ("counseling, but he kept using")
CONTINUED_USE = whole_words(
    r"kept (?:using|drinking)|still (?:using|drinking)|continued (?:to use|to drink|using|drinking)"
    + loose_accents(
        rf"|(?:siguió|sigue|seguía|continuó|continúa) (?:{_USING_ES})"
        r"|(?:todavía|aún|sigue) (?:toma|bebe|consume|usa|fuma)"
    )
)
_STAYED_CLEAN = whole_words(
    r"(?:stay|stayed|stays|been|is|was|remained|got|still|staying) (?:\w+ )?(?:clean|sober)"
    r"|(?:clean|sober) (?:since|ever since|for)|it (?:worked|helped)"
    + loose_accents(
        r"|(?:se mantuvo|se ha mantenido|se mantiene|sigue|está|ha estado|estuvo|lleva|quedó)"
        r" (?:\w+ ){0,2}(?:limpi[oa]|sobri[oa]|sin (?:tomar|beber|consumir|usar|drogarse))"
        r"|(?:limpi[oa]|sobri[oa]) (?:desde|por|durante)"
        r"|(?:le|les|me|nos) (?:funcionó|sirvió|ayudó)"
    )
)
_TIMES_TREATED = whole_words(
    r"once|twice|(?:a few|several|many|multiple|two|three|\d+) times"
    r"|una vez|(?:un par de|varias|muchas|dos|tres|\d+) veces"
)
_NO_TREATMENT = whole_words(
    r"first time|never (?:been|gone|went|had|tried|done)|no (?:prior|previous|past|other) "
    r"(?:treatment|help|rehab)|on (?:my|his|her|their|our) own|cold turkey"
    r"|by (?:myself|himself|herself|themselves)|not yet"
    + loose_accents(
        r"|primera vez|(?:nunca|jamás) (?:\w+ )?(?:ha|he|había|han|hemos|fue|estuvo|recibió|tuvo"
        r"|buscó|intentó)|ningún tratamiento|sin (?:ayuda|tratamiento)|por su cuenta"
        r"|(?:él|ella) sol[oa]|por sí mism[oa]"
    )
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

CONDITIONS = Vocabulary(
    [
        ("depression", r"depress\w*|depre\w*|deprim\w*"),
        ("PTSD", r"ptsd|post[- ]?traumatic(?: stress)?(?: disorder)?|tept"
                 r"|(?:trastorno de )?estrés post?[- ]?traumático|post?[- ]?traumático"),
        ("panic attacks", r"panic(?: attacks?)?|(?:ataques? de )?pánico"),
        ("anxiety", r"anxi\w*|ansiedad\w*|ansios[oa]s?|nervios"),
        ("trauma", r"trauma\w*|traumático"),
        ("bipolar disorder", r"bi-?polar|manic|mania"),
        ("schizophrenia", r"schizo\w*|psychos[ie]s|psychotic|esquizo\w*|psicosis|sicosis"
                          r"|psicótic[oa]"),
        ("ADHD", r"adhd|attention deficit|tdah|déficit de atención|hiperactiv\w*"),
        ("OCD", r"ocd|obsessive[- ]compulsive|toc|obsesivo[- ]compulsivo"),
        ("an eating disorder", r"eating disorders?|anorexi\w*|bulimi\w*|binge eating"
                               r"|trastornos? (?:de la )?alimenta\w*|atracones"),
        ("a personality disorder", r"personality disorders?|bpd|borderline"
                                   r"|trastornos? de (?:la )?personalidad|limítrofe|tlp"),
        ("suicidal thoughts", r"suicid\w*|quitarse la vida"),
        ("self-harm", r"self[- ]?harm\w*|cutting(?! back| down)|autolesi\w*|se corta\w*"
                      r"|cortarse|se lastima\w*|hacerse daño"),
        ("grief", r"grie(?:f|ving)|duelo|luto"),
        ("diabetes", r"diabet\w*|diabét\w*|(?:el )?azúcar alta"),
        ("hepatitis", r"hep(?:atitis)?(?: [abc])?"),
        ("HIV", r"hiv|vih|sida"),
        ("liver problems", r"liver(?: \w+)?|cirrhosis|(?:del )?hígado|cirrosis|hepátic[oa]"),
        ("heart problems", r"heart (?:problems?|disease|condition|issues?|attacks?|failure)"
                           r"|cardiac|afib|(?:del|el|al) corazón|cardíac[oa]|infartos?|arritmias?"),
        ("high blood pressure", r"(?:high )?blood pressure|hypertension|presión (?:alta|arterial)"
                                r"|hipertens\w*"),
        ("seizures", r"seizures?|epilep\w*|epilép\w*|convulsi\w*"),
        ("chronic pain", r"(?:chronic|back|nerve|neck) pain|in (?:a lot of )?pain|fibromyalgia"
                         r"|dolor(?:es)? (?:crónicos?|de espalda|de huesos)|fibromialgia|artritis"),
        ("cancer", r"cancer|cáncer"),
        ("pregnancy", r"pregnan\w*|embarazad[oa]|embarazo"),
        ("kidney problems", r"kidneys?(?: \w+)?|riñón|riñones|renal"),
        ("lung problems", r"copd|asthma|lungs?(?: \w+)?|epoc|asma|pulmón|pulmones|enfisema"),
        ("pancreatitis", r"pancreat\w*|páncreas"),
        ("mental-health needs", r"mental(?:ly)?[- ]?(?:health|illness|ill|issues?|problems?)"
                                r"(?: (?:issues?|problems?|conditions?|stuff))?"
                                r"|psychiatric|emotional (?:issues?|problems?)"
                                r"|salud mental|(?:problemas?|enfermedad(?:es)?|trastornos?)"
                                r" (?:mentales?|psicológicos?|psiquiátricos?|emocionales?)"
                                r"|psiquiátric[oa]"),
        ("a medical condition", r"medical(?: (?:conditions?|issues?|problems?|needs?))?"
                                r"|health (?:issues?|problems?|conditions?)|disabilit\w*"
                                r"|illness|chronic \w+|(?:condición|condiciones|problemas?)"
                                r" (?:médic[oa]s?|de salud)|enfermedad(?:es)?(?: crónicas?)?"
                                r"|discapacidad\w*"),
    ]
)  # fmt: skip


@never_raises
def parse_co_occurring(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Mental-health or medical conditions needing care? A named condition or "kind of" -> True."""
    t = clean_text(text)
    if not t:
        return None
    if said_in(t, CONDITIONS.any):
        return True
    if denied_in(t, CONDITIONS.any):
        return False
    return decide_answer(t, hedge=True, unsure=None)


@never_raises
def co_occurring_conditions(text: str, entities: Iterable[dict] = ()) -> tuple[str, ...]:
    """Conditions named in the answer, to quote: ("depression", "diabetes")."""
    return CONDITIONS.names(clean_text(text)) or ()
