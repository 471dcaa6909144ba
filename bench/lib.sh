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

# CPU of a whole process tree, from a cgroup of its own. vsftpd forks two processes per
# session, and their CPU reaches the listener's /proc counters only when (and if) they are
# reaped: read that way, vsftpd's upload cost 0.30 CPU-s per GiB in one run and 0.83 in
# another. A cgroup counts every process that ever ran in it.
declare -A CPU_GROUP CPU_PID
track_cpu() { # NAME PID: from now on, PID and its children are accounted as NAME
  local dir=""
  CPU_PID[$1]=$2
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    dir=/sys/fs/cgroup/ferry-bench-$1 # cgroup v2
  elif [ -f /sys/fs/cgroup/cpuacct/cpuacct.usage ]; then
    dir=/sys/fs/cgroup/cpuacct/ferry-bench-$1 # cgroup v1
  fi
  if [ -n "$dir" ] && mkdir -p "$dir" 2>/dev/null && echo "$2" > "$dir/cgroup.procs" 2>/dev/null; then
    CPU_GROUP[$1]=$dir
  else
    CPU_GROUP[$1]=""
    echo "[bench] no writable cgroup: $1's CPU counts only the children it has reaped" >&2
  fi
}

tree_cpu_seconds() { # NAME
  local dir=${CPU_GROUP[$1]:-}
  if [ -n "$dir" ] && [ -f "$dir/cpuacct.usage" ]; then
    awk '{ printf "%.3f\n", $1 / 1e9 }' "$dir/cpuacct.usage"
  elif [ -n "$dir" ] && [ -f "$dir/cpu.stat" ]; then
    awk '/^usage_usec/ { printf "%.3f\n", $2 / 1e6 }' "$dir/cpu.stat"
  else
    cpu_seconds "${CPU_PID[$1]}"
  fi
}

untrack_cpu() { # NAME: removes the group once its processes are gone
  [ -n "${CPU_GROUP[$1]:-}" ] && rmdir "${CPU_GROUP[$1]}" 2>/dev/null
  return 0
}

peak_rss_mib() {
  awk '/VmHWM/ { printf "%.0f\n", $2 / 1024 }' "/proc/$1/status"
}

# MB/s (10^6 bytes per second) for BYTES over SECONDS.
rate() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f\n", b / s / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == 0) print "n/a"; else printf "%.2f\n", a / b }'; } # n/a: a figure not measured in this run
xratio() { local r; r=$(ratio "$@"); [ "$r" = n/a ] && echo n/a || echo "${r}x"; } # "0.91x", or n/a

wait_for_line() { # FILE PATTERN SECONDS
  local i
  for i in $(seq 1 $(( $3 * 10 ))); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: '$2' never appeared in $1" >&2
  return 1
}
