"""What the intake form accepts as a time: offered labels, free text, and its own stored slots."""

import pytest

from bot.intake.availability import UTC
from bot.intake.scheduling import Scheduler
from tests.intake.conftest import NOW, local


@pytest.fixture
def scheduler(availability, intake_store) -> Scheduler:
    return Scheduler(availability, intake_store)


def test_an_offered_label_is_taken_exactly(scheduler):
    first = scheduler.offers(NOW)[0]
    proposal = scheduler.propose(scheduler.label(first), NOW)
    assert proposal is not None and proposal.exact and proposal.slot == first


def test_a_stored_free_slot_is_taken_exactly(scheduler):
    """After a race the booking step stores the next free slot (ISO, UTC) and the form validates
    that value again: it must be accepted as it is, not read as free text."""
    second = scheduler.offers(NOW)[1]
    proposal = scheduler.propose(second.astimezone(UTC).isoformat(), NOW)
    assert proposal is not None and proposal.exact and proposal.slot == second


@pytest.mark.parametrize(
    "stored",
    [
        local(2026, 3, 5, 3, 0),  # 3 AM: outside intake hours
        local(2026, 3, 3, 10, 0),  # yesterday
    ],
)
def test_a_stored_slot_that_is_not_free_is_not_taken_as_is(scheduler, stored):
    proposal = scheduler.propose(stored.astimezone(UTC).isoformat(), NOW)
    assert proposal is None or proposal.slot != stored


def test_a_taken_slot_is_not_offered_again(scheduler, intake_store, make_request):
    first = scheduler.offers(NOW)[0]
    intake_store.book(make_request(slot=first))
    proposal = scheduler.propose(first.astimezone(UTC).isoformat(), NOW)
    assert proposal is None or proposal.slot != first
    assert first not in scheduler.offers(NOW, n=5)
