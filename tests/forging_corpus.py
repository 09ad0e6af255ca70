"""The second hostile corpus (issue 11): submissions that try to forge their own grade.

Each forger answers exercise 01 (tie strength) or exercise 02 (budget) with answers that
are all wrong or blank, and adds code that, when the test cells ran in the learner's own
kernel, could make later tests check nothing: patched builtins, import machinery, IPython,
NumPy or pandas, hooks acting later, objects with hostile methods, values too large or
recursive.  Graded by the judge, each must score exactly what its real answers are worth.

How each expected grade is worked out (by hand, from the tests in sources/solutions/):

- `WRONG_01` (exercise 01, 13 points): tie_strength returns 0.5 for every rating (fails
  tie_strength(0,0,0,0) == 0 and (3,2,3,2) == 0.625: 0/1 and 0/2); classify_tie returns
  "moyen" (not "fort" for 0.9: 0/1, not "faible" for 0.3: 0/2); scored lacks the strength and
  tie columns (0/2); the three counts are 1 each, not summing to 32 contacts (0/2);
  weak_only_sectors = ["x"], not a sector of the data (0/2); share_weak = 0.5 where the real
  share is about 0.74 (0/1).  Total 0.
- Blank exercise 02: every answer cell is the released stub (raises NotImplementedError),
  so every name the tests use is missing or raises: 0 / 13.
- Non-finite numbers (issue 22) score nothing: `NON_FINITE_01` makes tie_strength return +inf, NaN or
  -inf (the bounds and mean tests fail: 0/1 and 0/2; before, inf passed check_real: 3 points), scored's
  strength column infinite (its hidden allclose fails: 0/2), share_weak infinite (its visible bound
  fails: 0/1); the other answers stay wrong: 0.  `NON_FINITE_02` answers exercise 02 with infinities
  everywhere (before: every numeric check passed, 12 / 13 with cheapest blank; the visible part of
  test_club_cash_cost passes, inf >= fee, but its hidden check_real fails; test_campaign fails on its
  first check_real): 0.  With tie_strength and classify_tie right and the rest infinite: 6; with
  meetings_per_year and hours_per_year right and -inf, NaN elsewhere: 3.
- Partial forgers keep some right answers: `RIGHT_TIES` (the reference tie_strength and
  classify_tie) is worth 1 + 2 + 1 + 2 = 6 points of exercise 01; `RIGHT_MEETINGS`
  (meetings_per_year and hours_per_year right, the rest blank) is worth 1 + 1 + 1 = 3
  points of exercise 02 (test_meetings_simple, test_meetings_board, test_hours).
"""

from __future__ import annotations

from grading_helpers import learner_notebook

A1 = "06_force_des_liens"
A2 = "03_budget_et_temps"

WRONG_01 = {
    "tie_strength": "def tie_strength(frequency, intimacy, emotion, reciprocity):\n    return 0.5",
    "classify_tie": "def classify_tie(strength):\n    return \"moyen\"",
    "scored": "contacts = load_contacts()\nscored = contacts.copy()",
    "counts": "n_strong = 1\nn_weak = 1\nn_absent = 1",
    "weak_only": "weak_only_sectors = [\"x\"]",
    "share": "share_weak = 0.5",
}

# -- code put before the first answer of the notebook -----------------------------------------------
_NOOP_CHECKS = (
    "_noop = lambda *a, **k: None\n"
    "for _n in ['check_real', 'check_int', 'check_text', 'check_text_list', 'check_frame_columns',\n"
    "           'check_learner_function']:\n"
    "    setattr(_fake, _n, _noop)\n"
    "_fake.INT_TYPES = (object,)\n"
    "_fake.REAL_TYPES = (object,)\n"
    "_fake.call_each = lambda f, calls: [0.5 for _ in calls]\n"
    "_fake.random_ratings = lambda *a, **k: iter(())\n"
    "_fake.random_plans = lambda *a, **k: iter(())\n"
)

