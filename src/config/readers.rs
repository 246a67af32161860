//! The two reader-facing sections of `site.yaml`: `newsletter:` (the subscribe
//! form) and `comments:` (where the comment form posts). A static site has no
//! server of its own, so both only say where a third-party service lives and how
//! its form looks; provider presets fill in what each service expects.
//!
//! Each section may also be `false` (off) or `true` (on, with defaults).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// A section that may be written as a mapping, or as `true`/`false`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Switch<T> {
    Off,
    On(T),
}

/// A newsletter service whose subscribe form monazite knows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Buttondown,
    Mailchimp,
    #[serde(alias = "convertkit")]
    Kit,
    /// Any endpoint that takes a form post (your own, Formspree, a serverless function…).
    #[default]
    Generic,
}

/// `newsletter:` exactly as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNewsletter {
    #[serde(default)]
    pub provider: Provider,
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub email_field: Option<String>,
    /// The name of the off-screen field that bots fill and people do not.
    #[serde(default)]
    pub honeypot_field: Option<String>,
    #[serde(default)]
    pub hidden_fields: BTreeMap<String, String>,
    /// Submit without leaving the page (JavaScript), where the provider allows it.
    #[serde(default)]
    pub in_place: Option<bool>,
    #[serde(default)]
    pub heading: Option<String>,
    #[serde(default)]
    pub blurb: Option<String>,
    #[serde(default)]
    pub button: Option<String>,
    /// The consent/privacy line under the button.
    #[serde(default)]
    pub consent: Option<String>,
    /// A site path or URL of the privacy policy, linked from the consent line.
    #[serde(default)]
    pub privacy_url: Option<String>,
}

/// The subscribe form, presets applied: everything the theme needs.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Newsletter {
    pub provider: Provider,
    pub action: String,
    /// `post` or `get`.
    pub method: String,
    pub email_field: String,
    pub honeypot_field: String,
    pub hidden_fields: BTreeMap<String, String>,
    /// How readers.js submits the form: `cors` (fetch, reads the reply), `no-cors`
    /// (fetch, the reply is opaque) or `post` (the browser's own post; no script).
    /// See [`Newsletter::submit_mode`].
    pub submit: &'static str,
    /// `in_place:` as written.
    #[serde(skip)]
    pub in_place: Option<bool>,
    pub heading: String,
    pub blurb: String,
    pub button: String,
    pub consent: String,
    pub privacy_url: Option<String>,
}

/// `comments:` exactly as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComments {
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Where the comment form posts (a Staticman-style service).
    #[serde(default)]
    pub endpoint: Option<String>,
}

impl Default for RawComments {
    fn default() -> Self {
        RawComments {
            enabled: true,
            endpoint: None,
        }
    }
}

/// Comments as the rest of monazite uses them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Comments {
    /// Approved comments are shown (articles may still turn them off).
    pub enabled: bool,
    /// Without one, approved comments are shown but the form is left out.
    pub endpoint: Option<String>,
}

/// Why a newsletter or comments section is not usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadersProblem {
    /// The form is left out (a warning).
    NoAction,
    /// Invalid settings (an error): the key at fault, and what was expected.
    Invalid {
        key: &'static str,
        message: String,
        help: String,
    },
}

impl RawNewsletter {
    /// Applies the provider's preset. `Err(NoAction)` when there is nowhere to post.
    pub fn resolve(self) -> Result<Newsletter, ReadersProblem> {
        let action = match self.action.as_deref().map(str::trim) {
            Some(a) if !a.is_empty() => a.to_string(),
            _ => return Err(ReadersProblem::NoAction),
        };
        refuse_scheme("action", &action)?;
        if let Some(privacy_url) = &self.privacy_url {
            refuse_scheme("privacy_url", privacy_url)?;
        }
        if !is_endpoint(&action) {
            return Err(ReadersProblem::Invalid {
                key: "action",
                message: format!("newsletter action `{action}` is not a URL"),
                help: "expected the provider's subscribe URL, e.g. https://buttondown.com/api/emails/embed-subscribe/NAME, or a site path like /subscribe".into(),
            });
        }
        let method = self
            .method
            .as_deref()
            .map(|m| m.trim().to_ascii_lowercase())
            .unwrap_or_else(|| "post".into());
        if method != "post" && method != "get" {
            return Err(ReadersProblem::Invalid {
                key: "method",
                message: format!("newsletter method `{method}` is not a form method"),
                help: "expected `post` (what every provider preset uses) or `get`".into(),
            });
        }
        let preset = Preset::of(self.provider, &action);
        let submit = match self.in_place {
            Some(false) => "post",
            Some(true) if preset.submit == "post" => "cors",
            _ => preset.submit,
        };
        let in_place = self.in_place;
        let mut hidden_fields = preset.hidden_fields;
        hidden_fields.extend(self.hidden_fields);
        Ok(Newsletter {
            provider: self.provider,
            action,
            method,
            email_field: self.email_field.unwrap_or(preset.email_field),
            honeypot_field: self.honeypot_field.unwrap_or(preset.honeypot_field),
            hidden_fields,
            submit,
            in_place,
            heading: self
                .heading
                .unwrap_or_else(|| "Straight into your inbox".into()),
            blurb: self.blurb.unwrap_or_else(|| {
                "The week's rare earth and critical minerals news, every Friday.".into()
            }),
            button: self.button.unwrap_or_else(|| "Subscribe".into()),
            consent: self.consent.unwrap_or_else(|| {
                "We use your address only to send this newsletter. Unsubscribe at any time.".into()
            }),
            privacy_url: self.privacy_url.filter(|u| !u.trim().is_empty()),
        })
    }
}

