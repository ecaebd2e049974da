"""Kiosk behaviours that observe the stage: attract and idle reset, lockdown, statistics."""
