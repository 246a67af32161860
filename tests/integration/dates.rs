//! Dates as readers see them: read in the site's named time zone (daylight
//! saving included), shown with the zone's abbreviation and in the site's
//! language, through the theme's date views and the `date` filter; `new`
//! dates articles in the site's zone; a misspelt zone is an error that names
//! the right one.

use crate::support::{Fixture, normalize, select, text_of};

/// The `zones` fixture with the default theme's article template showing
/// the `date` filter's named formats under the dateline.
fn zones_with_filter() -> Fixture {
    let f = Fixture::new("minimal").overlay("zones");
    let article = std::fs::read_to_string(f.path("templates/article.html")).unwrap();
    let formats = "<p id=\"formats\">{{ article.date | date(format=\"long\") }}|{{ article.date | date(format=\"medium\") }}|{{ article.date | date(format=\"short\") }}|{{ article.date | date(format=\"iso\") }}|{{ \"2025-12-24\" | date }}</p>\n{% endblock %}";
    let at = article.rfind("{% endblock %}").unwrap();
    f.write(
        "templates/article.html",
        &format!(
            "{}{formats}{}",
            &article[..at],
            &article[at + "{% endblock %}".len()..]
        ),
    );
    f
}

fn dateline(f: &Fixture, slug: &str) -> (String, String) {
    let html = f.html(&format!("news/{slug}/index.html"));
    let time = select(&html, ".dateline time")[0];
    (
        time.value().attr("datetime").unwrap().to_string(),
        normalize(&time.text().collect::<String>()),
    )
}

#[test]
fn local_times_are_read_in_the_named_zone_and_shown_with_its_abbreviation() {
    let f = zones_with_filter();
    f.build();
    let (iso, shown) = dateline(&f, "summer-auction");
    assert_eq!(iso, "2025-07-15T09:30:00+02:00");
    assert!(shown.contains("15. Juli 2025 um 09:30 CEST"), "{shown}");
    let (iso, shown) = dateline(&f, "winter-tender");
    assert_eq!(iso, "2025-01-15T09:30:00+01:00");
    assert!(shown.contains("15. Januar 2025 um 09:30 CET"), "{shown}");
    // 02:30 never happened on 30 March 2025 in Berlin: moved on by the
    // skipped hour, as docs/front-matter.md says.
    let (iso, shown) = dateline(&f, "night-of-the-change");
    assert_eq!(iso, "2025-03-30T03:30:00+02:00");
    assert!(shown.contains("30. März 2025 um 03:30 CEST"), "{shown}");
    // Feeds carry the same moments.
    let atom = f.output("atom.xml");
    assert!(atom.contains("2025-07-15T09:30:00+02:00"), "{atom}");
}

#[test]
fn the_date_filter_writes_the_named_formats_in_the_sites_language() {
    let f = zones_with_filter();
    f.build();
    let html = f.html("news/summer-auction/index.html");
    assert_eq!(
        normalize(&text_of(&html, "#formats")),
        "15. Juli 2025 um 09:30 CEST|15.07.2025, 09:30 CEST|15.07.25, 09:30 CEST|2025-07-15T09:30:00+02:00|24. Dezember 2025"
    );
}

#[test]
fn each_language_names_its_months() {
    let f = Fixture::new("minimal").overlay("zones");
    let site = std::fs::read_to_string(f.path("site.yaml")).unwrap();
    for (language, zone, summer) in [
        ("en", "Europe/Berlin", "July 15, 2025 at 9:30 AM CEST"),
        ("en-GB", "Europe/London", "15 July 2025 at 09:30 BST"),
        ("hi", "Asia/Kolkata", "15 जुलाई, 2025 को 9:30 am बजे IST"),
        ("fr", "Europe/Paris", "15 juillet 2025 à 09:30 CEST"),
        (
            "es",
            "Europe/Madrid",
            "15 de julio de 2025 a las 09:30 CEST",
        ),
        ("zh", "Asia/Shanghai", "2025年7月15日 09:30 CST"),
    ] {
        f.write(
            "site.yaml",
            &site
                .replace("language: \"de\"", &format!("language: \"{language}\""))
                .replace("timezone: Europe/Berlin", &format!("timezone: {zone}")),
        );
        f.build();
        let (_, shown) = dateline(&f, "summer-auction");
        assert!(shown.contains(summer), "{language}: {shown}");
    }
}

#[test]
fn a_zone_with_a_numeric_abbreviation_shows_the_offset() {
    let f = Fixture::new("minimal").overlay("zones");
    let site = std::fs::read_to_string(f.path("site.yaml")).unwrap();
    f.write(
        "site.yaml",
        &site
            .replace("language: \"de\"", "language: \"en-GB\"")
            .replace("timezone: Europe/Berlin", "timezone: Asia/Dubai"),
    );
    f.build();
    let (iso, shown) = dateline(&f, "summer-auction");
    assert_eq!(iso, "2025-07-15T09:30:00+04:00");
    assert!(shown.contains("15 July 2025 at 09:30 UTC+04:00"), "{shown}");
}

#[test]
fn a_misspelt_zone_is_an_error_naming_the_right_one() {
    let f = Fixture::new("minimal").overlay("zones");
    let site = std::fs::read_to_string(f.path("site.yaml")).unwrap();
    f.write(
        "site.yaml",
        &site.replace("timezone: Europe/Berlin", "timezone: Asia/Kolkatta"),
    );
    let run = f.run(&["build"]);
    run.assert_failure();
    assert!(
        run.stderr
            .contains("site.yaml:5:11: error: invalid timezone `Asia/Kolkatta`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean Asia/Kolkata?"),
        "{}",
        run.stderr
    );
}

#[test]
fn new_dates_articles_in_the_sites_zone_not_the_machines() {
    let f = Fixture::new("minimal").overlay("zones");
    let run = f
        .command(&["new", "Magnet prices in Berlin", "--author", "asha"])
        .env("TZ", "IST-5:30")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let path = String::from_utf8(run.stdout).unwrap();
    let text = std::fs::read_to_string(path.trim()).unwrap();
    // MONAZITE_NOW is 2025-10-18T12:00:00Z: 14:00 in Berlin's summer time.
    assert!(
        text.contains("date: 2025-10-18T14:00:00+02:00"),
        "noon UTC is 14:00 in Berlin:\n{text}"
    );
}
