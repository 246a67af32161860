#!/usr/bin/env bash
# Lighthouse (performance, mobile) on an article whose lead image is a
# 4000×3000 photograph, as a phone sees it: Lighthouse's default mobile
# emulation (412 px wide, slow 4G and a slow CPU, simulated) in Debian's
# headless Chromium. The site is built by monazite and served as files by a
# plain static server, as a host would.
#
#   bench/lighthouse.sh             prints the score, CLS, LCP and the image bytes
#   bench/lighthouse.sh --save      also writes bench/results/<date>-lighthouse-photo.md
#
# Needs chromium and node (`.ci/install-deps` installs chromium), and installs
# Lighthouse on first use (its version pinned by bench/lighthouse/package-lock.json).
# Exits 1 when performance is under 95 or the layout shifts at all.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${TMPDIR:-/tmp}/monazite-lighthouse
lighthouse=$repo/bench/lighthouse/node_modules/lighthouse/cli/index.js
chromium=${CHROMIUM:-/usr/bin/chromium}
say() { printf '%s\n' "$*" >&2; }
if [[ ! -f $lighthouse ]]; then
    say "installing Lighthouse (bench/lighthouse/package-lock.json) with npm ci"
    npm ci --prefix "$repo/bench/lighthouse" --no-audit --no-fund --loglevel=error
fi

(cd "$repo" && cargo build --quiet --bin monazite --example gen_bench_photos)
target=$(cd "$repo" && cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')

rm -rf "$work"
mkdir -p "$work/site" "$work/photo/content/news"
cp -r "$repo/tests/fixtures/minimal/." "$work/site/"
cp -r "$repo/templates" "$work/site/"
cat > "$work/photo/content/news/photo-desk.md" <<'MD'
---
title: "At the Mountain Pass pit, a day of trucks and ore"
date: 2025-09-01T08:00:00Z
author: asha
summary: "A photographer spends a day at an open-pit rare earth mine."
tags: [mining]
---
The haul trucks start before dawn. Each carries ore from the pit's lower benches
to the crusher, where the rock begins the long journey to separated oxides.

The mine's engineers say the grade of the ore has held steady for a decade, and
that the pit has another twenty years of reserves at today's rate of extraction.
MD
"$target/debug/examples/gen_bench_photos" "$work/photo" --width 4000 --height 3000 >&2
mv "$work/photo/content/news/photo-desk" "$work/site/content/news/"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$target/debug/monazite" build --root "$work/site" --base-url "http://127.0.0.1:$port/" >&2
python3 -m http.server "$port" --bind 127.0.0.1 -d "$work/site/public" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
sleep 1

url="http://127.0.0.1:$port/news/photo-desk/"
node "$lighthouse" "$url" --only-categories=performance \
    --chrome-path="$chromium" --chrome-flags="--headless=new --no-sandbox" \
    --output=json --output-path="$work/report.json" --quiet

summary=$(python3 - "$work/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
a = r["audits"]
score = round(r["categories"]["performance"]["score"] * 100)
cls = a["cumulative-layout-shift"]["numericValue"]
lcp = a["largest-contentful-paint"]["numericValue"] / 1000
fcp = a["first-contentful-paint"]["numericValue"] / 1000
tbt = a["total-blocking-time"]["numericValue"]
items = a["network-requests"]["details"]["items"]
images = [i for i in items if i.get("resourceType") == "Image"]
shown = ", ".join(f'{i["url"].rsplit("/", 1)[-1]} {i["transferSize"] / 1024:.0f} KB' for i in images)
screen = r["configSettings"]["screenEmulation"]
print(f"performance {score}, CLS {cls:g}, LCP {lcp:.2f} s, FCP {fcp:.2f} s, TBT {tbt:.0f} ms")
print(f"screen {screen['width']}×{screen['height']} at {screen['deviceScaleFactor']}x; Lighthouse {r['lighthouseVersion']}; images fetched: {shown}")
sys.exit(0 if score >= 95 and cls == 0 else 1)
PY
) && ok=1 || ok=0
printf '%s\n' "$summary"

if [[ ${1:-} == --save ]]; then
    out="$repo/bench/results/$(date -u +%Y-%m-%d)-lighthouse-photo.md"
    cat > "$out" <<MD
# Lighthouse: an article with a 4000×3000 lead photograph, mobile

$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(cd "$repo" && git rev-parse --short HEAD),
load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (shared with other
builds: the simulated timings are computed from a trace, so load moves them less
than it moves wall times). Lighthouse's default mobile settings (simulated slow 4G,
4× CPU slowdown), Debian's Chromium headless, files served by \`python3 -m http.server\`.

\`\`\`
$summary
\`\`\`

The source photograph is 4000×3000 (a JPEG made by
examples/gen_bench_photos.rs); the page offers 480–1600 px WebP and JPEG
versions with \`sizes\`, and the phone fetched the WebP listed above. That
generated picture compresses better than a real photograph would (an 800 px
WebP of a real photo is 40–80 KB at quality 80): still far under what would
move the score. Run: \`bench/lighthouse.sh --save\`.
MD
    say "saved $out"
fi
[[ $ok == 1 ]]
