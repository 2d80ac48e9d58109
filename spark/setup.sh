#!/usr/bin/env bash
# Installs what the Spark driver needs on a fresh Debian machine: Java 17 (Debian's
# openjdk-17-jre-headless) and PySpark from PyPI, pinned, in a virtual environment of the
# project (.build/spark-venv). Prints the venv's bin directory.
set -euo pipefail
cd "$(dirname "$0")/.."
PYSPARK_VERSION=3.5.3
venv=.build/spark-venv
missing=""
command -v java >/dev/null || missing="$missing openjdk-17-jre-headless"
command -v python3 >/dev/null || missing="$missing python3"
python3 -c 'import venv, ensurepip' 2>/dev/null || missing="$missing python3-venv"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "run: sudo apt-get install -y$missing" >&2; exit 1
  fi
fi
if ! "$venv/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "pyspark==$PYSPARK_VERSION" >&2
fi
echo "$PWD/$venv/bin"