PRELUDES: dict[str, str] = {
    # builtins
    "isinstance_menteur": (
        "import builtins\n_isinstance = builtins.isinstance\n"
        "builtins.isinstance = lambda o, t: True if t == (int, float) else _isinstance(o, t)"
    ),
    "len_menteur": (
        "import builtins\n_len = builtins.len\n"
        "builtins.len = lambda x: 32 if _len.__self__.type(x).__name__ in ('DataFrame', 'Series') else _len(x)"
    ),
    "sorted_menteur": "import builtins\nbuiltins.sorted = lambda x, *a, **k: list(x)",
    "print_muet": "import builtins\nbuiltins.print = lambda *a, **k: None",
    "compile_neutralise": (
        "import builtins\n_compile = builtins.compile\n"
        "def _c(src, *a, **k):\n"
        "    text = src if isinstance(src, str) else ''\n"
        "    return _compile('pass' if ('check_' in text or 'assert' in text) else src, *a, **k)\n"
        "builtins.compile = _c"
    ),
    "exec_neutralise": "import builtins\nbuiltins.exec = lambda *a, **k: None\nbuiltins.eval = lambda *a, **k: True",
    "import_trafique": (
        "import builtins, types\n_imp = builtins.__import__\n"
        "_fake = types.ModuleType('reseau.grading')\n" + _NOOP_CHECKS +
        "def _import(name, *a, **k):\n"
        "    if name.startswith('reseau.grading'):\n"
        "        return _fake\n"
        "    return _imp(name, *a, **k)\n"
        "builtins.__import__ = _import"
    ),
    "assertionerror_remplacee": (
        "import builtins\nbuiltins.AssertionError = type('AssertionError', (BaseException,), {})\n"
        "builtins.NameError = builtins.AssertionError"
    ),
    # sys.modules and sys.meta_path
    "faux_module_de_controle": (
        "import sys, types\n_fake = types.ModuleType('reseau.grading')\n" + _NOOP_CHECKS +
        "sys.modules['reseau.grading'] = _fake"
    ),
    "chercheur_meta_path": (
        "import sys, types, importlib.abc, importlib.util\n"
        "class _Loader(importlib.abc.Loader):\n"
        "    def create_module(self, spec):\n"
        "        return None\n"
        "    def exec_module(self, module):\n"
        "        _fake = module\n"
        "        exec(" + repr(_NOOP_CHECKS) + ", {'_fake': module})\n"
        "class _Finder(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name in ('reseau.grading', 'reseau.ties'):\n"
        "            return importlib.util.spec_from_loader(name, _Loader())\n"
        "        return None\n"
        "for _k in [k for k in sys.modules if k.startswith('reseau')]:\n"
        "    del sys.modules[_k]\n"
        "sys.meta_path.insert(0, _Finder())"
    ),
    "reference_remplacee": (
        "import sys, types\n_ref = types.ModuleType('reseau.ties')\n"
        "_ref.tie_strength = lambda *a: 0.5\n_ref.classify_tie = lambda s: 'moyen'\n"
        "sys.modules['reseau.ties'] = _ref"
    ),
    "controles_patches": (
        "import reseau.grading as _g\n"
        "for _n in ['check_real', 'check_int', 'check_text', 'check_text_list', 'check_frame_columns',\n"
        "           'check_learner_function']:\n"
        "    setattr(_g, _n, lambda *a, **k: None)\n"
        "_g.REAL_TYPES = _g.INT_TYPES = (object,)"
    ),
    # IPython
    "run_cell_neutralise": (
        "_ip = get_ipython()\n_run = _ip.run_cell\n"
        "_ip.run_cell = lambda raw, *a, **k: _run('pass' if 'check_' in raw or 'assert' in raw else raw, *a, **k)"
    ),
    "transformateur_ast": (
        "import ast\n"
        "class _T(ast.NodeTransformer):\n"
        "    def visit_Assert(self, node):\n"
        "        return ast.Pass()\n"
        "    def visit_Call(self, node):\n"
        "        f = node.func\n"
        "        if isinstance(f, ast.Name) and f.id.startswith('check_'):\n"
        "            return ast.Constant(None)\n"
        "        return self.generic_visit(node)\n"
        "get_ipython().ast_transformers.append(_T())"
    ),
    "transformateur_d_entree": (
        "def _t(lines):\n"
        "    src = ''.join(lines)\n"
        "    return ['pass\\n'] if ('check_' in src or 'assert' in src) else lines\n"
        "get_ipython().input_transformers_post.append(_t)\n"
        "get_ipython().input_transformers_cleanup.insert(0, _t)"
    ),
    "exceptions_avalees": (
        "def _swallow(self, etype, value, tb, tb_offset=None):\n"
        "    return None\n"
        "get_ipython().set_custom_exc((BaseException,), _swallow)"
    ),
    "showtraceback_muet": (
        "_ip = get_ipython()\n_ip.showtraceback = lambda *a, **k: None\n_ip.showsyntaxerror = lambda *a, **k: None"
    ),
    "evenements_ipython": (
        "def _after(result):\n"
        "    result.error_in_exec = None\n"
        "    result.error_before_exec = None\n"
        "def _before(*a):\n"
        "    import sys\n"
        "    g = sys.modules.get('reseau.grading')\n"
        "    if g is not None:\n"
        "        g.check_real = g.check_int = g.check_text = g.check_learner_function = lambda *a, **k: None\n"
        "_ip = get_ipython()\n"
        "_ip.events.register('post_run_cell', _after)\n"
        "_ip.events.register('pre_execute', _before)\n"
        "_ip.events.register('pre_run_cell', _before)"
    ),
    "crochets_d_affichage": (
        "import sys\n"
        "sys.displayhook = lambda value: None\n"
        "_ip = get_ipython()\n"
        "_ip.display_pub.publish = lambda *a, **k: None\n"
        "_ip.display_formatter.formatters['text/plain'].for_type(str, lambda s, p, cycle: p.text('{\"values\": {}}'))"
    ),
    "expressions_utilisateur_forgees": (
        "_ip = get_ipython()\n"
        "_ip.user_expressions = lambda exprs: {k: {'status': 'ok', 'data': {'text/plain': '(' * 100000},\n"
        "                                          'metadata': {}} for k in exprs}"
    ),
    # acting later
    "trace_et_profil": (
        "import sys, threading\n"
        "def _tracer(frame, event, arg):\n"
        "    if event == 'exception':\n"
        "        frame.f_globals['_avale'] = True\n"
        "    return _tracer\n"
        "sys.settrace(_tracer)\nthreading.settrace(_tracer)\nsys.setprofile(lambda *a: None)"
    ),
    "a_la_sortie": (
        "import atexit, builtins\n"
        "atexit.register(lambda: setattr(builtins, 'isinstance', lambda *a, **k: True))\n"
        "atexit.register(lambda: open('/tmp/note-forgee', 'w').write('13'))"
    ),
    "fil_qui_repatche": (
        "import threading, time, sys\n"
        "def _loop():\n"
        "    while True:\n"
        "        sys.modules.pop('reseau.ties', None)\n"
        "        g = sys.modules.get('reseau.grading')\n"
        "        if g is not None:\n"
        "            g.check_real = g.check_int = g.check_text = lambda *a, **k: None\n"
        "        time.sleep(0.001)\n"
        "threading.Thread(target=_loop, daemon=True).start()"
    ),
    "signaux": (
        "import signal, sys\n"
        "def _later(*a):\n"
        "    g = sys.modules.get('reseau.grading')\n"
        "    if g is not None:\n"
        "        g.check_real = g.check_int = g.check_text = lambda *a, **k: None\n"
        "signal.signal(signal.SIGINT, lambda *a: None)\n"
        "signal.signal(signal.SIGALRM, _later)\n"
        "signal.setitimer(signal.ITIMER_REAL, 0.05, 0.05)"
    ),
    # reaching the checks' objects
    "ramasse_miettes": (
        "import gc, reseau.grading\n"
        "_noop = (lambda *a, **k: None).__code__\n"
        "for _o in gc.get_objects():\n"
        "    try:\n"
        "        if callable(_o) and getattr(_o, '__module__', '') == 'reseau.grading' and hasattr(_o, '__code__'):\n"
        "            _o.__code__ = _noop\n"
        "    except Exception:\n"
        "        pass"
    ),
    "cadres_remontes": (
        "import sys\n_f = sys._getframe()\n"
        "while _f is not None:\n"
        "    _f.f_globals.setdefault('__builtins__', None)\n"
        "    _f.f_globals['check_real'] = lambda *a, **k: None\n"
        "    _f = _f.f_back\n"
        "import builtins\nbuiltins.check_real = lambda *a, **k: None"
    ),
    # NumPy and pandas
    "numpy_comparaisons": (
        "import numpy as np\n"
        "np.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n"
        "np.array_equal = lambda *a, **k: True\nnp.testing.assert_allclose = lambda *a, **k: None"
    ),
    "pandas_comparaisons": (
        "import pandas as pd\n"
        "pd.DataFrame.equals = lambda *a, **k: True\npd.Series.equals = lambda *a, **k: True\n"
        "pd.Series.between = lambda self, *a, **k: pd.Series([True] * 1000)\n"
        "pd.testing.assert_frame_equal = lambda *a, **k: None\npd.testing.assert_series_equal = lambda *a, **k: None"
    ),
    # the grader's own helper in the kernel, doctored
    "expressions_utilisateur_malformees": (
        "get_ipython().user_expressions = lambda exprs: {'r': {'status': 'ok', 'data': [1]}}"
    ),
    "ensemble_qui_collisionne": (
        # ints whose hashes all collide: a set of them costs quadratic time to build, in the judge
        "import reseau.remote as _r\n_M = (1 << 61) - 1\n"
        "_p = _r.dumps({'values': {'n_strong': {'t': 'set', 'v': [{'t': 'int', 'v': str(k * _M)}\n"
        "                                                     for k in range(1, 300000)]}}})\n"
        "_o = _r.answer\n"
        "_r.answer = lambda ns, q: _p if '\"names\"' in q else _o(ns, q)"
    ),
    "reponse_du_noyau_forgee": (
        "import reseau.remote as _r\n"
        "_r.answer = lambda ns, request: ('{\"values\": {\"share_weak\": {\"t\": \"frame\", \"columns\": 1}, '\n"
        "                                 '\"tie_strength\": {\"t\": \"function\", \"facts\": {\"function\": true, '\n"
        "                                 '\"copied\": false}}}, \"results\": [{\"t\": \"float\", \"v\": \"nan\"}]}')"
    ),
}

