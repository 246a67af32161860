//! Benchmark: on a synthetic newsroom (10,000 articles by default), the time
//! from saving one article to the live-reload event reaching a browser, and to
//! the new page having been fetched. Runs the real `monazite serve` (release
//! build), connects to its live channel as an open page would, rewrites an
//! article file and times the event. Several scenarios, several runs each;
//! medians are reported.
//!
//! cargo bench --bench serve_reload [-- --articles N] [--runs N] [--corpus DIR]
//!
//! `--corpus DIR` uses (or fills, when empty) a site folder; otherwise a
//! temporary one is generated and removed.

mod corpus;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Args {
    articles: usize,
    runs: usize,
    corpus: Option<PathBuf>,
}

fn args() -> Args {
    let mut args = Args {
        articles: 10_000,
        runs: 15,
        corpus: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--articles" => {
                args.articles = it.next().and_then(|v| v.parse().ok()).unwrap_or(10_000)
            }
            "--runs" => args.runs = it.next().and_then(|v| v.parse().ok()).unwrap_or(15),
            "--corpus" => args.corpus = it.next().map(PathBuf::from),
            _ => {} // `--bench` and filters from cargo
        }
    }
    args
}

/// The serve child, killed on drop.
struct Server {
    child: Child,
    port: u16,
    first_build: String,
    /// serve's stdout lines after the URL.
    lines: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_monazite"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .env("MONAZITE_NOW", "2025-10-18T12:00:00Z")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start monazite serve");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut first_build = String::new();
    loop {
        let Ok(line) = rx.recv_timeout(Duration::from_secs(120)) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve printed no URL");
        };
        if line.starts_with("built ") {
            first_build = line.clone();
        }
        if let Some(at) = line.find("http://") {
            let url = line[at..].split_whitespace().next().unwrap();
            let port = url.trim_end_matches('/').rsplit(':').next().unwrap();
            return Server {
                child,
                port: port.parse().unwrap(),
                first_build,
                lines: rx,
            };
        }
    }
}

fn get(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut body = Vec::new();
    s.read_to_end(&mut body).unwrap();
    String::from_utf8_lossy(&body).into_owned()
}

/// The live channel as an open page holds it; yields event names as they arrive.
fn live(port: u16, page: &str) -> mpsc::Receiver<(String, Instant)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__monazite/live?path={} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n",
        page.replace('/', "%2F")
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(s);
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            if let Some(kind) = line.trim_end().strip_prefix("event: ")
                && tx.send((kind.to_string(), Instant::now())).is_err()
            {
                return;
            }
            line.clear();
        }
    });
    match rx.recv_timeout(Duration::from_secs(10)) {
        Ok((kind, _)) if kind == "hello" => rx,
        other => panic!("expected hello, got {other:?}"),
    }
}

struct Scenario {
    name: &'static str,
    /// The article edited.
    index: usize,
    /// How the new text differs.
    edit: fn(&str, usize) -> String,
}

fn body_edit(text: &str, run: usize) -> String {
    let (fm, body) = split(text);
    format!("{fm}Body revision {run}.\n\n{body}")
}

fn title_edit(text: &str, run: usize) -> String {
    let (fm, body) = split(text);
    let fm = fm.replacen("title: \"", &format!("title: \"Retitled {run}: "), 1);
    format!("{fm}Body revision {run}.\n\n{body}")
}

fn date_edit(text: &str, run: usize) -> String {
    let (fm, body) = split(text);
    // Minutes move with the run: the article changes place among its neighbours.
    let fm = fm.replacen(":00:00+05:30", &format!(":{:02}:00+05:30", 1 + run % 58), 1);
    format!("{fm}Body revision {run}.\n\n{body}")
}

