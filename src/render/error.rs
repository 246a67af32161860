//! Template failures, typed where Tera reports them: which template, where in
//! it, what went wrong, and which page was being rendered.
//!
//! A broken template fails every page that uses it. The build reports each
//! problem once, naming the first page and counting the others
//! ([`RenderErrors`]): pages are grouped by the problem's fields, never by
//! reading a message's text back. This module turns errors into
//! [`Diagnostic`]s; it must not print, and knows nothing of how pages are
//! chosen or written.

use std::fmt;

use tera::ErrorKind;

use super::template_hints;
use super::theme::THEME_DIR;
use crate::diag::{Diagnostic, Position};

/// What Tera was doing when a template failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateErrorKind {
    /// The template's text does not parse.
    Syntax,
    /// Rendering stopped on a value the template cannot use.
    Render,
    /// Anything else Tera reports (a missing parent or include, a loop).
    Other,
}

/// One problem in the theme, as Tera reported it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct TemplateError {
    pub kind: TemplateErrorKind,
    /// The template's name under `templates/`, when Tera names one.
    pub template: Option<String>,
    /// 1-based line and column in the template.
    pub position: Option<Position>,
    /// Tera's message, without its own snippet of the template.
    pub message: String,
    /// The offending template line, for the snippet under the message.
    pub source_line: Option<String>,
}

/// A page whose rendering failed, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem} (while rendering {page})")]
pub struct RenderError {
    /// The page's site path, e.g. `/news/x/`.
    pub page: String,
    pub problem: TemplateError,
}

/// Render errors, each distinct template problem once with the pages it
/// failed: the first one by name, the others counted.
#[derive(Debug, Default)]
pub struct RenderErrors {
    /// (problem, first page, how many other pages), in the order first met.
    problems: Vec<(TemplateError, String, usize)>,
}

impl fmt::Display for TemplateErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TemplateErrorKind::Syntax => "template syntax error",
            TemplateErrorKind::Render | TemplateErrorKind::Other => "template error",
        })
    }
}

impl TemplateError {
    /// Reads Tera's error: its report's template, position and message when
    /// it has one, else the message with its chain of causes.
    pub fn from_tera(e: &tera::Error) -> TemplateError {
        let (kind, report) = match e.kind() {
            ErrorKind::SyntaxError(report) => (TemplateErrorKind::Syntax, report),
            ErrorKind::RenderingError(report) => (TemplateErrorKind::Render, report),
            _ => {
                let mut message = e.to_string();
                let mut source = std::error::Error::source(e);
                while let Some(s) = source {
                    message.push_str(&format!(": {s}"));
                    source = s.source();
                }
                return TemplateError {
                    kind: TemplateErrorKind::Other,
                    template: None,
                    position: None,
                    message,
                    source_line: None,
                };
            }
        };
        let span = report.span();
        TemplateError {
            kind,
            template: Some(report.filename().to_string()),
            position: Some(Position {
                line: span.start_line,
                column: span.start_col + 1,
            }),
            message: report.message().to_string(),
            source_line: source_line_of(e, span.start_line),
        }
    }

    /// Tera reports a block never closed at the end of the file (or at the
    /// end tag of an outer block); `source`, the template's text, tells
    /// where the block opened, and the error points there instead.
    pub fn in_source(mut self, source: &str) -> TemplateError {
        let Some(stopped) = self
            .position
            .filter(|_| self.kind == TemplateErrorKind::Syntax)
        else {
            return self;
        };
        if let Some(open) = template_hints::unclosed_block(source, stopped) {
            let (opening, closing) = (open.opening, open.closing);
            let place = if self.message == "Unexpected end of input" {
                "the end of the template".to_string()
            } else {
                format!("line {} column {}", stopped.line, stopped.column)
            };
            self.message = format!(
                "`{{% {opening} %}}` is never closed: expected `{{% {closing} %}}` before {place}"
            );
            self.source_line = source.lines().nth(open.at.line - 1).map(str::to_string);
            self.position = Some(open.at);
        }
        self
    }

    /// While rendering `page`.
    pub fn on_page(self, page: &str) -> RenderError {
        RenderError {
            page: page.to_string(),
            problem: self,
        }
    }

