//! Benchmark of the search index at newsroom scale (docs/search.md reports it).
//!
//! ```sh
//! cargo run --release --example search_bench -- [--articles 10000] [--dir DIR] [--no-browser] [--pagefind]
//! ```
//!
//! 1. Generates a synthetic site (once per size, kept in DIR): articles of
//!    about 10 KB of Zipf-distributed words (real stop words and rare-earth
//!    vocabulary at the head, ~40,000 made-up words in the tail), 60 tags,
//!    8 authors, one article every few hours over years.
//! 2. Runs a full build in a child process: wall time, peak RSS.
//! 3. Times the search index alone (build + encode, and writing its files)
//!    in a child process, wall and CPU: in a build it runs beside the pages,
//!    so its CPU time is what it takes from them.
//! 4. Counts the files and bytes under `public/search/`.
//! 5. In a real headless Chromium against a local server: opens
//!    `/search/?q=WORD` and types WORD into `/search/`, for a common, a
//!    medium and a rare word, with a cold cache each time, and sums the bytes
//!    received for the script and the index files.
//! 6. With `--pagefind` (and `python3 -m pagefind` installed): indexes the same
//!    site with Pagefind and measures the same things.

#[path = "../tests/integration/support/cdp.rs"]
mod cdp;
#[path = "../tests/integration/support/http.rs"]
mod http;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use monazite::outputs::search;
use monazite::{BuildOptions, Site};

