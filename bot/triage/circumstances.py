"""A home that supports recovery, and time for 9-20 hours a week, from the person's words.

Spanish is read by the same rules, its words next to the English ones ("su papá también toma",
"trabaja tiempo completo", "solo en las noches"), accents optional (`loose_accents`)."""

from __future__ import annotations

from collections.abc import Iterable

from bot.language.clauses import denied_in, loose_accents, mentions_of, said_in
from bot.language.text import (
    clean_text,
    never_raises,
    whole_words,
)
from bot.language.yes_no import decide_answer

# --- 7. home ---------------------------------------------------------------------------------

_USE_VERBS = r"uses?|using|drinks?|drinking|smokes?|smoking|gets? high|does drugs|deals?|dealing"
_USE_VERBS_ES = (
    r"toma|toman|tomando|bebe|beben|bebiendo|consume|consumen|consumiendo|fuma|fuman|fumando"
    r"|se droga\w*|usa drogas|usan drogas|vende\w*|se emborracha\w*|chupa|chupan|pistea\w*"
)
_PEOPLE_ES = (
    r"papá|mamá|padre|madre|papás|padres|herman[oa]s?|espos[oa]|marido|pareja|novi[oa]|amig[oa]s?"
    r"|compañer[oa]s?|roommates?|tí[oa]s?|prim[oa]s?|abuel[oa]s?|suegr[oa]s?|cuñad[oa]s?|hij[oa]s?"
    r"|todos|todo el mundo|familia|ellos|ellas|la gente"
)
_NOT_ES = r"(?!(?:no|nunca|jamás|tampoco|ya no)\b)"  # "su papá no toma" is no unsafe home
_UNSAFE_HOME_ES = (
    rf"(?:{_USE_VERBS_ES})(?: \w+){{0,2}} (?:también|tmb|tb|igual|con (?:él|ella|ellos|nosotros))"
    rf"|(?:{_PEOPLE_ES}) (?:{_NOT_ES}\w+ ){{0,2}}(?:{_USE_VERBS_ES})"
    r"|(?:drogas|alcohol|cerveza|pastillas|vicio) (?:\w+ )?(?:en|dentro de) (?:la|su|mi|nuestra)"
    r" casa|hay (?:drogas|alcohol|vicio)|peligros[oa]|insegur[oa]|pleitos?|peleas?|pelea\w*"
    r"|gritos?|grit(?:a|an|ando)|(?<!de )golpe\w*|(?:me|nos|le|la|lo) pega\w*|maltrat\w*"
    r"|tóxic[oa]"
    r"|caos|caótic[oa]|inestable|hostil|(?:vive|vivo|vivimos|viven|está|anda|duerme) en la calle"
    r"|sin (?:casa|hogar)|situación de calle|albergue|refugio"
    r"|(?:lo|la|me|nos) (?:corrieron|echaron)"
    r"|no tiene (?:dónde|a dónde) (?:vivir|quedarse|ir)"
)
_UNSAFE_HOME = whole_words(
    rf"(?:{_USE_VERBS})(?: \w+){{0,2}} (?:too|also|as well|with (?:me|him|her|them|us))"
    rf"|(?:roommates?|husband|wife|partner|boyfriend|girlfriend|mom|mum|dad|parents?|brother"
    rf"|sister|friends?|everyone|everybody|people|family|they) (?:\w+ ){{0,2}}(?:{_USE_VERBS})"
    r"|(?:drugs|alcohol|booze|pills) (?:\w+ )?(?:in|at|around) (?:the|my|our|his|her)"
    r" (?:house|home)"
    r"|unsafe|dangerous|abus\w*|violen\w*|fight\w*|toxic|chao\w*|homeless|shelter|kicked out"
    r"|on the streets?|couch[- ]?surf\w*|no(?:where| place) to (?:live|stay|go)|enabl\w*"
    r"|trigger\w*|unsupportive|unstable|hostile|yell\w*|scream\w*|hits? (?:me|him|her)"
    rf"|{loose_accents(_UNSAFE_HOME_ES)}"
)
# "no estoy seguro" is "I am not sure": "seguro" is a safe word only said of the place
_SAFE_HOME_ES = (
    r"(?:es|son|está|un lugar|una casa|un hogar|un ambiente|lugar|casa|ambiente) (?:muy )?segur[oa]"
    r"|a salvo|apoy\w*|estable|tranquil[oa]|sano|sana|buen (?:ambiente|lugar|hogar)"
    r"|todo (?:está )?bien|(?<!s[eé] )bien(?!\s+[^\W\d_])"  # "bien feo" is "very ugly"
    r"|(?:es|está|todo) (?:muy )?buen[oa]|(?:lo|la|me|nos|le) (?:quieren|ayudan|ayuda|cuidan|cuida)"
    rf"|(?:nadie|ninguno) (?:\w+ ){{0,2}}(?:{_USE_VERBS_ES})|(?:{_PEOPLE_ES})"
    rf" (?:no|nunca|tampoco|ya no) (?:{_USE_VERBS_ES})|no hay (?:drogas|alcohol|vicios?)"
    r"|sin (?:drogas|alcohol|vicios?)"
)
_SAFE_HOME = whole_words(
    r"safe|supportive|support\w*|stable|sober (?:home|house|living|environment)"
    r"|good (?:home|place|environment)|(?:family|wife|husband|parents?|partner|they|everyone)"
    r" (?:is|are) (?:great|behind|there|helpful|on board|good)|help(?:s|ful|ing) (?:me|him|her)"
    r"|loving|peaceful|encourag\w*|good|fine|great|okay|ok|all good"
    rf"|(?:nobody|no one|noone) (?:\w+ ){{0,2}}(?:{_USE_VERBS})|no (?:drugs|alcohol|booze)"
    rf"|{loose_accents(_SAFE_HOME_ES)}"
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

_NO_TIME_ES = (
    r"tiempo completo|de planta|dos trabajos|2 trabajos|(?:muy |bien |súper |super )?ocupad[oa]s?"
    r"|sin tiempo|no (?:me |le |nos )?da (?:el )?tiempo|poco tiempo|cuid(?:a|o|ar|ando) (?:a )?"
    r"(?:sus|mis|los|su|mi) \w+|niños|hij[oa]s|bebé|chiquitos|madre soltera|mamá soltera"
    r"|padre soltero|trabaj(?:a|o|ar|ando|amos|an) (?:mucho|todo el día|de noche|en la noche"
    r"|las noches|turnos|doble|horas extra|los fines de semana|de lunes a (?:sábado|domingo))"
    r"|turnos? (?:de noche|nocturnos?|de la noche|dobles?|rotativos?)|horas extra|imposible"
    r"|(?:no|nunca) (?:puede|puedo|podemos|podría) (?:ir|faltar|salir|hacerlo|asistir|con eso)"
    r"|perder (?:el|su|mi) trabajo"
)
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
    rf"|{loose_accents(_NO_TIME_ES)}"
)
_HAS_TIME_ES = (
    r"(?:tiene|tengo|tenemos|hay) (?:el |suficiente |mucho |bastante )?tiempo"
    r"|(?:hacer|hago|hace|sacar|saco|saca|buscar|busca|encontrar|darse|dar) (?:el )?tiempo"
    r"|desemplead[oa]|no (?:trabaja|trabajo|trabajamos)|sin (?:trabajo|empleo|chamba)"
    r"|jubilad[oa]|retirad[oa]|incapacidad|de (?:permiso|licencia|vacaciones)|flexible"
    r"|disponible|cuando sea|a cualquier hora|cualquier (?:día|hora)|lo que (?:sea|haga falta)"
    r"|medio tiempo|tiempo parcial|(?:puede|puedo|podemos|podría) (?:hacerlo|ir|asistir|venir)"
    r"|trabaja desde (?:la )?casa|(?:está|es|sería|estaría) (?:bien|posible)|se puede"
)
_HAS_TIME = whole_words(
    r"make (?:the )?time|find (?:the )?time|have (?:the )?time|got (?:the )?time"
    r"|(?:plenty|lots) of time|free|flexib\w*|availab\w*|unemployed|not working|between jobs"
    r"|retired|(?:on|taking|take) (?:medical )?leave|fmla|time off|whatever it takes"
    r"|make it work|(?:can|could|will|would) (?:do|manage|fit|swing|handle) (?:it|that|this|them)"
    r"|can do|work from home|part[- ]?time|off (?:work|school)|do not work|does not work"
    r"|no job|doable|manageable|possible|any ?time|whenever|any day"
    r"|(?:is|are|would be|sounds|seems) (?:fine|ok|okay|good)"
    rf"|{loose_accents(_HAS_TIME_ES)}"
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
# the same in Spanish: "solo en las noches", "los fines de semana nada más", "entre semana es
# difícil"; "tarde" is an afternoon (a part of the working day), "noche" after work
_AFTER_WORK_ES = (
    r"noches?|fines? de semana|findes?|sábados?|domingos?|en la noche|de noche|por la noche"
    r"|(?:después|saliendo) del? (?:trabajo|chamba|escuela)|después de (?:las )?\d{1,2}"
)
_PART_OF_WEEK_ES = (
    r"(?:(?:en|por|a|durante) )?(?:la |las |los |el )?(?:mañanas?|tardes?|lunes|martes"
    rf"|miércoles|jueves|viernes|{_AFTER_WORK_ES})"
)
_ANY_PART_ES = rf"{_PART_OF_WEEK_ES}|entre semana|(?:los )?días de semana|(?:durante )?el día"
_HARD_ES = r"difícil\w*|complicad[oa]s?|imposibles?|ocupad[oa]s?|pesad[oa]s?|llen[oa]s?|un problema"
_PARTIAL_TIME_ES = (
    rf"(?:sólo|solamente|nada más|nomás|excepto|menos) (?:{_PART_OF_WEEK_ES})"
    rf"|(?:{_PART_OF_WEEK_ES}) (?:nada más|nomás|solamente|sólo)"
    rf"|(?:libre|disponible|puede|puedo|podría|podemos|(?:tiene|tengo) tiempo)"
    rf" (?:{_PART_OF_WEEK_ES})"
    r"(?! ?(?:,|y|o) (?:en |por )?(?:las |la |los )?(?:mañanas?|tardes?|días))"
    rf"|(?:{_AFTER_WORK_ES}) (?:y|o) (?:{_AFTER_WORK_ES})|^(?:sólo )?(?:{_PART_OF_WEEK_ES})$"
    rf"|(?:{_PART_OF_WEEK_ES}) (?:tal vez|quizás|a lo mejor|puede ser|sería mejor|es mejor)"
    rf"|(?:{_ANY_PART_ES}) (?:es|son|está|están|sería|serían) (?:muy |bien |un poco )?"
    rf"(?:{_HARD_ES})"
    rf"|(?:{_ANY_PART_ES}) no (?:puede|puedo|funciona|se puede)"
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
    rf"|{loose_accents(_PARTIAL_TIME_ES)}"
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
