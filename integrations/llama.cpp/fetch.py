#!/usr/bin/python3
"""Fetches the pinned llama.cpp and writes the patched tree quake builds.

The source is the llama.cpp vendored in PyPI's llama-cpp-python sdist (pinned below by version and
sha256; PyPI is the only source). The sdist is downloaded once into CACHE with
`pip download --no-deps --no-binary`
(its build backend's tools pinned by build-constraints.txt), its hash checked, and its vendor/llama.cpp copied to
DEST with quake.patch applied (`git apply`), or as released with --no-patch (the stock build
the patched one is compared with). DEST is rewritten only when the sdist or the patch
changed, or this script (a stamp holds the hashes). Any failure is one line on stderr and exit status 1.

Usage: fetch.py --cache DIR --dest DIR [--no-patch]
"""
import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# models/fetch.py's hash and error (the models' downloader; same name, so loaded by path).
_spec = importlib.util.spec_from_file_location(
    "quake_models_fetch", os.path.join(HERE, "..", "..", "models", "fetch.py"))
_models_fetch = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_models_fetch)
sha256, FetchError = _models_fetch.sha256, _models_fetch.FetchError
PACKAGE, VERSION = "llama-cpp-python", "0.3.36"
SHA256 = "832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e"
SDIST = "llama_cpp_python-%s.tar.gz" % VERSION
VENDOR = "llama_cpp_python-%s/vendor/llama.cpp/" % VERSION


def sdist(cache):
    path = os.path.join(cache, SDIST)
    if os.path.exists(path) and sha256(path) == SHA256:
        return path
    os.makedirs(cache, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        spec = "%s==%s" % (PACKAGE, VERSION)
        env = dict(os.environ, PIP_CONSTRAINT=os.path.join(HERE, "build-constraints.txt"))
        res = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary",
                              PACKAGE, "--disable-pip-version-check", "-q", "-d", tmp, spec],
                             capture_output=True, text=True, env=env)
        got = os.path.join(tmp, SDIST)
        if res.returncode != 0 or not os.path.exists(got):
            last = (res.stderr.strip().splitlines() or ["no sdist"])[-1]
            raise FetchError("cannot download %s from PyPI: %s" % (spec, last))
        if sha256(got) != SHA256:
            raise FetchError("%s: sha256 %s, pinned %s: not using it" % (SDIST, sha256(got), SHA256))
        os.replace(got, path)
    return path


def unpack(archive, patch, dest):
    """vendor/llama.cpp of `archive` into `dest`, with `patch` applied (None: as released)."""
    stamp = "%s %s %s\n" % (SHA256, sha256(patch) if patch else "unpatched",
                            sha256(os.path.abspath(__file__)))
    stamp_path = os.path.join(dest, ".quake-stamp")
    if os.path.exists(stamp_path) and open(stamp_path).read() == stamp:
        return
    parent = os.path.dirname(os.path.abspath(dest))
    os.makedirs(parent, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=parent) as tmp:
        tree = os.path.join(tmp, "llama.cpp")
        with tarfile.open(archive) as tar:
            for m in tar.getmembers():
                if not m.name.startswith(VENDOR) or not (m.isfile() or m.isdir()):
                    continue
                if ".." in m.name.split("/"):
                    raise FetchError("%s: unsafe member %s" % (SDIST, m.name))
                m.name = m.name[len(VENDOR):]
                if m.name and m.name != ".git":
                    tar.extract(m, tree)
        if patch:
            apply(patch, tree, tmp)
        with open(os.path.join(tree, ".quake-stamp"), "w") as f:
            f.write(stamp)
        shutil.rmtree(dest, ignore_errors=True)
        os.replace(tree, dest)


def apply(patch, tree, top):
    # Inside another repository (a build tree in a checkout), git apply would take paths from
    # that repository's top and skip the rest without a word: git must not look above `top`,
    # and every file of the patch must be reported applied.
    env = dict(os.environ, GIT_CEILING_DIRECTORIES=top)
    res = subprocess.run(["git", "apply", "--verbose", "--whitespace=nowarn", patch],
                         cwd=tree, capture_output=True, text=True, env=env)
    with open(patch) as f:
        files = sum(1 for line in f if line.startswith("diff --git "))
    applied = sum(1 for line in res.stderr.splitlines() if line.startswith("Applied patch"))
    if res.returncode != 0 or applied != files:
        raise FetchError("quake.patch does not apply (%d of %d files): %s" %
                         (applied, files, (res.stderr.strip().splitlines() or ["?"])[-1]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", required=True)
    ap.add_argument("--dest", required=True)
    ap.add_argument("--patch", default=os.path.join(HERE, "quake.patch"))
    ap.add_argument("--no-patch", action="store_true", help="write the tree as released")
    args = ap.parse_args()
    try:
        unpack(sdist(args.cache), None if args.no_patch else args.patch, args.dest)
    except (FetchError, OSError, tarfile.TarError) as e:
        print("fetch.py: %s" % e, file=sys.stderr)
        return 1
    print(args.dest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
