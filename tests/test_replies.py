import pytest

from bot.replies import Button, strip_markdown


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("**9 to 20 hours** a week", "9 to 20 hours a week"),
        ("an *outpatient* level", "an outpatient level"),
        ("- Lab testing\n- Physical examination", "• Lab testing\n• Physical examination"),
        (
            "see [988 Lifeline](https://988lifeline.org)",
            "see 988 Lifeline: https://988lifeline.org",
        ),
        ("[https://x.org](https://x.org)", "https://x.org"),
        ("12-step meetings and sober_living", "12-step meetings and sober_living"),
        ("2 * 3 = 6", "2 * 3 = 6"),
    ],
)
def test_strip_markdown(markdown, plain):
    assert strip_markdown(markdown) == plain


def test_call_buttons_are_recognised_by_their_tel_payload():
    assert Button("Call", "tel:+18667977962").is_call_link
    assert not Button("Talk", "/request_hotline").is_call_link
