"""The program's own words (not content): hints, button labels and what screen readers say,
in every language we ship.

Content texts live in the content pack; these are the few strings the engine itself shows.
An unknown language falls back to English (a third language needs no code: its content
texts come from the pack, and these fall back until someone adds them here).

French follows French typography: ’ for the apostrophe, « » with no-break spaces inside,
and a no-break space before : (U+00A0) and before ; ! ? (narrow, U+202F).
"""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, str]] = {
    "tap_number": {"en": "Tap a number to explore", "fr": "Touchez un numéro pour explorer"},
    "tap_event": {"en": "Tap a date for the story", "fr": "Touchez une date pour en savoir plus"},
    "tap_region": {"en": "Tap a member for details", "fr": "Touchez un membre pour en savoir plus"},
    "tap_place": {"en": "Tap a place for details", "fr": "Touchez un lieu pour en savoir plus"},
    "close": {"en": "Close", "fr": "Fermer"},
    "close_help": {"en": "Closes the details", "fr": "Ferme les détails"},
    "previous": {"en": "Previous screen", "fr": "Écran précédent"},
    "previous_help": {"en": "Goes back one screen", "fr": "Revient à l’écran précédent"},
    "next": {"en": "Next screen", "fr": "Écran suivant"},
    "next_help": {"en": "Goes on to the next screen", "fr": "Passe à l’écran suivant"},
    "screen_dot": {"en": "Screen {n} of {count}: {title}", "fr": "Écran {n} sur {count}\u00a0: {title}"},
    "screen_dot_help": {"en": "Shows this screen", "fr": "Affiche cet écran"},
    "language_help": {"en": "Shows the exhibit in this language", "fr": "Affiche l’exposition dans cette langue"},
    "hotspot_help": {"en": "Shows what this part does", "fr": "Explique le rôle de cet élément"},
    "region_help": {"en": "Shows this member’s part in ITER", "fr": "Présente la contribution de ce membre"},
    "place_help": {"en": "Shows details about this place", "fr": "Donne des détails sur ce lieu"},
    "event_help": {"en": "Tells the story of this date", "fr": "Raconte ce qui s’est passé à cette date"},
    "scenario_help": {"en": "Plays this pulse on the chart", "fr": "Montre cette impulsion sur le graphique"},
    "comparison_help": {"en": "Shows the comparison on the chart", "fr": "Affiche la comparaison sur le graphique"},
    # the accessibility button and its panel
    "access": {"en": "Accessibility", "fr": "Accessibilité"},
    "access_help": {"en": "Large text, high contrast and less motion",
                    "fr": "Grands caractères, contraste élevé et animations réduites"},
    "large_text": {"en": "Large text", "fr": "Grands caractères"},
    "large_text_help": {"en": "Makes every text larger", "fr": "Agrandit tous les textes"},
    "high_contrast": {"en": "High contrast", "fr": "Contraste élevé"},
    "high_contrast_help": {"en": "Stronger colours, easier to read", "fr": "Des couleurs plus franches, plus lisibles"},
    "reduced_motion": {"en": "Reduce motion", "fr": "Réduire les animations"},
    "reduced_motion_help": {"en": "No sliding screens; charts appear complete",
                            "fr": "Pas d’écrans qui glissent\u202f; graphiques affichés en entier"},
    "setting_state": {"en": "{name}: {state}", "fr": "{name}\u00a0: {state}"},
    "on": {"en": "on", "fr": "activé"},
    "off": {"en": "off", "fr": "désactivé"},
    "close_panel_help": {"en": "Closes the accessibility settings", "fr": "Ferme les réglages d’accessibilité"},
    # shown when no content can be shown: both languages at once (the visitor's is unknown)
    "back_soon": {"en": "This exhibit will be back soon.", "fr": "Cette exposition revient bientôt."},
}


def tr(key: str, language: str, **values: object) -> str:
    entry = CATALOGUE[key]
    text = entry.get(language) or entry["en"]
    return text.format(**values) if values else text
