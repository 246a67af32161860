#!/usr/bin/env bash
# The deploy benchmark: `monazite deploy` of a generated newsroom to a local
# S3-compatible server (moto, tests/s3/moto_s3.py, signatures enforced):
# a first deploy (every file), a deploy with no change, and a deploy after one
# article was edited; each timed, with the requests it made.
#
#   bench/deploy.sh [--articles N] [--corpus DIR] [--label NAME]
#
# --corpus uses an already generated corpus (copied, never written to);
# otherwise one of N articles (default 10,000) is generated with
# examples/gen_corpus. Builds monazite in release mode. Results go to
# bench/results/<date>-<label>.md (label default: <N/1000>k-deploy).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
articles=10000
corpus=""
label=""
while [[ $# -gt 0 ]]; do
    case $1 in
        --articles) articles=$2; shift 2 ;;
        --corpus) corpus=$2; shift 2 ;;
        --label) label=$2; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
label=${label:-$((articles / 1000))k-deploy}
say() { echo "deploy bench: $*" >&2; }

scratch=$(mktemp -d)
cleanup() {
    [[ -n ${S3_PID:-} ]] && kill "$S3_PID" 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT

say "building monazite (release)…"
(cd "$repo" && cargo build --release --quiet --bin monazite --example gen_corpus)
target_dir=$(cd "$repo" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
monazite="$target_dir/release/monazite"

site="$scratch/site"
if [[ -n $corpus ]]; then
    say "copying $corpus"
    cp -r "$corpus" "$site"
    rm -rf "$site/public"
else
    say "generating $articles articles"
    "$target_dir/release/examples/gen_corpus" --articles "$articles" --seed 1 --out "$site" >&2
fi

say "starting the S3 server"
coproc S3 { python3 "$repo/tests/s3/moto_s3.py" bench-site 2>/dev/null; }
S3_PID=$S3_PID
read -r hello <&"${S3[0]}"
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$hello" "$1"; }
endpoint=$(field endpoint)
export AWS_ACCESS_KEY_ID=$(field key_id) AWS_SECRET_ACCESS_KEY=$(field secret)
printf 'deploy:\n  targets:\n    bench:\n      bucket: bench-site\n      endpoint: %s\n      region: us-east-1\n' "$endpoint" >> "$site/site.yaml"

export MONAZITE_NOW=2030-01-01T00:00:00Z
say "building the site"
"$monazite" build --root "$site" --quiet
files=$(find "$site/public" -type f ! -name '.monazite*' | wc -l)
bytes=$(du -sb --exclude='.monazite*' "$site/public" | cut -f1)

# run_deploy NAME : one timed deploy; appends a result row.
rows=""
run_deploy() {
    local start end line
    start=$(date +%s.%N)
    line=$("$monazite" deploy --root "$site" --yes | tail -1)
    end=$(date +%s.%N)
    say "$1: $line"
    local uploaded requests
    uploaded=$(sed -E 's/.*: ([0-9,]+) uploaded.*/\1/' <<<"$line")
    requests=$(sed -E 's/.*; ([0-9,]+) requests.*/\1/' <<<"$line")
    rows+="| $1 | $(printf '%.2f' "$(echo "$end - $start" | bc)") | $uploaded | $requests |"$'\n'
}

run_deploy "first deploy (empty bucket)"
run_deploy "no change"
article=$(find "$site/content/news" -name '*.md' | LC_ALL=C sort | tail -1)
printf '\nA sentence added by the night editor.\n' >> "$article"
"$monazite" build --root "$site" --quiet
run_deploy "one article edited"

out="$repo/bench/results/$(date -u +%Y-%m-%d)-$label.md"
{
    echo "# Deploy to a local S3 server: $articles articles"
    echo
    echo "$(date -u +%Y-%m-%d), commit $(cd "$repo" && git rev-parse --short HEAD), $(nproc) cores;"
    echo "\`bench/deploy.sh\` against moto $(python3 -c 'import moto; print(moto.__version__)') on loopback (signatures checked),"
    echo "release build, 16 uploads at once. The site: $files files, $((bytes / 1048576)) MB."
    echo "Wall time of the whole command (hashing every file, listing, planning, uploading)."
    echo
    echo "| deploy | wall s | files uploaded | requests |"
    echo "|---|---:|---:|---:|"
    printf '%s' "$rows"
    echo
    echo "The one-article deploy uploads the files whose bytes changed (the article, the lists"
    echo "and feeds that show it, the sitemap, the search index's changed parts)."
} > "$out"
say "wrote $out"
cat "$out"
