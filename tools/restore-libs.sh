#!/usr/bin/env bash
# Stands in for `libman restore` (the LibMan CLI cannot be installed here): reads libman.json and copies the
# listed files from the npm registry's package of the same name and version. cdnjs publishes each of these
# packages' dist/ folder, so a cdnjs path "x" is the npm package's "dist/x".
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import json, subprocess, sys, os, shutil, tarfile
tmp = sys.argv[1]
for lib in json.load(open("libman.json"))["libraries"]:
    name, version = lib["library"].rsplit("@", 1)
    tgz = subprocess.run(["npm", "pack", "--silent", f"{name}@{version}"], cwd=tmp, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(os.path.join(tmp, tgz)) as t:
        t.extractall(os.path.join(tmp, name))
    dest = lib["destination"]
    shutil.rmtree(dest, ignore_errors=True)
    for f in lib["files"]:
        os.makedirs(os.path.dirname(os.path.join(dest, f)), exist_ok=True)
        shutil.copyfile(os.path.join(tmp, name, "package", "dist", f), os.path.join(dest, f))
    print(f"{name}@{version}: {len(lib['files'])} files -> {dest}")
PY
