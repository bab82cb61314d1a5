"""The words of a plain answer: yes / no / hedged / not sure, as people type them.

Only `yes_no.py` reads this (its `plain_answer`): a phrase table, matched on whole
words after the text is cleaned (lower case, "don't" -> "do not", "i'm" -> "i am", chat
shorthand expanded by `SHORTHAND`, letters typed three or more times cut to two). Where two
phrases start at the same place the longer wins, so "probably not" is a no although "probably"
alone is hedged, and "not sure" is unsure although "sure" is a yes.

What each kind means, question by question, is decided by each form's reader (triage:
`bot/triage/parsing.py`, see its docstring): in short, a hedge ("kind of", "more or less",
"ish", "prob") leans to the answer that asks for more support, "not sure" is re-asked except
where a safe guess exists.
Judgement calls kept here:
- "probably" / "prob" / "likely" are hedged (leaning yes); "probably not", "prob not",
  "unlikely" are a no.
- "maybe", "hmm maybe", "maybe not", "idk", "no clue tbh" are "not sure".
- "👍" / "👌" / "✅" are a yes, "👎" / "❌" a no, "🤷" not sure.
- Spanish is in the same table (`SPANISH_PHRASES`, with and without accents, as people type it):
  "más o menos", "a veces", "un poco" are hedged; "tal vez", "quizás", "a lo mejor" not sure;
  "para" is no word of any kind (it is "for").
"""

from __future__ import annotations

YES, NO, HEDGE, UNSURE = "yes", "no", "hedge", "unsure"

# Chat shorthand, expanded before anything is read ("not rly" -> "not really").
SHORTHAND = {
    "rly": "really", "rlly": "really", "realy": "really", "def": "definitely",
    "defo": "definitely", "deffo": "definitely", "deff": "definitely", "prob": "probably",
    "probs": "probably", "prolly": "probably", "ofc": "of course", "obv": "obviously",
    "obvi": "obviously", "nvr": "never", "abt": "about", "sumtimes": "sometimes",
}  # fmt: skip

ENGLISH_PHRASES: dict[str, tuple[str, ...]] = {
    UNSURE: (
        "i do not know", "do not know", "dunno", "idk", "idek", "idrk", "no idea", "no clue",
        "not a clue", "not sure", "not really sure", "not too sure", "not so sure", "unsure",
        "maybe", "possibly", "perhaps", "hard to say", "can not say", "can not tell",
        "could not tell you", "could not say", "not certain", "who knows", "beats me",
        "i have no idea", "unknown", "not that i am aware", "good question", "unclear", "🤷",
    ),
    NO: (
        "no", "nah", "nahh", "naw", "nope", "noo", "nay", "no way", "not really", "not at all",
        "never", "nothing", "none", "negative", "not that i know of", "not that i know",
        "i do not think so", "do not think so", "i do not think", "i think not",
        "i do not believe so", "hardly", "of course not", "definitely not", "absolutely not",
        "certainly not", "not anymore", "not now", "not right now", "not much",
        "not particularly", "nobody", "no one", "n", "deny", "uh uh", "nuh uh", "not yet",
        "would not say so", "no sir", "no ma'am", "no maam", "i doubt it", "doubt it",
        "not exactly", "probably not", "likely not", "not likely", "unlikely", "👎", "❌",
    ),
    YES: (
        "yes", "yeah", "yeahh", "yea", "yep", "yup", "ya", "yah", "yeh", "ye", "yess", "yas",
        "yh", "sure", "definitely", "absolutely", "of course", "certainly", "correct", "right",
        "true", "affirmative", "indeed", "i think so", "i guess so", "i believe so", "think so",
        "i suppose so", "i would say so", "pretty sure", "pretty much", "obviously", "uh huh",
        "mhm", "mm hmm", "y", "affirm", "ok", "okay", "for sure", "totally", "big time",
        "a lot", "all the time", "constantly", "always", "often", "every time",
        "most of the time", "mostly", "very much", "you bet", "yes sir", "yessir", "yes ma'am",
        "yes maam", "👍", "👌", "✅",
    ),
    HEDGE: (
        "kind of", "kinda", "sort of", "sorta", "a little", "a bit", "a little bit", "somewhat",
        "sometimes", "occasionally", "partly", "partially", "some", "slightly", "mildly",
        "at times", "here and there", "on and off", "off and on", "now and then",
        "once in a while", "probably", "likely", "most likely", "i guess", "i suppose",
        "not always", "a few times", "not sure but yes", "more or less", "ish", "in a way",
        "to some extent", "to a degree",
    ),
}  # fmt: skip

SPANISH_PHRASES: dict[str, tuple[str, ...]] = {
    UNSURE: (
        "no sé", "no se", "nose", "no c", "no lo sé", "no lo se", "ni idea", "no tengo idea",
        "no tengo ni idea", "quién sabe", "quien sabe", "no estoy seguro", "no estoy segura",
        "no estoy muy seguro", "no estoy muy segura", "tal vez", "talvez", "quizás", "quizas",
        "quizá", "quiza", "a lo mejor", "puede ser", "no sabría decir", "no sabria decir",
        "no sabría decirle", "no sabria decirle", "no podría decir", "no podria decir",
    ),
    NO: (
        "nop", "nel", "para nada", "nunca", "jamás", "jamas", "todavía no", "todavia no",
        "aún no", "aun no", "ya no", "creo que no", "no creo", "nadie", "ninguno", "ninguna",
        "nada", "claro que no", "por supuesto que no", "de ninguna manera", "casi nunca",
        "no mucho", "no realmente", "no la verdad", "la verdad no", "no señor", "no señora",
    ),
    YES: (
        "sí", "si", "sip", "simón", "simon", "claro", "claro que sí", "claro que si",
        "por supuesto", "así es", "asi es", "correcto", "cierto", "exacto", "ajá", "aja",
        "creo que sí", "creo que si", "seguro", "de acuerdo", "vale", "dale", "órale", "orale",
        "ándale", "andale", "siempre", "todo el tiempo", "mucho", "muchísimo", "muchisimo",
        "bastante", "a menudo", "seguido", "casi siempre", "sí señor", "si señor", "sí señora",
        "si señora", "la verdad sí", "la verdad si",
    ),
    HEDGE: (
        "más o menos", "mas o menos", "un poco", "un poquito", "algo", "a veces",
        "de vez en cuando", "en parte", "probablemente", "supongo", "como que sí",
        "como que si", "medio", "algunas veces", "de repente",
    ),
}  # fmt: skip

ANSWER_PHRASES: dict[str, tuple[str, ...]] = {
    kind: ENGLISH_PHRASES[kind] + SPANISH_PHRASES[kind] for kind in ENGLISH_PHRASES
}
