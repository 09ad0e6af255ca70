/**
 * reseau-lab: the participant's French exercise panel (« Mes quiz et exercices »).
 *
 * Replaces nbgrader's English assignment list for participants: for each quiz and exercise
 * released on the classroom server, in course order, its French title and state (« à recevoir »,
 * « en cours », « rendu », « corrigé : 11 / 13 ») and the buttons « Recevoir » (nbgrader fetch),
 * « Ouvrir » (the notebook itself), « Rendre » (saves the open notebook, then nbgrader submit) and
 * « Voir mon retour » (nbgrader fetch_feedback if needed, then the feedback page in JupyterLab's
 * HTML viewer).  States and actions come from the `reseau.panel` server extension, which goes
 * through nbgrader's own assignment-list manager.  The panel refreshes by itself: every 5 s while
 * a copy is handed in and not graded yet, every 30 s otherwise, and whenever it is shown.
 *
 * Every text shown here is French (learner-facing); everything else is English.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import type { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

/** One quiz or exercise, as `reseau.panel.ExercisePanel._state` describes it. */
export interface IExercise {
  id: string;
  titre: string;
  etat: 'à recevoir' | 'en cours' | 'rendu' | 'corrigé';
  libelle: string;
  recu: boolean;
  dossier: string | null;
  carnets: string[];
  rendus: number;
  rendu_le: string | null;
  note: { points: number; max: number } | null;
  retour: string | null;
}

interface IStates {
  cours: string | null;
  exercices: IExercise[];
  erreur: string | null;
}

/** The command that opens the panel (menu « Exercices », command palette). */
export const OPEN_PANEL = 'reseau:exercices';
const PANEL_ID = 'reseau-exercices';
const TITLE = 'Mes quiz et exercices';
const FAST_REFRESH = 5000; // ms, while a copy waits for its grade
const SLOW_REFRESH = 30000; // ms, otherwise (a new quiz released by the trainer)

async function request(path: string[], method: 'GET' | 'POST'): Promise<any> {
  const settings = ServerConnection.makeSettings();
  const url = URLExt.join(settings.baseUrl, 'reseau', 'exercices', ...path);
  const response = await ServerConnection.makeRequest(url, { method }, settings);
  let body: any = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    throw new Error(
      (body && body.erreur) ||
        'Le serveur ne répond pas comme prévu. Réessayez ; si cela recommence, prévenez votre formateur.'
    );
  }
  return body;
}

/** « 6 décembre à 14:05 », in the browser's local time. */
export function frenchTime(iso: string): string {
  const moment = new Date(iso);
  const day = moment.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long' });
  const time = moment.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });
  return `${day} à ${time}`;
}

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** The slug of a state, for CSS and tests: « à recevoir » -> a-recevoir. */
function slug(state: string): string {
  return state
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, '-');
}

export class ExercisePanel extends Widget {
  constructor(private app: JupyterFrontEnd) {
    super();
    this.id = PANEL_ID;
    this.title.label = TITLE;
    this.title.caption = 'Recevoir, ouvrir et rendre les quiz et exercices ; voir sa note et son retour';
    this.title.closable = true;
    this.addClass('reseau-exercices');
    const header = element('div', 'reseau-exercices-entete');
    header.appendChild(element('h2', 'reseau-exercices-titre', TITLE));
    header.appendChild(
      element(
        'p',
        'reseau-exercices-aide',
        'Recevez un quiz ou un exercice, ouvrez-le, répondez, puis rendez-le : ' +
          'votre note et votre retour apparaissent ici dès qu’il est corrigé.'
      )
    );
    this.node.appendChild(header);
    this._message = element('p', 'reseau-exercices-message');
    this._message.setAttribute('role', 'status');
    this.node.appendChild(this._message);
    this._list = element('ul', 'reseau-exercices-liste');
    this.node.appendChild(this._list);
  }

