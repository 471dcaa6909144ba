# Shared by the bin/ scripts: find a JDK 21+ and build the jars on demand.
# Sourced, not executed.

# Found with builtins only (cd, not a subshell and dirname): every client command sources
# this, and each fork cost ~1 ms of E's fresh `list` (bench/RESULTS.md).
ferry_here=$PWD
ferry_lib=${BASH_SOURCE[0]%/*}
[ "$ferry_lib" = "${BASH_SOURCE[0]}" ] && ferry_lib=.
CDPATH= cd "$ferry_lib/../.." && FERRY_ROOT=$PWD
CDPATH= cd "$ferry_here" || exit 3
unset ferry_here ferry_lib
FERRY_MIN_JAVA=21

# Sets FERRY_JAVA_VERSION to the feature version of the java at $1 (e.g. 25), or to nothing
# when it does not run. Reads the JDK's 'release' file when there is one, with builtins and no
# subshell: starting a JVM just to ask costs ~100 ms, and this runs before every client command.
ferry_read_java_version() {
  local release line
  FERRY_JAVA_VERSION=
  release=${1%/bin/java}/release
  if [ -f "$release" ]; then
    while IFS= read -r line; do
      if [[ $line =~ ^JAVA_VERSION=\"(1\.)?([0-9]+) ]]; then
        FERRY_JAVA_VERSION=${BASH_REMATCH[2]}
        return
      fi
    done < "$release"
    return
  fi
  FERRY_JAVA_VERSION=$("$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
}

# Prints the feature version of the java at $1, or nothing when it does not run.
ferry_java_version() {
  ferry_read_java_version "$1"
  echo "$FERRY_JAVA_VERSION"
}

# Sets FERRY_JAVA_HOME to a JDK (javac included when $1 = jdk) of version 21 or newer:
# JAVA_HOME first, then the java on PATH, then the usual install places.
ferry_find_java() {
  local need=${1:-jre} candidate version
  # Once per script and need: bin/ftp-client asks before choosing its JVM options, and again to run.
  [ "${FERRY_JAVA_FOUND_FOR:-}" = "$need" ] && [ -n "${FERRY_JAVA_HOME:-}" ] && return 0
  local -a candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  local java_on_path= path_java_listed=no
  hash java 2>/dev/null && java_on_path=${BASH_CMDS[java]} # hash, then BASH_CMDS: no subshell
  for candidate in /usr/lib/jvm/* /opt/java /opt/jdk* /usr/local/lib/jvm/* \
                   "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] || continue
    candidates+=("$candidate")
    # -ef follows links: the java on PATH is most often a link into one of these places.
    [ -n "$java_on_path" ] && [ "$candidate/bin/java" -ef "$java_on_path" ] && path_java_listed=yes
  done
  if [ -n "$java_on_path" ] && [ $path_java_listed = no ]; then
    [ -L "$java_on_path" ] && java_on_path=$(readlink -f "$java_on_path") # ~1.5 ms: only when needed
    candidates+=("${java_on_path%/bin/java}")
  fi
  local best="" best_version=0
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/java" ] || continue
    [ "$need" = jdk ] && [ ! -x "$candidate/bin/javac" ] && continue
    ferry_read_java_version "$candidate/bin/java"
    version=$FERRY_JAVA_VERSION
    [ -n "$version" ] || continue
    if [ "$version" -ge "$FERRY_MIN_JAVA" ]; then
      # JAVA_HOME wins when it qualifies; otherwise the newest found.
      if [ "$candidate" = "${JAVA_HOME:-}" ]; then best=$candidate; break; fi
      if [ "$version" -gt "$best_version" ]; then best=$candidate; best_version=$version; fi
    fi
  done
  if [ -z "$best" ]; then
    echo "ferry: no Java $FERRY_MIN_JAVA+ ${need^^} found (looked at JAVA_HOME, the java on PATH, /usr/lib/jvm, /opt)." >&2
    echo "ferry: install one, e.g. 'apt-get install openjdk-21-jdk-headless' (Debian/Ubuntu), or set JAVA_HOME to it." >&2
    exit 3
  fi
  FERRY_JAVA_HOME=$best
  FERRY_JAVA_FOUND_FOR=$need
}

# Runs Maven with the JDK found above.
ferry_mvn() {
  ferry_find_java jdk
  if ! command -v mvn >/dev/null 2>&1; then
    echo "ferry: Maven is missing; install it, e.g. 'apt-get install maven'." >&2
    exit 3
  fi
  local opts=${MAVEN_OPTS:-}
  # Maven's bundled Guava uses sun.misc.Unsafe; JDK 24+ warns about it on every run.
  if [ "$(ferry_java_version "$FERRY_JAVA_HOME/bin/java")" -ge 24 ]; then
    opts="$opts --sun-misc-unsafe-memory-access=allow"
  fi
  JAVA_HOME=$FERRY_JAVA_HOME MAVEN_OPTS=$opts mvn -B -ntp -Dstyle.color=never "$@"
}

# True when a pom or a main source file (or directory) is newer than $1. A bash glob where
# bash has globstar (4.0+): find's fork and exec were ~2 ms of every client command, the
# glob's walk ~1.
ferry_sources_newer_than() {
  if [ "${BASH_VERSINFO[0]}" -lt 4 ]; then
    [ -n "$(find "$FERRY_ROOT/pom.xml" "$FERRY_ROOT"/*/pom.xml "$FERRY_ROOT"/*/src/main \
          -newer "$1" -print -quit 2>/dev/null)" ]
    return
  fi
  local file newer=1 options=
  shopt -q globstar || options+=" globstar"
  shopt -q nullglob || options+=" nullglob"
  shopt -s globstar nullglob
  for file in "$FERRY_ROOT"/pom.xml "$FERRY_ROOT"/*/pom.xml "$FERRY_ROOT"/*/src/main/**; do
    [ "$file" -nt "$1" ] && { newer=0; break; }
  done
  [ -z "$options" ] || shopt -u $options
  return $newer
}

# True when the jar exists and no pom or main source is newer. Only those: walking .git,
# target/ and the fuzz corpus made this check ~5 ms of every client command.
ferry_jar_is_fresh() {
  [ -f "$1" ] && ! ferry_sources_newer_than "$1"
}

# Builds the self-contained jars when they are missing or older than any source.
ferry_ensure_built() {
  ferry_jar_is_fresh "$1" && return 0
  ferry_with_build_lock ferry_build_unless_fresh "$1"
}

ferry_build_unless_fresh() {
  ferry_jar_is_fresh "$1" && return 0 # built by the command this one waited for
  echo "ferry: building (first run or sources changed)..." >&2
  (cd "$FERRY_ROOT" && ferry_mvn -q -DskipTests -Dferry.e2e.skip=true package) >&2 || {
    echo "ferry: build failed; run bin/build to see why." >&2; exit 3; }
  ferry_train_client
}

# Runs "$@" holding this checkout's build lock. Two commands started at once on a fresh
# checkout (the server and a client, say) otherwise both ran Maven into the same target/,
# and one's AOT training deleted the cache the other had just made: the client then ran
# without it, twice as slow to start, until the next build. Where there is no flock(1)
# (macOS), runs "$@" without the lock, as before. Released before the JVM starts (fd 9 is
# closed), so a running server never holds it.
ferry_with_build_lock() {
  if ! command -v flock >/dev/null 2>&1; then
    "$@"
    return
  fi
  mkdir -p "$FERRY_ROOT/target"
  exec 9>"$FERRY_ROOT/target/build.lock"
  if ! flock -n 9; then
    echo "ferry: another command is building this checkout; waiting for it..." >&2
    flock 9
  fi
  "$@" # not in an || list: that would turn off set -e inside it
  local status=$?
  exec 9>&-
  return $status
}

# JVM options shared by the client's training run and its real runs (an AOT cache is only
# used with the GC it was made with).
FERRY_CLIENT_JVM_OPTS="-XX:+UseSerialGC"

# The client's options for one command line. A command that moves no file data (list, stat,
# mkdir, ...) is over in a few hundred milliseconds, and C2's compiles only compete with it
# for the 2 cores: C1 alone takes ~150 ms off a fresh `list` (bench/RESULTS.md, E). With
# OpenSSL's SHA-256 (ferry_client_hashes_with_openssl, below) transfers get C1 alone too.
# Without it: upload and download hash every byte, and only C2 compiles the JDK's SHA-256
# to the CPU's SHA instructions: under C1 alone a 1 GiB upload took 14.9 s instead of ~3 s
# (~14 ns a byte against ~1). An upload of at most $FERRY_CLIENT_C1_UPLOAD_BYTES bytes in
# all still runs under C1 alone: there the slower hash costs less than C2's compiles
# (measured: one 4 KiB file 0.79 -> 0.65 CPU-s, a tree of 2,000 x 4 KiB 2.65 -> 2.13; at 10
# MiB the CPU was even and the wall 0.07 s longer). A download's size is known only to the
# server, so it always gets C2. A misread argument (a file named "upload") only picks the
# slower start, never a wrong result.
FERRY_CLIENT_C1_UPLOAD_BYTES=$((8 << 20))

ferry_client_jvm_opts() {
  ferry_choose_client_jvm_opts "$@"
  echo "$FERRY_CLIENT_OPTS"
}

# The same, into FERRY_CLIENT_OPTS: bin/ftp-client calls this one, with no subshell.
ferry_choose_client_jvm_opts() {
  local arg
  FERRY_CLIENT_OPTS="$FERRY_CLIENT_JVM_OPTS -XX:TieredStopAtLevel=1"
  while [ $# -gt 0 ]; do
    arg=$1
    shift
    case $arg in
      download | upload)
        if ! ferry_client_hashes_with_openssl \
            && { [ "$arg" = download ] || ferry_local_bytes_over "$FERRY_CLIENT_C1_UPLOAD_BYTES" "$@"; }; then
          FERRY_CLIENT_OPTS="$FERRY_CLIENT_JVM_OPTS $FERRY_CLIENT_C2_FOR_SHA_ONLY"
        fi
        return ;;
    esac
  done
}

# With OpenSSL's SHA-256 (dev.ferry.protocol.OpenSslSha256, Java 22+ and libcrypto.so.3), the
# hash no longer needs C2, and transfers of any size run under C1 alone like every other
# command. Fresh client against the C2-for-SHA mode above, interleaved rounds, means: 1 GiB
# down 2.60 -> 2.08 s and up 2.00 -> 1.84 s (client CPU -16%, 4 rounds each); 2,000 files of
# 4 KiB down 829 -> 728-773 ms (6 rounds). The engine is recorded per build and JDK by
# ferry_probe_client_hashing.
ferry_client_hashes_with_openssl() {
  local jar=$FERRY_ROOT/ftp-client/target/ftp-client.jar engine home
  local record=$jar.sha256
  [ -f "$record" ] && [ "$record" -nt "$jar" ] || return 1 # a jar built since may lack OpenSslSha256
  read -r engine home < "$record"
  [ "$engine" = openssl ] || return 1
  ferry_find_java jre 2>/dev/null
  [ "$home" = "$FERRY_JAVA_HOME" ]
}

# Records which SHA-256 engine the built client gets under the JDK found here ("openssl" or
# "jdk", and that JDK; dev.ferry.protocol.Sha256Engines), for ferry_client_hashes_with_openssl.
# Part of every build.
ferry_probe_client_hashing() {
  local jar=$FERRY_ROOT/ftp-client/target/ftp-client.jar engine
  ferry_find_java jre
  engine=$("$FERRY_JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.ferry.protocol.Sha256Engines 2>/dev/null) \
    || engine=jdk
  echo "$engine $FERRY_JAVA_HOME" > "$jar.sha256"
}

# True when the regular files under the arguments that exist locally hold more than $1
# bytes in all. Stops reading as soon as the sum passes $1, so a huge tree costs little.
# When the sizes cannot be read (a find without -printf, as on macOS), says "more".
ferry_local_bytes_over() {
  local limit=$1 arg verdict
  shift
  local -a paths=()
  for arg in "$@"; do
    [ -e "$arg" ] && paths+=("$arg")
  done
  [ ${#paths[@]} -gt 0 ] || return 1
  verdict=$({ find "${paths[@]}" -type f -printf '%s\n' || echo unknown; } 2>/dev/null \
    | awk -v limit="$limit" '$1 == "unknown" || (total += $1) > limit { print "over"; exit }') || true
  [ "$verdict" = over ]
}

# A transfer needs C2 for SHA-256 alone; everything else C2 would compile in a client's
# short life (JSON, picocli, the JDK's class-file code) costs more to compile than it saves:
# C2 took 30% of the client's CPU in a 2,000-file upload (perf). A node limit of 1 makes C2
# give up on a method at once, and the method stays in C1 code; the digest classes keep
# C2. Measured A/B, interleaved, 4-5 rounds each: client CPU -7 to -15% and wall time -5 to
# -10% for 1 GiB up and down and 2,000-file trees up and down (bench/RESULTS.md).
# CompileCommand options are product options ('quiet' keeps them off stdout), present
# since JDK 17; an unknown one stops the JVM, which the launcher test in docker/ would show.
FERRY_CLIENT_C2_FOR_SHA_ONLY="-XX:CompileCommand=quiet -XX:CompileCommand=MaxNodeLimit,*.*,1 \
-XX:CompileCommand=MaxNodeLimit,sun/security/provider/*.*,80000 \
-XX:CompileCommand=MaxNodeLimit,java/security/MessageDigest*.*,80000"

# JDK 25+: builds an AOT cache (JEP 483/514/515: classes loaded and linked, method profiles,
# and which methods were compiled) for the client from a training run against a throwaway
# local server. It roughly halves a fresh client's start (bench/RESULTS.md). The training
# (dev.ferry.client.AotTraining) runs the common commands in one JVM: a tree of 200 small
# files and one of 6 MiB (over the size where hashing gets its own thread) up, then list,
# stat, the tree down, usage; with the transfers' JIT options, since those are the commands
# whose compiles it replays. Against the single-file upload it replaced as training (fresh
# client, interleaved rounds, means of wall time): a 2,000-file download 0.89 -> 0.83 s (6
# rounds), a 2,000-file upload 1.22 -> 1.16 s (8), a `list` 0.215 -> 0.204 s (12).
# Best effort: without it the client just starts slower.
ferry_train_client() {
  local client_jar=$FERRY_ROOT/ftp-client/target/ftp-client.jar
  local server_jar=$FERRY_ROOT/ftp-server/target/ftp-server.jar
  local cache=$client_jar.aot
  rm -f "$cache" "$cache.jdk"
  ferry_probe_client_hashing
  ferry_find_java jre
  [ "$(ferry_java_version "$FERRY_JAVA_HOME/bin/java")" -ge 25 ] || return 0
  local tmp port pid i
  local - # set -f below stays in this function
  tmp=$(mktemp -d)
  FERRY_INIT_USER=train FERRY_INIT_PASSWORD=train-password LC_ALL=C.UTF-8 \
    "$FERRY_JAVA_HOME/bin/java" -jar "$server_jar" serve --data "$tmp/data" --bind 127.0.0.1 --port 0 \
    --log-level WARN > "$tmp/server.out" 2>/dev/null &
  pid=$!
  for i in $(seq 1 100); do
    port=$(sed -n 's/^ftp-server listening on .*:\([0-9][0-9]*\)$/\1/p' "$tmp/server.out")
    [ -n "$port" ] && break
    sleep 0.1
  done
  if [ -n "$port" ]; then
    mkdir -p "$tmp/tree/small" "$tmp/down"
    head -c $((200 * 4096)) /dev/urandom | (cd "$tmp/tree/small" && split -b 4096 -a 3 - f)
    head -c $((6 << 20)) /dev/urandom > "$tmp/tree/large.bin"
    set -f # the JIT options hold '*': never globbed
    FERRY_PASSWORD=train-password LC_ALL=C.UTF-8 "$FERRY_JAVA_HOME/bin/java" $(ferry_client_jvm_opts download) \
      -XX:AOTCacheOutput="$cache" -cp "$client_jar" dev.ferry.client.AotTraining \
      127.0.0.1 "$port" train "$tmp/tree" "$tmp/down/" > "$tmp/training.out" 2>&1 || {
      echo "ftp-client: training its start-up cache failed (it works without, only starts slower):" >&2
      grep -v '^\[' "$tmp/training.out" | tail -n 3 >&2
      rm -f "$cache"
    }
  fi
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  rm -rf "$tmp"
  [ -f "$cache" ] && echo "$FERRY_JAVA_HOME" > "$cache.jdk"
  return 0
}

# Compiles replayed from the AOT cache's training are eager: they pay back over a download of
# many files, and cost more than they save in anything shorter. Fresh client, the training
# above, interleaved rounds, means: a 2,000-file recursive download 0.83 s with the replay,
# 0.90 without (6 rounds; the old training: 0.89); one 10 MiB upload 0.48 CPU-s with it, 0.43
# without (10; old: 0.43), which made D's 50 clients 10% slower; a `list` 0.211 against
# 0.204 s (12). So only a recursive download replayed. Since transfers run under C1 alone
# (OpenSSL's SHA-256), a 2,000-file recursive upload gains too: 1.25 -> 1.17 s (11 rounds),
# so recursive transfers replay. A diagnostic option of JDK 25's AOT cache: it is only given
# along with a cache this JDK made.
FERRY_AOT_NO_REPLAY="-XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining"

# True for a client command line that gains from the training's replayed compiles (above):
# a recursive download or upload. A misread line only picks the slower start, never a wrong result.
ferry_client_replays_training() {
  local arg transfer=no
  for arg in "$@"; do
    case $arg in
      download | upload) transfer=yes ;;
      -r | --recursive) [ $transfer = yes ] && return 0 ;;
    esac
  done
  return 1
}

# Runs one of the jars with the JDK found above, UTF-8 file names whatever the locale.
ferry_run_jar() {
  local jar=$1; shift
  ferry_ensure_built "$jar"
  ferry_find_java jre
  export LC_ALL=C.UTF-8
  # The JVM's own warnings (an AOT cache it cannot map, say) go to stdout by default, in the
  # middle of a listing or --json output: one did in the 50-client bench. Send them to stderr.
  local opts="-Xlog:disable -Xlog:all=warning:stderr:uptime,level,tags ${FERRY_JAVA_OPTS:-}"
  local cache_jdk=
  [ -f "$jar.aot.jdk" ] && read -r cache_jdk < "$jar.aot.jdk"
  if [ -f "$jar.aot" ] && [ "$cache_jdk" = "$FERRY_JAVA_HOME" ] && [ "$jar.aot" -nt "$jar" ]; then
    opts="$opts -XX:AOTCache=$jar.aot"
    [ "${FERRY_AOT_REPLAY:-no}" = yes ] || opts="$opts $FERRY_AOT_NO_REPLAY"
  fi
  set -f # the options are split on spaces but never globbed: some hold '*'
  exec "$FERRY_JAVA_HOME/bin/java" $opts -jar "$jar" "$@"
}
