#!/usr/bin/env bash
# peers.sh: solve one weekly model with rota and with other MIP solvers on
# the same exported MPS, and print a table on one objective.
#
# Usage: bash benchmarks/peers.sh CASES|sample [TIME_LIMIT_S [GAP]]
#   CASES   generate a synthetic region of CASES service users (seed 1,
#           or $SEED) with `rota generate`; "sample" uses the embedded
#           Leicestershire and Rutland sample (no --data).
#   TIME_LIMIT_S  wall-clock limit of each solver, default 60.
#   GAP     relative gap to stop at, default 0.005 (rota's default).
#
# Solvers (each solve single-threaded, each given the limit and the gap):
#   rota       rota solve --balance=false (today's allocation, as exported;
#              with BALANCE=1 both the export and rota balance the caseloads
#              first, as rota solve does by default: the same week, since
#              balancing is deterministic; rota's seconds then include it),
#              independent parts at once on every CPU (--workers, the
#              default); its figures are summary.json's
#   rota-1     the same with --workers 1: one process, one part at a time
#   cbc        the cbc program: -sec T -timeMode elapsed -ratio GAP -solve
#   cbc-nopre  the same with -preprocess off
#   glpk       glpsol --freemps --tmlim T --mipgap GAP
#   highs      HiGHS through scipy.optimize.milp (benchmarks/peers/highs_mps.py)
#
# `rota export --balance=false --mps` writes the whole week as one minimisation of exactly
# the objective rota minimises (constant term in the fixed column
# OBJ_CONST), so every objective and bound below is on the same scale:
# summary.json's objective is the MPS objective of rota's plan. gap is
# (objective − bound) / objective for all; seconds is the wall time of the
# whole process (reading input included) and solve_s the solver's own
# figure where it gives one; peak_mb is the process's peak resident set
# (rota's: its processes' together, sampled by benchmarks/peers/treepeak.py).
#
# Missing Debian packages (coinor-cbc, glpk-utils, python3-scipy, time) are
# installed with apt-get when running as root. Results go to stdout and to
# benchmarks/results/peers-CASES-Ts-DATE.csv. Work files stay in $WORKDIR
# (default: a fresh temporary folder, removed unless KEEP=1).
set -euo pipefail

cases=${1:?usage: bash benchmarks/peers.sh CASES|sample [TIME_LIMIT_S [GAP]]}
limit=${2:-60}
gap=${3:-0.005}
seed=${SEED:-1}
if [[ $cases != sample && ! $cases =~ ^[0-9]+$ ]]; then
	echo "peers.sh: CASES must be a number or 'sample', not '$cases'" >&2
	exit 2
fi
if [[ ! $limit =~ ^[0-9]+$ ]] || ((limit < 1)); then
	echo "peers.sh: TIME_LIMIT_S must be a whole number of seconds, not '$limit'" >&2
	exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
py=/usr/bin/python3 # Debian's, which has python3-scipy

# --- tools -------------------------------------------------------------
need=()
command -v cbc >/dev/null || need+=(coinor-cbc)
command -v glpsol >/dev/null || need+=(glpk-utils)
[[ -x /usr/bin/time ]] || need+=(time)
if ! [[ -x $py ]] || ! $py -c 'import scipy.optimize, scipy.sparse' 2>/dev/null; then
	need+=(python3-scipy)
