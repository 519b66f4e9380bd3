"""The laptop package (issue 17.6): a wheel that carries its assets and a `forumsite` command, installed with its
dependencies into a fresh venv, run with npm off the PATH and no checkout in sight.

The served pages do not depend on the date, so the child server runs on the machine's clock (its venv has no
time-machine; see tests/frozen_run.py for servers that need the suite's calendar)."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from forumsite import assets

ROOT = Path(__file__).resolve().parent.parent
BIN = "Scripts" if os.name == "nt" else "bin"
# What the build reads: the package, the top-level asset folders and the build files (not tests, docs, .venv).
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "forumsite", "templates", "static",
           "migrations", "translations")


def test_a_checkout_reads_its_own_folders():
    assert assets.root() == ROOT


def test_the_build_refuses_a_tree_without_htmx(tmp_path):
    source = tmp_path / "src"
    for name in ("templates", "static", "migrations", "translations"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("vendor", "*.mo"))
    with pytest.raises(assets.MissingAsset, match=r"static/vendor/htmx\.min\.js is missing.*make wheel"):
        assets.bundle(source, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_build_takes_htmx_from_node_modules_and_compiles_translations(tmp_path):
    source = tmp_path / "src"
    for name in ("templates", "static", "migrations", "translations"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("vendor", "*.mo"))
    for name, npm_path in assets.VENDOR.items():
        (source / "node_modules" / npm_path).parent.mkdir(parents=True, exist_ok=True)
        (source / "node_modules" / npm_path).write_text(f"/* {name} from npm */")
    assets.bundle(source, tmp_path / "out")
    assert (tmp_path / "out/static/vendor/htmx.min.js").read_text() == "/* htmx.min.js from npm */"
    assert (tmp_path / "out/static/vendor/sse.min.js").read_text() == "/* sse.min.js from npm */"
    assert (tmp_path / "out/templates/accounts/login.html").is_file()
    assert (tmp_path / "out/migrations/env.py").is_file()
    assert (tmp_path / "out/translations/en/LC_MESSAGES/messages.mo").stat().st_size > 1000


def _without_npm_env() -> dict:
    """The environment of the laptop: no npm or node on the PATH, nothing pointing at this checkout."""
    path = [d for d in os.environ.get("PATH", "").split(os.pathsep)
            if d and not any((Path(d) / tool).exists() for tool in ("npm", "node", "npm.cmd"))]
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "DATABASE_URL", "REDIS_URL", "FLASK_APP", "VIRTUAL_ENV", "SECRET_KEY")}
    env["PATH"] = os.pathsep.join(path)
    assert shutil.which("npm", path=env["PATH"]) is None
    return env


def _pip_env(env: dict) -> dict:
    # pip checks the index's TLS certificates against the date: it must see the real one, not a shifted calendar.
    return {k: v for k, v in env.items() if k != "LD_PRELOAD" and not k.startswith("FAKETIME")}


def _run(args, env, cwd):
    done = subprocess.run([str(a) for a in args], env=env, cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"{args[:4]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from a copy of this checkout, installed with its dependencies into a fresh venv."""
    if not (ROOT / "static/vendor/htmx.min.js").is_file():
        pytest.fail("static/vendor/htmx.min.js is missing: run `make setup` (npm ci) first")
    tmp = tmp_path_factory.mktemp("wheel")
    env = _without_npm_env()
    source = tmp / "src"  # a copy: the build's build/ and egg-info stay out of the checkout
    source.mkdir()
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", ".*", "_assets")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=skip)
        else:
            shutil.copy(ROOT / name, source / name)
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", tmp / "dist", source],
         _pip_env(env), tmp)
    (wheel,) = (tmp / "dist").glob("forumsite-*.whl")
    venv = tmp / "venv"
    # The suite's pip installs into the new venv (--python): ensurepip and byte-compiling would only add minutes
    # on a loaded machine; what is installed is the same.
    _run([sys.executable, "-m", "venv", "--without-pip", venv], env, tmp)
    _run([sys.executable, "-m", "pip", "--python", venv / BIN / "python", "install", "--quiet", "--no-compile",
          "-c", ROOT / "constraints.txt", wheel], _pip_env(env), tmp)
    return {"tmp": tmp, "wheel": wheel, "venv": venv, "env": env}


