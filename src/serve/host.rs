//! Which `Host` a request may name. A preview bound to loopback shows drafts
//! to this machine only, yet a web page on another site can still reach it by
//! DNS rebinding: its own name is made to resolve to 127.0.0.1, and the
//! browser then lets the page read the preview. Such a request still names the
//! other site in `Host`, so a loopback preview answers only requests addressed
//! to a loopback name or address.
//!
//! Accepted, each with an optional port: `localhost` and any name under
//! `.localhost` (RFC 6761 reserves them for loopback; browsers resolve them
//! without DNS, so no one else can own one), an IPv4 address in 127.0.0.0/8,
//! and `[::1]` (or the IPv4-mapped form of a 127.x address). Names are
//! compared without regard to case; a trailing dot is not accepted.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The `Host` values a preview answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostCheck {
    /// Bound to loopback: only loopback names and addresses.
    Loopback,
    /// Bound to another address: the user chose to show the preview to other
    /// machines, whose names for this one the preview cannot know.
    Any,
}

impl HostCheck {
    /// The check for a preview listening on `bind`.
    pub fn for_bind(bind: IpAddr) -> HostCheck {
        if bind.is_loopback() {
            HostCheck::Loopback
        } else {
            HostCheck::Any
        }
    }
}

/// Whether `authority` (a `Host` value: host and optional port) names this
/// machine through loopback.
pub fn is_loopback_authority(authority: &str) -> bool {
    let (host, port) = match authority.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((inside, after)) => (Host::V6(inside), after),
            None => return false,
        },
        None => {
            let end = authority.find(':').unwrap_or(authority.len());
            (Host::Other(&authority[..end]), &authority[end..])
        }
    };
    if !is_port_suffix(port) {
        return false;
    }
    match host {
        Host::V6(text) => text.parse::<Ipv6Addr>().is_ok_and(|ip| {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }),
        Host::Other(text) => match text.parse::<Ipv4Addr>() {
            Ok(ip) => ip.is_loopback(),
            Err(_) => is_localhost_name(text),
        },
    }
}

enum Host<'a> {
    /// Inside `[` `]`.
    V6(&'a str),
    /// A name or an IPv4 address.
    Other(&'a str),
}

/// `""` or `:` and a port number.
fn is_port_suffix(text: &str) -> bool {
    match text.strip_prefix(':') {
        None => text.is_empty(),
        Some(digits) => {
            !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && digits.parse::<u16>().is_ok()
        }
    }
}

/// `localhost` or a name under it, made of letters, digits and hyphens.
fn is_localhost_name(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    let Some((last, others)) = labels.split_last() else {
        return false;
    };
    last.eq_ignore_ascii_case("localhost")
        && others.iter().all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_addresses_are_accepted_with_or_without_a_port() {
        for host in [
            "localhost",
            "localhost:1111",
            "LocalHost:8080",
            "newsroom.localhost",
            "a-b.c.localhost:1",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.1.2.3:65535",
            "[::1]",
            "[::1]:1111",
            "[0:0:0:0:0:0:0:1]:80",
            "[::ffff:127.0.0.1]:80",
        ] {
            assert!(is_loopback_authority(host), "{host}");
        }
    }

    #[test]
    fn other_names_and_addresses_are_refused() {
        for host in [
            "",
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "localhost.",
            ".localhost",
            "a..localhost",
            "evil/.localhost",
            "evil@localhost",
            "192.168.1.2",
            "10.0.0.1:1111",
            "0.0.0.0",
            "127.1",
            "2130706433",
            "0x7f.0.0.1",
            "::1",
            "[::1",
            "[::2]",
            "[::]:80",
            "[::ffff:10.0.0.1]",
            "localhost:",
            "localhost:99999",
            "localhost:+80",
            "localhost:80:80",
            "[::1]80",
            "localhost 127.0.0.1",
        ] {
            assert!(!is_loopback_authority(host), "{host:?}");
        }
    }

    #[test]
    fn only_a_loopback_bind_checks_hosts() {
        assert_eq!(
            HostCheck::for_bind("127.0.0.1".parse().unwrap()),
            HostCheck::Loopback
        );
        assert_eq!(
            HostCheck::for_bind("::1".parse().unwrap()),
            HostCheck::Loopback
        );
        assert_eq!(
            HostCheck::for_bind("0.0.0.0".parse().unwrap()),
            HostCheck::Any
        );
        assert_eq!(
            HostCheck::for_bind("192.0.2.7".parse().unwrap()),
            HostCheck::Any
        );
    }
}
