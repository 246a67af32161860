//! A synthetic newsroom for the serve benchmark: N articles of ~10 KB of
//! Markdown each with full front matter, 8 authors and 60 tags, the
//! repository's theme and a `site.yaml`. Deterministic (a fixed-seed LCG), so
//! runs compare. Kept in this one file so it can later be swapped for the
//! project's shared corpus generator.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

const AUTHORS: [(&str, &str); 8] = [
    ("asha", "Asha Raman"),
    ("daniel", "Daniel Okafor"),
    ("li", "Li Wen"),
    ("maria", "María Quispe"),
    ("tom", "Tom Becker"),
    ("yuki", "Yuki Sato"),
    ("fatima", "Fatima Diallo"),
    ("pavel", "Pavel Novak"),
];

const TAGS: [&str; 60] = [
    "neodymium",
    "praseodymium",
    "dysprosium",
    "terbium",
    "lanthanum",
    "cerium",
    "samarium",
    "europium",
    "gadolinium",
    "yttrium",
    "scandium",
    "holmium",
    "lithium",
    "cobalt",
    "nickel",
    "graphite",
    "gallium",
    "germanium",
    "antimony",
    "tungsten",
    "monazite",
    "bastnasite",
    "ionic clays",
    "xenotime",
    "magnets",
    "refining",
    "separation",
    "recycling",
    "mining",
    "exploration",
    "export controls",
    "tariffs",
    "policy",
    "markets",
    "prices",
    "stockpiles",
    "china",
    "india",
    "australia",
    "usa",
    "myanmar",
    "brazil",
    "vietnam",
    "greenland",
    "africa",
    "canada",
    "europe",
    "japan",
    "korea",
    "russia",
    "electric vehicles",
    "wind turbines",
    "defence",
    "semiconductors",
    "batteries",
    "environment",
    "finance",
    "offtake",
    "research",
    "supply chains",
];

const WORDS: [&str; 48] = [
    "the",
    "rare",
    "earth",
    "oxide",
    "supply",
    "refinery",
    "plant",
    "tonnes",
    "export",
    "licence",
    "magnet",
    "market",
    "price",
    "quarter",
    "government",
    "ministry",
    "producer",
    "buyers",
    "contract",
    "capacity",
    "processing",
    "separation",
    "concentrate",
    "deposit",
    "project",
    "investment",
    "analysts",
    "said",
    "while",
    "output",
    "rose",
    "fell",
    "demand",
    "from",
    "with",
    "across",
    "permits",
    "feedstock",
    "of",
    "and",
    "in",
    "a",
    "to",
    "new",
    "costs",
    "in the region",
    "this year",
    "according to officials",
];

/// A small deterministic pseudo-random sequence.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn sentence(rng: &mut Lcg, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(WORDS[rng.below(WORDS.len())]);
    }
    let mut chars = s.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase()).unwrap_or('A');
    format!("{first}{}.", chars.as_str())
}

