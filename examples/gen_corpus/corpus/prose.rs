//! Headlines, sentences and whole article bodies built from the vocabulary.
//! Bodies use every Markdown construct a newsroom article uses: `##` sections,
//! lists, internal and external links, a table, a quotation and a footnote.

use super::rng::Rng;
use super::words::*;

/// An article another article may link to.
pub struct LinkTarget<'a> {
    pub title: &'a str,
    pub path: String,
}

/// A headline such as "Lynas expands its separation plant in Kalgoorlie".
pub fn headline(rng: &mut Rng) -> String {
    let element = capitalize(rng.pick(ELEMENTS));
    match rng.below(10) {
        0 => format!(
            "{} {} its {} in {}",
            rng.pick(COMPANIES),
            rng.pick(ACTIONS),
            rng.pick(FACILITIES),
            rng.pick(PLACES)
        ),
        1 => format!(
            "{} {} {} on {}",
            capitalize(rng.pick(COUNTRIES)),
            rng.pick(POLICY_VERBS),
            rng.pick(POLICIES),
            rng.pick(ELEMENTS)
        ),
        2 => format!(
            "{element} prices {} as {}",
            rng.pick(MOVES_UP),
            rng.pick(CAUSES)
        ),
        3 => format!(
            "{element} prices {} as {}",
            rng.pick(MOVES_DOWN),
            rng.pick(CAUSES)
        ),
        4 => format!(
            "Why {} is the weak link in the {} chain",
            rng.pick(PLACES),
            rng.pick(PRODUCTS)
        ),
        5 => format!(
            "{} and {} agree to cooperate on {}",
            capitalize(rng.pick(COUNTRIES)),
            rng.pick(COUNTRIES),
            rng.pick(PRODUCTS)
        ),
        6 => format!(
            "Inside {}'s bet on {}",
            rng.pick(COMPANIES),
            rng.pick(PRODUCTS)
        ),
        7 => format!(
            "{} finds {} in {} sands",
            capitalize(rng.pick(INSTITUTIONS)),
            rng.pick(ELEMENTS),
            rng.pick(PLACES)
        ),
        8 => format!(
            "{} {} {} {} plan",
            rng.pick(COMPANIES),
            rng.pick(ACTIONS),
            rng.pick(PLACES),
            rng.pick(FACILITIES)
        ),
        _ => format!(
            "What {} {} means for {} buyers",
            rng.pick(COUNTRIES),
            rng.pick(POLICIES),
            rng.pick(PRODUCTS)
        ),
    }
}

