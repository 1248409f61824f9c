#!/usr/bin/env bash
# cancel.sh: Ctrl-C (SIGINT) at several points of a `rota solve`, and how
# long each run takes from the signal to its exit; every rota written is
# then checked with `rota check`.
#
# Usage: bash benchmarks/cancel.sh DATA_DIR [DELAYS_S [TIME_LIMIT]]
#   DATA_DIR    a region's folder (e.g. from rota generate --cases 25000 --seed 1)
#   DELAYS_S    seconds after the start to send SIGINT, space-separated
#               (default "3 10 20 40 60")
#   TIME_LIMIT  --time-limit of each solve (default 300s)
#
# ROTA_FLAGS adds flags to rota solve (e.g. --log; the log stays in the
# work folder with KEEP=1).
#
# Prints one line per delay: delay, seconds from the signal to the exit,
# exit code, the 1-minute load average at the signal (the machine may be
# shared), and rota check's verdict. Work files go to $WORKDIR (default a
# fresh temporary folder, removed unless KEEP=1).
set -euo pipefail

data=${1:?usage: bash benchmarks/cancel.sh DATA_DIR [DELAYS_S [TIME_LIMIT]]}
delays=${2:-3 10 20 40 60}
limit=${3:-300s}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORKDIR:-$(mktemp -d /tmp/rota-cancel.XXXXXX)}
mkdir -p "$work"
if [[ -z ${WORKDIR:-} && -z ${KEEP:-} ]]; then
	trap 'rm -rf "$work"' EXIT
fi
(cd "$root" && go build -o "$work/rota" ./cmd/rota)
rota=$work/rota

echo "date $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
printf '%-8s %-10s %-5s %-6s %s\n' delay_s to_exit_s exit load check
for d in $delays; do
	out=$work/out-$d
	rm -rf "$out"
	"$rota" solve --data "$data" --out "$out" --time-limit "$limit" ${ROTA_FLAGS:-} >"$work/log-$d" 2>&1 &
	pid=$!
	sleep "$d"
	t0=$(date +%s.%N)
	kill -INT "$pid" 2>/dev/null || true
	load=$(cut -d' ' -f1 /proc/loadavg)
	set +e
	wait "$pid"
	code=$?
	set -e
	t1=$(date +%s.%N)
	verdict=$("$rota" check --data "$data" --rota "$out" 2>&1 | tail -1 || true)
	printf '%-8s %-10.2f %-5s %-6s %s\n' "$d" "$(echo "$t1 - $t0" | bc)" "$code" "$load" "$verdict"
done