/// (front matter with fences, body)
fn split(text: &str) -> (String, String) {
    let end = text[3..].find("\n---\n").unwrap() + 3 + 5;
    (text[..end].to_string(), text[end..].to_string())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn main() {
    let args = args();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let temp;
    let root = match &args.corpus {
        Some(dir) => dir.clone(),
        None => {
            temp = tempfile::tempdir().unwrap();
            temp.path().to_path_buf()
        }
    };
    if !root.join("site.yaml").exists() {
        let started = Instant::now();
        let bytes = corpus::generate(&root, args.articles, &theme).expect("generate corpus");
        println!(
            "generated {} articles, {:.1} MB of Markdown, in {:.1} s",
            args.articles,
            bytes as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
    }
    let articles = std::fs::read_dir(root.join("content/news"))
        .unwrap()
        .count();
    let started = Instant::now();
    let server = start(&root);
    println!(
        "serve ready in {:.2} s: {}",
        started.elapsed().as_secs_f64(),
        server.first_build
    );

    let middle = articles / 2;
    let scenarios = [
        Scenario {
            name: "body edit, old article",
            index: middle,
            edit: body_edit,
        },
        Scenario {
            name: "title edit, old article (lists change)",
            index: middle + 1,
            edit: title_edit,
        },
        Scenario {
            name: "title edit, newest article (every sidebar changes)",
            index: 0,
            edit: title_edit,
        },
        Scenario {
            name: "date edit, old article (re-sort)",
            index: middle + 2,
            edit: date_edit,
        },
    ];
    println!(
        "{:<52} {:>12} {:>12} {:>12} {:>12}",
        "scenario (median of runs)", "save→event", "save→page", "max event", "rebuild"
    );
    for scenario in scenarios {
        let file = root.join(corpus::article_file(scenario.index));
        let page = format!("/news/{}/", corpus::slug(scenario.index));
        let original = std::fs::read_to_string(&file).unwrap();
        let events = live(server.port, &page);
        let (mut to_event, mut to_page, mut rebuild) = (Vec::new(), Vec::new(), Vec::new());
        while server.lines.try_recv().is_ok() {}
        for run in 1..=args.runs {
            let text = (scenario.edit)(&original, run);
            let saved = Instant::now();
            std::fs::write(&file, &text).unwrap();
            let (kind, at) = loop {
                let (kind, at) = events
                    .recv_timeout(Duration::from_secs(30))
                    .expect("a live event");
                if kind != "hello" {
                    break (kind, at);
                }
            };
            assert_eq!(kind, "reload", "the edit should reload");
            let body = get(server.port, &page);
            let fetched = Instant::now();
            assert!(
                body.contains(&format!("Body revision {run}.")),
                "the page shows the edit"
            );
            // serve's own line: "rebuilt 1 article in 1.9 ms (…)".
            let line = server
                .lines
                .recv_timeout(Duration::from_secs(5))
                .expect("serve reports the rebuild");
            if let Some(ms) = line
                .split(" in ")
                .nth(1)
                .and_then(|rest| rest.split(" ms").next())
                .and_then(|n| n.parse::<f64>().ok())
            {
                rebuild.push(ms);
            }
            to_event.push(at.duration_since(saved).as_secs_f64() * 1000.0);
            to_page.push(fetched.duration_since(saved).as_secs_f64() * 1000.0);
            std::thread::sleep(Duration::from_millis(150));
        }
        std::fs::write(&file, &original).unwrap();
        let _ = events.recv_timeout(Duration::from_secs(5));
        let _ = server.lines.recv_timeout(Duration::from_secs(5));
        let max = to_event.iter().cloned().fold(0.0, f64::max);
        println!(
            "{:<52} {:>9.1} ms {:>9.1} ms {:>9.1} ms {:>9.1} ms",
            scenario.name,
            median(to_event),
            median(to_page),
            max,
            median(rebuild)
        );
    }
    println!(
        "({articles} articles, {} runs per scenario; \"rebuild\" is serve's own time from \
         the debounced change to the event, the rest of save→event is the {} ms debounce)",
        args.runs,
        monazite::serve::watch::DEBOUNCE.as_millis()
    );
}
