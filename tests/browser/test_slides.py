"""Each module projected as slides (RISE in the trainer's JupyterLab), for a room of non-coders, offline.

Which cells open a slide is part of each module's source (slideshow metadata: the title and every « ## N.k »
section).  In the browser, every request that leaves the machine is refused and recorded: the slideshow of
each module must build from the server alone, with one slide per marked cell, and answer the arrow keys.
On every slide, no code cell shows its code (reseau-lab collapses them in the slideshow only, see
labextension/src/slides.ts) until the trainer clicks « Afficher le code »; the text is projector-sized, and
a widget run on a slide (module 3's rating tool) shows as sliders, enlarged, with its code still hidden.
"""

from __future__ import annotations

import json
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


def _code_by_slide(path: Path) -> list[list[str]]:
    """The sources of the code cells of each slide, in order (a cell marked « slide » opens the next one)."""
    slides: list[list[str]] = []
    for cell in nbformat.read(path, as_version=4).cells:
        if not slides or cell.metadata.get("slideshow", {}).get("slide_type") == "slide":
            slides.append([])
        if cell.cell_type == "code":
            slides[-1].append(cell.source)
    return slides


def test_learners_see_the_code_the_slideshow_hides():
    """The code is collapsed by the slideshow only: the modules keep no `source_hidden`, since learners read
    and edit the same notebooks (module 0 runs « la cellule grise », module 5 has `source = ...` edited)."""
    for path in MODULES:
        for cell in nbformat.read(path, as_version=4).cells:
            assert not cell.metadata.get("jupyter", {}).get("source_hidden"), (path.name, cell.source[:40])
    assert 'source = "exemple"' in (ROOT / "sources" / "course" / "05_ma_strategie.md").read_text(encoding="utf-8")


def test_the_slideshow_plugin_is_built_and_rise_still_fits_it():
    """What the browser tests rely on, checked without a browser: the prebuilt reseau-lab holds the slideshow
    plugin, its French label and the console stand-in; jupyterlab-rise's application is still named `Rise`
    (the plugin acts only there) and still lacks `@jupyterlab/console` (else drop the stand-in)."""
    import jupyterlab_rise

    prebuilt = ROOT / "labextension" / "prebuilt"
    bundle = "\n".join(p.read_text(encoding="utf-8") for p in (prebuilt / "static").glob("*.js"))
    for text in ("reseau-lab:diaporama", "Afficher le code", "reseau-diaporama",
                 'name:"@jupyterlab/console",version:"0.0.0"'):
        assert text in bundle, f"labextension/prebuilt est plus ancien que src/ : lancez make labextension ({text})"
    shared = json.loads((prebuilt / "package.json").read_text(encoding="utf-8"))["jupyterlab"]["sharedPackages"]
    assert shared["@jupyterlab/console"]["version"] == "0.0.0"
    rise = Path(jupyterlab_rise.__file__).parent / "static"
    rise_bundle = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in rise.glob("*.js"))
    assert 'this.name="Rise"' in rise_bundle
    assert '"@jupyterlab/console"' not in rise_bundle


def _open_slides(page, server, path: Path):
    """Open `path` as slides; return the present slide's locator once every code cell is collapsed."""
    page.goto(f"{server.url}/rise/course/{path.name}?token={server.token}")
    slides = page.locator(".reveal .slides > section")
    slides.first.wait_for(state="attached", timeout=60_000)
    page.wait_for_function(f"document.querySelectorAll('.reveal .slides > section').length >= {_slides(path)}",
                           timeout=60_000)
    present = page.locator(".reveal .slides > section.present")
    present.wait_for(state="visible", timeout=30_000)
    code_cells = sum(len(codes) for codes in _code_by_slide(path))
    page.wait_for_function(
        f"document.querySelectorAll('.jp-CodeCell .jp-InputPlaceholder').length === {code_cells}", timeout=30_000)
    return present


def _slide_index(page) -> int:
    return page.evaluate("Array.from(document.querySelectorAll('.reveal .slides > section')).indexOf("
                         "document.querySelector('.reveal .slides > section.present'))")


