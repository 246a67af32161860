//! Links to other sites, fetched only with `check --external`: each distinct
//! address is requested once (HEAD, then GET where a server refuses HEAD), a
//! few at a time. A page that is gone (404, 410) is an error; anything else
//! that stops the check (a timeout, a server error, a site that turns robots
//! away) is a warning, since it may pass on the next try.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::diag::{Diagnostics, Severity};

/// How many addresses are fetched at once.
const PARALLEL_REQUESTS: usize = 8;
/// How long one request may take, redirects included.
const TIMEOUT: Duration = Duration::from_secs(15);

use crate::verify::ExternalLink;

/// What fetching an address found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStatus {
    /// Answered below 400 (after redirects).
    Ok(u16),
    /// The page is gone: 404 or 410.
    Gone(u16),
    /// Another status of 400 or more.
    Failed(u16),
    /// No answer: the host is unknown, refused the connection, or timed out.
    Unreachable(String),
}

/// Fetches every distinct address once and reports the ones that do not work.
/// Returns how many distinct addresses were fetched.
pub fn check(links: &[ExternalLink], found: &mut Diagnostics) -> usize {
    let mut by_url: BTreeMap<&str, Vec<&ExternalLink>> = BTreeMap::new();
    for link in links {
        by_url.entry(link.url.as_str()).or_default().push(link);
    }
    let urls: Vec<&str> = by_url.keys().copied().collect();
    let statuses = fetch_all(&urls);
    for (url, status) in urls.iter().zip(statuses) {
        let (severity, message, help) = match status {
            LinkStatus::Ok(_) => continue,
            LinkStatus::Gone(code) => (
                Severity::Error,
                format!("link to {url} is broken: the page is gone ({code})"),
                "update the address, link to an archived copy, or remove the link",
            ),
            LinkStatus::Failed(code) => (
                Severity::Warning,
                format!("link to {url} answered {code}"),
                "the site may be down or may refuse automated checks; open the link in a browser to be sure",
            ),
            LinkStatus::Unreachable(why) => (
                Severity::Warning,
                format!("link to {url} could not be checked: {why}"),
                "check the address, and that this computer is online",
            ),
        };
        for link in &by_url[url] {
            let mut d = link.location.clone();
            d.severity = severity;
            d.message = message.clone();
            d.help = Some(help.to_string());
            found.push(d);
        }
    }
    urls.len()
}

/// Fetches `urls` a few at a time; statuses in the same order.
fn fetch_all(urls: &[&str]) -> Vec<LinkStatus> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!(
            "monazite-check/",
            env!("CARGO_PKG_VERSION"),
            " (link checker)"
        ))
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<LinkStatus>>> = urls.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL_REQUESTS.min(urls.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    let status = fetch_status(&agent, url);
                    *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(status);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| {
            r.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .unwrap_or_else(|| LinkStatus::Unreachable("not fetched".into()))
        })
        .collect()
}

/// Requests `url` with HEAD, and with GET where the server will not answer HEAD.
pub fn fetch_status(agent: &ureq::Agent, url: &str) -> LinkStatus {
    let status = match agent.head(url).call() {
        Ok(response) => response.status().as_u16(),
        Err(e) => return LinkStatus::Unreachable(e.to_string()),
    };
    // Some servers refuse or mishandle HEAD; ask again the ordinary way.
    let status = if matches!(status, 403 | 404 | 405 | 501) {
        match agent.get(url).call() {
            Ok(response) => response.status().as_u16(),
            Err(e) => return LinkStatus::Unreachable(e.to_string()),
        }
    } else {
        status
    };
    match status {
        s if s < 400 => LinkStatus::Ok(s),
        404 | 410 => LinkStatus::Gone(status),
        s => LinkStatus::Failed(s),
    }
}
