#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image (Ubuntu).
# It installs a JDK, Maven and bubblewrap (the sandbox for student code, used where the image
# allows user namespaces), then runs the grader once so that every dependency and plugin is in
# the image: grading itself then works offline.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q openjdk-17-jdk-headless maven bubblewrap util-linux
chmod +x /autograder/run_autograder /autograder/source/run_autograder 2>/dev/null || true
cd /autograder/source
mvn -q -B -Pgrade -Dgrade.command=--version
