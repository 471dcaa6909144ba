#!/usr/bin/env bash
# The long fuzzing run: Jazzer's command line on the decoder target (the test suite runs the
# same target for 30 s). FUZZ_SECONDS (default 900) bounds it. A finding stops the run and
# leaves its input as crash-* in protocol/target/fuzz-long/; add it to
# protocol/src/test/resources/dev/ferry/protocol/DecoderFuzzTestInputs/ as a regression seed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/common.sh"
cd "$FERRY_ROOT"
ferry_mvn -q -pl protocol -am test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
ferry_find_java jdk
work=protocol/target/fuzz-long
mkdir -p "$work/corpus"
cp protocol/src/test/resources/dev/ferry/protocol/DecoderFuzzTestInputs/everyInputDecodesOrFailsWithAWireCode/* "$work/corpus/"
cd "$work"
"$FERRY_JAVA_HOME/bin/java" -cp "../test-classes:../classes:$(cat ../test-classpath.txt)" \
  com.code_intelligence.jazzer.Jazzer --target_class=dev.ferry.protocol.DecoderFuzzTarget \
  -max_total_time="${FUZZ_SECONDS:-900}" -print_final_stats=1 corpus 2>&1 | grep -vE '^#[0-9]+ +(NEW|REDUCE|pulse)'
