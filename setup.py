"""Build hook (issue 17.6): the wheel carries templates, static (htmx from npm included), migrations and
compiled translations under forumsite/_assets, so that `pipx install forumsite-….whl` needs no checkout,
no npm and no make. Everything else is in pyproject.toml. An editable install reads the checkout instead."""
import importlib.util
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# forumsite/assets.py alone: importing the package would import Flask, absent from the build environment.
_spec = importlib.util.spec_from_file_location("forumsite_assets", HERE / "forumsite" / "assets.py")
assets = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(assets)


class BuildWithAssets(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        try:
            assets.bundle(HERE, Path(self.build_lib) / "forumsite" / assets.BUNDLED)
        except assets.MissingAsset as exc:
            sys.exit(f"error: forumsite wheel: {exc}")


setup(cmdclass={"build_py": BuildWithAssets})
