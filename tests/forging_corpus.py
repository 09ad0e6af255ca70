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
    # the library's references reached from the notebook (issue 22)
    out.update(build_route_forgers())
    # honest learners, graded in the same batch
    out["honnete-01-complet"] = (A1, learner_notebook(A1), 13)
    out["honnete-01-sans-la-part"] = (A1, learner_notebook(A1, {"share": "share_weak = 0.5"}), 12)
    out["honnete-01-faux"] = (A1, forger_01(), 0)
    out["honnete-02-complet"] = (A2, learner_notebook(A2), 13)
    out["honnete-02-reunions"] = (A2, forger_02(keep_right=("meetings_per_year", "hours_per_year")), 3)
    return out


# -- files handed in beside the notebook (issue 22) -------------------------------------------------------
# Each forger's notebook answers wrong (exercise 01) or blank (exercise 02); files beside it would, if Python,
# IPython or Jupyter ran them in the grading kernel, put right answers in the kernel after every cell, where
# the notebook's text (all the judge reads) never shows them.  Only the notebook runs: 0 each.  Had they run,
# exercise 01 would have scored 6 (tie_strength and classify_tie: 1 + 2 + 1 + 2) and exercise 02 3
# (meetings_per_year and hours_per_year: 1 + 1 + 1).

_RIGHT_HIDDEN = {
    A1: ("def tie_strength(frequency, intimacy, emotion, reciprocity):\n"
         "    return (frequency + intimacy + emotion + reciprocity) / 16\n"
         "def classify_tie(strength):\n"
         "    return 'fort' if strength >= 0.625 else 'faible' if strength >= 0.125 else 'absent'\n"),
    A2: ("def meetings_per_year(meetings_per_month, months_per_year, board, board_meetings_per_month, "
         "interclub_events):\n"
         "    return meetings_per_month * months_per_year + (board_meetings_per_month * months_per_year if board "
         "else 0) + interclub_events\n"
         "def hours_per_year(meetings, meeting_hours, travel_hours):\n"
         "    return meetings * (meeting_hours + travel_hours)\n"),
}


def _hook(assignment: str) -> str:
    """Code that, once run in the kernel, puts the right answers back after every cell."""
    return (
        "def _reseau_aide(*_a, **_k):\n"
        "    from IPython import get_ipython\n"
        f"    exec({_RIGHT_HIDDEN[assignment]!r}, get_ipython().user_ns)\n"
        "from IPython import get_ipython as _gi\n"
        "_gi().events.register('post_run_cell', _reseau_aide)\n"
    )


def _hook_later(assignment: str) -> str:
    """The same, from code run before IPython exists (sitecustomize, a .pth, a module): a thread waits for it."""
    return (
        "import threading as _th, time as _tm\n"
        "def _reseau_attendre():\n"
        "    for _ in range(3000):\n"
        "        try:\n"
        "            from IPython import get_ipython\n"
        "            if get_ipython() is not None:\n"
        + "".join("                " + line + "\n" for line in _hook(assignment).splitlines()) +
        "                return\n"
        "        except Exception:\n"
        "            pass\n"
        "        _tm.sleep(0.01)\n"
        "_th.Thread(target=_reseau_attendre, daemon=True).start()\n"
    )


def _shadow(module: str, assignment: str) -> str:
    """A module named like one the notebook imports: loads the real one in its place, then the hook."""
    return (
        "import os as _os, sys as _sys\n"
        "_here = _os.path.dirname(_os.path.abspath(__file__))\n"
        "_sys.path[:] = [p for p in _sys.path if p not in ('', '.', _here)]\n"
        f"del _sys.modules[{module!r}]\n"
        f"import {module} as _real\n"
        f"_sys.modules[{module!r}] = _real\n"
        + _hook_later(assignment)
    )


