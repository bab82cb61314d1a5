"""The action-response check builds its validator once and still accepts and refuses exactly
what Rasa does."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import bot.rasa_plugins  # noqa: F401 - installs the fix, as the Rasa server does
from bot.rasa_plugins import speedups

VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "person", "value": "self"}], "responses": [{}]},
    {},
]
INVALID = [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"responses": [42]},
]


def test_the_fix_is_installed_in_the_rasa_process():
    assert RemoteAction._validate_action_result is speedups._validate_action_result


@pytest.mark.parametrize("result", VALID)
def test_a_valid_response_is_accepted(result):
    assert RemoteAction("action_x", None)._validate_action_result(result) is True
    assert speedups._rasa_validate(RemoteAction("action_x", None), result) is True


@pytest.mark.parametrize("result", INVALID)
def test_an_invalid_response_fails_with_rasas_own_error(result):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        RemoteAction("action_x", None)._validate_action_result(result)
