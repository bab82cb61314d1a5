"""A speed fix for Rasa 3.6, installed in the Rasa server process (bot/rasa_plugins/__init__.py).

Rasa checks every action-server response with `jsonschema.validate`, which first validates the
schema itself and builds a new validator on every call. Under load that was a quarter of the
Rasa server's busy time (py-spy during `make bench`, README "Measured numbers"). Here the
validator is built once; a valid response is accepted exactly as before, and an invalid one goes
to Rasa's own method, so it fails with Rasa's own error.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

_rasa_validate = RemoteAction._validate_action_result


@lru_cache(maxsize=1)
def _response_validator() -> Validator:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    if _response_validator().is_valid(result):
        return True
    return _rasa_validate(self, result)  # raises Rasa's ValidationError


def install() -> None:
    """Idempotent."""
    RemoteAction._validate_action_result = _validate_action_result
