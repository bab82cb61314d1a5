import pytest

from bot.intake.phone import display_phone, normalise_phone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(919) 555-0123", "+19195550123"),
        ("919.555.0123", "+19195550123"),
        ("+1 919 555 0123", "+19195550123"),
        ("9195550123", "+19195550123"),
        ("my number is 919 555 0123", "+19195550123"),
        ("1-919-555-0123", "+19195550123"),
        ("call me at 919-555-0123 after 5", "+19195550123"),
        ("919 555 0123 ext 4", "+19195550123"),
        ("  (866) 797-7962  ", "+18667977962"),
        ("+44 20 7946 0958", "+442079460958"),
        ("12345", None),
        ("555-0123", None),  # no area code
        ("000-000-0000", None),
        ("(555) 555-5555", None),  # not a real area code
        ("919-555-01234", None),
        ("tomorrow at 10", None),
        ("", None),
        ("   ", None),
        ("9" * 300, None),
        (None, None),
        (9195550123, None),
    ],
)
def test_normalise_phone(text, expected):
    assert normalise_phone(text) == expected


def test_the_region_decides_numbers_without_a_country_code():
    assert normalise_phone("020 7946 0958", region="GB") == "+442079460958"
    assert normalise_phone("020 7946 0958") is None


@pytest.mark.parametrize(
    ("e164", "expected"),
    [
        ("+19195550123", "919-555-0123"),
        ("+18667977962", "866-797-7962"),
        ("+442079460958", "+44 20 7946 0958"),
        ("not a number", "not a number"),
    ],
)
def test_display_phone(e164, expected):
    assert display_phone(e164) == expected
