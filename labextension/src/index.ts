/**
 * reseau-lab: the learner's French answer check for nbgrader exercises.
 *
 * Adds a « Vérifier mes réponses » button to the toolbar of every notebook that holds
 * nbgrader test cells.  It saves the notebook, asks the `reseau.verification` server
 * extension (nbgrader's own validate handler, whose answer is put into French on the
 * server) and shows the French result: a title, how many checks passed and, for each
 * failed check, its question and its French message (never a Python traceback).
 *
 * It also puts nbgrader's assignment list in the command palette under a French name: the
 * learner's JupyterLab disables nbgrader's « Nbgrader » menu (a trainer tool), which is where
 * nbgrader registers it.
 *
 * Every text shown here is French (learner-facing); everything else is English.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  ToolbarButton,
  showDialog
} from '@jupyterlab/apputils';
import { URLExt } from '@jupyterlab/coreutils';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { ServerConnection } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';
import { Widget } from '@lumino/widgets';
import { panelPlugin } from './panel';

/** One failed check, as `reseau.verification.french_report` describes it. */
interface IFailure {
  question: string;
  verification: string;
  message: string;
}

/** The server's French report. */
interface IReport {
  reussi: boolean;
  titre: string;
  resume: string;
  total: number;
  reussies: number;
  echecs: IFailure[];
}

const LABEL = 'Vérifier mes réponses';
const BUSY_LABEL = 'Vérification en cours…';
const TOOLTIP =
  "Enregistre le carnet, l'exécute en entier et vérifie vos réponses avec les tests visibles";

async function requestReport(path: string): Promise<IReport> {
  const settings = ServerConnection.makeSettings();
  const url = URLExt.join(settings.baseUrl, 'reseau', 'verifier');
  const response = await ServerConnection.makeRequest(
    url,
    { method: 'POST', body: JSON.stringify({ path }) },
    settings
  );
  if (!response.ok) {
    throw new Error(`HTTP ${response.status}`);
  }
  return (await response.json()) as IReport;
}

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** The dialog's body: the sentence, then one item per failed check. */
function reportBody(report: IReport): Widget {
  const node = element(
    'div',
    'reseau-verification ' +
      (report.reussi ? 'reseau-verification-reussie' : 'reseau-verification-a-revoir')
  );
  node.appendChild(element('p', 'reseau-verification-resume', report.resume));
  if (report.echecs.length) {
    const list = element('ul', 'reseau-verification-echecs');
    for (const failure of report.echecs) {
      const item = element('li', 'reseau-verification-echec');
      item.appendChild(
        element('div', 'reseau-verification-question', failure.question || 'Vérification')
      );
      if (failure.verification) {
        item.appendChild(element('div', 'reseau-verification-quoi', failure.verification));
      }
      item.appendChild(element('div', 'reseau-verification-message', failure.message));
      list.appendChild(item);
    }
    node.appendChild(list);
  }
  return new Widget({ node });
}

/** True when the notebook holds nbgrader test cells (an exercise, not a course module). */
function hasChecks(model: INotebookModel | null): boolean {
  if (!model) {
    return false;
  }
  for (let i = 0; i < model.cells.length; i++) {
    const meta = model.cells.get(i).getMetadata('nbgrader') as
      | { grade?: boolean }
      | undefined;
    if (meta && meta.grade) {
      return true;
    }
  }
  return false;
}

class CheckButtonExtension
  implements DocumentRegistry.IWidgetExtension<NotebookPanel, INotebookModel>
{
  createNew(
    panel: NotebookPanel,
    context: DocumentRegistry.IContext<INotebookModel>
  ): IDisposable {
    let busy = false;
    const button: ToolbarButton = new ToolbarButton({
      className: 'reseau-verifier-button',
      label: LABEL,
      tooltip: TOOLTIP,
      onClick: async () => {
        if (busy) {
          return;
        }
        busy = true;
        button.enabled = false;
        button.node.classList.add('reseau-verifier-en-cours');
        setLabel(button, BUSY_LABEL);
        try {
          await context.save();
          const report = await requestReport(context.path);
          await showDialog({
            title: report.titre,
            body: reportBody(report),
            buttons: [Dialog.okButton({ label: 'Fermer' })]
          });
        } catch (reason) {
          console.error('reseau-lab: answer check failed', reason);
          await showDialog({
            title: 'Vérification impossible',
            body:
              "Le serveur n'a pas pu vérifier vos réponses. Enregistrez le carnet et réessayez ; " +
              'si cela recommence, prévenez votre formateur.',
            buttons: [Dialog.okButton({ label: 'Fermer' })]
          });
        } finally {
          busy = false;
          button.enabled = true;
          button.node.classList.remove('reseau-verifier-en-cours');
          setLabel(button, LABEL);
        }
      }
    });
    button.hide();
    if (!panel.toolbar.insertAfter('cellType', 'reseau-verifier', button)) {
      panel.toolbar.addItem('reseau-verifier', button);
    }
    void context.ready.then(() => {
      if (hasChecks(context.model)) {
        button.show();
      }
    });
    return button;
  }
}

/** ToolbarButton has no label setter: change the text of its label element. */
function setLabel(button: ToolbarButton, text: string): void {
  const label = button.node.querySelector('.jp-ToolbarButtonComponent-label');
  if (label) {
    label.textContent = text;
  }
}

/** nbgrader's command that opens its assignment list (plugin @jupyter/nbgrader:assignment-list). */
const NBGRADER_ASSIGNMENT_LIST = 'nbgrader:open-assignment-list';
const ASSIGNMENT_LIST = 'reseau:liste-des-devoirs';

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'reseau-lab:verifier',
  description: "Bouton « Vérifier mes réponses » : la validation nbgrader, en français.",
  autoStart: true,
  optional: [ICommandPalette],
  activate: (app: JupyterFrontEnd, palette: ICommandPalette | null) => {
    app.docRegistry.addWidgetExtension('Notebook', new CheckButtonExtension());
    app.commands.addCommand(ASSIGNMENT_LIST, {
      label: 'Liste des devoirs (nbgrader)',
      isVisible: () => app.commands.hasCommand(NBGRADER_ASSIGNMENT_LIST),
      execute: () => app.commands.execute(NBGRADER_ASSIGNMENT_LIST)
    });
    if (palette) {
      palette.addItem({ command: ASSIGNMENT_LIST, category: 'Exercices' });
    }
  }
};

export default [plugin, panelPlugin];
