#!/usr/bin/env bash
# Scale-out: the density scenario against one silo on one core, then against two silos on one core each, both on one
# Redis, the load generator driving every silo's gateway. Prints per case the pods/s, each silo's CPU per pod and
# the efficiencies: by throughput (pods/s with two ÷ 2 × pods/s with one) and by CPU (one silo's CPU per pod ÷ twice
# the busier silo's CPU per pod of the two: what two cores would give if the silos were the only work on them).
#   loadtests/scale-out.sh [NODES] [PODS_PER_NODE] [QPS]     (defaults 500 30 30; build first: dotnet build -c Release)
# COUNT_CALLS=1 also lists the grain calls that crossed silos per pod, by method (the silos' --count-cross-silo-calls,
# which costs a little on every call: leave it off for the CPU figures). GATEWAYS=first drives only the first silo's
# gateway (default: every silo's); NODES_AT=start creates the nodes with the first silo (default: once every silo has
# joined, so their kubelets spread over the silos).
# Each case runs as its users would: one silo as the defaults have it (one scheduler shard, one watch cache per kind;
# SHARDS1, PARTITIONS1), two silos set up for scale-out (SHARDS2=2: a scheduler shard per silo, each scheduling onto
# the nodes whose kubelets it runs; PARTITIONS2=2: a watch cache partition per silo, with the controllers of its
# namespaces and so their pods).
# On a 2-core machine Redis and the load generator share the silos' cores in the two-silo case (in the one-silo case
# they have core 1 to themselves), so the throughput efficiency is a lower bound; the CPU one is the stable figure.
set -euo pipefail
cd "$(dirname "$0")/.."
nodes=${1:-500} per_node=${2:-30} qps=${3:-30}
count_calls=()
[[ ${COUNT_CALLS:-0} == 1 ]] && count_calls=(--count-cross-silo-calls)
pods=$((nodes * per_node))
silo=silo/bin/Release/net10.0/OrleansKube.Silo
load=loadtests/bin/Release/net10.0/OrleansKube.LoadTests.dll
okctl=client/bin/Release/net10.0/okctl.dll
[[ -x $silo && -f $load && -f $okctl ]] || { echo "build first: dotnet build -c Release" >&2; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; [[ -n ${KEEP:-} ]] && echo "kept $work" || rm -rf "$work"; }
trap cleanup EXIT

# No nodes at start: they are added once every silo has joined, so the kubelets spread over the silos (a node's
# kubelet is placed by its name's hash over the silos present when it starts).
cat >"$work/profile.yaml" <<EOF
name: scale-out
pools:
- name: node
  count: $([[ ${NODES_AT:-join} == start ]] && echo "$nodes" || echo 0)
  zones: [zone-a, zone-b, zone-c]
  capacity: {cpu: "32", memory: 256Gi, pods: "110"}
  images: [registry.k8s.io/pause:3.10]
EOF

