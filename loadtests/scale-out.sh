#!/usr/bin/env bash
# Scale-out: the density scenario against one silo on one core, then against two silos on one core each, both on one
# Redis, the load generator driving the first silo's gateway. Prints per case the pods/s, each silo's CPU per pod and
# the efficiencies: by throughput (pods/s with two ÷ 2 × pods/s with one) and by CPU (one silo's CPU per pod ÷ twice
# the busier silo's CPU per pod of the two: what two cores would give if the silos were the only work on them).
#   loadtests/scale-out.sh [NODES] [PODS_PER_NODE] [QPS]     (defaults 500 30 30; build first: dotnet build -c Release)
# On a 2-core machine Redis and the load generator share the silos' cores in the two-silo case (in the one-silo case
# they have core 1 to themselves), so the throughput efficiency is a lower bound; the CPU one is the stable figure.
set -euo pipefail
cd "$(dirname "$0")/.."
nodes=${1:-500} per_node=${2:-30} qps=${3:-30}
pods=$((nodes * per_node))
silo=silo/bin/Release/net10.0/OrleansKube.Silo
load=loadtests/bin/Release/net10.0/OrleansKube.LoadTests.dll
[[ -x $silo && -f $load ]] || { echo "build first: dotnet build -c Release" >&2; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

cat >"$work/profile.yaml" <<EOF
name: scale-out
pools:
- name: node
  count: $nodes
  zones: [zone-a, zone-b, zone-c]
  capacity: {cpu: "32", memory: 256Gi, pods: "110"}
  images: [registry.k8s.io/pause:3.10]
EOF

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

start_silo() { # core index port-offset
  local core=$1 n=$2
  taskset -c "$core" "$silo" --redis "127.0.0.1:$redis_port" --profile "$work/profile.yaml" --silo-port $((11411 + n)) \
    --gateway-port $((30400 + n)) --metrics-port $((9480 + n)) --dashboard-port 0 --api-port 0 --health-port 0 --system-pods=false \
    >"$work/silo-$core-$n.log" 2>&1 &
  pids+=($!)
  echo $!
}

run_case() { # name cores...
  local name=$1; shift
  redis_port=$((16400 + RANDOM % 1000))
  taskset -c 1 redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
  local redis_pid=$!
  pids+=("$redis_pid")
  sleep 1
  local silo_pids=() n=0
  for core in "$@"; do silo_pids+=("$(start_silo "$core" $n)"); n=$((n + 1)); sleep 3; done
  # Serving, with every node registered.
  for _ in $(seq 1 120); do
    grep -q "OrleansKube is running" "$work/silo-$1-0.log" && break
    sleep 1
  done
  sleep 5
  local before=() after=()
  for p in "${silo_pids[@]}"; do before+=("$(cpu_ticks "$p")"); done
  read -r calls0 bytes0 < <(remote $#)
  taskset -c 1 dotnet "$load" density --gateway "localhost:30400" --nodes "$nodes" --pods-per-node "$per_node" --qps "$qps" \
    --floor-calls 0 --out "$work/$name" >"$work/$name.out" 2>&1 || true
  for p in "${silo_pids[@]}"; do after+=("$(cpu_ticks "$p")"); done
  read -r calls1 bytes1 < <(remote $#)
  local rate
  rate=$(grep -E 'last pod Running' "$work/$name.out" | grep -Eo '\([0-9.]+ pods/s' | tr -d '( pods/' | head -1 || true)
  printf '%-10s pods/s %-8s' "$name" "${rate:-?}"
  local i=0 worst=0
  for p in "${silo_pids[@]}"; do
    local ms
    ms=$(awk -v a="${before[$i]}" -v b="${after[$i]}" -v hz="$hz" -v pods="$pods" 'BEGIN { printf "%.3f", (b - a) * 1000 / hz / pods }')
    printf '  silo %d CPU/pod %s ms' "$i" "$ms"
    worst=$(awk -v w="$worst" -v m="$ms" 'BEGIN { print (m > w ? m : w) }')
    i=$((i + 1))
  done
  awk -v c=$((calls1 - calls0)) -v b=$((bytes1 - bytes0)) -v pods="$pods" 'BEGIN { printf "  cross-silo: %.1f calls, %.1f KB per pod", c / pods, b / pods / 1024 }'
  echo
  grep -E "PASS|FAIL|last pod Running|grain calls per pod" "$work/$name.out" | head -4 || true
  echo "$name $rate $worst" >>"$work/summary"
  for p in "${silo_pids[@]}" "$redis_pid"; do kill -9 "$p" 2>/dev/null || true; done
  sleep 2
}

run_case one-silo 0
run_case two-silos 0 1
read -r _ r1 c1 < <(sed -n 1p "$work/summary")
read -r _ r2 c2 < <(sed -n 2p "$work/summary")
awk -v r1="$r1" -v r2="$r2" -v c1="$c1" -v c2="$c2" 'BEGIN {
  if (r1 > 0) printf "efficiency by throughput %.2f (pods/s %s with two silos vs %s with one)\n", r2 / (2 * r1), r2, r1;
  if (c2 > 0) printf "efficiency by CPU        %.2f (CPU per pod: %.3f ms on one silo; %.3f ms on the busier of two, whose core limits the pair)\n", c1 / (2 * c2), c1, c2 }'
