//! What the preview adds to pages: the live-reload script tag, and the overlay
//! that lists build problems (file:line:col, message, the offending line, help)
//! on top of the open page. Every piece of diagnostic text is HTML-escaped: a
//! message may quote the editor's own `<tags>`.

use crate::diag::Diagnostic;

/// The URL of the live-reload event stream (Server-Sent Events).
pub const LIVE_PATH: &str = "/__monazite/live";
/// The URL of the live-reload script.
pub const SCRIPT_PATH: &str = "/__monazite/live.js";
/// The live-reload script itself.
pub const SCRIPT: &str = include_str!("live.js");

/// Stands in the cached page for the generation it is served at.
pub const GENERATION_SLOT: &str = "__MONAZITE_GENERATION__";

/// The tag every preview page gets before `</body>` (through `RenderOptions::body_end`).
pub fn script_tag() -> String {
    format!("<script src=\"{SCRIPT_PATH}\" data-generation=\"{GENERATION_SLOT}\"></script>\n")
}

/// Fills in the generation and, when there are problems, the overlay, in a
/// page rendered with [`script_tag`].
pub fn finish_page(html: &str, generation: u64, overlay: &str) -> String {
    let tag = script_tag();
    let stamped = tag.replacen(GENERATION_SLOT, &generation.to_string(), 1);
    let mut with = String::with_capacity(overlay.len() + stamped.len());
    with.push_str(overlay);
    with.push_str(&stamped);
    match html.rfind(&tag) {
        Some(i) => {
            let mut out = String::with_capacity(html.len() + overlay.len() + 16);
            out.push_str(&html[..i]);
            out.push_str(&with);
            out.push_str(&html[i + tag.len()..]);
            out
        }
        // A page the theme rendered without `</body>` still gets both.
        None => format!("{html}{with}"),
    }
}

/// A whole page for when there is no site to show (the first build failed).
pub fn problem_page(generation: u64, overlay: &str) -> String {
    let tag = script_tag().replacen(GENERATION_SLOT, &generation.to_string(), 1);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Build failed — monazite</title></head>\n<body>\n{overlay}{tag}</body>\n</html>\n"
    )
}

/// The overlay listing `problems`; empty when there are none.
pub fn overlay(problems: &[Diagnostic]) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let errors = problems.iter().filter(|d| d.is_error()).count();
    let mut items = String::new();
    for d in problems {
        items.push_str("<li class=\"monazite-problem\">");
        let location = d.location();
        if !location.is_empty() {
            items.push_str(&format!(
                "<p class=\"monazite-problem__where\"><code>{}</code></p>",
                escape(&location)
            ));
        }
        items.push_str(&format!(
            "<p class=\"monazite-problem__what\"><strong>{}:</strong> {}</p>",
            d.severity,
            escape(&d.message)
        ));
        if let (Some(line), Some(pos)) = (&d.source_line, d.position) {
            let caret = " ".repeat(pos.column.saturating_sub(1) + pos.line.to_string().len() + 3);
            items.push_str(&format!(
                "<pre class=\"monazite-problem__source\">{} | {}\n{}^</pre>",
                pos.line,
                escape(line),
                caret
            ));
        }
        if let Some(help) = &d.help {
            items.push_str(&format!(
                "<p class=\"monazite-problem__help\">help: {}</p>",
                escape(help)
            ));
        }
        items.push_str("</li>");
    }
    format!(
        "<div id=\"monazite-overlay\" role=\"alertdialog\" aria-labelledby=\"monazite-overlay-title\" style=\"{OVERLAY_STYLE}\">\
         <style>{PROBLEM_STYLE}</style>\
         <div class=\"monazite-overlay__box\">\
         <h2 id=\"monazite-overlay-title\">The preview could not be rebuilt: {errors} error{plural}</h2>\
         <p class=\"monazite-overlay__note\">The page below is the last good build. Fix the file and save: this page reloads by itself.</p>\
         <ol class=\"monazite-problems\">{items}</ol>\
         <button type=\"button\" onclick=\"this.closest('#monazite-overlay').remove()\">Hide</button>\
         </div></div>\n",
        plural = if errors == 1 { "" } else { "s" },
    )
}

const OVERLAY_STYLE: &str = "position:fixed;inset:0;z-index:2147483647;overflow:auto;\
background:rgba(20,20,24,.82);padding:4vh 3vw;font:15px/1.5 system-ui,sans-serif;color:#1b1b1f;";

const PROBLEM_STYLE: &str = "#monazite-overlay .monazite-overlay__box{max-width:56rem;margin:0 auto;\
background:#fff;border-top:6px solid #c62828;border-radius:6px;padding:1.25rem 1.5rem;\
box-shadow:0 10px 40px rgba(0,0,0,.4)}\
#monazite-overlay h2{margin:0 0 .25rem;font-size:1.25rem;color:#b71c1c}\
#monazite-overlay .monazite-overlay__note{margin:0 0 1rem;color:#555}\
#monazite-overlay ol{margin:0;padding:0;list-style:none}\
#monazite-overlay li{border-top:1px solid #e3e3e8;padding:.75rem 0}\
#monazite-overlay p{margin:.2rem 0}\
#monazite-overlay code,#monazite-overlay pre{font:13px/1.45 ui-monospace,Menlo,Consolas,monospace}\
#monazite-overlay .monazite-problem__where code{color:#0d47a1;font-weight:600}\
#monazite-overlay pre{background:#f4f4f7;padding:.5rem .75rem;border-radius:4px;overflow:auto;margin:.4rem 0}\
#monazite-overlay .monazite-problem__help{color:#2e7d32}\
#monazite-overlay button{margin-top:.75rem;font:inherit;padding:.3rem .9rem;cursor:pointer}";

/// Escapes text for HTML element content (and double-quoted attributes), as
/// the Markdown renderer does.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_escapes_every_text() {
        let d = Diagnostic::error("bad <script>alert(1)</script>")
            .in_file("content/news/<x>.md")
            .at(3, 7, Some("a\nb\ntitle: <b>\n"))
            .with_help("expected \"quotes\" & <more>");
        let html = overlay(&[d]);
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("bad &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("content/news/&lt;x&gt;.md:3:7"));
        assert!(html.contains("3 | title: &lt;b&gt;"));
        assert!(html.contains("expected &quot;quotes&quot; &amp; &lt;more&gt;"));
    }

    #[test]
    fn no_problems_no_overlay() {
        assert_eq!(overlay(&[]), "");
    }

    #[test]
    fn finish_page_stamps_generation_and_overlay() {
        let page = format!("<html><body><p>x</p>{}</body></html>", script_tag());
        let done = finish_page(&page, 42, "<div id=\"monazite-overlay\"></div>");
        assert!(done.contains("data-generation=\"42\""));
        assert!(!done.contains(GENERATION_SLOT));
        let overlay_at = done.find("monazite-overlay").unwrap();
        assert!(overlay_at < done.find("</body>").unwrap());
        assert!(overlay_at > done.find("<p>x</p>").unwrap());
    }
}