scheduler() { # shards: a scheduler configuration file
  cat >"$work/scheduler-$1.yaml" <<EOF
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
  shards: $1
EOF
  echo "$work/scheduler-$1.yaml"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Calls (requests and one-way messages) and bytes the silos sent each other so far.
remote() {
  local calls=0 bytes=0 n
  for ((n = 0; n < $1; n++)); do
    read -r c b < <(curl -s "http://localhost:$((9480 + n))/metrics" | awk '
      /^orleans_messaging_sent_messages_size_bytes_count/ && /SiloToSilo/ && /MessageDirection="(Request|OneWay)"/ { c += $NF }
      /^orleans_messaging_sent_messages_size_bytes_sum/ && /SiloToSilo/ { b += $NF }
      END { print c + 0, b + 0 }')
    calls=$((calls + c)) bytes=$((bytes + b))
  done
  echo "$calls $bytes"
}
hz=$(getconf CLK_TCK)
# Grain calls received from another silo so far, by method, summed over the silos ("count method" lines).
by_method() {
  for ((n = 0; n < $1; n++)); do curl -s "http://localhost:$((9480 + n))/metrics"; done | awk '
    /^okube_cross_silo_calls_total/ { match($0, /method="[^"]*"/); n[substr($0, RSTART + 8, RLENGTH - 9)] += $NF }
    END { for (m in n) print n[m], m }'
}

# The load generator (on core 1): density GATEWAYS PODS_PER_NODE OUT-NAME.
density() {
  taskset -c 1 dotnet "$load" density --gateway "$1" --nodes "$nodes" --pods-per-node "$2" --qps "$qps" \
    --floor-calls 0 --out "$work/$3" >"$work/$3.out" 2>&1 || true
}

start_silo() { # core port-offset shards partitions initial-silos
  local core=$1 n=$2 config # shards partitions initial-silos
  config=$(scheduler "$3")
  DOTNET_PerfMapEnabled=${PERF:+1} DOTNET_EnableWriteXorExecute=${PERF:+0} taskset -c "$core" "$silo" --redis "127.0.0.1:$redis_port" --profile "$work/profile.yaml" --scheduler-config "$config" --watch-cache-partitions "$4" --initial-silos "$5" --silo-port $((11411 + n)) \
    --gateway-port $((30400 + n)) --metrics-port $((9480 + n)) --dashboard-port 0 --api-port 0 --health-port 0 --system-pods=false "${count_calls[@]}" \
    >"$work/silo-$core-$n.log" 2>&1 &
  pids+=($!)
  echo $!
}

run_case() { # name shards partitions cores...
  local name=$1 shards=$2 partitions=$3; shift 3
  redis_port=$((16400 + RANDOM % 1000))
  taskset -c 1 redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
  local redis_pid=$!
  pids+=("$redis_pid")
  sleep 1
  local silo_pids=() n=0
  for core in "$@"; do silo_pids+=("$(start_silo "$core" $n "$shards" "$partitions" $#)"); n=$((n + 1)); sleep 3; done
  # Every silo serving, then the nodes, every one Ready.
  local cores=("$@")
  for ((n = 0; n < $#; n++)); do
    for _ in $(seq 1 120); do
      grep -q "OrleansKube is running" "$work/silo-${cores[$n]}-$n.log" && break
      sleep 1
    done
  done
  [[ ${NODES_AT:-join} == start ]] || dotnet "$okctl" -s localhost:30400 sim nodes add --pool node --count "$nodes" >/dev/null
  for _ in $(seq 1 120); do
    ready=0
    for ((n = 0; n < $#; n++)); do
      ready=$((ready + $(curl -s "http://localhost:$((9480 + n))/metrics" | awk '/^okube_nodes/ && /condition="Ready"/ { r += $NF } END { print r + 0 }')))
    done
    ((ready >= nodes)) && break
    sleep 1
  done
  # A warm-up round (a tenth of the pods, not measured): the silos' code is compiled and tiered up before the measured
  # round, so the figures are the steady state a long run sees (each process compiles the same code: unwarmed, the
  # two-silo case paid that twice in its 15 s).
  local gateways
  gateways=$(for ((n = 0; n < $([[ ${GATEWAYS:-all} == first ]] && echo 1 || echo $#); n++)); do printf 'localhost:%d,' $((30400 + n)); done)
  density "${gateways%,}" $(((per_node + 9) / 10)) "$name-warm-up"
  sleep 5
  local before=() after=()
  for p in "${silo_pids[@]}"; do before+=("$(cpu_ticks "$p")"); done
  read -r calls0 bytes0 < <(remote $#)
  ((${#count_calls[@]})) && by_method $# >"$work/$name.calls0"
  # The load generator talks to every silo's gateway, as clients of a cluster do (the Orleans client spreads its calls).
  local perfs=()
  if [[ -n ${PERF:-} ]]; then
    for p in "${silo_pids[@]}"; do perf record -F 499 -g -p "$p" -o "$PERF/$name-$p.data" >/dev/null 2>&1 & perfs+=($!); done
  fi
  density "${gateways%,}" "$per_node" "$name"
  for p in "${perfs[@]}"; do kill -INT "$p"; wait "$p" || true; done
  for p in "${silo_pids[@]}"; do after+=("$(cpu_ticks "$p")"); done
  read -r calls1 bytes1 < <(remote $#)
  local rate
  rate=$(grep -E 'last pod Running' "$work/$name.out" | grep -Eo '\([0-9.]+ pods/s' | tr -d '( pods/' | head -1 || true)
  printf '%-10s (%s shard(s), %s cache partition(s)) pods/s %-8s' "$name" "$shards" "$partitions" "${rate:-?}"
  local i=0 worst=0
  for p in "${silo_pids[@]}"; do
    local ms running
    ms=$(awk -v a="${before[$i]}" -v b="${after[$i]}" -v hz="$hz" -v pods="$pods" 'BEGIN { printf "%.3f", (b - a) * 1000 / hz / pods }')
    # Its pods Running (in the two-silo case a namespace's pods run on its cell's silo: the split is the namespaces').
    running=$(curl -s "http://localhost:$((9480 + i))/metrics" | awk '/^okube_pods/ && /phase="Running"/ { r += $NF } END { print r + 0 }')
    printf '  silo %d CPU/pod %s ms (%s pods)' "$i" "$ms" "$running"
    worst=$(awk -v w="$worst" -v m="$ms" 'BEGIN { print (m > w ? m : w) }')
    i=$((i + 1))
  done
  awk -v c=$((calls1 - calls0)) -v b=$((bytes1 - bytes0)) -v pods="$pods" 'BEGIN { printf "  cross-silo: %.1f calls, %.1f KB per pod", c / pods, b / pods / 1024 }'
  echo
  grep -E "PASS|FAIL|last pod Running|grain calls per pod" "$work/$name.out" | head -4 || true
  if ((${#count_calls[@]} && $# > 1)); then
    by_method $# >"$work/$name.calls1"
    awk -v pods="$pods" 'NR == FNR { before[$2] = $1; next } { n[$2] = $1 - before[$2]; all += n[$2] }
      END { printf "  grain calls across silos per pod: %.2f; by method:\n", all / pods; fflush()
            for (m in n) if (n[m] > 0) printf "    %6.2f  %s\n", n[m] / pods, m | "sort -k1,1nr | head -25" }' "$work/$name.calls0" "$work/$name.calls1"
  fi
  echo "$name $rate $worst" >>"$work/summary"
  for p in "${silo_pids[@]}" "$redis_pid"; do kill -9 "$p" 2>/dev/null || true; done
  sleep 2
}

run_case one-silo "${SHARDS1:-1}" "${PARTITIONS1:-1}" 0
run_case two-silos "${SHARDS2:-2}" "${PARTITIONS2:-2}" 0 1
read -r _ r1 c1 < <(sed -n 1p "$work/summary")
read -r _ r2 c2 < <(sed -n 2p "$work/summary")
awk -v r1="$r1" -v r2="$r2" -v c1="$c1" -v c2="$c2" 'BEGIN {
  if (r1 > 0) printf "efficiency by throughput %.2f (pods/s %s with two silos vs %s with one)\n", r2 / (2 * r1), r2, r1;
  if (c2 > 0) printf "efficiency by CPU        %.2f (CPU per pod: %.3f ms on one silo; %.3f ms on the busier of two, whose core limits the pair)\n", c1 / (2 * c2), c1, c2 }'