const NOW: &str = "2026-01-01T00:00:00Z";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("child-build") => return child_build(Path::new(&args[2])),
        Some("child-index") => return child_index(Path::new(&args[2])),
        _ => {}
    }
    let flag = |name: &str| args.iter().any(|a| a == name);
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let articles: usize = value("--articles").map_or(10_000, |v| v.parse().expect("--articles N"));
    let dir = value("--dir").map_or_else(
        || std::env::temp_dir().join(format!("monazite-search-bench-{articles}")),
        PathBuf::from,
    );
    let site = dir.join("site");
    let started = Instant::now();
    if generate(&site, articles) {
        println!(
            "generated {articles} articles in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let body_bytes: u64 = walk_files(&site.join("content/news"))
        .iter()
        .map(|(_, n)| n)
        .sum();
    println!(
        "corpus: {articles} articles, {:.1} MB of Markdown",
        body_bytes as f64 / 1e6
    );

    if !flag("--skip-build") {
        let _ = fs::remove_dir_all(site.join("public"));
        let build = run_child("child-build", &site);
        println!("full build (fresh public/): {}", build.trim());
        let rebuild = run_child("child-build", &site);
        println!("full build (again, over it): {}", rebuild.trim());
        let index = run_child("child-index", &site);
        println!("search index alone: {}", index.trim());
    }

    let search_dir = site.join("public/search");
    let files = walk_files(&search_dir);
    let total: u64 = files.iter().map(|(_, n)| n).sum();
    let largest = files.iter().map(|(_, n)| *n).max().unwrap_or(0);
    println!(
        "/search/: {} files, {:.1} MB in all, largest {:.1} KB",
        files.len(),
        total as f64 / 1e6,
        largest as f64 / 1e3
    );
    let words = pick_words(&site);
    if !flag("--no-browser") {
        let public = site.join("public");
        for (label, word) in &words {
            let loaded = first_query_bytes(
                &public,
                &format!("/search/?q={word}"),
                None,
                "#search-results li",
                &is_own_search,
            );
            let typed = first_query_bytes(
                &public,
                "/search/",
                Some(word),
                "#search-results li",
                &is_own_search,
            );
            println!(
                "first query, {label} word `{word}`: {} opened with ?q=, {} typed",
                kb(loaded),
                kb(typed)
            );
        }
    }
    if flag("--pagefind") && flag("--skip-pagefind-index") {
        pagefind_queries(&site.parent().unwrap().join("pagefind-site"), &words);
    } else if flag("--pagefind") {
        pagefind(&site, &words, !flag("--no-browser"));
    }
}

// ---------------------------------------------------------------- measuring

/// Child: a full build of `root`; prints time and peak RSS.
fn child_build(root: &Path) {
    let mut options = BuildOptions::new(root);
    options.now =
        time::OffsetDateTime::parse(NOW, &time::format_description::well_known::Rfc3339).unwrap();
    let started = Instant::now();
    let report = monazite::build(&options).unwrap_or_else(|e| panic!("build failed: {e:?}"));
    println!(
        "{:.2} s ({:.2} s of CPU), {} pages, {} files, peak RSS {}",
        started.elapsed().as_secs_f64(),
        cpu_seconds(),
        report.pages,
        report.files,
        peak_rss()
    );
}

/// Child: loads `root`, then times the search output alone, three times, and
/// writing its files to a fresh folder.
fn child_index(root: &Path) {
    let mut options = BuildOptions::new(root);
    options.now =
        time::OffsetDateTime::parse(NOW, &time::format_description::well_known::Rfc3339).unwrap();
    let (site, _) = Site::load(&options).unwrap_or_else(|e| panic!("load failed: {e:?}"));
    let rss_loaded = peak_rss();
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut files = Vec::new();
    for _ in 0..3 {
        let (started, cpu_before) = (Instant::now(), cpu_seconds());
        files = search::index_files(&site.library);
        times.push(started.elapsed().as_secs_f64());
        cpu.push(cpu_seconds() - cpu_before);
    }
    times.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    let out = tempfile::tempdir().unwrap();
    let started = Instant::now();
    for (name, bytes) in &files {
        fs::write(out.path().join(name), bytes).unwrap();
    }
    let write = started.elapsed().as_secs_f64();
    println!(
        "{:.3} s to build and encode (median of 3; {:.3}–{:.3}; {:.2} s of CPU), {:.3} s to write its {} files; peak RSS {} after loading the site, {} after indexing",
        times[1],
        times[0],
        times[2],
        cpu[1],
        write,
        files.len(),
        rss_loaded,
        peak_rss()
    );
}

/// CPU time of this process so far (user + system, all threads), from /proc:
/// on a shared machine it says what the work costs when wall time cannot.
fn cpu_seconds() -> f64 {
    let stat = fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn run_child(mode: &str, root: &Path) -> String {
    let out = Command::new(std::env::current_exe().unwrap())
        .arg(mode)
        .arg(root)
        .output()
        .expect("run the benchmark's child");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// This process's peak resident memory, from /proc (Linux).
fn peak_rss() -> String {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or("unknown".into(), |kb| {
            format!("{:.0} MB", kb as f64 / 1024.0)
        })
}

/// The index files and the script (not the search page's HTML).
fn is_own_search(path: &str) -> bool {
    path.starts_with("/search/") && path != "/search/"
}

/// Opens `path` in a fresh browser (cold cache), types `typed` if given, waits
/// for `ready` to match, and returns the bytes of the files the server sent
/// for URLs `counted` accepts (bodies only: HTTP headers add ~100 bytes each).
/// Counted at the server, so that requests from a page's workers count too.
fn first_query_bytes(
    public: &Path,
    path: &str,
    typed: Option<&str>,
    ready: &str,
    counted: &dyn Fn(&str) -> bool,
) -> u64 {
    let server = http::StaticServer::start(public);
    let mut browser = cdp::Browser::start();
    browser.goto(&server.url(path));
    if let Some(word) = typed {
        browser.type_into("#search-q", word);
    }
    let found = browser.wait_until(
        &format!("document.querySelector({ready:?})"),
        Duration::from_secs(20),
    );
    assert!(found, "no results for {path} {typed:?}");
    // Let late fetches (the rest of a typed word) finish.
    std::thread::sleep(Duration::from_millis(500));
    let verbose = std::env::var_os("BENCH_VERBOSE").is_some();
    if verbose {
        let shown = browser.eval(&format!(
            "document.querySelector({ready:?}).textContent.slice(0, 80)"
        ));
        println!("  page says: {shown}");
    }
    let mut total = 0;
    for request in server.requests() {
        let file = public.join(http::percent_decode(request.path.trim_start_matches('/')));
        let file = if file.is_dir() {
            file.join("index.html")
        } else {
            file
        };
        let bytes = fs::metadata(&file).map_or(0, |m| m.len());
        if counted(&request.path) {
            total += bytes;
            if verbose {
                println!("  {bytes:>8} {}", request.path);
            }
        }
    }
    total
}

/// A common, a medium and a rare word of the corpus, by document frequency.
fn pick_words(site: &Path) -> Vec<(&'static str, String)> {
    let manifest: search::files::Manifest = search::files::read_manifest(
        &fs::read(site.join("public/search").join(search::files::MANIFEST)).unwrap(),
    )
    .unwrap();
    let mut source = DirSource(site.join("public/search"));
    let mut words = Vec::new();
    let dir = site.join("public/search");
    let size = |name: &str| fs::metadata(dir.join(name)).map_or(0, |m| m.len());
    let script = size(search::files::SCRIPT);
    for (label, word) in [
        ("common", "magnet"),
        ("medium", "samarium"),
        ("rare", "xenotime"),
    ] {
        let (hits, mut read) = search::query::search(&manifest, &mut source, word, None).unwrap();
        let top: Vec<u32> = hits.iter().take(10).map(|h| h.id).collect();
        let (_, docs) = search::query::records(&manifest, &mut source, &top).unwrap();
        read.extend(docs);
        read.sort();
        read.dedup();
        let bytes: u64 =
            read.iter().map(|n| size(n)).sum::<u64>() + size(search::files::MANIFEST) + script;
        words.push((label, word.to_string()));
        println!(
            "`{word}` matches {} of {} articles; a first page of results reads {} index files: {} with the manifest and the script (file bytes, no headers)",
            hits.len(),
            manifest.docs,
            read.len(),
            kb(bytes)
        );
    }
    words
}

struct DirSource(PathBuf);

impl search::query::IndexSource for DirSource {
    fn read(&mut self, name: &str) -> Option<Vec<u8>> {
        fs::read(self.0.join(name)).ok()
    }
}

fn pagefind(site: &Path, words: &[(&'static str, String)], browser: bool) {
    let copy = site.parent().unwrap().join("pagefind-site");
    let _ = fs::remove_dir_all(&copy);
    let status = Command::new("cp")
        .arg("-r")
        .arg(site.join("public"))
        .arg(&copy)
        .status()
        .unwrap();
    assert!(status.success());
    let python = std::env::var("PAGEFIND_PYTHON").unwrap_or_else(|_| "python3".into());
    let started = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%e s, peak RSS %M KB"])
        .arg(&python)
        .args(["-m", "pagefind", "--site"])
        .arg(&copy)
        .output();
    let Ok(out) = out else {
        println!("pagefind: could not run {python} -m pagefind");
        return;
    };
    if !out.status.success() {
        println!("pagefind failed: {}", String::from_utf8_lossy(&out.stderr));
        return;
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!(
        "pagefind: indexed in {:.2} s wall ({})",
        started.elapsed().as_secs_f64(),
        stderr.lines().last().unwrap_or("").trim()
    );
    let files = walk_files(&copy.join("pagefind"));
    let total: u64 = files.iter().map(|(_, n)| n).sum();
    println!(
        "pagefind: /pagefind/: {} files, {:.1} MB",
        files.len(),
        total as f64 / 1e6
    );
    if !browser {
        return;
    }
    pagefind_queries(&copy, words);
}

fn pagefind_queries(copy: &Path, words: &[(&'static str, String)]) {
    // A page that runs a query through Pagefind's JS API and loads the first ten results' data.
    fs::write(
        copy.join("pagefind-query.html"),
        "<!doctype html><meta charset=utf-8><title>q</title><script type=module>\
         const pf = await import('/pagefind/pagefind.js');\
         const q = new URLSearchParams(location.search).get('q');\
         const r = await pf.search(q);\
         const data = await Promise.all(r.results.slice(0, 10).map(x => x.data()));\
         const done = document.createElement('p'); done.id = 'done'; done.textContent = data.length; document.body.append(done);\
         </script>",
    )
    .unwrap();
    for (label, word) in words {
        let bytes = first_query_bytes(
            copy,
            &format!("/pagefind-query.html?q={word}"),
            None,
            "#done",
            &|u: &str| u.contains("/pagefind/"),
        );
        println!(
            "pagefind: first query, {label} word `{word}` (10 results' data): {}",
            kb(bytes)
        );
    }
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

fn walk_files(dir: &Path) -> Vec<(PathBuf, u64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), e.metadata().map_or(0, |m| m.len())))
        .collect()
}

// ---------------------------------------------------------------- the corpus

/// Writes the synthetic site unless it is already there. Returns whether it wrote.
fn generate(site: &Path, articles: usize) -> bool {
    // The theme is always the repository's current one.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let _ = fs::remove_dir_all(site.join("templates"));
    copy_dir(&repo.join("templates"), &site.join("templates"));
    let stamp = site.join(".generated");
    if fs::read_to_string(&stamp).is_ok_and(|s| s.trim() == articles.to_string()) {
        return false;
    }
    let _ = fs::remove_dir_all(site.join("content"));
    fs::create_dir_all(site.join("content/news")).unwrap();
    fs::create_dir_all(site.join("content/authors")).unwrap();
    fs::write(
        site.join("site.yaml"),
        "title: \"Bench Times\"\nbase_url: \"https://bench.example.org/\"\n",
    )
    .unwrap();
    for (i, name) in AUTHORS.iter().enumerate() {
        fs::write(
            site.join(format!("content/authors/a{i}.md")),
            format!("---\nname: \"{name}\"\n---\n{name} reports on critical minerals.\n"),
        )
        .unwrap();
    }
    let vocabulary = Vocabulary::new();
    let start = time::macros::datetime!(2020-01-01 06:00 UTC);
    let mut rng = Rng(0x5eed);
    for n in 0..articles {
        let mut text = String::with_capacity(11_000);
        let title = vocabulary.title(&mut rng);
        let date = start + time::Duration::minutes(n as i64 * 197);
        let tags: Vec<&str> = (0..1 + rng.below(4))
            .map(|_| TAGS[rng.zipf_small(TAGS.len())])
            .collect();
        let _ = write!(
            text,
            "---\ntitle: \"{title}\"\ndate: {}\nauthor: a{}\ntags: [{}]\n---\n",
            date.format(&time::format_description::well_known::Rfc3339)
                .unwrap(),
            rng.below(AUTHORS.len()),
            tags.join(", ")
        );
        // The rare and medium words of the query benchmark, in known places.
        if n == articles / 3 || n == articles * 2 / 3 {
            text.push_str("A note on xenotime, the other phosphate.\n\n");
        }
        if n % 300 == 7 {
            text.push_str("Samarium cobalt magnets resist heat.\n\n");
        }
        while text.len() < 10_000 {
            if rng.below(5) == 0 {
                let _ = writeln!(text, "## {}\n", vocabulary.title(&mut rng));
            }
            for _ in 0..3 + rng.below(4) {
                vocabulary.sentence(&mut rng, &mut text);
                text.push(' ');
            }
            text.push_str("\n\n");
        }
        fs::write(site.join(format!("content/news/story-{n:05}.md")), text).unwrap();
    }
    fs::write(stamp, articles.to_string()).unwrap();
    true
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

const AUTHORS: [&str; 8] = [
    "Asha Rao",
    "Li Wen",
    "Daniel Okafor",
    "Mei Tan",
    "Priya Nair",
    "Tomás Ortega",
    "Sofia Lind",
    "Kwame Mensah",
];

const TAGS: [&str; 60] = [
    "china",
    "magnets",
    "markets",
    "policy",
    "india",
    "refining",
    "mining",
    "usa",
    "australia",
    "europe",
    "japan",
    "recycling",
    "batteries",
    "exports",
    "prices",
    "neodymium",
    "dysprosium",
    "terbium",
    "lithium",
    "cobalt",
    "nickel",
    "graphite",
    "myanmar",
    "vietnam",
    "brazil",
    "greenland",
    "canada",
    "africa",
    "trade",
    "tariffs",
    "investment",
    "technology",
    "defence",
    "evs",
    "wind",
    "supply-chain",
    "processing",
    "exploration",
    "environment",
    "labour",
    "finance",
    "stockpiles",
    "research",
    "startups",
    "ipo",
    "mergers",
    "legal",
    "sanctions",
    "shipping",
    "energy",
    "korea",
    "germany",
    "france",
    "uk",
    "russia",
    "kazakhstan",
    "malaysia",
    "indonesia",
    "chile",
    "argentina",
];

/// Words of the head of the distribution: English stop words, then newsroom words.
const HEAD: &str = "the of and to a in that is for on it with as was by at from this be are have has an not or which but were been their its more than also they had after over into about would will there year new said could other this percent per prices market china rare earth earths magnet magnets supply demand production export exports mine mines mining refinery refining processing oxide oxides metal metals tonnes company companies government policy plant plants project projects output capacity chinese industry global price quota quotas tariff tariffs trade neodymium praseodymium dysprosium terbium lanthanum cerium yttrium europium gadolinium holmium lutetium scandium monazite bastnasite concentrate separation alloy alloys battery batteries lithium cobalt nickel graphite copper manganese vehicle vehicles electric motor motors turbine turbines wind defence investors investment fund billion million deal deals agreement shares quarter analysts report reports shipments imports import stockpile stockpiles reserves deposit deposits exploration drilling licence permit environmental waste tailings recycling recycled magnetic permanent sintered bonded heavy light element elements critical minerals mineral strategic security allies partners japan korea india australia vietnam myanmar brazil greenland canada europe european union states washington beijing tokyo delhi canberra kuala lumpur lynas mp materials iluka arafura neo energy fuels solvay shenghe northern china minmetals baotou ganzhou jiangxi inner mongolia";

/// A fixed vocabulary with Zipf-distributed word frequencies.
struct Vocabulary {
    words: Vec<String>,
    /// Cumulative weights, for sampling by rank.
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn new() -> Vocabulary {
        let mut words: Vec<String> = HEAD.split(' ').map(str::to_string).collect();
        let syllables = [
            "ka", "lo", "ri", "ten", "mar", "vo", "sel", "dun", "pra", "ex", "ul", "bri", "ton",
            "ga", "zi", "fen", "mo", "ra", "tis", "chu", "ven", "dor", "pli", "gu", "nes", "har",
            "lum", "sta", "qui", "ber",
        ];
        let mut rng = Rng(42);
        let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
        while words.len() < 40_000 {
            let n = 2 + rng.below(3);
            let w: String = (0..n)
                .map(|_| syllables[rng.below(syllables.len())])
                .collect();
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        let mut total = 0.0;
        let cumulative = (0..words.len())
            .map(|rank| {
                total += 1.0 / (rank as f64 + 2.7).powf(1.05);
                total
            })
            .collect();
        Vocabulary { words, cumulative }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().unwrap();
        let x = rng.unit() * total;
        let i = self.cumulative.partition_point(|&c| c < x);
        &self.words[i.min(self.words.len() - 1)]
    }

    fn sentence(&self, rng: &mut Rng, out: &mut String) {
        let n = 8 + rng.below(18);
        for i in 0..n {
            let w = self.word(rng);
            if i == 0 {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    out.extend(f.to_uppercase());
                    out.push_str(c.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(w);
            }
            if i + 1 < n && rng.below(12) == 0 {
                out.push(',');
            }
        }
        out.push('.');
    }

    fn title(&self, rng: &mut Rng) -> String {
        let mut t = String::new();
        self.sentence(rng, &mut t);
        t.truncate(t.trim_end_matches('.').len());
        let words: Vec<&str> = t.split(' ').take(5 + rng.below(5)).collect();
        words.join(" ").trim_end_matches(',').replace('"', "")
    }
}

/// A small deterministic generator (PCG-style LCG): the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 31) as f64
    }
    /// A small index skewed towards 0 (popular tags).
    fn zipf_small(&mut self, n: usize) -> usize {
        let x = self.unit();
        ((n as f64).powf(x) - 1.0) as usize % n
    }
}