fi
if ((${#need[@]})); then
	if ((EUID != 0)); then
		echo "peers.sh: missing ${need[*]}; install them (apt-get install ${need[*]}) or run as root" >&2
		exit 1
	fi
	echo "installing ${need[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq "${need[@]}" >/dev/null
fi

work=${WORKDIR:-$(mktemp -d /tmp/rota-peers.XXXXXX)}
mkdir -p "$work"
if [[ -z ${WORKDIR:-} && -z ${KEEP:-} ]]; then
	trap 'rm -rf "$work"' EXIT
fi
echo "work files in $work" >&2

(cd "$root" && go build -o "$work/rota" ./cmd/rota)
rota=$work/rota

# --- instance ----------------------------------------------------------
data=()
if [[ $cases != sample ]]; then
	"$rota" generate --cases "$cases" --seed "$seed" --out "$work/data" >&2
	data=(--data "$work/data")
fi
mps=$work/week.mps
balance=--balance=false
if [[ -n ${BALANCE:-} ]]; then
	balance=--balance=true
fi
size=$("$rota" export "${data[@]}" "$balance" --mps "$mps")
echo "$size" >&2

# Every solver gets a hard stop well past its own limit: a solver that does
# not honour the limit is reported as killed, not waited for.
hard=$((2 * limit + 120))

# run NAME CMD...: runs CMD under timeout and /usr/bin/time, its output in
# $work/NAME.log, wall seconds and peak KiB in $work/NAME.time.
run() {
	local name=$1
	shift
	echo "running $name (limit ${limit}s)" >&2
	set +e
	/usr/bin/time -f '%e %M' -o "$work/$name.time" timeout -k 10 "$hard" "$@" >"$work/$name.log" 2>&1
	echo $? >"$work/$name.rc"
	set -e
}

for w in "" 1; do
	name=rota${w:+-$w}
	run "$name" "$py" "$root/benchmarks/peers/treepeak.py" "$work/$name.tree" \
		"$rota" solve "${data[@]}" "$balance" --time-limit "${limit}s" --gap "$gap" --threads 1 \
		--workers "${w:-$(nproc)}" --out "$work/$name-out"
	cp "$work/$name-out/summary.json" "$work/$name.json" 2>/dev/null || true
done
run cbc cbc "$mps" -sec "$limit" -timeMode elapsed -ratio "$gap" -solve
run cbc-nopre cbc "$mps" -sec "$limit" -timeMode elapsed -ratio "$gap" -preprocess off -solve
run glpk glpsol --freemps "$mps" --tmlim "$limit" --mipgap "$gap"
run highs "$py" "$root/benchmarks/peers/highs_mps.py" "$mps" "$limit" "$gap"

# --- table and CSV -----------------------------------------------------
mkdir -p "$root/benchmarks/results"
stamp=$(date -u +%Y-%m-%dT%H:%MZ)
label=$cases
if [[ -n ${BALANCE:-} ]]; then
	label=$cases-balanced
fi
csv=$root/benchmarks/results/peers-$label-${limit}s-$(date -u +%Y%m%d-%H%M).csv
cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
mem=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')
machine="$(nproc) cores, ${cpu:-unknown CPU}, $mem"
load=$(cut -d' ' -f1-3 /proc/loadavg)

"$py" - "$work" "$label" "$limit" "$gap" "$stamp" "$machine" "$load" "$csv" "$size" <<'PY'
import csv, json, math, os, re, sys

work, cases, limit, gap, stamp, machine, load, out, size = sys.argv[1:]

def read(name, ext):
    try:
        with open(os.path.join(work, name + ext)) as f:
            return f.read()
    except OSError:
        return ""

def num(s):
    try:
        v = float(s)
        return None if math.isnan(v) or math.isinf(v) else v
    except (TypeError, ValueError):
        return None

def proc(name):
    """Wall seconds and peak MiB from /usr/bin/time, and the exit code."""
    t = read(name, ".time").split()
    wall = peak = None
    # /usr/bin/time prefixes "Command exited with non-zero status N".
    if len(t) >= 2:
        wall, peak = num(t[-2]), num(t[-1])
        peak = None if peak is None else peak / 1024
    tree = num(read(name, ".tree").strip())
    if tree:
        peak = tree / 1024
    rc = read(name, ".rc").strip()
    return wall, peak, int(rc) if rc else None

def rota(name):
    s = json.loads(read(name, ".json") or "null") or {}
    return {"status": s.get("status", "no summary.json"), "objective": s.get("objective"),
            "bound": s.get("bound"), "solve_s": s.get("seconds")}

def cbc(name):
    log = read(name, ".log")
    r = {"status": "?", "objective": None, "bound": None, "solve_s": None}
    m = re.search(r"^Result - (.*)$", log, re.M)
    if m:
        r["status"] = m.group(1).strip()
    if re.search(r"No feasible solution found", log):
        r["status"] += " (no solution)"
    m = re.search(r"^Objective value:\s*(\S+)", log, re.M)
    if m and "no solution" not in r["status"]:
        r["objective"] = num(m.group(1))
    m = re.search(r"^Lower bound:\s*(\S+)", log, re.M)
    if m:
        r["bound"] = num(m.group(1))
    elif r["objective"] is not None and r["status"].startswith("Optimal"):
        r["bound"] = r["objective"]
    if r["bound"] is None:
        # The last "best possible" of the search, or the root LP.
        bp = re.findall(r"best possible (\S+?)\)", log)
        if bp:
            r["bound"] = num(bp[-1])
        else:
            m = re.findall(r"Continuous objective value is (\S+)", log)
            if m:
                r["bound"] = num(m[-1])
    m = re.search(r"Total time \(CPU seconds\):\s*\S+\s*\(Wallclock seconds\):\s*(\S+)", log)
    if m:
        r["solve_s"] = num(m.group(1))
    return r

def glpk():
    log = read("glpk", ".log")
    r = {"status": "?", "objective": None, "bound": None, "solve_s": None}
    for line in log.splitlines():
        u = line.strip()
        if u.isupper() and len(u) > 10 and not u.startswith("GLPK"):
            r["status"] = u.rstrip(".").lower()
    # "+  1234: mip =  1.2e+04 >=  1.1e+04  8.3% (12; 0)" or "not found yet >= ...".
    mips = re.findall(r"^\+\s*\d+: mip =\s*(not found yet|\S+)\s*>=\s*(\S+)", log, re.M)
    if mips:
        inc, bnd = mips[-1]
        r["objective"] = None if inc == "not found yet" else num(inc)
        r["bound"] = None if bnd == "-inf" else num(bnd)
    else:
        # The root LP (no integer search reached): its objective bounds the MIP.
        lp = re.findall(r"^[\*\s]\s*\d+: obj =\s*(\S+)", log, re.M)
        if lp and "optimal" in log.lower():
            r["bound"] = num(lp[-1])
    m = re.findall(r"Time used:\s*(\S+) secs", log)  # also printed during the search
    if m:
        r["solve_s"] = num(m[-1])
    return r

def highs():
    log = read("highs", ".log").strip().splitlines()
    r = {"status": "?", "objective": None, "bound": None, "solve_s": None}
    for line in reversed(log):
        if line.startswith("{"):
            j = json.loads(line)
            r.update(status=j.get("status"), objective=j.get("objective"),
                     bound=j.get("bound"), solve_s=j.get("seconds"))
            v = j.get("max_violation")
            if v is not None and v > 1e-5:
                r["status"] += " (its solution breaks the file by %.2g)" % v
            break
    return r

rows = []
for name, get in [("rota", lambda: rota("rota")), ("rota-1", lambda: rota("rota-1")), ("cbc", lambda: cbc("cbc")), ("cbc-nopre", lambda: cbc("cbc-nopre")),
                  ("glpk", glpk), ("highs", highs)]:
    try:
        r = get()
    except Exception as e:  # a parser failing must not lose the other rows
        r = {"status": "unreadable output: %s" % e, "objective": None, "bound": None, "solve_s": None}
    wall, peak, rc = proc(name)
    if rc in (124, 137):
        r["status"] = "killed after %ss: %s" % (int(limit) * 2 + 120, r["status"])
    elif rc not in (0, None) and name != "glpk":
        r["status"] = "exit %d: %s" % (rc, r["status"])
    obj, bnd = r["objective"], r["bound"]
    if obj is not None and bnd is not None:
        bnd = min(bnd, obj) if abs(bnd - obj) < 1e-6 * max(1, abs(obj)) else bnd
        r["gap"] = abs(obj - bnd) / max(1e-9, abs(obj))
        r["gap_abs"] = obj - bnd
    else:
        r["gap"] = r["gap_abs"] = None
    r.update(solver=name, seconds=wall, peak_mb=peak)
    rows.append(r)

# One objective for all: no plan may beat a proven bound.
best_bound = max((r["bound"] for r in rows if r["bound"] is not None), default=None)
warn = []
for r in rows:
    if r["objective"] is not None and best_bound is not None and \
            r["objective"] < best_bound - 1e-6 * max(1, abs(best_bound)):
        warn.append("%s's objective %.6g is below the best bound %.6g: the objectives disagree" %
                    (r["solver"], r["objective"], best_bound))

def f(v, fmt):
    return "-" if v is None else fmt % v

label = {"sample": "embedded sample", "sample-balanced": "embedded sample, balanced"}.get(cases, "%s cases" % cases.replace("-balanced", ", balanced"))
print("%s, limit %ss, gap %s; %s" % (label, limit, gap, size.split(": ", 1)[-1]))
print("%s; %s; load average at start %s" % (stamp, machine, load))
hdr = ("solver", "status", "objective", "bound", "gap", "gap_abs", "seconds", "solve_s", "peak_mb")
print("| " + " | ".join(hdr) + " |")
print("|" + "---|" * len(hdr))
for r in rows:
    print("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        r["solver"], r["status"], f(r["objective"], "%.1f"), f(r["bound"], "%.1f"),
        f(r["gap"], "%.4f"), f(r["gap_abs"], "%.1f"), f(r["seconds"], "%.1f"),
        f(r["solve_s"], "%.1f"), f(r["peak_mb"], "%.0f")))
for w in warn:
    print("WARNING: " + w)

with open(out, "w", newline="") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(("date", "machine", "load_avg", "cases", "model", "time_limit_s", "gap_limit") + hdr)
    for r in rows:
        w.writerow((stamp, machine, load, cases, size.split(": ", 1)[-1], limit, gap) +
                   tuple("" if r[k] is None else r[k] for k in hdr))
print("wrote " + os.path.relpath(out))
PY
