"""What the assistant says about treatment, all from the content store (`content/`): the store
and its checks (`store.py`), medical review dates (`reviews.py`), the replies built from it
(`answers.py`: topic answers, "did you mean", answer-first), follow-ups read in context
(`followups.py`), and replies to a situation told without a question (`situations.py`).
`python -m bot.content` validates it (`__main__.py`)."""