fn paragraph(rng: &mut Lcg) -> String {
    (0..5 + rng.below(4))
        .map(|_| {
            let words = 10 + rng.below(10);
            sentence(rng, words)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The slug of article `i` (0 is the newest).
pub fn slug(i: usize) -> String {
    format!("story-{i:05}")
}

/// The file of article `i`, relative to the site root.
pub fn article_file(i: usize) -> String {
    format!("content/news/{}.md", slug(i))
}

/// The full text of article `i`; `revision` changes the title and body.
pub fn article_text(i: usize, revision: usize) -> String {
    let mut rng = Lcg::new(i as u64);
    let (author, _) = AUTHORS[rng.below(AUTHORS.len())];
    // Newest first: article i is i hours before a fixed moment.
    let hours_back = i as i64;
    let day = hours_back / 24;
    let date = time::Date::from_calendar_date(2025, time::Month::October, 15)
        .expect("valid date")
        .checked_sub(time::Duration::days(day))
        .expect("date in range");
    let hour = 23 - (hours_back % 24);
    let mut tags: Vec<&str> = Vec::new();
    while tags.len() < 3 {
        let t = TAGS[rng.below(TAGS.len())];
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let title = if revision == 0 {
        format!("{} {} story {i}", capitalize(tags[0]), WORDS[rng.below(20)])
    } else {
        format!("{} story {i}, revision {revision}", capitalize(tags[0]))
    };
    let mut text = String::with_capacity(11_000);
    let _ = writeln!(text, "---");
    let _ = writeln!(text, "title: \"{title}\"");
    let _ = writeln!(text, "date: {date}T{hour:02}:00:00+05:30");
    if i.is_multiple_of(7) {
        let _ = writeln!(text, "updated: {date}");
    }
    let _ = writeln!(text, "author: {author}");
    let _ = writeln!(text, "summary: \"{}\"", sentence(&mut rng, 18));
    let _ = writeln!(text, "highlights:");
    for _ in 0..3 {
        let _ = writeln!(text, "  - \"{}\"", sentence(&mut rng, 12));
    }
    let _ = writeln!(text, "source:");
    let _ = writeln!(text, "  name: \"Mining Weekly\"");
    let _ = writeln!(text, "  url: \"https://example.com/story/{i}\"");
    let _ = writeln!(text, "  date: {date}");
    let _ = writeln!(text, "related:");
    let _ = writeln!(text, "  - /news/{}/", slug(i + 1));
    let _ = writeln!(text, "  - title: \"Annual report\"");
    let _ = writeln!(text, "    url: \"https://example.com/report-{i}.pdf\"");
    let _ = writeln!(text, "tags: [{}]", tags.join(", "));
    let _ = writeln!(text, "---");
    if revision > 0 {
        let _ = writeln!(text, "Revision {revision} of this story.\n");
    }
    while text.len() < 10_000 {
        let _ = writeln!(text, "{}\n", paragraph(&mut rng));
        if rng.below(3) == 0 {
            let _ = writeln!(text, "## {}\n", sentence(&mut rng, 4).trim_end_matches('.'));
        }
        if rng.below(6) == 0 {
            let _ = writeln!(
                text,
                "- {}\n- {}\n- {}\n",
                sentence(&mut rng, 6),
                sentence(&mut rng, 6),
                sentence(&mut rng, 6)
            );
        }
        if rng.below(8) == 0 {
            let _ = writeln!(
                text,
                "See [the earlier report](/news/{}/) and [the ministry's note](https://example.gov/notes/{}).\n",
                slug(i + 2),
                rng.below(1000)
            );
        }
    }
    text
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Writes a whole site of `articles` articles under `root` (which should be empty),
/// with the theme copied from `theme`. Returns the bytes of Markdown written.
pub fn generate(root: &Path, articles: usize, theme: &Path) -> io::Result<u64> {
    fs::create_dir_all(root.join("content/news"))?;
    fs::create_dir_all(root.join("content/authors"))?;
    fs::create_dir_all(root.join("content/pages"))?;
    fs::write(
        root.join("site.yaml"),
        "title: \"Synthetic Newsroom\"\n\
         description: \"A generated newsroom for benchmarks.\"\n\
         base_url: \"https://bench.example.org/\"\n\
         timezone: \"+05:30\"\n\
         paginate_by: 10\n\
         newsletter:\n  action: \"https://newsletter.example.org/subscribe\"\n\
         nav:\n  - title: \"News\"\n    url: \"/news/\"\n  - title: \"Topics\"\n    url: \"/tags/\"\n",
    )?;
    for (key, name) in AUTHORS {
        fs::write(
            root.join(format!("content/authors/{key}.md")),
            format!(
                "---\nname: \"{name}\"\nrole: \"Correspondent\"\nbio: \"{name} covers critical minerals.\"\n---\n{name} has reported on mining for a decade.\n"
            ),
        )?;
    }
    fs::write(
        root.join("content/pages/about.md"),
        "---\ntitle: \"About\"\n---\nA generated newsroom.\n",
    )?;
    let mut bytes = 0u64;
    for i in 0..articles {
        let text = article_text(i, 0);
        bytes += text.len() as u64;
        fs::write(root.join(article_file(i)), text)?;
    }
    copy_dir(theme, &root.join("templates"))?;
    Ok(bytes)
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