# -- hostile answers (exercise 01), in place of the wrong ones ----------------------------------------
HOSTILE_ANSWERS: dict[str, dict[str, str]] = {
    "type_menteur": {
        "share": (
            "import builtins\n_type = builtins.type\n"
            "class _F(float):\n    pass\n"
            "builtins.type = lambda *a: float if len(a) == 1 and _type(a[0]) is _F else _type(*a)\n"
            "share_weak = _F(0.5)"
        ),
    },
    "objets_egaux_a_tout": {
        "share": (
            "class _Tout:\n"
            "    __eq__ = lambda s, o: True\n    __ne__ = lambda s, o: False\n"
            "    __le__ = __ge__ = __lt__ = __gt__ = lambda s, o: True\n"
            "    __float__ = lambda s: 0.7419\n    __hash__ = lambda s: 0\n"
            "share_weak = _Tout()"
        ),
        "counts": "n_strong = n_weak = n_absent = type('I', (int,), {'__eq__': lambda s, o: True, '__hash__': "
                  "lambda s: 0})(11)",
    },
    "flottant_bool_len_hostiles": {
        "share": "class _F(float):\n    def __eq__(self, o):\n        return True\n    __hash__ = float.__hash__\n"
                 "share_weak = _F(0.5)",
        "weak_only": (
            "class _L(list):\n"
            "    def __eq__(self, o):\n        return True\n"
            "    def __len__(self):\n        return 3\n"
            "    def __iter__(self):\n        return iter(['Architecture', 'Banque', 'Conseil'])\n"
            "    def __bool__(self):\n        return True\n"
            "weak_only_sectors = _L(['x'])"
        ),
    },
    "tableaux_sous_classes": {
        "scored": (
            "import pandas as pd\n"
            "class _D(pd.DataFrame):\n"
            "    @property\n    def _constructor(self):\n        return _D\n"
            "    def __eq__(self, o):\n        return True\n"
            "contacts = load_contacts()\n"
            "scored = _D(contacts.assign(strength=0.5, tie='faible'))"
        ),
    },
    "serie_sous_classe": {
        "weak_only": (
            "import pandas as pd\n"
            "class _S(pd.Series):\n"
            "    def __eq__(self, o):\n        return True\n"
            "    def __len__(self):\n        return 3\n"
            "weak_only_sectors = _S(['x'])"
        ),
    },
    "colonne_d_objets_hostiles": {
        "scored": (
            "class _Tout:\n    __eq__ = lambda s, o: True\n    __float__ = lambda s: 0.5\n"
            "    __le__ = __ge__ = lambda s, o: True\n"
            "contacts = load_contacts()\n"
            "scored = contacts.copy()\n"
            "scored['strength'] = [_Tout() for _ in range(len(scored))]\n"
            "scored['tie'] = [_Tout() for _ in range(len(scored))]"
        ),
    },
    "nan_et_infinis": {
        "share": "share_weak = float('nan')",
        "counts": "n_strong = float('inf')\nn_weak = float('-inf')\nn_absent = float('nan')",
    },
    "valeurs_enormes": {
        "counts": "n_strong = 10 ** 100000\nn_weak = -(10 ** 5000)\nn_absent = 1",
        "weak_only": "weak_only_sectors = ['Architecture'] * 10_000_000",
        "share": "share_weak = 'x' * 50_000_000",
    },
    "recursion": {
        "weak_only": "weak_only_sectors = []\nweak_only_sectors.append(weak_only_sectors)",
        "share": "share_weak = {}\nshare_weak['a'] = share_weak",
    },
    "fonctions_qui_renvoient_des_objets_hostiles": {
        "tie_strength": (
            "class _Tout(float):\n    __eq__ = lambda s, o: True\n    __hash__ = float.__hash__\n"
            "def tie_strength(frequency, intimacy, emotion, reciprocity):\n    return _Tout(0.5)"
        ),
        "classify_tie": (
            "class _S(str):\n    __eq__ = lambda s, o: True\n    __hash__ = str.__hash__\n"
            "def classify_tie(strength):\n    return _S('moyen')"
        ),
    },
    "fonction_qui_patche_a_l_appel": {
        "tie_strength": (
            "def tie_strength(frequency, intimacy, emotion, reciprocity):\n"
            "    import builtins, sys\n"
            "    builtins.float = int\n"
            "    sys.modules.pop('reseau.grading', None)\n"
            "    return 0.5"
        ),
    },
    "fonction_qui_ment_sur_sa_provenance": {
        # the library's own functions, wrapped, and the kernel's report doctored: the notebook's text tells
        "tie_strength": (
            "import reseau.grading as _g\n"
            "_g.function_facts = lambda obj, name: {'function': True, 'copied': False}\n"
            "from reseau.ties import tie_strength as _ts, classify_tie as _ct\n"
            "def tie_strength(frequency, intimacy, emotion, reciprocity):\n"
            "    return _ts(frequency, intimacy, emotion, reciprocity)"
        ),
        "classify_tie": "def classify_tie(strength):\n    return _ct(strength)",
    },
    "copie_par_une_aide": {
        # the library reached through a helper of the notebook, and the kernel's report left alone
        "tie_strength": (
            "import reseau.ties as _t\n"
            "_f = lambda *a: _t.tie_strength(*a)\n"
            "def tie_strength(frequency, intimacy, emotion, reciprocity):\n"
            "    return _f(frequency, intimacy, emotion, reciprocity)"
        ),
        "classify_tie": (
            "from reseau.ties import classify_tie as _ct\n_g = _ct\n"
            "def classify_tie(strength):\n    return _g(strength)"
        ),
    },
    "module_comme_reponse": {
        "share": "import unittest as share_weak",
        "counts": "import unittest.__main__ as n_strong\nn_weak = n_absent = n_strong",
    },
    "fonction_qui_dort": {
        "tie_strength": (
            "def tie_strength(frequency, intimacy, emotion, reciprocity):\n"
            "    import time\n"
            "    time.sleep(3600)"
        ),
    },
    "fonction_qui_tue_son_noyau": {
        "classify_tie": "def classify_tie(strength):\n    import os\n    os._exit(0)",
    },
}