/// One sentence of reporting.
pub fn sentence(rng: &mut Rng) -> String {
    let n = rng.between(2, 98);
    let year = rng.between(2018, 2031);
    match rng.below(16) {
        0 => format!(
            "{} said output of {} at its {} in {} would reach {} tonnes a year by {year}.",
            rng.pick(COMPANIES),
            rng.pick(PRODUCTS),
            rng.pick(FACILITIES),
            rng.pick(PLACES),
            n * 250
        ),
        1 => format!(
            "{} accounts for about {n} per cent of the world's refined {}, according to {}.",
            capitalize(rng.pick(COUNTRIES)),
            rng.pick(ELEMENTS),
            rng.pick(INSTITUTIONS)
        ),
        2 => format!(
            "Prices of {} have moved by {n} per cent since {} began to {}.",
            rng.pick(PRODUCTS),
            rng.pick(COUNTRIES),
            rng.pick(&[
                "restrict shipments",
                "buy for its stockpile",
                "cut quotas",
                "issue licences more slowly"
            ])
        ),
        3 => format!(
            "{}, {} {} its {} in {year}, and buyers in {} are still adjusting.",
            rng.pick(CONNECTIVES),
            rng.pick(COUNTRIES),
            rng.pick(POLICY_VERBS_PAST),
            rng.pick(POLICIES).trim_start_matches("a "),
            rng.pick(COUNTRIES)
        ),
        4 => format!(
            "The {} in {} processes {} that is mined from {} deposits along the coast.",
            rng.pick(FACILITIES),
            rng.pick(PLACES),
            rng.pick(MINERALS),
            rng.pick(MINERALS)
        ),
        5 => format!(
            "Separating {} from {} takes hundreds of solvent-extraction stages, which is why so few plants exist outside {}.",
            rng.pick(ELEMENTS),
            rng.pick(ELEMENTS),
            rng.pick(COUNTRIES)
        ),
        6 => format!(
            "Each electric vehicle motor uses between one and two kilograms of {}, and a large offshore wind turbine as much as {} tonnes.",
            rng.pick(PRODUCTS),
            rng.between(1, 4)
        ),
        7 => format!(
            "{} has set aside the equivalent of {} million dollars for new {} capacity.",
            capitalize(rng.pick(INSTITUTIONS)),
            n * 10,
            rng.pick(PRODUCTS)
        ),
        8 => format!(
            "Shipments from {} to {} fell to {} tonnes in the quarter, customs data show.",
            rng.pick(PLACES),
            rng.pick(PLACES),
            n * 40
        ),
        9 => format!(
            "{} said buyers expected to sign further contracts before the end of {year}.",
            capitalize(rng.pick(ANALYSTS))
        ),
        10 => format!(
            "{} deposits in {} contain a higher share of heavy rare earths such as {} than most hard-rock ores.",
            capitalize(rng.pick(MINERALS)),
            rng.pick(PLACES),
            rng.pick(ELEMENTS)
        ),
        11 => format!(
            "The thorium in {} makes its tailings mildly radioactive, so {} requires them to be stored under licence.",
            rng.pick(MINERALS),
            rng.pick(INSTITUTIONS)
        ),
        12 => format!(
            "Recyclers in {} recover {} from old hard drives and motors, but they supply less than {} per cent of demand.",
            rng.pick(COUNTRIES),
            rng.pick(ELEMENTS),
            n / 10 + 1
        ),
        13 => format!(
            "{}, {} and {} together supply most of the feedstock that reaches {}.",
            rng.pick(PLACES),
            rng.pick(PLACES),
            rng.pick(PLACES),
            rng.pick(COMPANIES)
        ),
        14 => format!(
            "Analysts expect demand for {} to grow by {} per cent a year until {year}, led by {}.",
            rng.pick(PRODUCTS),
            n / 8 + 2,
            rng.pick(&[
                "carmakers",
                "wind farms",
                "defence contractors",
                "consumer electronics",
                "industrial robots"
            ])
        ),
        _ => format!(
            "{} {} its {} business in {}, a move that {} described as overdue.",
            rng.pick(COMPANIES),
            rng.pick(ACTIONS),
            rng.pick(PRODUCTS),
            rng.pick(PLACES),
            rng.pick(ANALYSTS)
        ),
    }
}

/// A paragraph of `fewest` to `most` sentences.
pub fn paragraph(rng: &mut Rng, fewest: usize, most: usize) -> String {
    let count = rng.between(fewest, most);
    let sentences: Vec<String> = (0..count).map(|_| sentence(rng)).collect();
    sentences.join(" ")
}

