"""JupyterLab's application settings (overrides.json) come from this folder's `settings/`.

JupyterLab reads `overrides.json` only from its application settings directory; pointing
that directory here keeps the folder self-contained: whoever starts a server with this
folder on JUPYTER_CONFIG_PATH gets the French interface (a learner can still switch to
English in the Settings > Language menu).
"""

from pathlib import Path

c = get_config()  # noqa: F821 (provided by traitlets when Jupyter loads this file)

c.LabApp.app_settings_dir = str(Path(__file__).resolve().parent / "settings")
