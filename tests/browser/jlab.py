"""What a learner does in JupyterLab, as Playwright steps (stable JupyterLab/ipywidgets selectors).

Open a notebook, run all cells from the « Exécution » menu, find errors, move a slider with
the keyboard, tick a box, pick in a list, read a widget's HTML output, press the French
« Vérifier mes réponses » button.  Used by the browser tests in this folder.

The learner's JupyterLab is in French: menu names and labels are taken from the installed
French language pack (`fr()`), so a test reads the very words a learner sees.
"""

from __future__ import annotations

import functools
import html
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

from playwright.sync_api import Locator, Page

RUN_TIMEOUT = 120_000  # ms, "Run All Cells" of one notebook
UPDATE_TIMEOUT = 15.0  # s, a widget output after a control moved

#: A code cell's prompt once it ran: "[3]:".
_DONE = r"^\[\d+\]:$"

_ERROR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
_WIDGET_TROUBLE = ("Error displaying widget", "Loading widget...", "model not found")


@functools.lru_cache(maxsize=1)
def _french_catalog() -> dict:
    import jupyterlab_language_pack_fr_FR as pack

    path = Path(pack.__file__).parent / "locale" / "fr_FR" / "LC_MESSAGES" / "jupyterlab.json"
    return json.loads(path.read_text(encoding="utf-8"))


def fr(msgid: str, context: str | None = None) -> str:
    """JupyterLab's French word for `msgid` (optionally in a gettext context such as "menu")."""
    catalog = _french_catalog()
    key = f"{context}\x04{msgid}" if context else msgid
    return catalog[key][0]


def open_notebook(page: Page, server, path: str) -> Locator:
    """Open `path` (relative to the server root) in a fresh JupyterLab layout; wait for its kernel."""
    page.goto(f"{server.url}/lab/tree/{path}?reset&token={server.token}")
    panel = page.locator(".jp-NotebookPanel").filter(has=page.locator(".jp-Notebook .jp-Cell")).first
    panel.wait_for(state="visible", timeout=60_000)
    kernel_ready(page, server, path)
    return panel


def kernel_ready(page: Page, server, path: str, timeout: float = 90.0) -> None:
    """Wait until the notebook's kernel is started and idle, on the server and in the page.

    If JupyterLab asks which kernel to use (« Sélectionnez le noyau »), accept its choice
    (Python 3), as a learner would.
    """
    deadline = time.monotonic() + timeout
    select = page.locator(".jp-Dialog").filter(
        has_text=re.compile(f"{re.escape(fr('Select Kernel'))}|Select Kernel"))
    while True:
        if select.count():
            select.locator(".jp-Dialog-button.jp-mod-accept").click()
        sessions = [s for s in server.api("GET", "/api/sessions") if s.get("path") == path]
        if (sessions and (sessions[0].get("kernel") or {}).get("execution_state") == "idle"
                and page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').count()
                and not page.locator(".jp-Dialog").count()):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"Le noyau du carnet {path} n'a pas démarré en {timeout:.0f} s.")
        time.sleep(0.2)


def kernel_idle(page: Page, timeout: float = 60_000) -> None:
    page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first.wait_for(
        state="attached", timeout=timeout)


