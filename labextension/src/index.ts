/**
 * reseau-lab: the learner's French answer check for nbgrader exercises.
 *
 * Adds a « Vérifier mes réponses » button to the toolbar of every notebook that holds
 * nbgrader test cells.  It saves the notebook, asks the `reseau.verification` server
 * extension (nbgrader's own validate handler, whose answer is put into French on the
 * server) and shows the French result: a title, how many checks passed and, for each
 * failed check, its question and its French message (never a Python traceback).
 *
 * Beside it, for a self-paced learner only (the server says so: hidden on the classroom
 * server, where the grade comes from handing the notebook in), « Me noter » saves the
 * notebook and asks `reseau.selfgrade` (the self-check with the hidden tests) for the full
 * French result: the grade, each question with its points and, under each lost one, why.
 *
 * It also puts nbgrader's assignment list in the command palette under a French name: the
 * learner's JupyterLab disables nbgrader's « Nbgrader » menu (a trainer tool), which is where
 * nbgrader registers it.
 *
 * In jupyterlab-rise's slideshow, the code of every cell is collapsed (src/slides.ts).
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
import { slidesPlugin } from './slides';

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

/** One question of the self-check's result, as `reseau.selfgrade.french_result` describes it. */
interface IQuestion {
  titre: string;
  points: number;
  sur: number;
  motif: string | null;
}

/** The server's French result of « Me noter ». */
interface IGrade {
  reussi: boolean;
  titre: string;
  resume: string;
  questions: IQuestion[];
}

const GRADE_LABEL = 'Me noter';
const GRADE_BUSY_LABEL = 'Notation en cours…';
const GRADE_TOOLTIP =
  'Enregistre le carnet et le note avec les tests cachés, comme le formateur : votre note et, ' +
  'pour chaque question manquée, pourquoi';

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

/** Whether « Me noter » is offered on this server (self-paced learners only). */
async function gradingAvailable(): Promise<boolean> {
  const settings = ServerConnection.makeSettings();
  const url = URLExt.join(settings.baseUrl, 'reseau', 'me-noter');
  try {
    const response = await ServerConnection.makeRequest(url, { method: 'GET' }, settings);
    return response.ok && ((await response.json()) as { disponible: boolean }).disponible;
  } catch (reason) {
    return false;
  }
}

async function requestGrade(path: string): Promise<IGrade> {
  const settings = ServerConnection.makeSettings();
  const url = URLExt.join(settings.baseUrl, 'reseau', 'me-noter');
  const response = await ServerConnection.makeRequest(
    url,
    { method: 'POST', body: JSON.stringify({ path }) },
    settings
  );
  if (!response.ok) {
    throw new Error(`HTTP ${response.status}`);
  }
  return (await response.json()) as IGrade;
}

function points(value: number): string {
  return String(value).replace('.', ',');
}

