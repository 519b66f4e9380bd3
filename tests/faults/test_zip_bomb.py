"""F6(a) of security-probe-2026-12.md: a 300 KB "ODT" whose `mimetype` member inflates to 300 MB took the
server from 196 MB to 783 MB, because the document check read that member whole. The check now reads at most
a few dozen bytes of it: measured in a child process (peak resident memory), whatever the bomb's size."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import time
import zipfile

import pytest

from .helpers import ROOT

PROBE = textwrap.dedent("""
    import resource, sys, time
    from forumsite.planning.documents import sniff
    content = open(sys.argv[1], "rb").read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    kind = sniff(content)
    print(kind, before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter() - started)
""")


def _bomb(path, megabytes: int) -> None:
    """A zip whose `mimetype` is `megabytes` MB of zeros (deflated to about a thousandth), written in chunks
    so that the test itself stays small."""
    chunk = b"\0" * 2**20
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("mimetype", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(chunk)
        zf.writestr("content.xml", "<office:document-content/>")


def _sniff_in_child(path) -> tuple[str, int, float]:
    out = subprocess.run([sys.executable, "-c", PROBE, str(path)], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, check=True).stdout.split()
    kind, before_kb, after_kb, seconds = out[0], int(out[1]), int(out[2]), float(out[3])
    return kind, (after_kb - before_kb) // 1024, seconds


@pytest.mark.parametrize("megabytes", [256, pytest.param(2048, marks=pytest.mark.slow)])
def test_a_zip_bomb_document_is_refused_with_bounded_memory(tmp_path, megabytes):
    path = tmp_path / "bomb.odt"
    _bomb(path, megabytes)
    assert path.stat().st_size < megabytes * 2**20 // 100  # small enough to pass the 10 MB upload limit
    kind, grown_mb, seconds = _sniff_in_child(path)
    assert kind == "None"
    assert grown_mb < 32, f"peak memory grew by {grown_mb} MB while checking a {megabytes} MB bomb"
    assert seconds < 2


def test_a_real_odt_is_still_recognised(tmp_path):
    from forumsite.planning.documents import sniff

    path = tmp_path / "real.odt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype", time.localtime()[:6]), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    assert sniff(path.read_bytes()) == "odt"
    padded = tmp_path / "padded.odt"
    with zipfile.ZipFile(padded, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text" + " " * 200)
    assert sniff(padded.read_bytes()) is None