RIGHT_TIES = ("tie_strength", "classify_tie")

# -- non-finite numbers (issue 22), as values and as function results, in every numeric check -------------
#: Exercise 01 (06_force_des_liens), in place of the wrong answers.
NON_FINITE_01: dict[str, dict[str, str]] = {
    "fonction_infinie": {  # before issue 22: inf <= inf passed check_real, 1 + 2 points
        "tie_strength": "def tie_strength(frequency, intimacy, emotion, reciprocity):\n    return float('inf')",
    },
    "fonction_nan_numpy": {
        "tie_strength": (
            "import numpy as np\n"
            "def tie_strength(frequency, intimacy, emotion, reciprocity):\n    return np.float64('nan')"
        ),
        "share": "import numpy as np\nshare_weak = np.float64('inf')",
    },
    "fonction_moins_infini_float32": {
        "tie_strength": (
            "import numpy as np\n"
            "def tie_strength(frequency, intimacy, emotion, reciprocity):\n    return np.float32('-inf')"
        ),
    },
    "valeurs_pandas_non_finies": {
        "scored": (
            "import numpy as np\ncontacts = load_contacts()\nscored = contacts.copy()\n"
            "scored['strength'] = np.inf\nscored['tie'] = 'faible'"
        ),
        "share": "import pandas as pd, numpy as np\nshare_weak = pd.Series([np.inf]).iloc[0]",
    },
}

