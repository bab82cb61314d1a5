"""Staff insight: what visitors asked, what the assistant missed, how far triage and intake got,
and which medical text is due for review, from the tracker store the servers already keep
(`make insights`, bot/insights/__main__.py). Nothing is sent anywhere.

- `conversations`: reads Rasa's `events` table (SQLite or PostgreSQL) into conversations and
  turns, and decides what each visitor message got;
- `tally`: the counts that leave no conversation behind (SMS opt-outs, deleted chats, apologies);
- `report`: the numbers per day; `groups`: unanswered messages by similar wording;
- `html`: the self-contained page; `review_file`: the unanswered as an NLU file to label.
"""
