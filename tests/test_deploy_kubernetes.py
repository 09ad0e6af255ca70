"""The Kubernetes route (deploy/kubernetes/), checked as far as this machine allows.

No cluster here: the Helm values must parse and use only keys the Zero to JupyterHub chart
accepts (a typo such as `singleuser.memroy` would be silently ignored by Helm, so it must fail
here), the Python snippets they carry must compile and do what they say, and the single-user
image must install the project's own pyproject.toml without solutions/ or autograder/.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "kubernetes"

# Key paths of the Zero to JupyterHub chart (4.x) used by this project, written down from the chart's
# configuration reference, https://z2jh.jupyter.org/en/stable/resources/reference.html (its published
# values schema). Only what we use or may plausibly use is listed; extend it from that page, never
# from our own values file.
CHART_KEYS = {
    "hub", "hub.config", "hub.db", "hub.db.type", "hub.db.url", "hub.db.password", "hub.db.upgrade",
    "hub.db.pvc", "hub.db.pvc.storage", "hub.extraEnv", "hub.extraConfig", "hub.existingSecret",
    "hub.cookieSecret", "hub.baseUrl", "hub.image", "hub.image.name", "hub.image.tag",
    "hub.resources", "hub.allowNamedServers", "hub.concurrentSpawnLimit", "hub.activeServerLimit",
    "singleuser", "singleuser.image", "singleuser.image.name", "singleuser.image.tag",
    "singleuser.image.pullPolicy", "singleuser.image.pullSecrets", "singleuser.defaultUrl",
    "singleuser.memory", "singleuser.memory.limit", "singleuser.memory.guarantee",
    "singleuser.cpu", "singleuser.cpu.limit", "singleuser.cpu.guarantee",
    "singleuser.storage", "singleuser.storage.type", "singleuser.storage.capacity",
    "singleuser.storage.homeMountPath", "singleuser.storage.dynamic",
    "singleuser.storage.dynamic.storageClass", "singleuser.storage.dynamic.pvcNameTemplate",
    "singleuser.storage.dynamic.volumeNameTemplate", "singleuser.storage.dynamic.storageAccessModes",
    "singleuser.storage.static", "singleuser.storage.static.pvcName", "singleuser.storage.static.subPath",
    "singleuser.storage.extraVolumes", "singleuser.storage.extraVolumeMounts",
    "singleuser.extraEnv", "singleuser.lifecycleHooks", "singleuser.lifecycleHooks.postStart",
    "singleuser.startTimeout", "singleuser.profileList", "singleuser.uid", "singleuser.fsGid",
    "singleuser.networkPolicy", "singleuser.networkPolicy.enabled",
    "cull", "cull.enabled", "cull.timeout", "cull.every", "cull.users", "cull.maxAge", "cull.concurrency",
    "proxy", "proxy.secretToken", "proxy.service", "proxy.service.type",
    "proxy.https", "proxy.https.enabled", "proxy.https.type", "proxy.https.hosts",
    "proxy.https.letsencrypt", "proxy.https.letsencrypt.contactEmail", "proxy.https.manual",
    "proxy.https.manual.key", "proxy.https.manual.cert", "proxy.https.secret", "proxy.https.secret.name",
    "proxy.https.secret.key", "proxy.https.secret.crt",
    "ingress", "ingress.enabled", "ingress.hosts", "ingress.tls", "ingress.annotations",
    "prePuller", "prePuller.hook", "prePuller.hook.enabled", "prePuller.continuous",
    "prePuller.continuous.enabled", "scheduling", "scheduling.userScheduler",
    "scheduling.userScheduler.enabled", "debug", "debug.enabled",
}
# Keys whose children are free: Kubernetes objects, environment variable names, Python snippets.
OPEN_KEYS = {"hub.extraEnv", "hub.extraConfig", "singleuser.extraEnv", "singleuser.lifecycleHooks.postStart"}
# Allowed values of the chart's enumerations we set (same reference page).
CHART_ENUMS = {
    "hub.db.type": {"sqlite-pvc", "sqlite-memory", "mysql", "postgres", "other"},
    "singleuser.storage.type": {"dynamic", "static", "none"},
    "proxy.https.type": {None, "", "letsencrypt", "manual", "offload", "secret"},
}
# Traits of jupyterhub-ltiauthenticator 1.6 (ltiauthenticator/lti13/auth.py) and of the OAuthenticator /
# Authenticator classes it extends, as documented on https://ltiauthenticator.readthedocs.io/.
LTI13_TRAITS = {"issuer", "client_id", "authorize_url", "jwks_endpoint", "jwks_algorithms", "username_key",
                "tool_name", "tool_description", "allow_all", "admin_users", "allowed_users", "post_auth_hook",
                "enable_auth_state"}
MOODLE = "https://moodle.cci-exemple.fr"


def _load(name: str) -> dict:
    return yaml.safe_load((DEPLOY / name).read_text(encoding="utf-8"))


def unknown_keys(values: dict) -> list[str]:
    """Key paths of `values` that the chart does not accept (lists are Kubernetes objects: not walked)."""
    bad = []

    def walk(node, path):
        for key, value in node.items():
            here = f"{path}.{key}" if path else str(key)
            if path == "hub.config":
                if not re.fullmatch(r"[A-Z]\w*", str(key)):  # traitlets class names only
                    bad.append(here)
                continue
            if here not in CHART_KEYS:
                bad.append(here)
                continue
            if here not in OPEN_KEYS and isinstance(value, dict):
                walk(value, here)

    walk(values, "")
    return bad


def _get(values: dict, path: str):
    node = values
    for part in path.split("."):
        node = node[part]
    return node


@pytest.mark.parametrize("name", ["values.yaml", "values-lti.yaml"])
def test_values_use_only_chart_keys(name):
    values = _load(name)
    assert isinstance(values, dict) and values
    assert unknown_keys(values) == []


def test_a_typo_in_a_key_is_caught():
    values = _load("values.yaml")
    values["singleuser"]["memroy"] = values["singleuser"].pop("memory")
    values["hub"]["config"]["authenticator"] = {"admin_users": ["x"]}  # class names take a capital
    values["cull"]["timeOut"] = 10
    assert sorted(unknown_keys(values)) == ["cull.timeOut", "hub.config.authenticator", "singleuser.memroy"]


@pytest.mark.parametrize("name", ["values.yaml", "values-lti.yaml"])
def test_enumerated_values_are_the_charts(name):
    values = _load(name)
    for path, allowed in CHART_ENUMS.items():
        try:
            value = _get(values, path)
        except KeyError:
            continue
        assert value in allowed, (path, value)


def test_values_describe_the_reseau_deployment():
    values = _load("values.yaml")
    single = values["singleuser"]
    assert single["image"]["name"] and single["image"]["tag"] not in ("", "latest")
    assert single["storage"]["type"] == "dynamic"
    mounts = {m["name"]: m["mountPath"] for m in single["storage"]["extraVolumeMounts"]}
    volumes = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in single["storage"]["extraVolumes"]}
    assert mounts == {"echange-nbgrader": "/srv/nbgrader/exchange"}
    pvc = yaml.safe_load((DEPLOY / "echange-pvc.yaml").read_text(encoding="utf-8"))
    assert pvc["kind"] == "PersistentVolumeClaim" and pvc["spec"]["accessModes"] == ["ReadWriteMany"]
    assert volumes == {"echange-nbgrader": pvc["metadata"]["name"]}
    assert values["hub"]["db"]["type"] == "postgres"
    assert values["hub"]["db"]["url"].startswith("postgresql+psycopg2://")
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] == 3600
    assert values["proxy"]["https"]["type"] in {"letsencrypt", "manual"}
    auth = values["hub"]["config"]["Authenticator"]
    assert set(auth["admin_users"]) <= set(auth["allowed_users"])
    # the gradebook is trainer-only: its URL never goes to every server
    assert "RESEAU_DB_URL" not in (single.get("extraEnv") or {})
    assert "RESEAU_DB_URL" in values["hub"]["extraEnv"]


class _Spawner:
    def __init__(self, admin: bool):
        self.user = type("User", (), {"admin": admin})()
        self.environment: dict[str, str] = {}


def _run_extra_config(snippet: str):
    from traitlets.config import Config

    c = Config()
    exec(compile(snippet, "hub.extraConfig", "exec"), {"c": c, "__name__": "jupyterhub_config"})
    return c


def test_gradebook_url_reaches_trainers_only(monkeypatch):
    c = _run_extra_config(_load("values.yaml")["hub"]["extraConfig"]["reseau-formateurs"])
    hook = c.KubeSpawner.pre_spawn_hook
    monkeypatch.setenv("RESEAU_DB_URL", "postgresql://formateur:x@pg/notes")
    trainer, learner = _Spawner(admin=True), _Spawner(admin=False)
    hook(trainer)
    hook(learner)
    assert trainer.environment == {"RESEAU_DB_URL": "postgresql://formateur:x@pg/notes"}
    assert learner.environment == {}


def test_lti_values_for_moodle():
    values = _load("values-lti.yaml")
    config = values["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] == "ltiauthenticator.lti13.auth.LTI13Authenticator"
    lti = config["LTI13Authenticator"]
    assert set(lti) <= LTI13_TRAITS
    assert lti["issuer"] == MOODLE
    assert lti["authorize_url"] == f"{MOODLE}/mod/lti/auth.php"
    assert lti["jwks_endpoint"] == f"{MOODLE}/mod/lti/certs.php"
    assert isinstance(lti["client_id"], list) and lti["client_id"]
    assert lti["allow_all"] is True


@pytest.mark.parametrize("roles, admin", [
    (["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"], True),
    (["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
      "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"], True),
    (["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"], False),
    ([], False),
])
def test_lms_roles_decide_who_is_a_trainer(roles, admin):
    c = _run_extra_config(_load("values-lti.yaml")["hub"]["extraConfig"]["reseau-roles-lti"])
    hook = c.LTI13Authenticator.post_auth_hook
    auth = {"name": "42", "auth_state": {"https://purl.imsglobal.org/spec/lti/claim/roles": roles}}
    assert hook(None, None, auth)["admin"] is admin


def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_image_installs_this_projects_pyproject_and_nothing_else():
    instructions = _dockerfile_instructions()
    (base,) = [rest for word, rest in instructions if word == "FROM"]
    assert base.startswith("quay.io/jupyter/") and re.search(r":\d{4}-\d{2}-\d{2}$", base), base  # pinned date tag
    copies = [shlex.split(rest) for word, rest in instructions if word == "COPY"]
    copied = {(tuple(args[:-1]), args[-1]) for args in copies}
    assert (("pyproject.toml", "README.md"), "/opt/reseau/") in copied
    assert (("src/",), "/opt/reseau/src/") in copied
    runs = " ".join(rest for word, rest in instructions if word == "RUN")
    installs = [shlex.split(args) for args in re.findall(r"pip install ([^&;]+)", runs)]
    targets = [arg for args in installs for arg in args if not arg.startswith("-")]
    assert targets == ["/opt/reseau[postgres]"], installs  # the copied project, no list of packages
    assert "requirements" not in (DEPLOY / "Dockerfile").read_text(encoding="utf-8")


def test_image_leaves_out_solutions_and_the_grading_workspace():
    for word, rest in _dockerfile_instructions():
        if word not in {"COPY", "ADD"}:
            continue
        sources = [a for a in shlex.split(rest)[:-1] if not a.startswith("--")]
        for src in sources:
            assert src not in {".", "./", "*"}, "copying the whole project would bring solutions/"
            top = src.strip("/").split("/")[0]
            assert top not in {"solutions", "autograder", ".git", ".venv"}, src
            assert (ROOT / src).exists(), f"COPY {src}: absent from the project"