#: Exercise 02 (03_budget_et_temps): every function returns an infinity or NaN, the values are infinite.
#: Before issue 22 this notebook scored 12 / 13 (every numeric check passed; cheapest is left blank).
NON_FINITE_02 = {
    "meetings_per_year": ("def meetings_per_year(meetings_per_month, months_per_year, board, "
                          "board_meetings_per_month, interclub_events):\n    return float('inf')"),
    "hours_per_year": ("import numpy as np\n"
                       "def hours_per_year(meetings, meeting_hours, travel_hours):\n    return np.inf"),
    "cash_cost": ("def cash_cost(fee, meal_cost, regular_meetings, interclub_events, interclub_cost):\n"
                  "    return float('inf')"),
    "total_cost": "def total_cost(cash, hours, hourly_value):\n    return 1e308 * 10",
    "club_cash_cost": "import numpy as np\ndef club_cash_cost(club):\n    return np.float64('inf')",
    "campaign": ("club_cost_per_contact = float('inf')\ncampaign_cost_per_contact = float('inf')\n"
                 "better = 'club'"),
    "break_even": "def break_even(total, margin_rate):\n    return float('inf')",
}
#: The same, with meetings_per_year and hours_per_year right, and NaN and -inf elsewhere: 3 points.
NON_FINITE_02_PARTIAL = {
    "cash_cost": ("def cash_cost(fee, meal_cost, regular_meetings, interclub_events, interclub_cost):\n"
                  "    return float('-inf')"),
    "total_cost": "import numpy as np\ndef total_cost(cash, hours, hourly_value):\n    return np.nan",
    "campaign": ("import numpy as np\nclub_cost_per_contact = np.float64('-inf')\n"
                 "campaign_cost_per_contact = float('nan')\nbetter = 'club'"),
    "break_even": "import numpy as np\ndef break_even(total, margin_rate):\n    return np.float32('inf')",
}


