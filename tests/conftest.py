"""Shared pytest hooks (kept minimal)."""


def pytest_terminal_summary(terminalreporter):
    """Print the headless run time of each course notebook executed in this session."""
    try:
        from test_course_notebooks import NOTEBOOK_TIMES
    except ImportError:
        return
    if NOTEBOOK_TIMES:
        terminalreporter.section("course notebooks: headless run time (target < 10 s)")
        for name, seconds in sorted(NOTEBOOK_TIMES.items()):
            terminalreporter.write_line(f"{name:<28} {seconds:6.2f} s")
