#!/usr/bin/env bash
# The long fuzzing run: Jazzer on the frame and header decoder for 15 minutes (the test
# suite runs the same target for 30 s). Findings fail the run and leave a reproducer under
# protocol/src/test/resources/.../DecoderFuzzTestInputs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/common.sh"
cd "$FERRY_ROOT"
ferry_mvn -pl protocol -am test -Dferry.longFuzz=true \
  -Dtest='DecoderFuzzTest#everyInputDecodesOrFailsWithAWireCodeLongRun' -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | grep -E 'DONE|crash|Tests run|BUILD|ERROR' || true
