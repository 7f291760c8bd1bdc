#!/usr/bin/env bash
# Compares what a pod costs in two revisions of OrleansKube on this machine: each is built in Release in its own
# worktree, then their runs alternate (A B A B ...) so that a drift in the machine's speed hits both alike. Per run:
#   density 300x30 and 300x1: marginal CPU per pod = (CPU(300x30) - CPU(300x1)) / (pods(300x30) - pods(300x1)),
#     the process's CPU over the steps (stepsCpuSeconds: every revision's result.json has it), which takes the
#     silo's start and its nodes out of the figure; and, where the revision reports them, the window's CPU, bytes
#     allocated and grain calls per pod, GC pause share and a grain call's floor;
#   the scheduler benchmark (-- scheduler): each case's end-to-end pods/s, and its pure cycle's rate if reported.
# Prints every run's numbers, the medians per revision and the ratios candidate / baseline of the medians.
#
# Usage: loadtests/compare.sh [-n RUNS] [--out DIR] [--scheduler-args 'ARGS'] [--no-scheduler] BASELINE [CANDIDATE]
#   BASELINE, CANDIDATE: git revisions; no CANDIDATE: the working tree as it is (uncommitted changes included).
#   -n RUNS: runs of each revision (default 3); --scheduler-args: passed to -- scheduler (default: its own defaults,
#   5,000 nodes); --out: keep every run's output there (default a new directory under /tmp, printed at the end).
# loadtests/compare.sh --report DIR: prints the tables again from the output of an earlier comparison.
set -euo pipefail

runs=3
scheduler=1
scheduler_args=""
out=""
positional=()
report=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        -n) runs="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --scheduler-args) scheduler_args="$2"; shift 2 ;;
        --no-scheduler) scheduler=0; shift ;;
        --report) report="$2"; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) positional+=("$1"); shift ;;
    esac
done
command -v jq >/dev/null || { echo "error: jq is needed to read result.json" >&2; exit 2; }
if [[ -n "$report" ]]; then
    work=$report
    [[ -f "$work/labels" ]] || { echo "error: --report: $work: no comparison's output there" >&2; exit 2; }
