"""Transcripts for closing notes (ops/transcripts.py): the file is read strictly and replies
print as a visitor sees them."""

import pytest

from ops.transcripts import DEFAULT_FILE, read_conversations, render


def test_the_committed_file_holds_the_transcripts_the_issues_ask_for():
    names = set(read_conversations(DEFAULT_FILE))
    assert {"withdrawal_alcohol", "withdrawal_benzo", "grieving_relative", "own_past",
            "buried_crisis", "relative_statement", "long_story", "three_turn_follow_up",
            "triage_free_text", "callback"} <= names  # fmt: skip


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("- just a list\n", "mapping"),
        ("one: just a string\n", "one must be a list"),
        ("two: [yes, no]\n", "two must be a list"),  # YAML booleans, not messages
    ],
)
def test_a_malformed_file_is_a_clear_error(tmp_path, text, error):
    path = tmp_path / "t.yml"
    path.write_text(text)
    with pytest.raises(ValueError, match=error):
        read_conversations(path)


def test_each_reply_prints_with_its_buttons_and_silence_is_shown():
    replies = [{"text": "Call 911 now.\nStay with them.", "buttons": [{"title": "Call 911"}]}]
    assert render(replies) == [
        "  bot:  Call 911 now.",
        "        Stay with them.",
        "        [Call 911]",
    ]
    assert render([]) == ["  bot:  (no reply)"]
