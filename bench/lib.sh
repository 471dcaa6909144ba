# Helpers for bench/run.sh: timing, statistics, CPU accounting. Sourced.

now() { date +%s.%N; }

# Runs a command, prints its wall-clock seconds.
wall() {
  local t0 t1
  t0=$(now)
  "$@" >/dev/null 2>&1 || { echo "bench: command failed: $*" >&2; return 1; }
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", b - a }'
}

# Reads numbers on stdin, prints "median min max".
stats() {
  sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "nan nan nan"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.4f %.4f %.4f\n", m, v[1], v[NR] }'
}

# CPU seconds used so far by a process and its reaped children.
cpu_seconds() {
  local ticks
  ticks=$(getconf CLK_TCK)
  awk -v t="$ticks" '{ sub(/^.*\) /, ""); printf "%.3f\n", ($12 + $13 + $14 + $15) / t }' "/proc/$1/stat"
}

peak_rss_mib() {
  awk '/VmHWM/ { printf "%.0f\n", $2 / 1024 }' "/proc/$1/status"
}

# MB/s (10^6 bytes per second) for BYTES over SECONDS.
rate() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f\n", b / s / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f\n", a / b }'; }

wait_for_line() { # FILE PATTERN SECONDS
  local i
  for i in $(seq 1 $(( $3 * 10 ))); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: '$2' never appeared in $1" >&2
  return 1
}