  /** Ask the server for the states, redraw, and plan the next refresh. */
  async refresh(): Promise<void> {
    if (this._timer !== null) {
      window.clearTimeout(this._timer);
      this._timer = null;
    }
    let waiting = false;
    try {
      const states = (await request([], 'GET')) as IStates;
      const before = new Map(this._exercises.map(e => [e.id, e.etat]));
      const changed = states.exercices.some(
        e => before.has(e.id) && before.get(e.id) !== e.etat
      );
      if (changed && !this._message.classList.contains('reseau-exercices-erreur')) {
        this.say(''); // « … est rendu » is over once the state moved on (corrigé)
      }
      this._exercises = states.exercices;
      waiting = states.exercices.some(e => e.etat === 'rendu');
      if (states.erreur) {
        this.say(states.erreur, true);
      } else if (this._message.classList.contains('reseau-exercices-erreur-chargement')) {
        this.say('');
      }
      this.render();
    } catch (reason) {
      this.say(String((reason as Error).message || reason), true);
      this._message.classList.add('reseau-exercices-erreur-chargement');
    }
    if (!this.isDisposed && this.isAttached) {
      this._timer = window.setTimeout(
        () => void this.refresh(),
        waiting ? FAST_REFRESH : SLOW_REFRESH
      );
    }
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    void this.refresh();
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    void this.refresh();
  }

  protected onBeforeDetach(msg: Message): void {
    if (this._timer !== null) {
      window.clearTimeout(this._timer);
      this._timer = null;
    }
    super.onBeforeDetach(msg);
  }

  dispose(): void {
    if (this._timer !== null) {
      window.clearTimeout(this._timer);
      this._timer = null;
    }
    super.dispose();
  }

  private say(text: string, error = false): void {
    this._message.textContent = text;
    this._message.className = 'reseau-exercices-message' + (error ? ' reseau-exercices-erreur' : '');
  }

  private render(): void {
    this._list.textContent = '';
    if (!this._exercises.length) {
      this._list.appendChild(
        element(
          'li',
          'reseau-exercices-vide',
          'Aucun quiz ni exercice distribué pour l’instant : ils apparaîtront ici dès que votre formateur les distribuera.'
        )
      );
      return;
    }
    for (const exercise of this._exercises) {
      this._list.appendChild(this.row(exercise));
    }
  }

  private row(exercise: IExercise): HTMLElement {
    const item = element('li', `reseau-exercice reseau-etat-${slug(exercise.etat)}`);
    item.dataset.exercice = exercise.id;
    const text = element('div', 'reseau-exercice-texte');
    text.appendChild(element('div', 'reseau-exercice-titre', exercise.titre));
    const line = element('div', 'reseau-exercice-ligne');
    line.appendChild(element('span', 'reseau-exercice-etat', exercise.libelle));
    if (exercise.rendu_le) {
      const times = exercise.rendus > 1 ? ` (${exercise.rendus} fois)` : '';
      line.appendChild(
        element(
          'span',
          'reseau-exercice-date',
          `rendu le ${frenchTime(exercise.rendu_le)}${times}`
        )
      );
    }
    if (exercise.etat === 'rendu') {
      line.appendChild(element('span', 'reseau-exercice-attente', 'correction en cours…'));
    }
    text.appendChild(line);
    item.appendChild(text);

    const buttons = element('div', 'reseau-exercice-boutons');
    const busy = this._busy.has(exercise.id);
    // the next step is the highlighted button: Recevoir, then Rendre, then (once graded) Voir mon retour
    const next = !exercise.recu
      ? 'recevoir'
      : exercise.retour !== null
        ? 'retour'
        : exercise.etat === 'en cours'
          ? 'rendre'
          : '';
    const add = (label: string, name: string, action: () => Promise<IExercise | null>, title: string) => {
      const kind = name === next ? 'jp-mod-accept' : 'jp-mod-reject';
      const button = element(
        'button',
        `jp-mod-styled ${kind} reseau-bouton reseau-bouton-${name}`,
        label
      ) as HTMLButtonElement;
      button.type = 'button';
      button.title = title;
      button.disabled = busy;
      button.addEventListener('click', () => void this.run(exercise, action));
      buttons.appendChild(button);
    };
    if (!exercise.recu) {
      add('Recevoir', 'recevoir', () => this.fetch(exercise), 'Copier ce quiz ou cet exercice dans vos fichiers');
    } else {
      add('Ouvrir', 'ouvrir', () => this.open(exercise), 'Ouvrir le carnet');
      add('Rendre', 'rendre', () => this.submit(exercise), 'Enregistrer le carnet ouvert et le rendre au formateur');
    }
    if (exercise.retour !== null) {
      add('Voir mon retour', 'retour', () => this.feedback(exercise), 'Voir le détail de la correction');
    }
    item.appendChild(buttons);
    return item;
  }