/// A paragraph with a link to another article or an outside source in it.
fn linked_paragraph(rng: &mut Rng, targets: &[LinkTarget<'_>]) -> String {
    let mut text = paragraph(rng, 2, 4);
    if !targets.is_empty() && rng.chance(60) {
        let target = &targets[rng.below(targets.len())];
        text.push_str(&format!(" See also: [{}]({}).", target.title, target.path));
    } else {
        let outlet = rng.pick(OUTLETS);
        text.push_str(&format!(
            " The full figures were published by [{outlet}](https://example.com/{}/{}).",
            slug_of(outlet),
            rng.next_u64() % 100_000
        ));
    }
    text
}

/// A Markdown article body of at least `target_bytes` bytes.
pub fn body(rng: &mut Rng, targets: &[LinkTarget<'_>], target_bytes: usize) -> String {
    let mut out = String::with_capacity(target_bytes + 2048);
    out.push_str(&linked_paragraph(rng, targets));
    out.push_str("\n\n");
    out.push_str(&paragraph(rng, 3, 4));
    out.push_str("\n\n");
    let footnote_section = rng.between(1, 3);
    let mut headings: Vec<&str> = Vec::new();
    let mut section = 0;
    while out.len() < target_bytes || section < 4 {
        let heading = pick_new(rng, SECTION_HEADINGS, &mut headings);
        out.push_str(&format!("## {heading}\n\n"));
        out.push_str(&linked_paragraph(rng, targets));
        out.push_str("\n\n");
        match section {
            1 => list(rng, &mut out),
            2 => table(rng, &mut out),
            3 => quote(rng, &mut out),
            _ => {}
        }
        let mut closing = paragraph(rng, 3, 5);
        if section == footnote_section {
            closing.push_str("[^1]");
        }
        out.push_str(&closing);
        out.push_str("\n\n");
        section += 1;
    }
    out.push_str(&format!(
        "[^1]: Figures are rounded. Tonnages refer to rare earth oxide equivalent unless stated. {}\n",
        sentence(rng)
    ));
    out
}

/// A bulleted list of 4–6 points with a bold lead.
fn list(rng: &mut Rng, out: &mut String) {
    for _ in 0..rng.between(4, 6) {
        out.push_str(&format!(
            "- **{}**: {}\n",
            capitalize(rng.pick(ELEMENTS)),
            sentence(rng)
        ));
    }
    out.push('\n');
}

/// A table of figures with a header row and right-aligned numbers.
fn table(rng: &mut Rng, out: &mut String) {
    let year = rng.between(2019, 2025);
    out.push_str(&format!(
        "| Product | {} | {} | Change |\n|---|---:|---:|---:|\n",
        year,
        year + 1
    ));
    for _ in 0..rng.between(4, 6) {
        let before = rng.between(200, 9000);
        let after = rng.between(200, 9000);
        let change = (after as f64 - before as f64) / before as f64 * 100.0;
        out.push_str(&format!(
            "| {} | {before} | {after} | {change:+.0}% |\n",
            capitalize(rng.pick(PRODUCTS))
        ));
    }
    out.push('\n');
}

fn quote(rng: &mut Rng, out: &mut String) {
    out.push_str(&format!(
        "> \"{} That is the part of the chain nobody can build in a year,\" said {}.\n\n",
        sentence(rng),
        rng.pick(ANALYSTS)
    ));
}

/// Three to five one-sentence highlights.
pub fn highlights(rng: &mut Rng) -> Vec<String> {
    (0..rng.between(3, 5)).map(|_| sentence(rng)).collect()
}

/// A one- or two-sentence summary.
pub fn summary(rng: &mut Rng) -> String {
    paragraph(rng, 1, 2)
}

/// A heading not used yet in this article (repeats are fine once all are used).
fn pick_new<'a>(rng: &mut Rng, all: &[&'a str], used: &mut Vec<&'a str>) -> &'a str {
    for _ in 0..8 {
        let h = rng.pick(all);
        if !used.contains(&h) {
            used.push(h);
            return h;
        }
    }
    rng.pick(all)
}

pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lowercase letters and digits joined by hyphens (ASCII only; accents dropped).
pub fn slug_of(text: &str) -> String {
    let mut slug = String::new();
    let mut hyphen = false;
    for c in text.chars() {
        let c = match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' => 'e',
            'í' => 'i',
            'ó' | 'ö' => 'o',
            'ú' | 'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            if hyphen && !slug.is_empty() {
                slug.push('-');
            }
            hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c != '\'' {
            hyphen = true;
        }
    }
    slug
}