def files_beside(assignment: str) -> dict[str, dict[str, str]]:
    """forger name -> {relative path: text} handed in beside the notebook of `assignment`."""
    hook, later = _hook(assignment), _hook_later(assignment)
    config = f"c = get_config()\nc.InteractiveShellApp.exec_lines = [{hook!r}]\n"
    return {
        "demarrage_ipython": {".ipython/profile_default/startup/00-aide.py": hook,
                              ".ipython/profile_default/startup/01-aide.ipy": hook},
        "configuration_ipython": {"ipython_config.py": config, "ipython_kernel_config.py": config,
                                  ".ipython/profile_default/ipython_kernel_config.py": config,
                                  ".ipython/profile_default/ipython_config.py": config,
                                  ".jupyter/jupyter_config.py": config, "jupyter_kernel_config.py": config},
        "sitecustomize": {"sitecustomize.py": later, "usercustomize.py": later},
        "site_utilisateur": {".local/lib/python3.11/site-packages/usercustomize.py": later,
                             ".local/lib/python3.11/site-packages/aide.pth": "import sitecustomize_aide\n",
                             ".local/lib/python3.11/site-packages/sitecustomize_aide.py": later},
        "modules_homonymes": {"pandas.py": _shadow("pandas", assignment), "numpy.py": _shadow("numpy", assignment),
                              "reseau.py": _shadow("reseau", assignment), "aide.pth": "import pandas\n",
                              "__pycache__/pandas.cpython-311.pyc": "pas du code compilé\n"},
        "matplotlib": {"matplotlibrc": "backend: module://aide_mpl\n", "aide_mpl.py": later,
                       ".config/matplotlib/matplotlibrc": "backend: module://aide_mpl\n"},
    }


def build_file_forgers() -> dict[str, tuple[str, object, dict[str, str], float]]:
    """learner -> (assignment, notebook, {file beside it: text}, expected total)."""
    out: dict[str, tuple[str, object, dict[str, str], float]] = {}
    for name, files in files_beside(A1).items():
        out[f"fichiers1-{name}"] = (A1, forger_01(), files, 0)
    for name in ("demarrage_ipython", "configuration_ipython", "modules_homonymes", "site_utilisateur"):
        out[f"fichiers2-{name}"] = (A2, forger_02(), files_beside(A2)[name], 0)
    # partial credit kept beside such files: the right answers of the notebook itself count
    out["fichiers2-avec-reunions-justes"] = (A2, forger_02(keep_right=("meetings_per_year", "hours_per_year")),
                                             files_beside(A2)["demarrage_ipython"], 3)
    return out


# -- the library's references reached from the notebook (issue 22) -------------------------------------
# Each route defines `_ref(name)`, the library's own `name` of module MOD reached without the notebook's
# text naming it (names built at run time, so the text check cannot follow).  In the grading kernel the
# library has no reference of the assignment being graded: whatever the route, calling it raises, and each
# answer built on it is worth 0.  Before issue 22, exercise 01's tie_strength and classify_tie built this
# way scored 6, exercise 02's meetings_per_year 2.

_MOD = "'rese' + 'au.' + '@MOD@'"

ROUTES: dict[str, str] = {
    "importlib_nom_construit": (
        "import importlib\n"
        "def _ref(n):\n    return getattr(importlib.import_module(" + _MOD + "), n)\n"
    ),
    "import_dunder_getattr": (
        "def _ref(n):\n    return getattr(__import__(" + _MOD + ", fromlist=['x']), n)\n"
    ),
    "sys_modules": (
        "import sys\n__import__(" + _MOD + ")\n"
        "def _ref(n):\n    return sys.modules[" + _MOD + "].__dict__[n]\n"
    ),
    "ramasse_miettes": (
        "import gc\n__import__(" + _MOD + ")\n"
        "def _ref(n):\n"
        "    return [o for o in gc.get_objects() if callable(o) and getattr(o, '__name__', None) == n\n"
        "            and str(getattr(o, '__module__', '')).startswith('rese' + 'au')][0]\n"
    ),
    "referents_du_module": (
        "import gc, sys\n__import__(" + _MOD + ")\n"
        "def _ref(n):\n"
        "    _d = vars(sys.modules[" + _MOD + "])\n"
        "    return [f for f in gc.get_referrers(_d) if getattr(f, '__name__', None) == n][0]\n"
    ),
    "fichier_source_relu": (
        "import sys, types\n"
        "_m = __import__(" + _MOD + ", fromlist=['x'])\n"
        "_c = types.ModuleType('rese' + 'au.copie')\n_c.__package__ = 'rese' + 'au'\n"
        "sys.modules[_c.__name__] = _c\n"
        "exec(compile(open(_m.__file__, encoding='utf-8').read(), 'copie', 'exec'), _c.__dict__)\n"
        "def _ref(n):\n    return getattr(_c, n)\n"
    ),
    "module_recharge": (
        "import importlib.util\n"
        "_s = importlib.util.find_spec(" + _MOD + ")\n_m = importlib.util.module_from_spec(_s)\n"
        "_s.loader.exec_module(_m)\n"
        "def _ref(n):\n    return getattr(_m, n)\n"
    ),
    "objets_qui_gardent_la_fonction": (
        "import functools, importlib\n"
        "class _Boite:\n    pass\n"
        "_b = _Boite()\n"
        "_b.fonctions = {}\n"
        "def _ref(n):\n"
        "    if n not in _b.fonctions:\n"
        "        _b.fonctions[n] = functools.partial(getattr(importlib.import_module(" + _MOD + "), n))\n"
        "    return _b.fonctions[n]\n"
    ),
    "rapport_du_noyau_remplace": (
        "import importlib\n"
        "_r = importlib.import_module('rese' + 'au.remote')\n"
        "_r.function_facts = lambda obj, name: {'function': True, 'copied': False}\n"
        "_r._reaches_library = lambda *a, **k: False\n"
        "def _ref(n):\n    return getattr(importlib.import_module(" + _MOD + "), n)\n"
    ),
}