else
    [[ ${#positional[@]} -ge 1 && ${#positional[@]} -le 2 ]] || { echo "error: BASELINE: Required value (see --help)" >&2; exit 2; }
    [[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "error: -n: Invalid value: \"$runs\": must be a whole number, at least 1" >&2; exit 2; }

    repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
    baseline=${positional[0]}
    candidate=${positional[1]:-}
    work=${out:-$(mktemp -d /tmp/okube-compare.XXXXXX)}
    mkdir -p "$work"
    worktrees=()
    cleanup() {
        for tree in "${worktrees[@]}"; do git -C "$repo" worktree remove --force "$tree" >/dev/null 2>&1 || true; done
    }
    trap cleanup EXIT

    # Builds a revision (or the working tree) in Release; sets $exe to its load-test binary and $label to its name.
    prepare() {
        local side=$1 rev=$2 dir
        if [[ -z "$rev" ]]; then
            dir=$repo
            label="working tree ($(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD || echo '+changes'))"
        else
            local commit
            commit=$(git -C "$repo" rev-parse --verify "$rev^{commit}") || { echo "error: $rev: not a revision" >&2; exit 2; }
            dir="$work/src-$side"
            rm -rf "$dir"
            git -C "$repo" worktree add --force --detach "$dir" "$commit" >/dev/null
            worktrees+=("$dir")
            label="$rev ($(git -C "$repo" rev-parse --short "$commit"))"
        fi

        echo "building $side: $label" >&2
        dotnet build -c Release "$dir/loadtests" -nologo -v q >"$work/build-$side.log" 2>&1 || { echo "error: the build of $side failed: $work/build-$side.log" >&2; exit 1; }
        exe="$dir/loadtests/bin/Release/net10.0/OrleansKube.LoadTests"
    }

    prepare A "$baseline"; exe_a=$exe; label_a=$label
    prepare B "$candidate"; exe_b=$exe; label_b=$label

    # One run of a side: both densities (seeded: the same pods each time) and the scheduler benchmark.
    run() {
        local side=$1 i=$2 exe=$3 dir="$work/$1/$2"
        mkdir -p "$dir"
        echo "run $i/$runs of $side" >&2
        "$exe" density --nodes 300 --pods-per-node 30 --seed 1 --out "$dir/d30" >"$dir/d30.log" 2>&1 || echo "  density 300x30 exited $? (a missed SLO or a failed step): $dir/d30.log" >&2
        "$exe" density --nodes 300 --pods-per-node 1 --seed 1 --out "$dir/d1" >"$dir/d1.log" 2>&1 || echo "  density 300x1 exited $? (a missed SLO or a failed step): $dir/d1.log" >&2
        if [[ $scheduler == 1 ]]; then
            # shellcheck disable=SC2086 # the benchmark's own arguments, split as words
            "$exe" scheduler $scheduler_args >"$dir/scheduler.log" 2>&1 || echo "  scheduler exited $? (a case did not schedule every pod): $dir/scheduler.log" >&2
        fi
    }

    for ((i = 1; i <= runs; i++)); do
        run A "$i" "$exe_a"
        run B "$i" "$exe_b"
    done
    printf '%s\n%s\n%s\n' "$runs" "$label_a" "$label_b" >"$work/labels"
fi

runs=$(sed -n 1p "$work/labels"); label_a=$(sed -n 2p "$work/labels"); label_b=$(sed -n 3p "$work/labels")

# A figure of a result.json, or "-" when the revision does not report it.
field() { jq -r "($2) // \"-\" | if type == \"number\" then . else \"-\" end" "$1" 2>/dev/null || echo "-"; }

# Every figure of one run, as NAME=VALUE lines.
figures() {
    local dir=$1 c30 c1 p30 p1
    c30=$(field "$dir/d30/result.json" .stepsCpuSeconds); c1=$(field "$dir/d1/result.json" .stepsCpuSeconds)
    p30=$(field "$dir/d30/result.json" .podsRunning); p1=$(field "$dir/d1/result.json" .podsRunning)
    if [[ $c30 != - && $c1 != - && $p30 != - && $p1 != - && $p30 != "$p1" ]]; then
        echo "marginal_cpu_ms_per_pod=$(awk -v a="$c30" -v b="$c1" -v p="$p30" -v q="$p1" 'BEGIN { printf "%.3f", (a - b) * 1000 / (p - q) }')"
    else
        echo "marginal_cpu_ms_per_pod=-"
    fi

    echo "pods_per_s_300x30=$(field "$dir/d30/result.json" .podsPerSecond)"
    echo "startup_p99_s_300x30=$(field "$dir/d30/result.json" '.podStartupLatency.p99 * 1000 | round / 1000')"
    echo "window_cpu_ms_per_pod=$(field "$dir/d30/result.json" .cost.cpuMsPerPod)"
    echo "kb_allocated_per_pod=$(jq -r '(.cost.bytesAllocatedPerPod // null) | if . == null then "-" else (. / 1024 * 10 | round / 10) end' "$dir/d30/result.json" 2>/dev/null || echo -)"
    echo "grain_calls_per_pod=$(field "$dir/d30/result.json" .cost.grainCallsPerPod)"
    echo "gc_pause_share=$(field "$dir/d30/result.json" .cost.gcPauseShare)"
    echo "floor_us_per_call=$(field "$dir/d30/result.json" .callFloor.cpuMicrosecondsPerCall)"
    if [[ -f "$dir/scheduler.log" ]]; then
        awk '/ throughput / { for (k = 1; k <= NF; k++) if ($k == "throughput") printf "sched_%s_pods_per_s=%s\n", $1, $(k + 1) }
             / pure cycle / { printf "sched_%s_pure_cycles_per_s=%s\n", $1, $4 }' "$dir/scheduler.log"
    fi
}

for side in A B; do
    for ((i = 1; i <= runs; i++)); do figures "$work/$side/$i" >"$work/$side/$i/figures"; done
done

# The figures some run reports (a revision without the cost figures reports "-").
names=$(cat "$work"/A/*/figures "$work"/B/*/figures | grep -v '=-$' | cut -d= -f1 | awk '!seen[$0]++')
value() { awk -F= -v n="$1" '$1 == n { print $2 }' "$2"; }
median() { tr ' ' '\n' | { grep -v '^-\?$' || true; } | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A med
for side in A B; do
    label=$([[ $side == A ]] && echo "$label_a" || echo "$label_b")
    echo
    echo "== $side: $label"
    printf '%-36s' "figure"; for ((i = 1; i <= runs; i++)); do printf '%12s' "run $i"; done; printf '%12s\n' "median"
    for name in $names; do
        values=()
        for ((i = 1; i <= runs; i++)); do values+=("$(value "$name" "$work/$side/$i/figures")"); done
        med[$side.$name]=$(echo "${values[*]}" | median)
        printf '%-36s' "$name"; for v in "${values[@]}"; do printf '%12s' "${v:--}"; done; printf '%12s\n' "${med[$side.$name]}"
    done
done

echo
echo "== B / A (medians): below 1 is lower in B; for costs (ms, KB, calls, share) lower is better, for rates (per_s) higher is"
for name in $names; do
    a=${med[A.$name]}; b=${med[B.$name]}
    if [[ $a != - && $b != - ]] && awk -v a="$a" 'BEGIN { exit !(a != 0) }'; then
        printf '%-36s %12s %12s %10s\n' "$name" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')"
    else
        printf '%-36s %12s %12s %10s\n' "$name" "$a" "$b" "-"
    fi
done

echo
echo "every run's output: $work"
