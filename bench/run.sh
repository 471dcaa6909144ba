#!/usr/bin/env bash
# Ferry's benchmark suite: one command, loopback only, every loop bounded.
#
#   bench/run.sh            # the whole suite (about 10 minutes on 2 cores), prints a table
#                           # and appends an entry to bench/RESULTS.md
#   BENCH_BIG=1 bench/run.sh   # also the 5 GiB upload/download (needs ~15 GB free)
#   RUNS=5 bench/run.sh        # more runs per figure (default 3; scenario E always 50)
#   bench/run.sh c e           # only these scenarios, table printed, RESULTS.md untouched
#
# Installs what it needs from Debian (socat, vsftpd, curl, hyperfine, GNU time, python3) when run as
# root. Measures the machine's limits (A) and a real peer (vsftpd with curl, G) in the same
# run as Ferry, and gives Ferry's figures as ratios to them.
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
source "$ROOT/bin/lib/common.sh"
source "$BENCH/lib.sh"

RUNS=${RUNS:-3}
WORK=${BENCH_WORK:-/var/tmp/ferry-bench}
FERRY_PORT_BENCH=${FERRY_BENCH_PORT:-22121}
VSFTPD_PORT=${VSFTPD_BENCH_PORT:-22221}
SOCAT_PORT=22321
PASSWORD=bench-password-1
PEER_USER=ferrybench
PEER_PASSWORD=bench-password-2
GIB=$((1024 * 1024 * 1024))

log() { echo "[bench] $*" >&2; }