def _routed_01(route: str) -> dict[str, str]:
    prelude = ROUTES[route].replace('@MOD@', 'ties')
    return {
        "tie_strength": prelude + (
            "def tie_strength(frequency, intimacy, emotion, reciprocity):\n"
            "    return _ref('tie' + '_strength')(frequency, intimacy, emotion, reciprocity)"),
        "classify_tie": "def classify_tie(strength):\n    return _ref('classify' + '_tie')(strength)",
    }


#: Values built on the library's references (scored, the counts, the share), besides the functions.
VALUES_BY_THE_LIBRARY = {
    "scored": "contacts = load_contacts()\nscored = _ref('score' + '_contacts')(contacts)",
    "counts": ("_p = _ref('network' + '_profile')(scored)\n"
               "n_strong, n_weak, n_absent = _p['n_strong'], _p['n_weak'], _p['n_absent']"),
    "share": "share_weak = _ref('network' + '_profile')(scored)['share_weak']",
}

_ROUTED_02 = (
    "def meetings_per_year(meetings_per_month, months_per_year, board, board_meetings_per_month, "
    "interclub_events):\n"
    "    return _ref('Membership' + 'Plan')(fee=150, meetings_per_month=meetings_per_month,\n"
    "        months_per_year=months_per_year,\n"
    "        board=board, board_meetings_per_month=board_meetings_per_month,\n"
    "        interclub_events=interclub_events).meetings_per_year"
)


def build_route_forgers() -> dict[str, tuple[str, object, float]]:
    """learner -> (assignment, notebook, expected total): the references reached by every route."""
    out: dict[str, tuple[str, object, float]] = {}
    for route in ROUTES:
        out[f"r1-{route}"] = (A1, forger_01(answers=_routed_01(route)), 0)
    out["r1-valeurs_par_la_bibliotheque"] = (
        A1, forger_01(answers={**_routed_01("importlib_nom_construit"), **VALUES_BY_THE_LIBRARY}), 0)
    for route in ("import_dunder_getattr", "sys_modules", "fichier_source_relu", "rapport_du_noyau_remplace"):
        out[f"r2-{route}"] = (A2, forger_02(answers={
            "meetings_per_year": ROUTES[route].replace('@MOD@', 'budget') + _ROUTED_02}), 0)
    # partial credit kept: right functions of the learner's own, a reference reached elsewhere
    out["r2-reunions-justes-et-pause-par-la-bibliotheque"] = (
        A2, forger_02(keep_right=("meetings_per_year", "hours_per_year"), answers={
            "break_even": ROUTES["sys_modules"].replace('@MOD@', 'budget') + (
                "def break_even(total, margin_rate):\n"
                "    return _ref('break_even' + '_revenue')(_ref('Membership' + 'Plan')(fee=total), margin_rate)")}), 3)
    return out
