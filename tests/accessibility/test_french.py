"""French typography in every French text the exhibit shows: the content pack, the program's
catalogue and the chart's. A no-break space before : ; ! ? % » and units, after «; the
typographic apostrophe; French quotes; and every program string has its French."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import yaml

from kiosk.charts.view import CATALOGUE as CHART_CATALOGUE
from kiosk.i18n import CATALOGUE
from kiosk.locations import bundled_content_dir

NO_BREAK = "\u00a0\u202f"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
RULES = [
    (re.compile(rf"[^{NO_BREAK}]([:;!?»%])"), "needs a no-break space before '{0}'"),
    (re.compile(rf"(«)[^{NO_BREAK}]"), "needs a no-break space after '{0}'"),
    (re.compile(r"(')"), "uses a straight apostrophe: write ’"),
    (re.compile(r'(["“”]|<<|>>)'), "uses '{0}': French quotes are « »"),
    (re.compile(r"(?:\d|\}) (MW|GJ|MJ|ha|km|m|s|min|°C|tonnes|fois|millions?|bobines|secteurs|modules|cassettes)\b"),
     "needs a no-break space between a number and '{0}'"),
]


def french_of(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "fr" and isinstance(item, str):
                yield item
            else:
                yield from french_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from french_of(item)


def content_texts() -> list[tuple[str, str]]:
    texts = []
    for path in sorted(bundled_content_dir().rglob("*.yaml")):
        for text in french_of(yaml.safe_load(path.read_text(encoding="utf-8"))):
            texts.append((str(path.relative_to(bundled_content_dir())), text))
    return texts


def program_texts() -> list[tuple[str, str]]:
    return [(f"kiosk/i18n.py {key}", entry["fr"]) for key, entry in CATALOGUE.items()] + \
        [(f"kiosk/charts/view.py {key}", text) for key, text in CHART_CATALOGUE["fr"].items()]


def typography_problems(text: str) -> list[str]:
    bare = PLACEHOLDER.sub("0", text)  # {fact:...} and {n} are not French
    return [message.format(match.group(1)) for rule, message in RULES for match in rule.finditer(bare)]


@pytest.mark.parametrize("source", ["content", "program"])
def test_french_typography(source: str) -> None:
    texts = content_texts() if source == "content" else program_texts()
    assert len(texts) > (120 if source == "content" else 40)
    problems = [f"{where}: {problem}: {text!r}" for where, text in texts for problem in typography_problems(text)]
    assert not problems, "\n".join(problems)


def test_the_rules_catch_what_they_should() -> None:
    assert typography_problems("Illustration : équipe") == ["needs a no-break space before ':'"]
    assert typography_problems("le « chemin\u00a0»") == ["needs a no-break space after '«'"]
    assert typography_problems("l'énergie") == ["uses a straight apostrophe: write ’"]
    assert typography_problems("{fact:x} MW") == ["needs a no-break space between a number and 'MW'"]
    assert typography_problems("ITER\u00a0: {fact:vs_jet.factor}\u00a0fois\u202f!") == []


def test_every_program_string_has_its_french() -> None:
    assert [key for key, entry in CATALOGUE.items() if not entry.get("fr")] == []
    assert set(CHART_CATALOGUE["fr"]) == set(CHART_CATALOGUE["en"])
    changed = [key for key, entry in CATALOGUE.items() if entry["fr"] == entry["en"]]
    assert changed == [], "a French string that is the English one"


def test_the_content_typography_survives_in_the_model(exhibit) -> None:
    """The loader keeps the no-break spaces (YAML would not strip them, but a fact could add a plain one)."""
    title = exhibit.screen("cutaway").subtitle.get("fr")
    assert "23\u202f000\u00a0tonnes" in title
