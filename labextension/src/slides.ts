/**
 * The slideshow for a room of non-coders: in jupyterlab-rise's slideshow, every code cell's input is
 * collapsed, its outputs (tables, figures, widgets) stay on the slide, and the trainer expands a cell
 * by clicking « Afficher le code ».  Text is sized for a projector by style/slides.css.
 *
 * Developer note, the design:
 * - Where: jupyterlab-rise shows a notebook as slides in its own small JupyterLab application (`/rise/<path>`,
 *   also what its toolbar button opens), which loads the installed federated extensions, this one included.
 *   This plugin acts only there (the application's name is `Rise`); in JupyterLab itself nothing changes.
 * - How: JupyterLab's own collapsed input (`cell.inputHidden`, the « … » placeholder the trainer clicks to
 *   expand; the cell's left collapser bar folds it again; Maj + Entrée still runs a collapsed cell), set as a
 *   view state only (`syncCollapse = false`): the notebook's file is not changed, no `jupyter.source_hidden`
 *   metadata is written.
 * - Why not `jupyter.source_hidden` in the modules' sources (the standard metadata, which RISE honours too):
 *   the same notebooks are what learners read in their JupyterLab, and there the code must stay visible.
 *   Module 0 teaches running a cell (« Cliquez dans la cellule grise ci-dessous »), module 4 asks to add a
 *   cell, module 5 asks to edit code (`source = "linkedin"`, `choix = 0`, the name in the action plan).
 * - JupyterLab's placeholder shows the first line of the code: style/slides.css puts the French label there.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';

/** The name of jupyterlab-rise's slideshow application (its `RiseApp.name`). */
const RISE_APPLICATION = 'Rise';

/** The class of a notebook shown as slides (the selectors of style/slides.css). */
const SLIDESHOW_CLASS = 'reseau-diaporama';

/** The expander's tooltip (JupyterLab's own is English in the slideshow application). */
const EXPAND_TOOLTIP = 'Afficher le code de cette cellule';

/** Collapse the input of every code cell of `panel`, in the view only. */
function collapseCode(panel: NotebookPanel): void {
  for (const cell of panel.content.widgets) {
    if (cell.model.type !== 'code') {
      continue;
    }
    cell.syncCollapse = false; // a view state: the notebook keeps its metadata
    cell.inputHidden = true;
    void cell.ready.then(() => {
      const expander = cell.node.querySelector('.jp-InputPlaceholder .jp-Placeholder-content');
      expander?.setAttribute('title', EXPAND_TOOLTIP);
    });
  }
}

/** Collapses the code of each notebook the slideshow opens, as soon as its cells exist. */
class SlideshowExtension
  implements DocumentRegistry.IWidgetExtension<NotebookPanel, INotebookModel>
{
  createNew(
    panel: NotebookPanel,
    context: DocumentRegistry.IContext<INotebookModel>
  ): void {
    panel.addClass(SLIDESHOW_CLASS);
    void context.ready.then(() => collapseCode(panel));
  }
}

export const slidesPlugin: JupyterFrontEndPlugin<void> = {
  id: 'reseau-lab:diaporama',
  description:
    'Diaporama (RISE) : le code des cellules est replié, les résultats et les widgets restent visibles.',
  autoStart: true,
  activate: (app: JupyterFrontEnd) => {
    if (app.name !== RISE_APPLICATION) {
      return;
    }
    app.docRegistry.addWidgetExtension('Notebook', new SlideshowExtension());
  }
};

export default slidesPlugin;
