#!/usr/bin/env bash
# Installs the tools that check the OpenAPI exports (openapi/), none of them written here:
# openapi-spec-validator, schemathesis and openapi-python-client, at the versions pinned in
# .ci/openapi-requirements.txt, into a virtual environment (default target/openapi-venv;
# PAYBIND_OPENAPI_VENV moves it). Skips when that environment already has exactly these pins.
# Prints the environment's path on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=.ci/openapi-requirements.txt
venv=${PAYBIND_OPENAPI_VENV:-$PWD/target/openapi-venv}
python=${PYTHON:-python3}
stamp="$venv/.paybind-requirements"
if [[ -x "$venv/bin/python" && -f "$stamp" ]] && cmp -s "$requirements" "$stamp"; then
  echo "$venv"
  exit 0
fi
"$python" -c 'import sys; assert sys.version_info >= (3, 10), "Python 3.10 or newer is needed"'
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
"$venv/bin/python" -m pip check >&2
cp "$requirements" "$stamp"
echo "$venv"
