"""Intake scheduling: phone numbers, the center's intake hours, free-text times, the booking store,
the staff notification webhook and the staff command (`python -m bot.intake`).

Nothing here imports Rasa; the intake form's actions call these modules.
"""