def _go_to(page, index: int) -> None:
    """Move to slide `index` with the arrow keys, as a trainer does."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    while (current := _slide_index(page)) != index:
        page.keyboard.press("ArrowRight" if current < index else "ArrowLeft")
        page.wait_for_function(
            "Array.from(document.querySelectorAll('.reveal .slides > section')).indexOf("
            f"document.querySelector('.reveal .slides > section.present')) === {current + (1 if current < index else -1)}",
            timeout=10_000)


def _run_first_code_cell(page, index: int) -> None:
    """Run the first code cell of slide `index` as the trainer does: Maj + Entrée on the selected cell (RISE
    selects a slide's first code cell; from the title, Maj + Entrée first moves to it)."""
    from playwright.sync_api import TimeoutError

    cell = page.locator(".reveal .slides > section").nth(index).locator(".jp-CodeCell").first
    notebook = page.locator(".jp-Notebook")
    active = "c => c.classList.contains('jp-mod-active')"
    try:
        page.wait_for_function(active, arg=cell.element_handle(), timeout=3_000)
    except TimeoutError:  # the title slide starts on its first cell, the title
        notebook.focus()
        page.keyboard.press("Shift+Enter")
        page.wait_for_function(active, arg=cell.element_handle(), timeout=5_000)
    notebook.focus()
    page.keyboard.press("Shift+Enter")  # runs it and selects the next cell
    page.wait_for_function("c => !c.classList.contains('jp-mod-active')", arg=cell.element_handle(), timeout=10_000)


def _assert_no_code_shown(present, codes: list[str], where: str) -> None:
    """No code cell of the present slide shows its code: each is collapsed, no editor is visible, and none of
    the code's lines is in the text its input area shows."""
    cells = present.locator(".jp-CodeCell")
    assert cells.count() == len(codes), where
    assert present.locator(".jp-CodeCell .jp-InputPlaceholder").count() == len(codes), where
    assert present.locator(".jp-CodeCell .jp-InputArea-editor:visible").count() == 0, where
    assert present.locator(".jp-CodeCell .cm-content:visible").count() == 0, where
    shown = "\n".join(cells.locator(".jp-Cell-inputWrapper").all_inner_texts())
    for code in codes:
        for line in filter(None, (line.strip() for line in code.splitlines())):
            assert line not in shown, f"{where} : code visible « {line} »"
    for label in cells.locator(".jp-InputPlaceholder").all():
        assert label.is_visible(), where  # the trainer's « Afficher le code »


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_module_opens_as_slides_offline_with_its_code_collapsed(path, trainer_page, trainer_server, screenshot):
    outside: list[str] = []

    def guard(route):
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    trainer_page.route("**/*", guard)
    present = _open_slides(trainer_page, trainer_server, path)
    assert trainer_page.locator(".reveal .slides > section").count() == _slides(path)
    title = nbformat.read(path, as_version=4).cells[0].source.splitlines()[0].lstrip("# ").strip()
    assert present.count() == 1 and " ".join(present.locator("h1").first.text_content().split()).rstrip("¶") == title
    # projector-sized text: about 2 % of the screen's width (14 px in a notebook)
    size = present.locator(".jp-MarkdownCell p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 24, size

    by_slide = _code_by_slide(path)
    for index, codes in enumerate(by_slide):
        _go_to(trainer_page, index)  # the first move is the arrow key from the title slide
        _assert_no_code_shown(present, codes, f"{path.stem}, diapositive {index}")
    assert not outside, f"requêtes vers l'extérieur : {outside[:3]}"

    # the trainer expands a cell: its code shows, the other cells of the slide stay collapsed
    index = max(i for i, codes in enumerate(by_slide) if codes)
    _go_to(trainer_page, index)
    cell = present.locator(".jp-CodeCell").first
    expander = cell.locator(".jp-InputPlaceholder .jp-Placeholder-content")
    assert expander.get_attribute("title") == "Afficher le code de cette cellule"  # its tooltip, in French
    expander.click()
    editor = cell.locator(".jp-InputArea-editor .cm-content")
    editor.wait_for(state="visible", timeout=10_000)
    assert by_slide[index][0].splitlines()[0].strip() in editor.inner_text()
    assert present.locator(".jp-CodeCell .jp-InputPlaceholder").count() == len(by_slide[index]) - 1
    screenshot(trainer_page, f"diapos_{path.stem}")


def test_a_widget_runs_on_its_slide_enlarged_with_its_code_hidden(trainer_page, trainer_server, screenshot):
    """Module 3: the trainer runs the cells with Maj + Entrée on the slides; the rating tool (3.6) shows its
    sliders and its result, enlarged for the room, while its code stays collapsed until expanded."""
    from playwright.sync_api import expect

    path = ROOT / "course" / "03_force_des_liens.ipynb"
    page = trainer_page
    present = _open_slides(page, trainer_server, path)
    rater = next(i for i, codes in enumerate(_code_by_slide(path)) if codes == ["TieRater()"])
    _run_first_code_cell(page, 0)  # the imports
    _go_to(page, rater)
    _run_first_code_cell(page, rater)
    slide = page.locator(".reveal .slides > section").nth(rater)
    slide.locator(".jp-CodeCell .widget-slider").first.wait_for(state="attached", timeout=60_000)
    _go_to(page, rater)  # running a cell selects the next one, on the next slide
    sliders = present.locator(".jp-CodeCell .widget-slider")
    sliders.first.wait_for(state="visible", timeout=10_000)
    assert sliders.count() == 4  # fréquence, intimité, émotion, réciprocité
    assert "Force du lien" in present.locator(".jp-CodeCell .jp-OutputArea").inner_text()
    assert "VBox(" not in present.inner_text()  # a widget, not its text
    _assert_no_code_shown(present, ["TieRater()"], "3.6 après exécution")
    zoom = sliders.first.evaluate("e => e.currentCSSZoom")
    assert zoom >= 1.25, zoom  # outputs enlarged for the room
    # the enlarged slider still follows the mouse: « Intimité » dragged to its right end reads 4
    intimacy = sliders.nth(1)
    handle = intimacy.locator(".noUi-handle").bounding_box()
    track = intimacy.locator(".noUi-target").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] + 20, handle["y"] + handle["height"] / 2, steps=8)
    page.mouse.up()
    readout = intimacy.locator(".widget-readout")
    page.wait_for_function("e => e.textContent.trim() === '4'", arg=readout.element_handle(), timeout=10_000)
    # the result under the sliders follows (computed by the kernel)
    expect(present.locator(".jp-CodeCell .jp-OutputArea")).to_contain_text(re.compile(r"Intimité\s*:\s*4\b"))
    screenshot(page, "diapo_widget_03")

    present.locator(".jp-InputPlaceholder .jp-Placeholder-content").click()
    editor = present.locator(".jp-CodeCell .jp-InputArea-editor .cm-content")
    editor.wait_for(state="visible", timeout=10_000)
    assert editor.inner_text().strip() == "TieRater()"
    assert sliders.first.is_visible()
    screenshot(page, "diapo_widget_03_code")
    # the blue bar at the cell's left folds it again
    present.locator(".jp-CodeCell .jp-Cell-inputCollapser").click()
    present.locator(".jp-CodeCell .jp-InputPlaceholder").wait_for(state="visible", timeout=10_000)
    _assert_no_code_shown(present, ["TieRater()"], "3.6 replié à nouveau")


