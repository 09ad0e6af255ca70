"""Real-browser tests (JupyterLab + headless Chromium, driven by Playwright)."""
