"""The curators' guide's screenshots, docs/images/<layout>.png, made by `export` from the guide's own examples.

docs/curators.md shows one example screen per layout: a ```yaml block right after a line
`<!-- example: LAYOUT -->`. This script writes those examples into a copy of the bundled pack (as its
only screens), runs `export` on it at 960×540 in English, and copies each screen's PNG here. So the
pictures show exactly what the examples make, and tests/curator/test_guide.py fails when they are stale.

Run it after changing an example, a layout or the theme:

    make docs-images                 # or: QT_QPA_PLATFORM=offscreen python docs/images/make_images.py
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "curators.md"
IMAGES = Path(__file__).resolve().parent
SIZE = (960, 540)  # half of 1920×1080: the same layout, small enough for a page and for git
LANGUAGE = "en"
EXAMPLE = re.compile(r"<!-- example: (\w+) -->\s*\n```yaml\n(.*?)```", re.DOTALL)


def guide_examples(text: str) -> dict[str, str]:
    """{layout: the example screen's YAML}, in the guide's order."""
    return {layout: body for layout, body in EXAMPLE.findall(text)}


def screen_id(layout: str) -> str:
    return "example-" + layout.replace("_", "-")


def _find_kiosk() -> None:
    """Run as a script from a checkout without an installed kiosk, the package is beside docs/."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def write_example_pack(examples: dict[str, str], dest: Path) -> Path:
    """The bundled pack's exhibit.yaml (theme, languages, facts) with the examples as its screens."""
    _find_kiosk()
    from kiosk.locations import bundled_content_dir

    settings = yaml.safe_load((bundled_content_dir() / "exhibit.yaml").read_text(encoding="utf-8"))
    ids = [screen_id(layout) for layout in examples]
    settings["screens"] = ids
    settings.setdefault("attract", {})["screens"] = ids
    (dest / "screens").mkdir(parents=True)
    (dest / "exhibit.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for layout, body in examples.items():
        (dest / "screens" / f"{screen_id(layout)}.yaml").write_text(body, encoding="utf-8")
    return dest


def make_images(outdir: Path, guide: Path = GUIDE) -> dict[str, Path]:
    """Export the guide's examples and copy them to outdir/<layout>.png. Returns {layout: image}."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _find_kiosk()
    from kiosk.export import export_exhibit

    examples = guide_examples(guide.read_text(encoding="utf-8"))
    if not examples:
        raise SystemExit(f"{guide}: no '<!-- example: LAYOUT -->' followed by a ```yaml block")
    with tempfile.TemporaryDirectory(prefix="guide-images-") as scratch:
        pack = write_example_pack(examples, Path(scratch) / "pack")
        exported = Path(scratch) / "export"
        if export_exhibit(exported, pack, SIZE, LANGUAGE) != 0:
            raise SystemExit(f"{guide}: an example does not validate (see above)")
        outdir.mkdir(parents=True, exist_ok=True)
        images = {}
        for number, layout in enumerate(examples, start=1):
            images[layout] = outdir / f"{layout}.png"
            shutil.copyfile(exported / f"{number:02d}-{screen_id(layout)}.png", images[layout])
    return images


if __name__ == "__main__":
    for image in make_images(IMAGES).values():
        print(image)
