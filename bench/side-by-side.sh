#!/usr/bin/env bash
# Builds one corpus with several monazite binaries (say, the commit before a
# change and the change itself) and with Hugo, interleaved run by run, so that
# every figure of a comparison comes from the same hour of the same machine.
#
#   bench/side-by-side.sh --site DIR [--twin DIR --hugo PATH] [--runs N]
#                         [--label NAME] NAME=BINARY [NAME=BINARY …]
#
# Per run and binary it measures (GNU time: wall, user and system CPU, peak
# memory):
#   - cold: a new output folder with no cache of any kind (the Markdown, image
#     and card caches sit beside the output folder; a `.monazite/` folder at
#     the site's root, where earlier versions kept social cards, is removed);
#   - warm cards: a new output folder whose card cache is the one the run's
#     cold build left (hard-linked copy), as in CI that keeps its caches;
#   - Hugo's cold build of the twin (`gen_corpus --hugo-out`), when given.
# Before every build the page cache is dropped and the corpus read back in
# (root only; skipped otherwise), since this machine's file creation slows
# with what the kernel caches. Outputs are deleted at the end.
# Results: the terminal, and bench/results/<date>-<label>.md with --label.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=3 site= twin= hugo= label=
binaries=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --site) site=$2; shift 2 ;;
        --twin) twin=$2; shift 2 ;;
        --hugo) hugo=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --label) label=$2; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *=*) binaries+=("$1"); shift ;;
        *) echo "side-by-side.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ -d $site && ${#binaries[@]} -gt 0 ]] || { echo "side-by-side.sh: needs --site DIR and NAME=BINARY (see --help)" >&2; exit 2; }
[[ -z $twin || -x $hugo ]] || { echo "side-by-side.sh: --twin needs --hugo PATH" >&2; exit 2; }
/usr/bin/time -f '%e' true >/dev/null 2>&1 || { echo "side-by-side.sh: needs GNU time (/usr/bin/time)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/monazite-side-by-side.XXXXXX")
trap 'rm -rf "$work"' EXIT
samples=$work/samples
export MONAZITE_NOW=${MONAZITE_NOW:-2025-10-18T12:00:00Z}

fresh() {
    sync
    if [[ $(id -u) == 0 ]]; then
        echo 1 > /proc/sys/vm/drop_caches
        tar -cf - -C "$1" . | cat > /dev/null
    fi
}

# measure NAME MODE CMD… : appends "NAME MODE wall user sys maxrss_kb" to the samples.
measure() {
    local name=$1 mode=$2
    shift 2
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" > "$work/out" 2>&1 ||
        { cat "$work/out" >&2; echo "side-by-side.sh: $name $mode failed" >&2; exit 1; }
    local line
    line=$(tail -1 "$work/time")
    echo "$name $mode $line" >> "$samples"
    printf '  %-10s %-11s wall %6s s  user %6s s  sys %6s s  peak %6s KB\n' "$name" "$mode" $line >&2
}

for ((i = 1; i <= runs; i++)); do
    echo "run $i of $runs" >&2
    for entry in "${binaries[@]}"; do
        name=${entry%%=*} binary=${entry#*=}
        rm -rf "$site/.monazite"
        fresh "$site"
        measure "$name" cold "$binary" build --root "$site" --output "$work/$name-cold-$i"
        # The same build's card cache, into a new output folder.
        if [[ -d $work/.$name-cold-$i.card-cache ]]; then
            cp -al "$work/.$name-cold-$i.card-cache" "$work/.$name-warm-$i.card-cache"
        fi
        fresh "$site"
        measure "$name" warm-cards "$binary" build --root "$site" --output "$work/$name-warm-$i"
        rm -rf "$site/.monazite"
    done
    if [[ -n $twin ]]; then
        fresh "$twin"
        measure hugo cold "$hugo" --quiet --source "$twin" --destination "$work/hugo-$i"
    fi
done

report=$(python3 - "$samples" <<'EOF'
import statistics, sys
rows = {}
order = []
for line in open(sys.argv[1]):
    name, mode, wall, user, sys_, rss = line.split()
    key = (name, mode)
    if key not in rows:
        rows[key] = []
        order.append(key)
    rows[key].append((float(wall), float(user), float(sys_), int(rss)))
hugo = rows.get(("hugo", "cold"))
hugo_wall = statistics.median(r[0] for r in hugo) if hugo else None
print("| build | runs | wall (median) | walls | user CPU | system CPU | peak memory | Hugo ÷ this |")
print("|---|---:|---:|---|---:|---:|---:|---:|")
for key in order:
    r = rows[key]
    med = lambda i: statistics.median(x[i] for x in r)
    walls = ", ".join(f"{x[0]:.2f}" for x in r)
    ratio = f"{hugo_wall / med(0):.1f}×" if hugo_wall and key != ("hugo", "cold") else ""
    print(f"| {key[0]} {key[1]} | {len(r)} | {med(0):.2f} s | {walls} | {med(1):.2f} s | {med(2):.2f} s | {med(3) / 1024:.0f} MB | {ratio} |")
EOF
)
echo "$report"
if [[ -n $label ]]; then
    file=$repo/bench/results/$(date +%F)-$label.md
    {
        echo "# $(date +%F) — $label"
        echo
        echo "\`bench/side-by-side.sh --runs $runs\` on \`$site\` ($(find "$site/content" -name '*.md' | wc -l) Markdown files),"
        echo "binaries: ${binaries[*]}${hugo:+; Hugo: $("$hugo" version | grep -o 'v[0-9][0-9.]*' | head -1)}."
        echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); page cache dropped before every build: $([[ $(id -u) == 0 ]] && echo yes || echo no)."
        echo
        echo "$report"
    } > "$file"
    echo "saved $file" >&2
fi
