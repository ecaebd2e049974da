"""docs/curators.md: an example per layout that validates, and pictures that are what `export` makes of
those examples now (docs/images/make_images.py), so the guide cannot go stale unnoticed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pytest
import yaml

from kiosk.content.loader import load_pack
from kiosk.content.schema import LAYOUTS
from kiosk.locations import program_root

sys.path.insert(0, str(program_root() / "docs" / "images"))
import make_images

GUIDE = program_root() / "docs" / "curators.md"
# The pictures are compared as 4×4-pixel block averages, so that another rasteriser's anti-aliasing (a few
# edge pixels per glyph) stays under CHANGED_LEVEL, while one comma added to a title moves whole words and
# changes about 0.9 % of the blocks (measured): CHANGED_SHARE lies well between the two.
BLOCK = 4
CHANGED_LEVEL = 16  # 0-255, in some channel
CHANGED_SHARE = 0.002


def pixels(path: Path) -> np.ndarray:
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    assert not image.isNull(), path
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width(), :3].astype(np.float32)


def blocks(picture: np.ndarray) -> np.ndarray:
    height, width, channels = picture.shape
    cut = picture[: height // BLOCK * BLOCK, : width // BLOCK * BLOCK]
    return cut.reshape(height // BLOCK, BLOCK, width // BLOCK, BLOCK, channels).mean(axis=(1, 3))


@pytest.fixture(scope="module")
def examples() -> dict[str, str]:
    return make_images.guide_examples(GUIDE.read_text(encoding="utf-8"))


def test_the_guide_has_an_example_and_a_picture_for_every_layout(examples: dict[str, str]) -> None:
    assert list(examples) == list(LAYOUTS)
    text = GUIDE.read_text(encoding="utf-8")
    for layout in LAYOUTS:
        assert yaml.safe_load(examples[layout])["layout"] == layout
        assert f"](images/{layout}.png)" in text
        assert (make_images.IMAGES / f"{layout}.png").is_file()


def test_every_example_validates_against_the_schema_and_with_validate(
        tmp_path: Path, examples: dict[str, str], shipped_schemas: dict[str, Any]) -> None:
    validator = jsonschema.Draft7Validator(shipped_schemas["screen"])
    for layout, body in examples.items():
        assert [error.message for error in validator.iter_errors(yaml.safe_load(body))] == [], layout
    result = load_pack(make_images.write_example_pack(examples, tmp_path / "pack"))
    assert result.ok and result.problems == [], [str(p) for p in result.problems]


def test_the_guide_pictures_are_what_export_makes_of_the_examples_now(qapp, tmp_path: Path) -> None:
    made = make_images.make_images(tmp_path / "images")
    assert list(made) == list(LAYOUTS)
    for layout, fresh in made.items():
        committed = make_images.IMAGES / f"{layout}.png"
        old, new = pixels(committed), pixels(fresh)
        assert old.shape == new.shape == (make_images.SIZE[1], make_images.SIZE[0], 3), layout
        changed = float((np.abs(blocks(old) - blocks(new)).max(axis=2) > CHANGED_LEVEL).mean())
        assert changed < CHANGED_SHARE, f"{committed} is stale ({changed:.2%} of it changed): run make docs-images"