impl Newsletter {
    /// How the form is sent, once the site's origin (`https://example.org`) is
    /// known. A generic endpoint is sent in place only on the site's own origin,
    /// or where `in_place: true` says it answers other origins (CORS headers):
    /// elsewhere a script could not read the reply.
    pub fn submit_mode(&self, site_origin: &str) -> &'static str {
        let generic_elsewhere = self.provider == Provider::Generic
            && self.in_place.is_none()
            && !self.action.starts_with('/')
            && !same_origin(&self.action, site_origin);
        if generic_elsewhere {
            "post"
        } else {
            self.submit
        }
    }
}

/// Whether `url` is on `origin` (`https://example.org`, no trailing slash).
fn same_origin(url: &str, origin: &str) -> bool {
    url.strip_prefix(origin)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
}

impl RawComments {
    pub fn resolve(self) -> Result<Comments, ReadersProblem> {
        let endpoint = self
            .endpoint
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty());
        if let Some(e) = &endpoint {
            refuse_scheme_in("comments", "endpoint", e)?;
        }
        if let Some(e) = &endpoint
            && !is_endpoint(e)
        {
            return Err(ReadersProblem::Invalid {
                key: "endpoint",
                message: format!("comments endpoint `{e}` is not a URL"),
                help: "expected the comment service's URL, e.g. https://comments.example.org/v3/entry/github/USER/REPO/main/comments".into(),
            });
        }
        Ok(Comments {
            enabled: self.enabled,
            endpoint,
        })
    }
}

/// What a provider's own subscribe form expects.
struct Preset {
    email_field: String,
    honeypot_field: String,
    hidden_fields: BTreeMap<String, String>,
    submit: &'static str,
}

/// A honeypot name that no person's autofill chooses and bots still fill.
const DEFAULT_HONEYPOT: &str = "website_url";

impl Preset {
    fn of(provider: Provider, action: &str) -> Preset {
        let mut preset = Preset {
            email_field: "email".into(),
            honeypot_field: DEFAULT_HONEYPOT.into(),
            hidden_fields: BTreeMap::new(),
            submit: "cors",
        };
        match provider {
            // Buttondown's embed endpoint takes a plain form post from any page but
            // sends no CORS headers: the reply cannot be read, only the post made.
            Provider::Buttondown => {
                preset.hidden_fields.insert("embed".into(), "1".into());
                preset.submit = "no-cors";
            }
            // Mailchimp's own honeypot is `b_<u>_<id>` (from the form's URL), which it
            // rejects when filled; its reply is a page of its own: post normally.
            Provider::Mailchimp => {
                preset.email_field = "EMAIL".into();
                if let (Some(u), Some(id)) = (query_value(action, "u"), query_value(action, "id")) {
                    preset.honeypot_field = format!("b_{u}_{id}");
                }
                preset.submit = "post";
            }
            // Kit (ConvertKit) answers its embedded forms with JSON and CORS headers.
            Provider::Kit => preset.email_field = "email_address".into(),
            Provider::Generic => {}
        }
        preset
    }
}

/// `Invalid` when `newsletter.key`'s `url` has a refused scheme (see
/// [`super::refused_scheme`], the one check every URL of the site goes through).
fn refuse_scheme(key: &'static str, url: &str) -> Result<(), ReadersProblem> {
    refuse_scheme_in("newsletter", key, url)
}

fn refuse_scheme_in(section: &str, key: &'static str, url: &str) -> Result<(), ReadersProblem> {
    match super::refused_scheme(url) {
        None => Ok(()),
        Some(scheme) => {
            let d = super::refused_url(&format!("`{section}.{key}`"), scheme);
            Err(ReadersProblem::Invalid {
                key,
                message: d.message,
                help: d.help.unwrap_or_default(),
            })
        }
    }
}

/// An absolute http(s) URL or a site path.
fn is_endpoint(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(r) => !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace),
        None => {
            url.starts_with('/') && !url.starts_with("//") && !url.contains(char::is_whitespace)
        }
    }
}

/// The value of `key` in a URL's query string, if present and non-empty.
fn query_value<'a>(url: &'a str, key: &str) -> Option<&'a str> {
    let query = url.split_once('?')?.1.split('#').next()?;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == key && !v.is_empty()).then_some(v)
    })
}

fn yes() -> bool {
    true
}

