"""Each module projected as slides (RISE in the trainer's JupyterLab), with nothing loaded from the internet.

Which cells open a slide is part of each module's source (slideshow metadata: the title and every « ## N.k »
section).  In the browser, every request that leaves the machine is refused and recorded: the slideshow of
each module must build from the server alone, with one slide per marked cell, and answer the arrow keys.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted((ROOT / "course").glob("0*.ipynb"))


def _slides(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum(1 for c in nb.cells if c.metadata.get("slideshow", {}).get("slide_type") == "slide")


def test_every_module_marks_its_slides_in_its_source():
    for path in MODULES:
        nb = nbformat.read(path, as_version=4)
        assert nb.cells[0].metadata["slideshow"]["slide_type"] == "slide", path.name
        for cell in nb.cells:
            sections = re.findall(r"^## .+$", cell.source, re.M) if cell.cell_type == "markdown" else []
            if sections:  # a section opens its own slide: it is the first line of a cell marked « slide »
                assert len(sections) == 1 and cell.source.startswith("## "), (path.name, sections)
                assert cell.metadata.get("slideshow", {}).get("slide_type") == "slide", (path.name, cell.source[:40])
        assert nb.metadata["rise"]["scroll"] is True  # long sections scroll instead of overflowing the screen


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_module_opens_as_slides_offline(path, trainer_page, trainer_server, screenshot):
    outside: list[str] = []

    def guard(route):
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    trainer_page.route("**/*", guard)
    trainer_page.goto(f"{trainer_server.url}/rise/course/{path.name}?token={trainer_server.token}")
    slides = trainer_page.locator(".reveal .slides > section")
    slides.first.wait_for(state="attached", timeout=60_000)
    trainer_page.wait_for_function(f"document.querySelectorAll('.reveal .slides > section').length >= {_slides(path)}",
                                   timeout=60_000)
    assert slides.count() == _slides(path)
    present = trainer_page.locator(".reveal .slides > section.present")
    present.wait_for(state="visible", timeout=30_000)
    title = nbformat.read(path, as_version=4).cells[0].source.splitlines()[0].lstrip("# ").strip()
    assert present.count() == 1 and " ".join(present.locator("h1").first.text_content().split()).rstrip("¶") == title
    trainer_page.keyboard.press("ArrowRight")
    trainer_page.wait_for_function(
        "Array.from(document.querySelectorAll('.reveal .slides > section')).indexOf("
        "document.querySelector('.reveal .slides > section.present')) === 1", timeout=10_000)
    assert not outside, f"requêtes vers l'extérieur : {outside[:3]}"
    screenshot(trainer_page, f"diapos_{path.stem}")
