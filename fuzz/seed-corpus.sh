#!/usr/bin/env bash
# Seeds the fuzz corpus with the real-world manifests and every fixture of the course.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/lint_and_grade
for f in ../../shared/realworld/*.y*ml ../exercises/*/*.yaml ../exercises/*/tests/*.yaml ../tests/fixtures/*.yaml; do
  [ -f "$f" ] && cp "$f" "corpus/lint_and_grade/$(echo "$f" | tr '/' '_' | sed 's/^[._]*//')"
done
echo "corpus: $(ls corpus/lint_and_grade | wc -l) files"