def test_jupyterlab_keeps_its_own_console_beside_the_stand_in(trainer_page, trainer_server):
    """reseau-lab shares a `@jupyterlab/console` stand-in for RISE's slideshow (src/console.ts): in JupyterLab,
    the real one must still be the one used, so a widget still shows in a console (with the stand-in's token,
    ipywidgets would find no console tracker and print the widget as text)."""
    page = trainer_page
    page.goto(f"{trainer_server.url}/lab?token={trainer_server.token}")
    page.locator(".jp-LabShell").wait_for(timeout=60_000)
    page.keyboard.press("Control+Shift+c")
    page.locator(".lm-CommandPalette-input").fill("Nouvelle console")
    page.keyboard.press("Enter")
    dialog = page.locator(".jp-Dialog .jp-mod-accept")
    editor = page.locator(".jp-CodeConsole-input .cm-content")
    editor.or_(dialog).first.wait_for(timeout=30_000)
    if dialog.count():  # which kernel: the default one
        dialog.click()
    page.locator(".jp-CodeConsole-banner", has_text="Python").wait_for(timeout=60_000)  # the kernel is ready
    editor.click()
    page.keyboard.insert_text("import ipywidgets; ipywidgets.IntSlider(value=3)")
    page.keyboard.press("Shift+Enter")
    page.locator(".jp-CodeConsole .widget-slider").wait_for(state="visible", timeout=60_000)
    assert "IntSlider(" not in "".join(page.locator(".jp-CodeConsole .jp-OutputArea").all_inner_texts())
