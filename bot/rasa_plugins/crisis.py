"""NLU component: the deterministic crisis check, run on every message after the classifiers.

The check (`bot.safety.detector`) gives each message a tier, and this component makes the
classifiers' output say it:

- **danger now**: the intent becomes `crisis` with confidence 1.0, whatever the ML classifier
  thought (its ranking is kept after `crisis`, so a question asked in the same message can
  still be answered after the numbers); a `crisis_kind` entity says which danger (overdose,
  medical, self_harm, violence) so the reply can put the right number first, and a
  `crisis_language` entity (en / es: the patterns file that matched) picks its language.
- **risk mentioned, not now** (a past overdose, a denial, a figure of speech): the classifier's
  own `crisis` guess is taken out, so the question is answered. What is left of the ranking is
  rescaled to sum to 1, and if its top falls below the FallbackClassifier's
  threshold (the same number, `fallback_threshold`) the intent is `nlu_fallback`, as that
  classifier would have said. When it is the person's own past, a `risk_mentioned` entity
  (`own`) and `crisis_language` ask the answer for one calm closing line (actions/answers.py).
  When the patterns found nothing and the check's learned back-up fired (bot/safety/backstop.py)
  no kind is known: only `crisis_language` is set, and the reply gives 911 and 988 together.
- **none**: the classifier's `crisis` intent, if any, still stands as a second back-up: when
  the rules find no risk words at all, a missed crisis is worse than an extra message. No kind
  is known, so the reply gives 911 and 988 together (domain.yml); `crisis_language` is the
  message's likely language.
"""

from __future__ import annotations

from typing import Any

import spacy
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.safety.detector import CrisisDetector
from bot.safety.models import (
    CRISIS_KIND_ENTITY,
    CRISIS_LANGUAGE_ENTITY,
    OWN_PAST,
    RISK_MENTIONED_ENTITY,
    CrisisSignal,
    Tier,
)
from bot.safety.normalise import likely_language

CRISIS_INTENT = "crisis"
OURS = (CRISIS_KIND_ENTITY, CRISIS_LANGUAGE_ENTITY, RISK_MENTIONED_ENTITY)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisOverride(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"model": "build/spacy/en_ccr", "fallback_threshold": 0.5}

    def __init__(self, detector: CrisisDetector, fallback_threshold: float = 0.5) -> None:
        self.detector = detector
        self.fallback_threshold = fallback_threshold

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisOverride:
        return cls(CrisisDetector(spacy.load(config["model"])), float(config["fallback_threshold"]))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._check(message)
        return messages

    def _check(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        signal = self.detector.assess(text)
        if signal is None:
            if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == CRISIS_INTENT:
                _set_entities(message, {CRISIS_LANGUAGE_ENTITY: likely_language(text)})
            return
        if signal.tier is Tier.DANGER_NOW:
            self._danger_now(message, signal)
        else:
            self._not_now(message, signal)

    def _danger_now(self, message: Message, signal: CrisisSignal) -> None:
        crisis = {INTENT_NAME_KEY: CRISIS_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
        message.set(INTENT, crisis, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [crisis, *_without_crisis(message)], add_to_output=True)
        values = {CRISIS_LANGUAGE_ENTITY: signal.language}
        if signal.kind is not None:  # None: the learned back-up, no kind known (911 and 988)
            values[CRISIS_KIND_ENTITY] = signal.kind.value
        _set_entities(message, values)

    def _not_now(self, message: Message, signal: CrisisSignal) -> None:
        intent = message.get(INTENT) or {}
        if intent.get(INTENT_NAME_KEY) == CRISIS_INTENT or any(
            r.get(INTENT_NAME_KEY) == CRISIS_INTENT for r in message.get(INTENT_RANKING_KEY) or []
        ):
            ranking = _rescaled(message)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            top = ranking[0] if ranking else None
            if top is None or top[PREDICTED_CONFIDENCE_KEY] < self.fallback_threshold:
                top = {
                    INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME,
                    PREDICTED_CONFIDENCE_KEY: self.fallback_threshold,
                }
            message.set(INTENT, dict(top), add_to_output=True)
        if signal.own:
            _set_entities(
                message, {RISK_MENTIONED_ENTITY: OWN_PAST, CRISIS_LANGUAGE_ENTITY: signal.language}
            )


def _without_crisis(message: Message) -> list[dict[str, Any]]:
    return [
        r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != CRISIS_INTENT
    ]


def _rescaled(message: Message) -> list[dict[str, Any]]:
    """The ranking without `crisis` and without nlu_fallback, each confidence divided by what
    is left: what the classifier thinks, given that this is not a crisis."""
    rest = [
        r
        for r in _without_crisis(message)
        if r.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME
    ]
    total = sum(float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0) for r in rest)
    if total <= 0:
        return rest
    return [
        {**r, PREDICTED_CONFIDENCE_KEY: float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0) / total}
        for r in rest
    ]


def _set_entities(message: Message, values: dict[str, str]) -> None:
    entities = [e for e in message.get(ENTITIES) or [] if e.get(ENTITY_ATTRIBUTE_TYPE) not in OURS]
    for entity, value in values.items():
        entities.append(
            {
                ENTITY_ATTRIBUTE_TYPE: entity,
                ENTITY_ATTRIBUTE_VALUE: value,
                EXTRACTOR: CrisisOverride.__name__,
            }
        )
    message.set(ENTITIES, entities, add_to_output=True)