def test_the_wheel_carries_the_assets_and_the_command(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for name in ("forumsite/_assets/static/vendor/htmx.min.js", "forumsite/_assets/static/vendor/sse.min.js",
                 "forumsite/_assets/static/css/app.css", "forumsite/_assets/templates/base.html",
                 "forumsite/_assets/migrations/env.py", "forumsite/_assets/migrations/alembic.ini",
                 "forumsite/_assets/translations/en/LC_MESSAGES/messages.mo",
                 "forumsite/catalogue/reference.yaml", "forumsite/planning/framework.yaml"):
        assert name in names, name
    assert not any("__pycache__" in n or n.endswith("/.installed") for n in names)
    versions = {p.name for p in (ROOT / "migrations/versions").glob("*.py")}
    assert versions <= {Path(n).name for n in names if n.startswith("forumsite/_assets/migrations/versions/")}
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "forumsite = forumsite.launcher:main" in zipfile.ZipFile(installed["wheel"]).read(entry_points).decode()


def test_the_installed_app_reads_its_own_copy(installed):
    probe = ("import json; from flask_babel import force_locale, gettext; from forumsite import create_app\n"
             "app = create_app()\n"
             "with app.test_request_context(), force_locale('en'): english = gettext('Đăng nhập')\n"
             "print(json.dumps([app.template_folder, app.static_folder, english]))")
    env = dict(installed["env"], FORUMSITE_INSTANCE=str(installed["tmp"] / "probe-instance"))
    out = _run([installed["venv"] / BIN / "python", "-c", probe], env, installed["tmp"])
    templates, static, english = json.loads(out.strip().splitlines()[-1])
    assert Path(templates).is_relative_to(installed["venv"]) and Path(templates).name == "templates"
    assert Path(static).is_relative_to(installed["venv"])
    assert english == "Log in"
    version = _run([installed["venv"] / BIN / "forumsite", "--version"], installed["env"], installed["tmp"])
    assert version.strip() == "forumsite 0.1.0"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=10) as response:
        return response.status, response.geturl(), response.read()


def test_forumsite_run_serves_the_embedded_default(installed):
    tmp, port = installed["tmp"], _free_port()
    instance = tmp / "instance"
    env = dict(installed["env"], FORUMSITE_INSTANCE=str(instance))
    log = (tmp / "run.log").open("w+")
    server = subprocess.Popen([installed["venv"] / BIN / "forumsite", "run", "--no-browser", "--port", str(port)],
                              env=env, cwd=tmp, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # a loaded machine: migrations and the first import take a while
        while True:
            assert server.poll() is None, f"forumsite run exited:\n{(tmp / 'run.log').read_text()}"
            try:
                status, _, body = _get(f"{base}/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, f"no /healthz:\n{(tmp / 'run.log').read_text()}"
                time.sleep(0.3)
        assert status == 200 and json.loads(body) == {"status": "ok", "database": "ok", "backend": "sqlite"}
        assert (instance / "forumsite.db").is_file()

        status, url, body = _get(f"{base}/")
        page = body.decode()
        assert status == 200 and "/login" in url
        assert '<html lang="vi">' in page and "Đăng nhập" in page and "Mật khẩu" in page

        status, _, body = _get(f"{base}/static/vendor/htmx.min.js")
        assert status == 200 and body == (ROOT / "static/vendor/htmx.min.js").read_bytes()
        status, _, body = _get(f"{base}/static/vendor/sse.min.js")
        assert status == 200 and body == (ROOT / "static/vendor/sse.min.js").read_bytes()
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    output = (tmp / "run.log").read_text()
    assert f"Dữ liệu lưu tại: {instance}" in output
    assert "Chưa có tài khoản nào" in output and "Tài khoản mẫu" not in output  # nothing seeded, no demo banner
    assert "GET /healthz 200" in output  # the request log survives the migrations' logging setup