install_tools() {
  local missing=()
  command -v socat >/dev/null || missing+=(socat)
  command -v vsftpd >/dev/null || [ -x /usr/sbin/vsftpd ] || missing+=(vsftpd)
  command -v curl >/dev/null || missing+=(curl)
  command -v hyperfine >/dev/null || missing+=(hyperfine)
  command -v python3 >/dev/null || missing+=(python3)
  [ -x /usr/bin/time ] || missing+=(time)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

prepare_files() {
  mkdir -p "$WORK/src"
  if [ ! -f "$WORK/src/1g.bin" ] || [ "$(stat -c %s "$WORK/src/1g.bin")" != "$GIB" ]; then
    log "making a 1 GiB random file"
    head -c "$GIB" /dev/urandom > "$WORK/src/1g.bin"
  fi
  if [ ! -d "$WORK/src/small" ]; then
    log "making 2,000 files of 4 KiB"
    mkdir -p "$WORK/src/small"
    for i in $(seq -w 1 2000); do head -c 4096 /dev/urandom > "$WORK/src/small/f$i.bin"; done
  fi
  if [ ! -f "$WORK/src/10m.bin" ]; then
    head -c $((10 * 1024 * 1024)) /dev/urandom > "$WORK/src/10m.bin"
  fi
  cat "$WORK/src/1g.bin" > /dev/null # cached: the scenarios measure the network path, not the source disk
}

start_ferry() {
  rm -rf "$WORK/ferry-data"
  FERRY_INIT_USER=bench FERRY_INIT_PASSWORD=$PASSWORD FERRY_LOG_LEVEL=WARN \
    "$ROOT/bin/ftp-server" --data "$WORK/ferry-data" --bind 127.0.0.1 --port "$FERRY_PORT_BENCH" \
    --max-connections 12000 --max-sessions-per-user 12000 --max-unauthenticated-per-address 128 ${FERRY_EXTRA_FLAGS:-} \
    > "$WORK/ferry.out" 2> "$WORK/ferry.err" &
  wait_for_line "$WORK/ferry.out" "listening on" 60
  FERRY_PID=$(pgrep -f "ftp-server.jar.*--port $FERRY_PORT_BENCH" | head -n 1)
  track_cpu ferry "$FERRY_PID"
}

stop_ferry() { kill "$FERRY_PID" 2>/dev/null || true; wait "$FERRY_PID" 2>/dev/null || true; untrack_cpu ferry; }

start_vsftpd() {
  id "$PEER_USER" >/dev/null 2>&1 || useradd -m -s /bin/bash "$PEER_USER"
  echo "$PEER_USER:$PEER_PASSWORD" | chpasswd
  rm -rf "$WORK/vsftpd-root"; mkdir -p "$WORK/vsftpd-root/empty"; chown -R "$PEER_USER" "$WORK/vsftpd-root"
  mkdir -p /var/run/vsftpd/empty
  cat > "$WORK/vsftpd.conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$VSFTPD_PORT
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
local_root=$WORK/vsftpd-root
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=30000
pasv_max_port=30999
seccomp_sandbox=NO
xferlog_enable=NO
pam_service_name=vsftpd
secure_chroot_dir=/var/run/vsftpd/empty
max_clients=500
max_per_ip=500
CONF
  /usr/sbin/vsftpd "$WORK/vsftpd.conf" > "$WORK/vsftpd.log" 2>&1 &
  VSFTPD_PID=$!
  track_cpu vsftpd "$VSFTPD_PID" # before the first session is forked
  local i
  for i in $(seq 1 50); do
    curl -s -o /dev/null "ftp://127.0.0.1:$VSFTPD_PORT/" -u "$PEER_USER:$PEER_PASSWORD" && return 0
    sleep 0.1
  done
  log "vsftpd did not answer"; return 1
}

stop_vsftpd() {
  kill "$VSFTPD_PID" 2>/dev/null || true; wait "$VSFTPD_PID" 2>/dev/null || true
  pkill -f "vsftpd $WORK/vsftpd.conf" 2>/dev/null || true # sessions still open
  untrack_cpu vsftpd
}

client() { FERRY_PASSWORD=$PASSWORD "$ROOT/bin/ftp-client" -H 127.0.0.1 -P "$FERRY_PORT_BENCH" -u bench "$@"; }

# A hyperfine --export-json file as "MEDIAN ms (MIN-MAX)", or "MEDIAN ms" with "median".
hyperfine_ms() { # FILE [median]
  python3 -c "import json, statistics as s, sys
r = json.load(open(sys.argv[1]))['results'][0]['times']
print('%.0f ms' % (s.median(r) * 1e3) if sys.argv[2:] == ['median'] else
      '%.0f ms (%.0f-%.0f)' % (s.median(r) * 1e3, min(r) * 1e3, max(r) * 1e3))" "$@"
}
peer_url() { echo "ftp://127.0.0.1:$VSFTPD_PORT/$1"; }
peer() { curl -s -S -u "$PEER_USER:$PEER_PASSWORD" "$@"; }

ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 |"); printf '[bench] %-44s %-30s %-22s %s\n' "$1" "$2" "$3" "$4 $5" >&2; }

# Runs "$@" RUNS times and prints "median min max" of wall seconds; $PRE runs before each (untimed).
# With CPU_OF=NAME (a tree_cpu_seconds name) it also writes NAME's CPU seconds for each run,
# one line per run, to $WORK/cpu-NAME (read by cpu_per_run).
repeat() {
  local i c0
  if [ -n "${CPU_OF:-}" ]; then : > "$WORK/cpu-$CPU_OF"; fi
  for i in $(seq 1 "$RUNS"); do
    [ -n "${PRE:-}" ] && eval "$PRE"
    if [ -n "${CPU_OF:-}" ]; then c0=$(tree_cpu_seconds "$CPU_OF"); fi
    wall "$@"
    if [ -n "${CPU_OF:-}" ]; then
      awk -v a="$c0" -v b="$(tree_cpu_seconds "$CPU_OF")" 'BEGIN { printf "%.3f\n", b - a }' >> "$WORK/cpu-$CPU_OF"
    fi
  done | stats
}

# NAME's CPU seconds per run of the last CPU_OF=NAME repeat, as "MEDIAN (MIN-MAX)". The
# median, as for every other figure: one run's CPU can be a third above the others' with
# the same code (a mean of three carried that into the ratio).
cpu_per_run() { # NAME
  stats < "$WORK/cpu-$1" | awk '{ printf "%.2f (%.2f-%.2f)", $1, $2, $3 }'
}

mbps3() { # BYTES "median min max" -> "M MB/s (min-max)", rates inverted from times
  read -r med mn mx <<<"$2"
  echo "$(rate "$1" "$med") MB/s ($(rate "$1" "$mx")-$(rate "$1" "$mn"))"
}

# socat's default 8 KiB buffer made this limit a measure of socat's syscalls, not of
# loopback: on this machine 8 KiB gave 494-510 MB/s, 128 KiB 694-794, 1 MiB 1,611-2,079,
# 4 MiB 609-787 (two runs each, 2026-11-30). Entries before 2026-11-30 used 8 KiB.
SOCAT_BUFFER=$((1 << 20))

# Sends the 1 GiB file to the socat listener (pid $1), and returns once the listener has
# written the last byte to its file (the sender alone ends with data in flight).
tcp_copy_to_listener() { # LISTENER_PID
  socat -u -b $SOCAT_BUFFER FILE:"$WORK/src/1g.bin" TCP:127.0.0.1:$SOCAT_PORT && wait "$1"
}

scenario_a() {
  log "A: limits (raw loopback TCP copy, disk write with and without fsync, and direct)"
  local sink=$WORK/sink.bin
  A_TCP=$(for i in $(seq 1 "$RUNS"); do
    rm -f "$sink"
    socat -u -b $SOCAT_BUFFER TCP-LISTEN:$SOCAT_PORT,reuseaddr,bind=127.0.0.1 OPEN:"$sink",creat,trunc &
    local listener=$!
    sleep 0.2
    wall tcp_copy_to_listener "$listener"
  done | stats)
  A_DISK=$(PRE="rm -f $sink" repeat dd if="$WORK/src/1g.bin" of="$sink" bs=1M)
  A_FSYNC=$(PRE="rm -f $sink" repeat dd if="$WORK/src/1g.bin" of="$sink" bs=1M conv=fsync)
  # Past the page cache, as the server writes bodies of 64 MiB or more (DirectWrites).
  A_DIRECT=$(PRE="rm -f $sink" repeat dd if="$WORK/src/1g.bin" of="$sink" bs=4M oflag=direct conv=fsync)
  rm -f "$sink"
  row "A raw loopback TCP file-to-file (socat)" "$(mbps3 $GIB "$A_TCP")" "-" "-" "limit"
  row "A disk write 1 GiB, no fsync" "$(mbps3 $GIB "$A_DISK")" "-" "-" "limit"
  row "A disk write 1 GiB + fsync" "$(mbps3 $GIB "$A_FSYNC")" "-" "-" "limit"
  row "A disk write 1 GiB O_DIRECT (4 MiB) + fsync" "$(mbps3 $GIB "$A_DIRECT")" "-" "-" "limit"
}

scenario_b() {
  log "B: one 1 GiB file"
  local down=$WORK/down
  B_UP=$(CPU_OF=ferry PRE="client rm big.bin >/dev/null 2>&1 || true" repeat client -q upload "$WORK/src/1g.bin" big.bin)
  B_UP_CPU=$(cpu_per_run ferry)
  B_UP_CLIENT_CPU=$( { /usr/bin/time -f "%U %S" bash -c "FERRY_PASSWORD=$PASSWORD $ROOT/bin/ftp-client -H 127.0.0.1 -P $FERRY_PORT_BENCH -u bench -q upload --overwrite $WORK/src/1g.bin big.bin" ; } 2>&1 | tail -n 1 | awk '{ printf "%.2f", $1 + $2 }')
  local sha
  sha=$(sha256sum "$WORK/src/1g.bin" | cut -c1-64)
  B_RAW=$(CPU_OF=ferry repeat python3 "$BENCH/raw_upload.py" ferry 127.0.0.1 "$FERRY_PORT_BENCH" bench "$PASSWORD" "$WORK/src/1g.bin" big-raw.bin "$sha")
  B_RAW_CPU=$(cpu_per_run ferry)
  client -q rm big-raw.bin >/dev/null 2>&1 || true
  mkdir -p "$down"
  # In the page cache, as vsftpd's copy is (written through it) and as the source of every
  # other scenario is: the server writes large uploads past the cache (DirectWrites), and a
  # first download from the disk would put a disk read into B's download figures.
  cat "$WORK/ferry-data/homes/bench/big.bin" > /dev/null
  B_DOWN=$(CPU_OF=ferry PRE="rm -f $down/big.bin" repeat client -q download big.bin "$down/")
  B_DOWN_CPU=$(cpu_per_run ferry)
  # The servers' own cost with one reader for both: a sendfile server's CPU per GiB depends
  # on how fast its client drains the socket (bench/raw_download.py).
  B_RAW_DOWN=$(CPU_OF=ferry repeat python3 "$BENCH/raw_download.py" ferry 127.0.0.1 "$FERRY_PORT_BENCH" bench "$PASSWORD" big.bin)
  B_RAW_DOWN_CPU=$(cpu_per_run ferry)
  rm -f "$down/big.bin"
  B_DOWN_CLIENT_CPU=$( { /usr/bin/time -f "%U %S" bash -c "FERRY_PASSWORD=$PASSWORD $ROOT/bin/ftp-client -H 127.0.0.1 -P $FERRY_PORT_BENCH -u bench -q download big.bin $down/" ; } 2>&1 | tail -n 1 | awk '{ printf "%.2f", $1 + $2 }')
  rm -f "$down/big.bin"

  G_UP=$(CPU_OF=vsftpd repeat peer -T "$WORK/src/1g.bin" "$(peer_url big.bin)")
  G_UP_CPU=$(cpu_per_run vsftpd)
  G_RAW=$(CPU_OF=vsftpd repeat python3 "$BENCH/raw_upload.py" ftp 127.0.0.1 "$VSFTPD_PORT" "$PEER_USER" "$PEER_PASSWORD" "$WORK/src/1g.bin" big-raw.bin)
  G_RAW_CPU=$(cpu_per_run vsftpd)
  rm -f "$WORK/vsftpd-root/big-raw.bin"
  G_DOWN=$(CPU_OF=vsftpd PRE="rm -f $down/big.bin" repeat peer -o "$down/big.bin" "$(peer_url big.bin)")
  G_DOWN_CPU=$(cpu_per_run vsftpd)
  G_RAW_DOWN=$(CPU_OF=vsftpd repeat python3 "$BENCH/raw_download.py" ftp 127.0.0.1 "$VSFTPD_PORT" "$PEER_USER" "$PEER_PASSWORD" big.bin)
  G_RAW_DOWN_CPU=$(cpu_per_run vsftpd)
  rm -rf "$down"

  local up_med fsync_med down_med tcp_med g_up_med g_down_med
  read -r up_med _ <<<"$B_UP"; read -r fsync_med _ <<<"${A_FSYNC:-}"; read -r down_med _ <<<"$B_DOWN"
  read -r tcp_med _ <<<"${A_TCP:-}"; read -r g_up_med _ <<<"$G_UP"; read -r g_down_med _ <<<"$G_DOWN"
  row "B upload 1 GiB (durable)" "$(mbps3 $GIB "$B_UP")" "vsftpd $(mbps3 $GIB "$G_UP")" \
      "$(xratio "$fsync_med" "$up_med") fsync disk, $(ratio "$g_up_med" "$up_med")x vsftpd" ">=0.90x disk, >=0.9x vsftpd"
  local raw_med
  read -r raw_med _ <<<"$B_RAW"
  local g_raw_med
  read -r g_raw_med _ <<<"$G_RAW"
  row "B upload 1 GiB, one raw sender for both (sendfile)" "$(mbps3 $GIB "$B_RAW")" "vsftpd $(mbps3 $GIB "$G_RAW")" \
      "$(xratio "$fsync_med" "$raw_med") fsync disk, $(ratio "$g_raw_med" "$raw_med")x vsftpd" "-"
  row "B download 1 GiB (verified)" "$(mbps3 $GIB "$B_DOWN")" "vsftpd $(mbps3 $GIB "$G_DOWN")" \
      "$(xratio "$tcp_med" "$down_med") raw TCP, $(ratio "$g_down_med" "$down_med")x vsftpd" ">=0.90x TCP, >=1.0x vsftpd"
  row "B server CPU s per GiB, upload" "$B_UP_CPU" "vsftpd $G_UP_CPU" "$(ratio "${B_UP_CPU%% *}" "${G_UP_CPU%% *}")x" "<=1.5x vsftpd"
  row "B server CPU s per GiB, upload from that sender" "$B_RAW_CPU" "vsftpd $G_RAW_CPU" "$(ratio "${B_RAW_CPU%% *}" "${G_RAW_CPU%% *}")x" "-"
  row "B server CPU s per GiB, download" "$B_DOWN_CPU" "vsftpd $G_DOWN_CPU" "$(ratio "${B_DOWN_CPU%% *}" "${G_DOWN_CPU%% *}")x" "<=2x vsftpd"
  row "B download 1 GiB, one raw reader for both (dropped)" "$(mbps3 $GIB "$B_RAW_DOWN")" "vsftpd $(mbps3 $GIB "$G_RAW_DOWN")" "-" "-"
  row "B server CPU s per GiB, download to that reader" "$B_RAW_DOWN_CPU" "vsftpd $G_RAW_DOWN_CPU" "$(ratio "${B_RAW_DOWN_CPU%% *}" "${G_RAW_DOWN_CPU%% *}")x" "-"
  row "B client CPU s per GiB (up / down)" "$B_UP_CLIENT_CPU / $B_DOWN_CLIENT_CPU" "-" "-" "-"
}

scenario_b_big() {
  [ "${BENCH_BIG:-0}" = 1 ] || return 0
  log "B: one 5 GiB file"
  head -c $((5 * GIB)) /dev/urandom > "$WORK/src/5g.bin"
  local t
  t=$(wall client -q upload "$WORK/src/5g.bin" big5.bin)
  row "B upload 5 GiB (durable), 1 run" "$(rate $((5 * GIB)) "$t") MB/s" "-" "-" "-"
  mkdir -p "$WORK/down5"
  cat "$WORK/ferry-data/homes/bench/big5.bin" > /dev/null # from the cache, as B's 1 GiB download
  t=$(wall client -q download big5.bin "$WORK/down5/")
  row "B download 5 GiB (verified), 1 run" "$(rate $((5 * GIB)) "$t") MB/s" "-" "-" "-"
  rm -rf "$WORK/down5" "$WORK/src/5g.bin"; client -q rm big5.bin
}

# Every C run creates 2,000 new files under a fresh name, for Ferry and for vsftpd alike, and
# the trees are deleted only after the last run. This machine's ext4 has no journal, and then
# it does not reuse an inode freed in the last 60 s (360 s while its inode-table block is
# dirty): every new file scans past each recently freed one (recently_deleted() in
# fs/ext4/ialloc.c). Deleting the previous run's tree first put a quarter of Ferry's server
# CPU in that scan (perf, bench/RESULTS.md). And curl overwrites an existing file in place,
# so re-uploading one tree to vsftpd created no files at all after the first run.
# Files deleted before C still count: right after a run had deleted its ~40,000 files, a
# 2,000-file download spent 2.6-2.9 s in the kernel instead of 0.56-0.62 (client sys time;
# perf: recently_deleted, find_get_block_common, rename spinning on the directory lock), and
# C read 924-959 files/s instead of 2,009-2,105, for vsftpd too. The scan passes over
# inode-table blocks no longer in memory, so writing them out and dropping the clean page
# cache before C puts every run on the same footing.
# Dropping the cache is not the whole answer: a new file read into memory dirties its
# inode-table block, and in a dirty block ext4 skips every inode freed in the last 360 s. C
# deletes ~100,000 files when it ends (its trees, the downloads, the disk floor's), and two C
# runs in a row (`bench/run.sh c` twice) then paid for the first's clean-up: the second's
# warm client spent 1.10 CPU-s on 2,000 downloads against 0.28-0.38. So C also waits until
# the last clean-up is 360 s old, on ext4 without a journal only; a full run puts E, W, D,
# F, A and B (~7 minutes) between one C and the next, and does not wait.
CLEANED_UP=$WORK/.c-cleaned-up # when C last deleted its trees (epoch seconds)
wait_for_freed_inodes() {
  [ -f "$CLEANED_UP" ] && ext4_without_journal || return 0
  local age
  age=$(( $(date +%s) - $(cat "$CLEANED_UP") ))
  if [ "$age" -ge 0 ] && [ "$age" -lt 360 ]; then
    log "C: waiting $((360 - age)) s, until the last run's ~100,000 deleted files are 6 minutes old (ext4 without a journal skips them)"
    sleep $((360 - age))
  fi
}
ext4_without_journal() { # the kernel lists a journal's thread under /proc/fs/jbd2 (dumpe2fs needs the device)
  local device journals
  [ "$(findmnt -no FSTYPE -T "$WORK" 2>/dev/null)" = ext4 ] || return 1
  device=$(findmnt -no SOURCE -T "$WORK") || return 1
  device=${device##*/}
  [ -d "/proc/fs/ext4/$device" ] || return 1
  journals=$(ls /proc/fs/jbd2 2>/dev/null)
  ! [[ $'\n'$journals$'\n' == *$'\n'"$device"-* ]]
}

forget_freed_inodes() {
  wait_for_freed_inodes
  sync
  if echo 1 > /proc/sys/vm/drop_caches 2>/dev/null; then
    cat "$WORK"/src/small/* "$WORK/src/10m.bin" > /dev/null
  else
    log "cannot drop the page cache (not root?): C may pay for files deleted in the last minutes"
  fi
}

scenario_c() {
  log "C: 2,000 files of 4 KiB"
  forget_freed_inodes
  local names commas
  names=$(cd "$WORK/src/small" && ls)
  commas=$(echo "$names" | paste -sd, -)
  # The server is measured warm, as a long-running one is: on a fresh server the first
  # ~10,000 uploads ran at 2-3x the steady CPU per file while C2 compiled the per-file path
  # (C2 compiles a method after ~15,000 calls, and most of that path runs once per file).
  # Server CPU per round of 2,000 uploads on a fresh server (fresh client each round, ms):
  # 4040 2920 2160 1290 1070 1140 1240 1010 1030 790 710 740 700 690 680 680 760 770, and
  # two more fresh servers alike: 1,000-1,250 through round nine, 650-800 from round ten
  # on. So twelve untimed rounds each way, for vsftpd too (no JIT there, but the same page
  # cache). Six, until 2026-12-01, left C timing a server still compiling.
  local warm_runs="warm1 warm2 warm3 warm4 warm5 warm6 warm7 warm8 warm9 warm10 warm11 warm12"
  for C_RUN in $warm_runs; do
    c_ferry_upload >/dev/null 2>&1 && c_peer_upload "$commas" >/dev/null 2>&1
  done
  for C_RUN in $warm_runs; do
    c_ferry_download >/dev/null 2>&1 && c_peer_download "$names" >/dev/null 2>&1
  done
  c_upload_with_floor
  C_DOWN=$(C_RUN=0 PRE='C_RUN=$((C_RUN + 1))' repeat c_ferry_download)
  G_C_UP=$(C_RUN=0 PRE='C_RUN=$((C_RUN + 1))' repeat c_peer_upload "$commas")
  G_C_DOWN=$(C_RUN=0 PRE='C_RUN=$((C_RUN + 1))' repeat c_peer_download "$names")
  # The same client code with its start and JIT warm-up taken out (bench/WarmClient.java):
  # what the server and a compiled client cost per file, i.e. what C could reach if the
  # client's cold start cost nothing.
  local hot_rounds=$((RUNS + 2)) r
  for r in $(seq 1 "$hot_rounds"); do mkdir -p "$WORK/down-small-hot-$r"; done
  C_HOT_UP=$(warm_client "$hot_rounds" upload -r "$WORK/src/small" "small-hot-{n}")
  C_HOT_DOWN=$(warm_client "$hot_rounds" download -r small-warm1 "$WORK/down-small-hot-{n}/")
  rm -rf "$WORK"/down-small-*
  for i in $warm_runs $(seq 1 "$RUNS"); do client -q rm -r "small-$i" >/dev/null 2>&1 || true; done
  for i in $(seq 1 "$hot_rounds"); do client -q rm -r "small-hot-$i" >/dev/null 2>&1 || true; done
  for i in train $(seq 1 "$RUNS"); do
    client -q rm -r "small-floor-$i" >/dev/null 2>&1 || true
    client -q rm -r "small-stack-$i" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"/vsftpd-root/small-*
  # Only now: deleting the disk floor's 12,000 files right after its runs made the next
  # file creations slow (ext4 skips recently freed inodes): C download read 1,603-3,974
  # files/s in the first entry with the floor, against 3,031-4,128 in the seven before.
  rm -rf "$WORK"/disk-floor-*
  date +%s > "$CLEANED_UP"
  local files_up files_down g_up g_down
  files_up=$(files_per_second "$C_UP")
  files_down=$(files_per_second "$C_DOWN")
  g_up=$(echo "$G_C_UP" | awk '{ printf "%.0f files/s", 2000 / $1 }')
  g_down=$(echo "$G_C_DOWN" | awk '{ printf "%.0f files/s", 2000 / $1 }')
  row "C 2,000 x 4 KiB upload (each durable)" "$files_up" "vsftpd $g_up" "$(ratio "$(echo "$G_C_UP" | cut -d' ' -f1)" "$(echo "$C_UP" | cut -d' ' -f1)")x vsftpd" ">=2,500 files/s"
  row "C 2,000 x 4 KiB download (verified)" "$files_down" "vsftpd $g_down" "$(ratio "$(echo "$G_C_DOWN" | cut -d' ' -f1)" "$(echo "$C_DOWN" | cut -d' ' -f1)")x vsftpd" ">=3,000 files/s"
  row "C upload, client already warm (one JVM)" "$(echo "$C_HOT_UP" | cut -d'|' -f1)" "-" "$(echo "$C_HOT_UP" | cut -d'|' -f2)" "-"
  row "C download, client already warm (one JVM)" "$(echo "$C_HOT_DOWN" | cut -d'|' -f1)" "-" "$(echo "$C_HOT_DOWN" | cut -d'|' -f2)" "-"
  row "C upload CPU-s per 2,000 files, fresh ftp-client + server (medians)" "$(cpu_sum "$C_UP_CPU")" "-" "2,500 files/s allows 1.60 on 2 cores" "-"
  [ -z "$C_FLOOR_UP" ] || row "C upload floor: JDK-only fresh client, same files" \
    "$(files_per_second "$C_FLOOR_UP")" "-" \
    "$(cpu_sum "$C_FLOOR_CPU") CPU-s per 2,000 (client + server)" "-"
  [ -z "$C_STACK_UP" ] || row "C upload stack floor: picocli + the protocol module (Jackson), nothing of ftp-client" \
    "$(files_per_second "$C_STACK_UP")" "-" \
    "$(cpu_sum "$C_STACK_CPU") CPU-s per 2,000 (client + server)" "-"
  [ -z "$C_DISK" ] || row "C upload, the disk alone: the same durable commits, 8 threads, no client" \
    "$(files_per_second "$C_DISK")" "-" \
    "$(printf "%.2f" "$C_DISK_CPU") CPU-s per 2,000" "-"
}
cpu_sum() { echo "$1" | awk '{ printf "%.2f + %.2f = %.2f", $1, $2, $1 + $2 }'; } # "client server"
files_per_second() { echo "$1" | awk '{ printf "%.0f files/s (%.0f-%.0f)", 2000 / $1, 2000 / $3, 2000 / $2 }'; } # "median min max" seconds per 2,000 files

# C upload: ftp-client's runs alternated with its floor's, as E's floor (bench/
# MinimalUpload.java: a fresh JVM with no picocli and no Jackson, its own AOT cache, the same
# 8 connections and per-file work, every upload durable): what any JVM client must pay per
# tree on this server and disk. Alternated so that the hour's drift and the server's growing
# home weigh on both alike: run a minute after ftp-client's, as until 2026-12-01, the floor
# read 0.96-1.16x ftp-client's rate in one round's six entries. With them, the stack floor
# (bench/StackUpload.java: the same client, but with picocli for its command line and Ferry's
# protocol module, Jackson's, for its frames: the stack ftp-client must use, with nothing of
# its own), which tells what the stack costs from what ftp-client's own code costs; and the
# disk's own floor (bench/DurableCommits.java): the same durable commits with no client, no
# network and no protocol. Sets C_UP, C_FLOOR_UP, C_STACK_UP and C_DISK to "median min max"
# seconds of RUNS runs into fresh trees, and C_UP_CPU, C_FLOOR_CPU, C_STACK_CPU and C_DISK_CPU
# to CPU seconds per 2,000 files ("client server" medians but for the disk's); the floors'
# are empty when not measured.
c_upload_with_floor() {
  local floor=yes stack=yes disk=yes run
  floor_client MinimalUpload MinimalWire "$FERRY_PORT_BENCH" bench "$WORK/src/small" small-floor-train || floor=no
  floor_client StackUpload StackWire -H 127.0.0.1 -P "$FERRY_PORT_BENCH" -u bench upload -r "$WORK/src/small" \
    small-stack-train || stack=no
  disk_floor_build || disk=no
  local kind
  for kind in up floor stack disk; do : > "$WORK/c-$kind"; : > "$WORK/c-$kind-cpu"; done
  for run in $(seq 1 "$RUNS"); do
    C_RUN=$run with_cpu "$WORK/c-up" "$WORK/c-up-cpu" c_ferry_upload || true
    [ $floor = no ] || C_RUN=$run with_cpu "$WORK/c-floor" "$WORK/c-floor-cpu" c_floor_upload || true
    [ $stack = no ] || C_RUN=$run with_cpu "$WORK/c-stack" "$WORK/c-stack-cpu" c_stack_upload || true
    [ $disk = no ] || disk_floor_run "$run" || true
  done
  C_UP=$(stats < "$WORK/c-up")
  C_UP_CPU=$(cpu_medians < "$WORK/c-up-cpu")
  C_FLOOR_UP= C_FLOOR_CPU= C_STACK_UP= C_STACK_CPU= C_DISK= C_DISK_CPU=
  if [ -s "$WORK/c-floor" ]; then # empty when not run
    C_FLOOR_UP=$(stats < "$WORK/c-floor")
    C_FLOOR_CPU=$(cpu_medians < "$WORK/c-floor-cpu")
  fi
  if [ -s "$WORK/c-stack" ]; then
    C_STACK_UP=$(stats < "$WORK/c-stack")
    C_STACK_CPU=$(cpu_medians < "$WORK/c-stack-cpu")
  fi
  if [ -s "$WORK/c-disk" ]; then
    C_DISK=$(stats < "$WORK/c-disk")
    C_DISK_CPU=$(stats < "$WORK/c-disk-cpu" | cut -d' ' -f1)
  fi
}

# Runs a C command once: appends its wall seconds to $1, and "client server" CPU seconds to
# $2 (the client's from this shell's reaped children, the server's from its /proc entry).
with_cpu() { # WALL-FILE CPU-FILE COMMAND...
  local wall_file=$1 cpu_file=$2 shell=$BASHPID client0 server0 seconds # $BASHPID here, not in $(...)
  shift 2
  client0=$(cpu_seconds "$shell")
  server0=$(cpu_seconds "$FERRY_PID")
  seconds=$(wall "$@") || return 1
  echo "$seconds" >> "$wall_file"
  echo "$(cpu_seconds "$shell") $client0 $(cpu_seconds "$FERRY_PID") $server0" \
    | awk '{ printf "%.3f %.3f\n", $1 - $2, $3 - $4 }' >> "$cpu_file"
}
cpu_medians() { # "client server" lines on stdin -> "client server" medians
  local lines
  lines=$(cat)
  echo "$(echo "$lines" | cut -d' ' -f1 | stats | cut -d' ' -f1) $(echo "$lines" | cut -d' ' -f2 | stats | cut -d' ' -f1)"
}

# The disk's floor for C upload, compiled once per run of the bench; each run commits the
# 2,000 files into a fresh directory next to the server's data, on a page cache cleared of
# freed inodes as C's own runs are.
disk_floor_build() {
  local dir=$WORK/floor-DurableCommits
  rm -rf "$dir" && mkdir -p "$dir"
  [ -x "$FERRY_JAVA_HOME/bin/javac" ] && "$FERRY_JAVA_HOME/bin/javac" -d "$dir" "$BENCH/DurableCommits.java" "$BENCH/Workers.java" >&2 \
    || { log "DurableCommits: no javac in $FERRY_JAVA_HOME; the disk's row is skipped"; return 1; }
}
disk_floor_run() { # RUN
  local line
  line=$("$FERRY_JAVA_HOME/bin/java" -XX:+UseSerialGC -cp "$WORK/floor-DurableCommits" DurableCommits \
    "$WORK/src/small" "$WORK/disk-floor-$1") || return 1
  echo "$line" | sed -n 's/.* seconds=\([0-9.]*\) .*/\1/p' >> "$WORK/c-disk"
  echo "$line" | sed -n 's/.* cpu=\([0-9.]*\).*/\1/p' >> "$WORK/c-disk-cpu"
}
c_floor_upload() {
  floor_java MinimalUpload
  FERRY_PASSWORD=$PASSWORD "${FLOOR_JAVA[@]}" "$FERRY_PORT_BENCH" bench "$WORK/src/small" "small-floor-$C_RUN"
}
c_stack_upload() {
  floor_java StackUpload
  FERRY_PASSWORD=$PASSWORD "${FLOOR_JAVA[@]}" -H 127.0.0.1 -P "$FERRY_PORT_BENCH" -u bench upload -r "$WORK/src/small" \
    "small-stack-$C_RUN"
}

# Builds a floor client (bench/CLASS.java with WIRE.java and Workers.java, against the client jar for
# Ferry's Scram class and, for the stack floors, picocli and the protocol module) and, on JDK
# 25+, an AOT cache of its own from one run with ARGS. Fails without javac. Two kinds:
# MinimalWire's floors use the JDK alone; StackWire's use the stack ftp-client must use
# (picocli, the protocol module and its Jackson) and nothing of ftp-client itself.
floor_client() { # CLASS WIRE ARGS...
  local class=$1 wire=$2; shift 2
  local dir=$WORK/floor-$class client_jar=$ROOT/ftp-client/target/ftp-client.jar
  rm -rf "$dir" && mkdir -p "$dir/classes"
  if ! [ -x "$FERRY_JAVA_HOME/bin/javac" ] || ! "$FERRY_JAVA_HOME/bin/javac" -d "$dir/classes" -cp "$client_jar" \
      "$BENCH/$class.java" "$BENCH/$wire.java" "$BENCH/Workers.java" >&2; then
    log "$class: no javac in $FERRY_JAVA_HOME; its floor row is skipped"
    return 1
  fi
  "$FERRY_JAVA_HOME/bin/jar" cf "$dir/floor.jar" -C "$dir/classes" .
  if [ "$(ferry_java_version "$FERRY_JAVA_HOME/bin/java")" -ge 25 ] && ! FERRY_PASSWORD=$PASSWORD \
      "$FERRY_JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:AOTCacheOutput="$dir/floor.aot" -cp "$(floor_class_path "$class")" \
      "$class" "$@" >/dev/null 2>&1; then
    rm -f "$dir/floor.aot"
  fi
}

# Sets FLOOR_JAVA to the command that runs floor_client's CLASS, its arguments to follow: the
# JVM options ftp-client's own commands run with (the serial GC, C1 alone), its AOT cache
# when it has one, its jar.
floor_java() { # CLASS
  local aot=$WORK/floor-$1/floor.aot
  FLOOR_JAVA=("$FERRY_JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
  [ -f "$aot" ] && FLOOR_JAVA+=(-XX:AOTCache="$aot")
  FLOOR_JAVA+=(-cp "$(floor_class_path "$1")" "$1")
}
floor_class_path() { echo "$ROOT/ftp-client/target/ftp-client.jar:$WORK/floor-$1/floor.jar"; } # CLASS

# Runs one C command ROUNDS times in one client JVM (C1 only, as bin/ftp-client runs
# transfers) and prints "FILES/S (MIN-MAX)|CPU per 2,000 files" over all rounds but the first
# two. Native access as the client jar's manifest grants it (OpenSSL's SHA-256, JDK 22+).
warm_client() { # ROUNDS COMMAND...
  local rounds=$1; shift
  FERRY_PASSWORD=$PASSWORD "$FERRY_JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    --enable-native-access=ALL-UNNAMED -cp "$ROOT/ftp-client/target/ftp-client.jar" "$BENCH/WarmClient.java" "$FERRY_PORT_BENCH" "$FERRY_PID" "$rounds" "$@" \
    | awk -F'[ =]' '$1 == "round" && $2 > 2 && $10 == 0 { print $4, $6, $8 }' \
    | python3 -c '
import sys, statistics as st
rows = [tuple(map(float, line.split())) for line in sys.stdin]
if not rows:
    print("failed|-"); sys.exit()
secs, client, server = zip(*rows)
print("%.0f files/s (%.0f-%.0f)|client %.2f + server %.2f CPU-s per 2,000 files (medians)"
      % (2000 / st.median(secs), 2000 / max(secs), 2000 / min(secs), st.median(client), st.median(server)))'
}

c_ferry_upload() { client -q upload -r "$WORK/src/small" "small-$C_RUN"; }
c_ferry_download() { mkdir -p "$WORK/down-small-ferry-$C_RUN" && client -q download -r small-warm1 "$WORK/down-small-ferry-$C_RUN/"; }
c_peer_upload() { # COMMA-SEPARATED-NAMES
  (cd "$WORK/src/small" && peer --ftp-create-dirs -T "{$1}" "$(peer_url "small-$C_RUN/")")
}
c_peer_download() { # NEWLINE-SEPARATED-NAMES
  local dir=$WORK/down-small-peer-$C_RUN
  mkdir -p "$dir" && (cd "$dir" && peer --remote-name-all $(echo "$1" | sed "s|^|$(peer_url small-warm1/)|"))
}

# One round of 50 client processes uploading 10 MiB each; prints "seconds failures".
fifty_uploads() {
  client -q rm -r conc >/dev/null 2>&1 || true # the uploads create conc/ themselves
  local t0 t1 i failures=0 pids=()
  t0=$(now)
  for i in $(seq 1 50); do
    client -q upload "$WORK/src/10m.bin" "conc/f$i.bin" 2>>"$WORK/d-errors.log" & pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || failures=$((failures + 1)); done
  t1=$(now)
  awk -v a="$t0" -v b="$t1" -v f="$failures" 'BEGIN { print b - a, f }'
}

scenario_d() {
  log "D: 50 client processes x 10 MiB at once"
  local first bytes=$((50 * 10 * 1024 * 1024)) r results=()
  first=$(fifty_uploads)
  D_MISSED=$(echo "$first" | cut -d' ' -f2)
  # 50 JVMs starting at once on 2 cores can take longer than the 10 s handshake deadline to
  # finish their PBKDF2; measure the throughput with a longer deadline, and report the misses.
  stop_ferry; FERRY_EXTRA_FLAGS="--handshake-timeout 120s" start_ferry
  local run
  for r in $(seq 1 "$RUNS"); do
    run=$(fifty_uploads)
    # A run with a failed upload is not a throughput figure (one such run once read "inf").
    if [ "$(echo "$run" | cut -d' ' -f2)" = 0 ]; then results+=("$(echo "$run" | cut -d' ' -f1)")
    else log "D: a run had $(echo "$run" | cut -d' ' -f2) failed uploads (see $WORK/d-errors.log); not counted"; fi
  done
  D_TIME=$(printf '%s\n' "${results[@]}" | stats)
  D_RSS=$(peak_rss_mib "$FERRY_PID")
  row "D 50 x 10 MiB, 50 client JVMs at once (wall)" "$(mbps3 $bytes "$D_TIME")" "-" "-" ">=600 MB/s"
  row "D logins over the default 10 s handshake deadline" "$D_MISSED of 50" "-" "-" "0"
  row "D server peak RSS" "$D_RSS MiB" "-" "-" "<=256 MiB"
}

# E: a fresh ftp-client, and its two floors: the same connect, SCRAM login and list from the
# least a JVM client can be (bench/MinimalLogin.java: no picocli, no Jackson, no launcher),
# and from a client of the stack ftp-client must use and nothing else (bench/StackLogin.java:
# picocli, the protocol module and its Jackson; no launcher), each with its own AOT cache.
# The three run in turns (bench/interleave.py), 50 rounds after 3 untimed: their rows are
# read against each other, and timed one after the other (hyperfine, until 2026-12-01) the
# hour's drift showed in their differences: ftp-client 18 ms above the stack floor in one
# run, -6 to +6 ms in the four before, +3 to +5 in interleaved sessions.
scenario_e() {
  log "E: fresh client process, connect + auth + list of an empty directory (50 runs, in turns with its floors)"
  client -q mkdir empty >/dev/null
  local ferry="env FERRY_PASSWORD=$PASSWORD $ROOT/bin/ftp-client -H 127.0.0.1 -P $FERRY_PORT_BENCH -u bench list empty"
  local -a commands=("$ferry") labels=(ferry)
  if floor_client MinimalLogin MinimalWire "$FERRY_PORT_BENCH" bench empty; then
    floor_java MinimalLogin
    commands+=("env FERRY_PASSWORD=$PASSWORD ${FLOOR_JAVA[*]} $FERRY_PORT_BENCH bench empty"); labels+=(floor)
  fi
  local stack_args="-H 127.0.0.1 -P $FERRY_PORT_BENCH -u bench list empty"
  if floor_client StackLogin StackWire $stack_args; then
    floor_java StackLogin
    commands+=("env FERRY_PASSWORD=$PASSWORD ${FLOOR_JAVA[*]} $stack_args"); labels+=(stack)
  fi
  local -a times
  mapfile -t times < <(python3 "$BENCH/interleave.py" 50 3 "${commands[@]}")
  hyperfine -N --warmup 3 --runs 50 --export-json "$WORK/e-peer.json" \
    "curl -s -u $PEER_USER:$PEER_PASSWORD $(peer_url empty/)" >/dev/null 2>&1 || \
  hyperfine --warmup 3 --runs 50 --export-json "$WORK/e-peer.json" \
    "curl -s -u $PEER_USER:$PEER_PASSWORD $(peer_url empty/)" >/dev/null
  E_FERRY=${times[0]:-failed}
  E_PEER=$(hyperfine_ms "$WORK/e-peer.json" median)
  row "E fresh client connect+auth+list (median of 50)" "$E_FERRY" "vsftpd+curl $E_PEER" "-" "<=100 ms"
  local i
  for i in "${!labels[@]}"; do
    case ${labels[$i]} in
      floor) row "E floor: JDK-only client, same exchange (median of 50)" "${times[$i]:-failed}" "-" "-" "-" ;;
      stack) row "E stack floor: picocli + the protocol module (Jackson), nothing of ftp-client (median of 50)" \
               "${times[$i]:-failed}" "-" "-" "-" ;;
    esac
  done
}

# W: a link with 50 ms of round trip, from bench/delay_proxy.py on loopback (this kind of
# machine has no netem). Not a target: it shows what round trips cost, which loopback hides.
W_PORT=22421
scenario_w() {
  log "W: a 50 ms round trip (delay proxy): a fresh list, and 200 files of 4 KiB up and down"
  local proxy_pid w_ready=no i
  python3 "$BENCH/delay_proxy.py" "$W_PORT" "$FERRY_PORT_BENCH" 25 > "$WORK/w-proxy.out" 2>&1 &
  proxy_pid=$!
  for i in $(seq 1 50); do
    grep -q listening "$WORK/w-proxy.out" 2>/dev/null && { w_ready=yes; break; }
    sleep 0.1
  done
  if [ $w_ready != yes ]; then
    log "W: the delay proxy did not start; rows skipped"
    kill "$proxy_pid" 2>/dev/null || true
    return
  fi
  rm -rf "$WORK/src/small200" && mkdir -p "$WORK/src/small200"
  cp $(ls -d "$WORK"/src/small/* | head -n 200) "$WORK/src/small200/"
  client -q mkdir empty >/dev/null 2>&1 || true
  wclient() { FERRY_PORT_BENCH=$W_PORT client "$@"; }
  hyperfine -N --warmup 1 --runs 10 --export-json "$WORK/w-list.json" \
    "env FERRY_PASSWORD=$PASSWORD $ROOT/bin/ftp-client -H 127.0.0.1 -P $W_PORT -u bench list empty" >/dev/null
  local w_list w_up w_down
  w_list=$(hyperfine_ms "$WORK/w-list.json")
  w_upload() { wclient -q upload -r "$WORK/src/small200" "w-$W_RUN"; }
  w_download() { mkdir -p "$WORK/w-down-$W_RUN" && wclient -q download -r "w-$W_RUN" "$WORK/w-down-$W_RUN/"; }
  w_up=$(W_RUN=0 PRE='W_RUN=$((W_RUN + 1))' repeat w_upload)
  w_down=$(W_RUN=0 PRE='W_RUN=$((W_RUN + 1))' repeat w_download)
  kill "$proxy_pid" 2>/dev/null || true
  wait "$proxy_pid" 2>/dev/null || true
  rm -rf "$WORK"/w-down-* "$WORK/src/small200"
  for i in $(seq 1 "$RUNS"); do client -q rm -r "w-$i" >/dev/null 2>&1 || true; done
  row "W fresh list, 50 ms round trip (median of 10)" "$w_list" "-" "-" "-"
  row "W 200 x 4 KiB upload, 50 ms round trip" "$(echo "$w_up" | awk '{ printf "%.0f files/s (%.0f-%.0f)", 200 / $1, 200 / $3, 200 / $2 }')" "-" "-" "-"
  row "W 200 x 4 KiB download, 50 ms round trip" "$(echo "$w_down" | awk '{ printf "%.0f files/s (%.0f-%.0f)", 200 / $1, 200 / $3, 200 / $2 }')" "-" "-" "-"
}

scenario_f() {
  log "F: 10,000 idle authenticated sessions"
  local line
  line=$("$FERRY_JAVA_HOME/bin/java" -cp "$ROOT/ftp-client/target/ftp-client.jar" "$BENCH/LoadGen.java" \
    "$FERRY_PORT_BENCH" bench "$PASSWORD" 10000 500)
  F_RSS=$(peak_rss_mib "$FERRY_PID")
  row "F 10,000 idle sessions: server peak RSS" "$F_RSS MiB" "-" "-" "<=1024 MiB"
  row "F fresh login while held (p50 / p99)" "$(echo "$line" | sed -n 's/.*fresh_p50_ms=\([0-9.]*\) fresh_p99_ms=\([0-9.]*\).*/\1 \/ \2 ms/p')" "-" "-" "p99 <=50 ms"
}

# With no arguments runs every scenario and appends the table to bench/RESULTS.md; with some
# (e.g. "c e"), runs only those and prints their rows, for a quick A/B.
main() {
  [ "$(id -u)" = 0 ] || { echo "bench: run as root (installs packages, starts vsftpd)" >&2; exit 2; }
  local only=" ${*,,} "
  want() { [ "$only" = "  " ] || [[ $only == *" $1 "* ]]; }
  install_tools
  "$ROOT/bin/build" >/dev/null
  ferry_find_java jre
  mkdir -p "$WORK"
  prepare_files
  want a && scenario_a
  start_ferry
  start_vsftpd
  trap 'stop_ferry; stop_vsftpd' EXIT
  want b && scenario_b
  want b && scenario_b_big
  want c && scenario_c
  want e && scenario_e
  want w && scenario_w
  want d && scenario_d
  if want f; then
    stop_ferry; start_ferry   # F on a fresh server, so its RSS is its own
    scenario_f
  fi

  local header="| scenario | Ferry | peer (same run) | ratio | target |"
  local table
  table=$(printf '%s\n' "$header" "|---|---|---|---|---|" "${ROWS[@]}")
  echo
  echo "$table"
  [ "$only" = "  " ] || return 0
  {
    echo
    echo "## $(date -u +%Y-%m-%d) - commit $(git -C "$ROOT" rev-parse --short HEAD)"
    echo
    echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -r); JDK $("$FERRY_JAVA_HOME/bin/java" -version 2>&1 | head -n 1); $RUNS runs per figure, median (min-max)."
    echo
    echo "$table"
  } >> "$BENCH/RESULTS.md"
  log "appended to bench/RESULTS.md"
}

main "$@"
