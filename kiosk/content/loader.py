"""Loading a content pack: exhibit.yaml, the fact register and one file per screen.

`load_pack` never raises for bad content: it returns the exhibit (or None) and every
problem found, each with its file, line and column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.content.contrast import contrast_ratio
from kiosk.content.facts import load_facts
from kiosk.content.mapdata import MapDataError, load_map
from kiosk.content.model import AttractSettings, Exhibit, Fact, Screen, Theme
from kiosk.content.paths import PathRefused, resolve_reference
from kiosk.content.problems import Problem, has_errors
from kiosk.content.reader import ID_PATTERN, INVALID, LANGUAGE_PATTERN, Reader, did_you_mean
from kiosk.content.schema import EXHIBIT, LAYOUTS
from kiosk.content.yamlsource import YamlDocument, read_yaml

EXHIBIT_FILE = "exhibit.yaml"
SCREENS_DIR = "screens"
MIN_CONTRAST = 4.5


@dataclass
class LoadResult:
    exhibit: Exhibit | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.exhibit is not None and not has_errors(self.problems)


def _chart_builder() -> Any:
    try:
        from kiosk.charts.spec import build_chart
    except ImportError:
        return None
    return build_chart


def load_pack(pack_dir: Path | str) -> LoadResult:
    pack = Path(pack_dir)
    exhibit_path = pack / EXHIBIT_FILE
    if not pack.is_dir():
        return LoadResult(None, [Problem(pack, 0, 0, "content folder not found")])
    if not exhibit_path.is_file():
        return LoadResult(None, [Problem(exhibit_path, 0, 0, f"a content pack needs an {EXHIBIT_FILE}")])
    doc, problems = read_yaml(exhibit_path)
    if doc is None:
        return LoadResult(None, problems)
    if not isinstance(doc.value, Mapping):
        problems.append(doc.problem((), f"{EXHIBIT_FILE} must be a mapping of keys such as title and screens"))
        return LoadResult(None, problems)
    return _PackLoader(pack, doc, problems).load()


class _PackLoader:
    def __init__(self, pack: Path, doc: YamlDocument, problems: list[Problem]) -> None:
        self.pack = pack
        self.doc = doc
        self.problems = problems

    def load(self) -> LoadResult:
        languages, default_language = self._languages()
        facts = self._facts()
        reader = Reader(self.doc, self.pack, languages, default_language, facts, self.problems)
        settings = reader.record(EXHIBIT, self.doc.value)
        if settings is INVALID:
            # Still check the screens, so one run of `validate` lists every problem.
            raw_order = self.doc.value.get("screens")
            if isinstance(raw_order, list):
                ids = tuple(s for s in raw_order if isinstance(s, str) and ID_PATTERN.match(s))
                self._screens(ids, languages, default_language, facts)
            return LoadResult(None, self.problems)
        assert isinstance(settings, dict)
        order: tuple[str, ...] = settings["screens"]
        screens = self._screens(order, languages, default_language, facts)
        theme: Theme = settings.get("theme") or Theme()
        attract: AttractSettings = settings.get("attract") or AttractSettings(screens=order)
        self._check_attract(attract, order)
        self._check_contrast(theme)
        if has_errors(self.problems) or len(screens) != len(order):
            return LoadResult(None, self.problems)
        exhibit = Exhibit(
            title=settings["title"], version=settings["version"], languages=tuple(languages),
            default_language=default_language, theme=theme, screens=tuple(screens),
            attract=attract if attract.screens else AttractSettings(
                attract.after_seconds, order, attract.seconds_per_screen, attract.call_to_action),
            transition_ms=settings.get("transition_ms", 350), root=self.pack, facts=facts,
        )
        return LoadResult(exhibit, self.problems)

    # --- exhibit.yaml --------------------------------------------------------------
    def _languages(self) -> tuple[list[str], str]:
        raw = self.doc.value.get("languages")
        languages = [lang for lang in raw if isinstance(lang, str) and LANGUAGE_PATTERN.match(lang)] \
            if isinstance(raw, list) else []
        languages = list(dict.fromkeys(languages)) or ["en"]
        default = self.doc.value.get("default_language")
        if isinstance(default, str) and default not in languages:
            self.problems.append(self.doc.problem(("default_language",), f"default_language '{default}' is not "
                                                  f"in languages ({', '.join(languages)})"))
        return languages, default if default in languages else languages[0]

    def _facts(self) -> dict[str, Fact]:
        reference = self.doc.value.get("facts")
        if not isinstance(reference, str):
            return {}
        try:
            path = resolve_reference(reference, self.pack)
        except PathRefused:
            return {}  # the reader reports it where the path is written
        if not path.is_file():
            self.problems.append(self.doc.problem(("facts",), f"fact register not found: {reference}"))
            return {}
        facts, problems = load_facts(path)
        self.problems.extend(problems)
        return facts

    def _check_attract(self, attract: AttractSettings, order: tuple[str, ...]) -> None:
        for index, screen_id in enumerate(attract.screens):
            if screen_id not in order:
                self.problems.append(self.doc.problem(("attract", "screens", index), f"attract screen '{screen_id}' "
                                                      f"is not in the screen order{did_you_mean(screen_id, order)}"))

    def _check_contrast(self, theme: Theme) -> None:
        for name in ("text", "muted"):
            for ground in ("background", "surface"):
                ratio = contrast_ratio(getattr(theme, name), getattr(theme, ground))
                if ratio < MIN_CONTRAST:
                    self.problems.append(self.doc.problem(("theme", name), f"theme colour '{name}' on '{ground}' has "
                                                          f"a contrast of {ratio:.1f}:1; text needs at least "
                                                          f"{MIN_CONTRAST}:1"))
        self._check_high_contrast(theme)

    def _check_high_contrast(self, theme: Theme) -> None:
        """The visitors' high-contrast theme (derived, or set in theme: high_contrast:) needs 7:1."""
        from kiosk.accessibility import HIGH_CONTRAST, contrast_problems, high_contrast_theme

        for name, ground, ratio in contrast_problems(high_contrast_theme(theme), HIGH_CONTRAST):
            given = theme.high_contrast
            key = name if given is not None and getattr(given, name) is not None else ground
            self.problems.append(self.doc.problem(("theme", "high_contrast", key), f"high-contrast colour '{name}' "
                                                  f"on '{ground}' has a contrast of {ratio:.1f}:1; the high-contrast "
                                                  f"theme needs at least {HIGH_CONTRAST:g}:1"))

    # --- screens -------------------------------------------------------------------
    def _screens(self, order: tuple[str, ...], languages: list[str], default_language: str,
                 facts: dict[str, Fact]) -> list[Screen]:
        screens: list[Screen] = []
        seen: set[str] = set()
        for index, screen_id in enumerate(order):
            if screen_id in seen:
                self.problems.append(self.doc.problem(("screens", index), f"screen '{screen_id}' is listed twice"))
                continue
            seen.add(screen_id)
            screen = self._screen(screen_id, index, languages, default_language, facts, order)
            if screen is not None:
                screens.append(screen)
        self._unlisted_files(seen)
        return screens

    def _screen(self, screen_id: str, index: int, languages: list[str], default_language: str,
                facts: dict[str, Fact], order: tuple[str, ...]) -> Screen | None:
        reference = f"{SCREENS_DIR}/{screen_id}.yaml"
        try:
            path = resolve_reference(reference, self.pack)
        except PathRefused as exc:
            self.problems.append(self.doc.problem(("screens", index), str(exc)))
            return None
        if not path.is_file():
            available = sorted(p.stem for p in (self.pack / SCREENS_DIR).glob("*.yaml"))
            self.problems.append(self.doc.problem(("screens", index), f"screen '{screen_id}' has no file {reference}"
                                                  f"{did_you_mean(screen_id, available)}"))
            return None
        doc, problems = read_yaml(path)
        self.problems.extend(problems)
        if doc is None:
            return None
        if not isinstance(doc.value, Mapping):
            self.problems.append(doc.problem((), "a screen file must be a mapping with layout, title and the "
                                             "layout's fields"))
            return None
        layout = doc.value.get("layout")
        if layout not in LAYOUTS:
            message = "the screen has no 'layout'" if layout is None else \
                f"unknown layout '{layout}'{did_you_mean(str(layout), list(LAYOUTS))}"
            self.problems.append(doc.problem(("layout",), f"{message}; layouts are {', '.join(LAYOUTS)}"))
            return None
        reader = Reader(doc, self.pack, languages, default_language, facts, self.problems, _chart_builder())
        fields = reader.record(LAYOUTS[layout], doc.value)
        if fields is INVALID:
            return None
        assert isinstance(fields, dict)
        screen = Screen(id=screen_id, source_file=path, **fields)
        return screen if self._check_map(screen, doc) else None

    def _check_map(self, screen: Screen, doc: YamlDocument) -> bool:
        if screen.map is None:
            return True
        try:
            data = load_map(screen.map.path)
        except MapDataError as exc:
            self.problems.append(doc.problem(("map", "src"), str(exc)))
            return False
        ok = True
        for r_index, region in enumerate(screen.regions):
            for c_index, code in enumerate(region.countries):
                if code not in data.countries:
                    self.problems.append(doc.problem(("regions", r_index, "countries", c_index),
                                                     f"country '{code}' is not in {screen.map.src}"
                                                     f"{did_you_mean(code, list(data.countries))}"))
                    ok = False
        view = screen.map.view
        if view.west >= view.east or view.south >= view.north:
            self.problems.append(doc.problem(("map", "view"), "the map view needs west < east and south < north"))
            ok = False
        return ok

    def _unlisted_files(self, listed: set[str]) -> None:
        for path in sorted((self.pack / SCREENS_DIR).glob("*.yaml")):
            if path.stem not in listed:
                self.problems.append(Problem(path, 0, 0, f"screen file is not in the screen order of {EXHIBIT_FILE}",
                                             "warning"))