def menu(page: Page, top: str, item: str) -> None:
    """Click a menu of JupyterLab's menu bar, then one of its items (« Exécution » > « Exécuter toutes les cellules »)."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(top)}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


def run_all(page: Page) -> float:
    """Exécution > Exécuter toutes les cellules, then wait until every code cell ran (or one failed); returns seconds."""
    start = time.perf_counter()
    menu(page, fr("Run", "menu"), fr("Run All Cells"))
    page.wait_for_function(
        """([doneRe, errSel]) => {
            const done = new RegExp(doneRe);
            const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
                .map(p => p.textContent.trim());
            if (prompts.length === 0 || prompts.some(p => p === '[*]:')) return false;
            return prompts.every(p => done.test(p)) || document.querySelector('.jp-Notebook ' + errSel) !== null;
        }""",
        arg=[_DONE, _ERROR_OUTPUT], timeout=RUN_TIMEOUT, polling=200)
    kernel_idle(page)
    return time.perf_counter() - start


def cell_problems(page: Page) -> list[str]:
    """Errors (and stderr) shown under any cell, code cells that did not run, widgets that did not render."""
    problems = [f"sortie d'erreur : {text.strip()[:600]}"
                for text in page.locator(f".jp-Notebook {_ERROR_OUTPUT}").all_text_contents()]
    prompts = page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").all_text_contents()
    problems += [f"cellule de code n° {i + 1} non exécutée ({p.strip() or 'vide'})"
                 for i, p in enumerate(prompts) if not re.match(_DONE, p.strip())]
    outputs = " ".join(page.locator(".jp-Notebook .jp-OutputArea-output").all_text_contents())
    problems += [f"widget non affiché : « {t} »" for t in _WIDGET_TROUBLE if t in outputs]
    return problems


def code_cell(page: Page, source_part: str) -> Locator:
    """The code cell whose source contains `source_part`."""
    return page.locator(".jp-Notebook .jp-CodeCell").filter(
        has=page.locator(".jp-InputArea-editor", has_text=source_part)).first


def _label(cell: Locator, label: str) -> Locator:
    return cell.page.locator("label.widget-label", has_text=re.compile(f"^{re.escape(label)}$"))


def slider(cell: Locator, label: str) -> Locator:
    """The handle of the ipywidgets slider labelled `label` in `cell`."""
    return cell.locator(".widget-slider").filter(has=_label(cell, label)).locator(".noUi-handle")


def slider_row(cell: Locator, label: str) -> Locator:
    """The box holding the slider labelled `label` (and what sits next to it)."""
    return cell.locator(".widget-hbox").filter(has=_label(cell, label))


def press_slider(cell: Locator, label: str, key: str, times: int = 1) -> None:
    """Move a slider as a learner does with the keyboard: focus its handle, press `key`."""
    handle = slider(cell, label)
    handle.focus()
    for _ in range(times):
        handle.press(key)


def slider_value(cell: Locator, label: str) -> float:
    """The value the slider holds in the page (noUiSlider's own, not a rounded aria attribute)."""
    return float(slider(cell, label).evaluate("h => Number(h.closest('.noUi-target').noUiSlider.get())"))


def slider_step(cell: Locator, label: str) -> float:
    return float(slider(cell, label).evaluate("h => h.closest('.noUi-target').noUiSlider.options.step"))


def checkbox(cell: Locator, label: str) -> Locator:
    return cell.locator(".widget-checkbox").filter(has_text=label).locator("input[type=checkbox]")


def html_text(markup: str) -> str:
    """The text a browser shows for `markup`, without any whitespace (for a layout-proof comparison)."""
    parts: list[str] = []

    class _Text(HTMLParser):
        def handle_data(self, data: str) -> None:
            parts.append(data)

    parser = _Text(convert_charrefs=True)
    parser.feed(markup)
    parser.close()
    return squash(html.unescape("".join(parts)))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u00a0", " ").replace("\u202f", " "))


def html_outputs(cell: Locator) -> list[str]:
    """The text of every ipywidgets HTML output in `cell` (whitespace removed)."""
    return [squash(t) for t in cell.locator(".widget-html-content").all_text_contents()]


def wait_for_html(cell: Locator, expected_html: str, timeout: float = UPDATE_TIMEOUT) -> None:
    """Wait until one HTML output of `cell` shows exactly the text of `expected_html`."""
    expected = html_text(expected_html)
    deadline = time.monotonic() + timeout
    while True:
        shown = html_outputs(cell)
        if expected in shown:
            return
        if time.monotonic() > deadline:
            raise AssertionError(
                "Le widget n'affiche pas la valeur calculée par la bibliothèque.\n"
                f"attendu : {expected}\naffiché : " + "\n         ".join(shown))
        time.sleep(0.1)


def fill_cell(page: Page, index: int, source: str) -> None:
    """Replace the source of the notebook's cell number `index` (0-based), as a paste would."""
    cell = page.locator(".jp-Notebook .jp-Cell").nth(index)
    editor = cell.locator(".cm-content")
    editor.scroll_into_view_if_needed()
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(source)
    page.keyboard.press("Escape")  # back to command mode


#: The French answer check's button (the project's reseau-lab extension).
CHECK_BUTTON = "Vérifier mes réponses"


def check_answers(page: Page, timeout: float = 120_000) -> Locator:
    """Press « Vérifier mes réponses » (notebook toolbar); return the French result dialog once shown."""
    button = page.locator(".jp-NotebookPanel-toolbar .reseau-verifier-button")
    assert button.inner_text().strip() == CHECK_BUTTON, button.inner_text()
    button.click()
    dialog = page.locator(".jp-Dialog").filter(has=page.locator(".reseau-verification"))
    dialog.wait_for(state="visible", timeout=timeout)
    return dialog


def close_dialog(page: Page) -> None:
    page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept").click()
    page.locator(".jp-Dialog").wait_for(state="detached")


# --------------------------------------------------------------------------- classroom server (tests/hub)
def save(page: Page) -> None:
    """Save the notebook (Ctrl+S) and wait until JupyterLab shows it saved."""
    page.keyboard.press("ControlOrMeta+s")
    page.wait_for_function(
        "() => !document.querySelector('.jp-mod-current .jp-mod-dirty, .lm-TabBar-tab.jp-mod-current.jp-mod-dirty')",
        timeout=30_000)


def open_exercise_panel(page: Page) -> Locator:
    """Open the French exercise panel as a learner does: menu « Exercices » > « Mes quiz et exercices »."""
    page.keyboard.press("Escape")
    menu(page, "Exercices", "Mes quiz et exercices")
    panel = page.locator("#reseau-exercices")
    panel.wait_for(state="visible")
    return panel


def exercise_row(page: Page, assignment: str) -> Locator:
    """One quiz or exercise of the panel (its title, state, date and buttons)."""
    row = page.locator(f'#reseau-exercices .reseau-exercice[data-exercice="{assignment}"]')
    row.wait_for(timeout=60_000)
    return row
