"""Readers every feature shares, with no feature of their own: text clean-up (`text.py`),
clauses and negation (`clauses.py`), yes / no / not sure (`yes_no.py` + `answer_words.py`), who
the help is for (`for_whom.py`), the question inside a message (`questions.py`), and the
project's spaCy pipeline with its entity vocabulary (`spacy_pipeline.py` + `spacy_patterns.yml`).
They import nothing else from bot/ but the settings."""