def forger_01(prelude: str = "", answers: dict[str, str] | None = None, *, keep_right: tuple[str, ...] = ()):
    """Exercise 01: the wrong answers (except `keep_right`, left at the reference), `answers` over them,
    `prelude` before the first answer."""
    overrides = {k: v for k, v in WRONG_01.items() if k not in keep_right}
    overrides.update(answers or {})
    nb = learner_notebook(A1, overrides)
    _prepend(nb, "tie_strength", prelude)
    return nb


def forger_02(prelude: str = "", *, keep_right: tuple[str, ...] = (), answers: dict[str, str] | None = None):
    """Exercise 02: every answer blank (the released stub) except `keep_right`, `answers` over them,
    `prelude` before the first."""
    nb = learner_notebook(A2, answers, correct=keep_right)
    _prepend(nb, "meetings_per_year", prelude)
    return nb


def _prepend(nb, grade_id: str, prelude: str) -> None:
    if not prelude:
        return
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = prelude + "\n" + cell.source
            return
    raise KeyError(grade_id)


#: Exercise-02 forgers: a few preludes again, on a blank notebook.
PRELUDES_02 = ["import_trafique", "faux_module_de_controle", "transformateur_ast", "exceptions_avalees",
               "numpy_comparaisons", "evenements_ipython"]