    /// The diagnostic at `templates/<file>:line:col`, its message followed by `context`.
    fn diagnostic(&self, context: &str) -> Diagnostic {
        let mut d = Diagnostic::error(format!("{self}{context}"));
        d.path = Some(match &self.template {
            Some(template) => format!("{THEME_DIR}/{template}").into(),
            None => THEME_DIR.into(),
        });
        d.position = self.position;
        d.source_line = self.source_line.clone();
        // Tera gives no kind of its own to an undefined variable: its message
        // is all there is to tell one.
        if self.kind == TemplateErrorKind::Render && self.message.contains("not defined") {
            let column = self.position.map_or(0, |p| p.column);
            let nearest =
                template_hints::suggest_defined(&self.message, self.source_line.as_deref(), column);
            let guess = nearest
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            d = d.with_help(format!("{guess}the template uses a variable this page does not have; docs/templates.md lists what each template sees, or guard it with `{{% if x is defined %}}`"));
        }
        d
    }
}

impl From<TemplateError> for Diagnostic {
    fn from(e: TemplateError) -> Diagnostic {
        e.diagnostic("")
    }
}

impl From<RenderError> for Diagnostic {
    fn from(e: RenderError) -> Diagnostic {
        e.problem
            .diagnostic(&format!(" (while rendering {})", e.page))
    }
}

impl RenderErrors {
    pub fn new() -> RenderErrors {
        RenderErrors::default()
    }

    /// Counts `error` with the earlier pages of the same problem, if any.
    pub fn push(&mut self, error: RenderError) {
        match self.problems.iter_mut().find(|(p, ..)| *p == error.problem) {
            Some((_, _, others)) => *others += 1,
            None => self.problems.push((error.problem, error.page, 0)),
        }
    }

    /// One diagnostic per problem: "(while rendering /a/ and 2 other pages)".
    pub fn into_diagnostics(self) -> impl Iterator<Item = Diagnostic> {
        self.problems.into_iter().map(|(problem, page, others)| {
            let more = match others {
                0 => String::new(),
                1 => " and 1 other page".to_string(),
                n => format!(" and {n} other pages"),
            };
            problem.diagnostic(&format!(" (while rendering {page}{more})"))
        })
    }
}

/// The offending template line, taken from Tera's own report (its source text is not public).
fn source_line_of(e: &tera::Error, line: usize) -> Option<String> {
    let prefix = format!("{line} | ");
    e.to_string()
        .lines()
        .find_map(|l| l.strip_prefix(&prefix).map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_error(template: &str, page: &str) -> RenderError {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("page.html", template).unwrap();
        let e = tera.render("page.html", &tera::Context::new()).unwrap_err();
        TemplateError::from_tera(&e).on_page(page)
    }

    #[test]
    fn names_the_template_position_and_page() {
        let e = render_error("<p>\n  {{ subtitle }}</p>", "/about/");
        assert_eq!(e.problem.kind, TemplateErrorKind::Render);
        assert_eq!(e.problem.template.as_deref(), Some("page.html"));
        assert_eq!(e.problem.position, Some(Position { line: 2, column: 6 }));
        assert_eq!(
            e.problem.source_line.as_deref(),
            Some("  {{ subtitle }}</p>")
        );
        let d = Diagnostic::from(e);
        assert_eq!(d.location(), "templates/page.html:2:6");
        assert!(
            d.message.starts_with("template error: ")
                && d.message.ends_with(" (while rendering /about/)"),
            "{}",
            d.message
        );
        assert!(d.help.is_some(), "an undefined variable gets its help");
    }

    #[test]
    fn one_problem_on_many_pages_is_reported_once() {
        // The message holds a `)` of its own: the count goes after the page.
        let template = r#"{{ throw(message="no feed (RSS) here") }}"#;
        let mut errors = RenderErrors::new();
        for page in ["/a/", "/b/", "/c/"] {
            errors.push(render_error(template, page));
        }
        errors.push(render_error("{{ other }}", "/d/"));
        let diagnostics: Vec<Diagnostic> = errors.into_diagnostics().collect();
        assert_eq!(diagnostics.len(), 2);
        let first = &diagnostics[0].message;
        assert!(
            first.ends_with(" (while rendering /a/ and 2 other pages)"),
            "{first}"
        );
        let plain = Diagnostic::from(render_error(template, "/a/")).message;
        assert_eq!(
            first.strip_suffix(" and 2 other pages)"),
            plain.strip_suffix(')')
        );
        assert!(diagnostics[1].message.ends_with(" (while rendering /d/)"));
    }

    #[test]
    fn a_syntax_error_without_a_page() {
        let mut tera = tera::Tera::default();
        let e = tera.add_raw_template("list.html", "{% if %}").unwrap_err();
        let d = Diagnostic::from(TemplateError::from_tera(&e));
        assert!(
            d.message.starts_with("template syntax error: "),
            "{}",
            d.message
        );
        assert!(d.location().starts_with("templates/list.html:1:"));
        assert!(!d.message.contains("while rendering"));
    }
}
