"""The program's own words (not content): hints and button labels, in every language we ship.

Content texts live in the content pack; these are the few strings the engine itself shows.
An unknown language falls back to English.
"""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, str]] = {
    "tap_number": {"en": "Tap a number to explore", "fr": "Touchez un numéro pour explorer"},
    "tap_event": {"en": "Tap a date for the story", "fr": "Touchez une date pour en savoir plus"},
    "tap_region": {"en": "Tap a member for details", "fr": "Touchez un membre pour en savoir plus"},
    "tap_place": {"en": "Tap a place for details", "fr": "Touchez un lieu pour en savoir plus"},
    "close": {"en": "Close", "fr": "Fermer"},
    "previous": {"en": "Previous screen", "fr": "Écran précédent"},
    "next": {"en": "Next screen", "fr": "Écran suivant"},
}


def tr(key: str, language: str) -> str:
    entry = CATALOGUE[key]
    return entry.get(language) or entry["en"]
