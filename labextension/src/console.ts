/**
 * A stand-in for `@jupyterlab/console`, provided to the shared modules under version 0.0.0.
 *
 * Developer note: jupyterlab-rise's slideshow application (0.43.1, built on JupyterLab 4.3) shares no
 * `@jupyterlab/console`, and ipywidgets 8's widget manager (`@jupyter-widgets/jupyterlab-manager`) requires
 * it from the host, for its optional `IConsoleTracker` token only: without it the manager does not load, and
 * a widget shows as its text (« VBox(children=(IntSlider(… ») instead of sliders (jupyterlab-contrib/rise
 * issue 119).  The slideshow has no console: a token that no plugin provides is all the manager needs.
 * In JupyterLab itself, the real `@jupyterlab/console` (a higher version, already loaded) is always the one
 * the shared scope hands out, so this module is never used there.  Remove it (and `sharedPackages` in
 * package.json) once jupyterlab-rise shares `@jupyterlab/console`.
 */
import { Token } from '@lumino/coreutils';

export const IConsoleTracker = new Token<unknown>(
  '@jupyterlab/console:IConsoleTracker',
  'A stand-in for the console tracker in the slideshow, which has no console.'
);
