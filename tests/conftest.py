"""Shared pytest hooks (kept minimal)."""


def pytest_terminal_summary(terminalreporter):
    """Print the headless run time of each course notebook executed in this session; say once why
    the grading tests were skipped, if they were."""
    problem = _sandbox_problem()
    if problem is not None and not _in_ci():
        terminalreporter.section("tests de correction sautés")
        terminalreporter.write_line("Bac à sable indisponible : " + problem)
    try:
        from test_course_notebooks import NOTEBOOK_TIMES
    except ImportError:
        return
    if NOTEBOOK_TIMES:
        terminalreporter.section("course notebooks: headless run time (target < 10 s)")
        for name, seconds in sorted(NOTEBOOK_TIMES.items()):
            terminalreporter.write_line(f"{name:<28} {seconds:6.2f} s")


# --------------------------------------------------------------------------------------------
# Tests that grade in the sandbox (marked `bac_a_sable`) need bubblewrap.  Without it they are
# skipped with one French line saying how to install it, as the browser tests are without
# Chromium; under CI=true they are mandatory and fail loudly.

def _sandbox_problem() -> str | None:
    from reseau.autograde.sandbox import sandbox_problem

    return sandbox_problem()


def _in_ci() -> bool:
    import os

    return os.environ.get("CI", "").lower() == "true"


def pytest_configure(config):
    config.addinivalue_line("markers", "bac_a_sable: the test grades learners' code in the bubblewrap sandbox")
    config.addinivalue_line("markers", "groupes_de_controle: the test needs a control group per kernel (root, "
                                       "cgroup v2 or v1)")


def _cgroup_problem() -> str | None:
    from reseau.autograde import cgroups

    if cgroups.support()[0] is None:
        return ("pas de groupe de contrôle (cgroup) utilisable ici : " + cgroups.describe()
                + ". Lancez les tests en root sur Linux.")
    return None


def pytest_runtest_setup(item):
    import pytest

    problem = None
    if item.get_closest_marker("groupes_de_controle") is not None:
        problem = _cgroup_problem()
    if problem is None and item.get_closest_marker("bac_a_sable") is not None:
        problem = _sandbox_problem()
    if problem is None:
        return
    message = "Tests de correction non lancés : " + problem
    if _in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def pytest_report_header(config):
    problem = _sandbox_problem()
    if problem is not None and not _in_ci():
        return ["Bac à sable indisponible : les tests de correction seront sautés. " + problem]
    return None


# --------------------------------------------------------------------------------------------
# A gradebook that knows every assignment, generated once per session (nbgrader
# generate_assignment takes seconds per assignment); each grading test copies it into its own
# workspace instead of generating again.

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def gradebook_template(tmp_path_factory):
    from reseau import autograde as ag

    ws = tmp_path_factory.mktemp("modele-carnet")
    ag.generate_exercises(tmp_path_factory.mktemp("modele-release"), workspace=ws)
    return ws / "gradebook.db"


@pytest.fixture(scope="session")
def new_workspace(gradebook_template):
    """`new_workspace(folder)`: a grading workspace at `folder` whose gradebook knows every assignment."""
    import shutil

    def make(folder):
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(gradebook_template, folder / "gradebook.db")
        return folder

    return make
