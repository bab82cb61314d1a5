"""Data minimisation: every way a flow ends leaves none of its personal or health data in slots.

A full conversation's slots (triage answers, intake details, summary) go into each ending
action; what the action's events leave behind is checked slot by slot.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

import actions.intake as intake
from actions.intake import FORM_SLOTS, ActionBookIntake
from actions.privacy import ActionDeleteChat, ActionEndFlow, ActionRestartFlow
from actions.triage import ANSWER_SLOTS, ActionRecommendProgram
from bot.intake.store import IntakeStore
from tests.actions.test_intake import confirmed_request
from tests.support.trackers import tracker_for

TRIAGE = {
    "triage_danger": "no",
    "triage_withdrawal": "no",
    "triage_duration": "about 6 years",
    "triage_prior_treatment": "did outpatient but relapsed",
    "triage_co_occurring": "depression",
    "triage_home_safe": "yes",
    "triage_time_available": "yes",
}
ABOUT = {"person": "loved_one", "for_whom": "my son", "triage_summary": "6 years; depression"}
EVERYTHING = (*ANSWER_SLOTS, *FORM_SLOTS, *ABOUT)


def slots_after(action: Action, slots: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The slots after the action's events, and the responses it sent."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_for("inform", slots=slots), {}))
    after = dict(slots)
    after.update({e["name"]: e["value"] for e in events if e["event"] == "slot"})
    return after, [m.get("response") for m in dispatcher.messages]


def full_conversation(store: IntakeStore, **overrides: Any) -> dict[str, Any]:
    return {**TRIAGE, **ABOUT, **confirmed_request(store), **overrides}


@pytest.mark.parametrize(
    ("ending", "action", "overrides", "cleared"),
    [
        ("triage result", ActionRecommendProgram(), {}, ANSWER_SLOTS),
        ("stop / crisis / hand-off", ActionEndFlow(), {}, (*ANSWER_SLOTS, *FORM_SLOTS)),
        ("booked", ActionBookIntake(), {}, (*FORM_SLOTS, "triage_summary")),
        ("no consent", ActionBookIntake(), {"intake_consent": False}, FORM_SLOTS),
        ("not confirmed", ActionBookIntake(), {"intake_confirmed": False}, FORM_SLOTS),
        ("start over", ActionRestartFlow(), {}, EVERYTHING),
        ("delete my chat", ActionDeleteChat(), {}, EVERYTHING),
    ],
)
def test_a_flow_ending_clears_its_personal_slots(store, ending, action, overrides, cleared):
    after, _ = slots_after(action, full_conversation(store, **overrides))
    left = {slot: after[slot] for slot in cleared if after.get(slot) is not None}
    assert left == {}, f"{ending} leaves {sorted(left)}"


def test_a_booking_that_cannot_be_stored_forgets_the_details_too(store, monkeypatch, tmp_path):
    (tmp_path / "a-file").write_text("")
    broken = IntakeStore(f"sqlite:///{tmp_path / 'a-file' / 'intake.db'}")  # cannot be created
    monkeypatch.setattr(intake, "intake_store", lambda: broken)
    after, responses = slots_after(ActionBookIntake(), full_conversation(store))
    assert responses == ["utter_intake_unavailable"]
    assert {slot: after[slot] for slot in FORM_SLOTS if after[slot] is not None} == {}


def test_delete_my_chat_leaves_the_form_and_says_so():
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        ActionDeleteChat().run(
            dispatcher, tracker_for("delete_chat", active_loop="intake_form"), {}
        )
    )
    assert events[0] == {"event": "active_loop", "name": None, "timestamp": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_chat_deleted"]
