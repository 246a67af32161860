//! The `date` filter: `{{ page.date | date(format="long") }}` writes a date
//! in the site's language and zone, with the same formats as the date views
//! templates already get (`display` is `long`, `short` is `medium`).
//!
//! It takes a date view (`article.date`, `comment.date`) or a date text as
//! front matter writes it (`"2025-10-17"`, `"2025-10-17T09:30:00+05:30"`).

use std::sync::Arc;

use tera::value::Key;
use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use crate::config::Config;
use crate::config::locale::DateLength;
use crate::content::dates::{self, Moment};

/// The named formats, for the error that lists them.
const FORMATS: &str = "long, medium, short, month, year or iso";

/// Registers `date` for templates rendered with `config`.
pub fn register(tera: &mut Tera, config: &Config) {
    let config = Arc::new(config.clone());
    tera.register_filter(
        "date",
        move |value: &Value, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let format = kwargs.get::<&str>("format")?.unwrap_or("long");
            let moment = moment_of(value, &config).ok_or_else(|| {
                Error::message(format!(
                    "the `date` filter takes a date (such as `page.date` or \"2025-10-17\"), not `{value}`"
                ))
            })?;
            written(&moment, format, &config).ok_or_else(|| {
                Error::message(format!(
                    "unknown date format `{format}`: expected {FORMATS} (see docs/templates.md)"
                ))
            })
        },
    );
}

/// The moment a date view or a date text stands for.
fn moment_of(value: &Value, config: &Config) -> Option<Moment> {
    if let Some(text) = value.as_str() {
        return dates::parse(text, &config.timezone);
    }
    let view = value.as_map()?;
    let iso = view.get(&Key::Str("iso"))?.as_str()?;
    let has_time = view
        .get(&Key::Str("has_time"))
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let parsed = dates::parse(iso, &config.timezone)?;
    Some(Moment {
        at: parsed.at,
        has_time,
    })
}

/// `moment` in the format named `format`.
fn written(moment: &Moment, format: &str, config: &Config) -> Option<String> {
    Some(match format {
        "iso" => dates::rfc3339(moment.at),
        "month" => config.date_formats.month(moment.at),
        "year" => moment.at.year().to_string(),
        named => moment.display(config, DateLength::named(named)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(config: &str, template: &str) -> Result<String, tera::Error> {
        let config =
            Config::parse(&format!("title: T\nbase_url: https://x.org/\n{config}")).unwrap();
        let mut tera = Tera::default();
        register(&mut tera, &config);
        tera.add_raw_template("t.html", template).unwrap();
        let mut context = tera::Context::new();
        let moment = dates::parse("2025-10-17T09:30", &config.timezone).unwrap();
        context.insert("date", &moment.view(&config));
        tera.render("t.html", &context)
    }

    #[test]
    fn named_formats_in_the_sites_language_and_zone() {
        let out = render(
            "language: fr\ntimezone: Europe/Paris\n",
            "{{ date | date }}|{{ date | date(format=\"medium\") }}|{{ date | date(format=\"short\") }}|{{ date | date(format=\"iso\") }}|{{ date | date(format=\"month\") }}|{{ \"2025-03-01\" | date }}",
        )
        .unwrap();
        assert_eq!(
            out,
            "17 octobre 2025 à 09:30 CEST|17 oct. 2025, 09:30 CEST|17/10/2025 09:30 CEST|2025-10-17T09:30:00+02:00|octobre 2025|1 mars 2025"
        );
    }

    #[test]
    fn bad_formats_and_values_are_errors() {
        let e = render("", "{{ date | date(format=\"fancy\") }}").unwrap_err();
        assert!(
            format!("{e:?}").contains("unknown date format `fancy`"),
            "{e:?}"
        );
        let e = render("", "{{ 42 | date }}").unwrap_err();
        assert!(format!("{e:?}").contains("takes a date"), "{e:?}");
    }
}