impl<'de, T: Deserialize<'de> + Default> Deserialize<'de> for Switch<T> {
    /// `false` → Off, `true` → On(defaults), a mapping → On(as written), keeping
    /// the mapping's own error messages (unknown keys, wrong types).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SwitchVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for SwitchVisitor<T> {
            type Value = Switch<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of settings, or true/false")
            }
            fn visit_bool<E: de::Error>(self, on: bool) -> Result<Switch<T>, E> {
                Ok(if on {
                    Switch::On(T::default())
                } else {
                    Switch::Off
                })
            }
            fn visit_unit<E: de::Error>(self) -> Result<Switch<T>, E> {
                Ok(Switch::On(T::default()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Switch<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Switch::On)
            }
        }
        deserializer.deserialize_any(SwitchVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn newsletter(yaml: &str) -> Result<Newsletter, ReadersProblem> {
        let raw: RawNewsletter = serde_yaml::from_str(yaml).unwrap();
        raw.resolve()
    }

    #[test]
    fn presets_fill_in_what_each_provider_expects() {
        let b = newsletter(
            "provider: buttondown\naction: https://buttondown.com/api/emails/embed-subscribe/x",
        )
        .unwrap();
        assert_eq!(b.email_field, "email");
        assert_eq!(b.hidden_fields.get("embed").map(String::as_str), Some("1"));
        assert_eq!(b.submit, "no-cors");
        let m = newsletter("provider: mailchimp\naction: https://x.us1.list-manage.com/subscribe/post?u=abc&id=def").unwrap();
        assert_eq!(m.email_field, "EMAIL");
        assert_eq!(m.honeypot_field, "b_abc_def");
        assert_eq!(m.submit, "post");
        let k =
            newsletter("provider: convertkit\naction: https://app.kit.com/forms/1/subscriptions")
                .unwrap();
        assert_eq!(k.provider, Provider::Kit);
        assert_eq!(k.email_field, "email_address");
        let elsewhere = newsletter("action: https://forms.example.net/s").unwrap();
        assert_eq!(elsewhere.submit_mode("https://news.example.org"), "post");
        let own = newsletter("action: https://news.example.org/api/subscribe").unwrap();
        assert_eq!(own.submit_mode("https://news.example.org"), "cors");
        assert_eq!(own.submit_mode("https://news.example.org.evil"), "post");
        let opted_in = newsletter("action: https://forms.example.net/s\nin_place: true").unwrap();
        assert_eq!(opted_in.submit_mode("https://news.example.org"), "cors");
        assert_eq!(b.submit_mode("https://news.example.org"), "no-cors");
        let g = newsletter("action: /subscribe\nemail_field: address\nin_place: false").unwrap();
        assert_eq!(g.email_field, "address");
        assert_eq!(g.submit, "post");
        assert_eq!(g.honeypot_field, DEFAULT_HONEYPOT);
    }

    #[test]
    fn no_action_and_bad_values() {
        assert_eq!(newsletter("heading: Hi"), Err(ReadersProblem::NoAction));
        assert_eq!(newsletter("action: '  '"), Err(ReadersProblem::NoAction));
        assert!(matches!(
            newsletter("action: buttondown.com/x"),
            Err(ReadersProblem::Invalid { .. })
        ));
        assert!(matches!(
            newsletter("action: https://x.org/s\nmethod: put"),
            Err(ReadersProblem::Invalid { .. })
        ));
    }

    #[test]
    fn script_urls_are_refused_with_the_shared_check() {
        for (yaml, key) in [
            ("action: ' JaVaScRiPt:alert(1)'", "action"),
            ("action: \"java\\tscript:alert(1)\"", "action"),
            (
                "action: https://x.org/s\nprivacy_url: 'data:text/html,<b>'",
                "privacy_url",
            ),
        ] {
            match newsletter(yaml) {
                Err(ReadersProblem::Invalid {
                    key: k, message, ..
                }) => {
                    assert_eq!(k, key, "{yaml}");
                    assert!(message.contains(":` URL"), "{message}");
                }
                other => panic!("{yaml}: {other:?}"),
            }
        }
        let raw: RawComments = serde_yaml::from_str("endpoint: 'vbscript:msgbox(1)'").unwrap();
        assert!(matches!(
            raw.resolve(),
            Err(ReadersProblem::Invalid {
                key: "endpoint",
                ..
            })
        ));
    }

    #[test]
    fn sections_switch_on_and_off() {
        #[derive(Deserialize)]
        struct S {
            comments: Switch<RawComments>,
        }
        let off: S = serde_yaml::from_str("comments: false").unwrap();
        assert_eq!(off.comments, Switch::Off);
        let on: S = serde_yaml::from_str("comments: true").unwrap();
        assert!(matches!(
            on.comments,
            Switch::On(RawComments {
                enabled: true,
                endpoint: None
            })
        ));
        let err = serde_yaml::from_str::<S>("comments:\n  endpiont: x\n")
            .err()
            .unwrap();
        assert!(
            err.to_string().contains("unknown field `endpiont`"),
            "{err}"
        );
    }
}