def build_forgers() -> dict[str, tuple[str, object, float]]:
    """learner -> (assignment, notebook, expected total): every forger, and the honest learners."""
    out: dict[str, tuple[str, object, float]] = {}
    for name, prelude in PRELUDES.items():
        out[f"f1-{name}"] = (A1, forger_01(prelude), 0)
    for name, answers in HOSTILE_ANSWERS.items():
        out[f"f1-{name}"] = (A1, forger_01(answers=answers), 0)
    for name in PRELUDES_02:
        out[f"f2-{name}"] = (A2, forger_02(PRELUDES[name]), 0)
    # partial credit kept, whatever the forging around it
    out["f1-partiel-avec-import-trafique"] = (A1, forger_01(PRELUDES["import_trafique"], keep_right=RIGHT_TIES), 6)
    out["f2-partiel-avec-faux-module"] = (A2, forger_02(PRELUDES["faux_module_de_controle"],
                                                        keep_right=("meetings_per_year", "hours_per_year")), 3)
    # non-finite numbers never match (issue 22)
    for name, answers in NON_FINITE_01.items():
        out[f"f1-{name}"] = (A1, forger_01(answers=answers), 0)
    out["f1-infinis-avec-liens-justes"] = (A1, forger_01(answers={"share": "share_weak = float('-inf')",
                                                                  "counts": "n_strong = n_weak = n_absent = 0"},
                                                         keep_right=RIGHT_TIES), 6)
    out["f2-tout-infini"] = (A2, forger_02(answers=NON_FINITE_02), 0)
    out["f2-infinis-avec-reunions-justes"] = (A2, forger_02(keep_right=("meetings_per_year", "hours_per_year"),
                                                            answers=NON_FINITE_02_PARTIAL), 3)
    # honest learners, graded in the same batch
    out["honnete-01-complet"] = (A1, learner_notebook(A1), 13)
    out["honnete-01-sans-la-part"] = (A1, learner_notebook(A1, {"share": "share_weak = 0.5"}), 12)
    out["honnete-01-faux"] = (A1, forger_01(), 0)
    out["honnete-02-complet"] = (A2, learner_notebook(A2), 13)
    out["honnete-02-reunions"] = (A2, forger_02(keep_right=("meetings_per_year", "hours_per_year")), 3)
    return out