  private async run(exercise: IExercise, action: () => Promise<IExercise | null>): Promise<void> {
    if (this._busy.has(exercise.id)) {
      return;
    }
    this._busy.add(exercise.id);
    this.render();
    try {
      const updated = await action();
      if (updated) {
        // the state the action left: the refresh below does not take it for a change (and clear the message)
        this._exercises = this._exercises.map(e => (e.id === updated.id ? updated : e));
      }
    } catch (reason) {
      this.say(String((reason as Error).message || reason), true);
    } finally {
      this._busy.delete(exercise.id);
      await this.refresh();
    }
  }

  private async fetch(exercise: IExercise): Promise<IExercise> {
    this.say(`Réception de « ${exercise.titre} »…`);
    const answer = (await request([exercise.id, 'recevoir'], 'POST')) as IExercise;
    this.say(`« ${exercise.titre} » est dans vos fichiers : cliquez sur « Ouvrir ».`);
    return answer;
  }

  private async open(exercise: IExercise): Promise<null> {
    if (!exercise.carnets.length) {
      throw new Error(`Aucun carnet dans le dossier de « ${exercise.titre} » : prévenez votre formateur.`);
    }
    // beside the panel, not over it: « Rendre » stays in sight while the participant answers
    for (const path of exercise.carnets) {
      await this.app.commands.execute('docmanager:open', {
        path,
        options: { mode: 'split-right', ref: this.id }
      });
    }
    this.say('');
    return null;
  }

  /** Save every open document of the exercise's folder (the notebook being answered). */
  private async saveOpen(exercise: IExercise): Promise<void> {
    const folder = (exercise.dossier || exercise.id) + '/';
    for (const widget of Array.from(this.app.shell.widgets('main'))) {
      const context = (widget as any).context;
      if (
        context &&
        typeof context.path === 'string' &&
        context.path.startsWith(folder) &&
        typeof context.save === 'function'
      ) {
        await context.save();
      }
    }
  }

  private async submit(exercise: IExercise): Promise<IExercise> {
    this.say(`Enregistrement et remise de « ${exercise.titre} »…`);
    await this.saveOpen(exercise);
    const answer = (await request([exercise.id, 'rendre'], 'POST')) as IExercise;
    const when = answer.rendu_le ? ` le ${frenchTime(answer.rendu_le)}` : '';
    this.say(`« ${exercise.titre} » est rendu${when} ; votre note s’affichera ici dès qu’il sera corrigé.`);
    return answer;
  }

  private async feedback(exercise: IExercise): Promise<IExercise> {
    this.say(`Ouverture du retour de « ${exercise.titre} »…`);
    const answer = (await request([exercise.id, 'retour'], 'POST')) as IExercise;
    if (!answer.retour) {
      throw new Error(`Le retour de « ${exercise.titre} » est introuvable : prévenez votre formateur.`);
    }
    const viewer = await this.app.commands.execute('docmanager:open', {
      path: answer.retour,
      factory: 'HTML Viewer'
    });
    // the viewer's « Faire confiance au HTML » means nothing here: the page has no script to trust
    viewer?.toolbar?.hide();
    this.say('');
    return answer;
  }

  private _exercises: IExercise[] = [];
  private _busy = new Set<string>();
  private _timer: number | null = null;
  private _list: HTMLElement;
  private _message: HTMLElement;
}

export const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: 'reseau-lab:exercices',
  description: 'Panneau « Mes quiz et exercices » : recevoir, ouvrir, rendre, voir sa note et son retour.',
  autoStart: true,
  optional: [ICommandPalette],
  activate: (app: JupyterFrontEnd, palette: ICommandPalette | null) => {
    let panel: ExercisePanel | null = null;
    app.commands.addCommand(OPEN_PANEL, {
      label: TITLE,
      caption: 'Recevoir, ouvrir et rendre les quiz et exercices ; voir sa note et son retour',
      execute: () => {
        if (!panel || panel.isDisposed) {
          panel = new ExercisePanel(app);
        }
        if (!panel.isAttached) {
          app.shell.add(panel, 'main');
        }
        app.shell.activateById(panel.id);
        return panel;
      }
    });
    if (palette) {
      palette.addItem({ command: OPEN_PANEL, category: 'Exercices' });
    }
  }
};

export default panelPlugin;
