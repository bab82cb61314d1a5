"""NLU component: the deterministic crisis check, run on every message after the classifiers.

When `bot.safety` finds a sign of danger, the message's intent becomes `crisis` with
confidence 1.0, whatever the ML classifier thought (its ranking is kept after `crisis`, so a
question asked in the same message can still be answered), and a `crisis_kind` entity says
which danger (overdose, medical, self_harm, violence) so the reply can put the right number
first; a `crisis_language` entity (en / es: the patterns file that matched) picks its language.
"""

from __future__ import annotations

from typing import Any

import spacy
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
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

from bot.safety import CrisisDetector

CRISIS_INTENT = "crisis"
CRISIS_KIND_ENTITY = "crisis_kind"
CRISIS_LANGUAGE_ENTITY = "crisis_language"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisOverride(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"model": "build/spacy/en_ccr"}

    def __init__(self, detector: CrisisDetector) -> None:
        self.detector = detector

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisOverride:
        return cls(CrisisDetector(spacy.load(config["model"])))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._check(message)
        return messages

    def _check(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        signal = self.detector.detect(text)
        if signal is None:
            return
        ranking = [
            r
            for r in message.get(INTENT_RANKING_KEY) or []
            if r.get(INTENT_NAME_KEY) != CRISIS_INTENT
        ]
        crisis = {INTENT_NAME_KEY: CRISIS_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
        message.set(INTENT, crisis, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [crisis, *ranking], add_to_output=True)
        ours = (CRISIS_KIND_ENTITY, CRISIS_LANGUAGE_ENTITY)
        entities = [
            e for e in message.get(ENTITIES) or [] if e.get(ENTITY_ATTRIBUTE_TYPE) not in ours
        ]
        for entity, value in zip(ours, (signal.kind.value, signal.language)):
            entities.append(
                {
                    ENTITY_ATTRIBUTE_TYPE: entity,
                    ENTITY_ATTRIBUTE_VALUE: value,
                    EXTRACTOR: type(self).__name__,
                }
            )
        message.set(ENTITIES, entities, add_to_output=True)