/** The result's body: the sentence, then each question with its points and, if lost, why. */
function gradeBody(grade: IGrade): Widget {
  const node = element(
    'div',
    'reseau-note ' + (grade.reussi ? 'reseau-verification-reussie' : 'reseau-verification-a-revoir')
  );
  node.appendChild(element('p', 'reseau-verification-resume', grade.resume));
  if (grade.questions.length) {
    const list = element('ul', 'reseau-note-questions');
    for (const question of grade.questions) {
      const lost = question.points < question.sur;
      const item = element('li', 'reseau-note-question' + (lost ? ' reseau-note-perdue' : ''));
      item.appendChild(element('div', 'reseau-verification-question', question.titre));
      item.appendChild(
        element('div', 'reseau-note-points', `${points(question.points)} / ${points(question.sur)}`)
      );
      if (lost && question.motif) {
        item.appendChild(element('div', 'reseau-verification-message', question.motif));
      }
      list.appendChild(item);
    }
    node.appendChild(list);
  }
  return new Widget({ node });
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

/**
 * A toolbar button that saves the notebook, asks the server, then shows its French answer in a
 * dialog: « Vérifier mes réponses » and « Me noter » are both one of these.
 */
interface ISaveThenAsk<T> {
  id: string;
  after: string;
  className: string;
  label: string;
  busyLabel: string;
  tooltip: string;
  request: (path: string) => Promise<T>;
  answer: (result: T) => { title: string; body: Widget };
  failure: { title: string; body: string; log: string };
  /** Whether the button is offered on this server (besides the notebook having graded cells). */
  available: Promise<boolean>;
}

class SaveThenAskExtension<T>
  implements DocumentRegistry.IWidgetExtension<NotebookPanel, INotebookModel>
{
  constructor(private spec: ISaveThenAsk<T>) {}

  createNew(
    panel: NotebookPanel,
    context: DocumentRegistry.IContext<INotebookModel>
  ): IDisposable {
    const spec = this.spec;
    let busy = false;
    const button: ToolbarButton = new ToolbarButton({
      className: spec.className,
      label: spec.label,
      tooltip: spec.tooltip,
      onClick: async () => {
        if (busy) {
          return;
        }
        busy = true;
        button.enabled = false;
        button.node.classList.add('reseau-verifier-en-cours');
        setLabel(button, spec.busyLabel);
        try {
          await context.save();
          const { title, body } = spec.answer(await spec.request(context.path));
          await showDialog({
            title,
            body,
            buttons: [Dialog.okButton({ label: 'Fermer' })]
          });
        } catch (reason) {
          console.error(`reseau-lab: ${spec.failure.log}`, reason);
          await showDialog({
            title: spec.failure.title,
            body: spec.failure.body,
            buttons: [Dialog.okButton({ label: 'Fermer' })]
          });
        } finally {
          busy = false;
          button.enabled = true;
          button.node.classList.remove('reseau-verifier-en-cours');
          setLabel(button, spec.label);
        }
      }
    });
    button.hide();
    if (!panel.toolbar.insertAfter(spec.after, spec.id, button)) {
      panel.toolbar.addItem(spec.id, button);
    }
    void Promise.all([context.ready, spec.available]).then(([, available]) => {
      if (available && hasChecks(context.model)) {
        button.show();
      }
    });
    return button;
  }
}

/** « Vérifier mes réponses »: nbgrader's validation, in French (every server). */
function checkButton(): SaveThenAskExtension<IReport> {
  return new SaveThenAskExtension<IReport>({
    id: 'reseau-verifier',
    after: 'cellType',
    className: 'reseau-verifier-button',
    label: LABEL,
    busyLabel: BUSY_LABEL,
    tooltip: TOOLTIP,
    request: requestReport,
    answer: report => ({ title: report.titre, body: reportBody(report) }),
    failure: {
      title: 'Vérification impossible',
      body:
        "Le serveur n'a pas pu vérifier vos réponses. Enregistrez le carnet et réessayez ; " +
        'si cela recommence, prévenez votre formateur.',
      log: 'answer check failed'
    },
    available: Promise.resolve(true)
  });
}

/** « Me noter »: the hidden tests, on a self-paced learner's own machine only. */
function gradeButton(): SaveThenAskExtension<IGrade> {
  return new SaveThenAskExtension<IGrade>({
    id: 'reseau-me-noter',
    after: 'reseau-verifier',
    className: 'reseau-me-noter-button',
    label: GRADE_LABEL,
    busyLabel: GRADE_BUSY_LABEL,
    tooltip: GRADE_TOOLTIP,
    request: requestGrade,
    answer: grade => ({ title: grade.titre, body: gradeBody(grade) }),
    failure: {
      title: 'Notation impossible',
      body:
        "Le serveur n'a pas pu noter votre carnet. Enregistrez-le et réessayez ; si cela " +
        'recommence, lancez « python -m reseau.autograde self-check » avec votre carnet.',
      log: 'self-grading failed'
    },
    available: gradingAvailable()
  });
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
    app.docRegistry.addWidgetExtension('Notebook', checkButton());
    app.docRegistry.addWidgetExtension('Notebook', gradeButton());
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

export default [plugin, panelPlugin, slidesPlugin];
