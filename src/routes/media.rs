//! The media type of an output file, from its name: what `serve` answers
//! with and what `deploy` stores, so a page looks the same on both.

use super::paths::FeedFormat;

/// The `Content-Type` of an output file; text types say `charset=utf-8`.
pub fn content_type(file: &str) -> &'static str {
    let name = file.rsplit('/').next().unwrap_or(file);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match (FeedFormat::of_file_name(name), ext.as_str()) {
        (Some(feed), _) => feed.content_type(),
        (_, "html" | "htm") => "text/html; charset=utf-8",
        (_, "css") => "text/css; charset=utf-8",
        (_, "js" | "mjs") => "text/javascript; charset=utf-8",
        (_, "json") => "application/json",
        // The search index's gzipped files, sent as they are (the script inflates them).
        (_, "gz") => "application/gzip",
        (_, "xml") => "application/xml; charset=utf-8",
        (_, "txt") => "text/plain; charset=utf-8",
        (_, "svg") => "image/svg+xml",
        (_, "png") => "image/png",
        (_, "jpg" | "jpeg") => "image/jpeg",
        (_, "gif") => "image/gif",
        (_, "webp") => "image/webp",
        (_, "avif") => "image/avif",
        (_, "ico") => "image/x-icon",
        (_, "woff2") => "font/woff2",
        (_, "woff") => "font/woff",
        (_, "pdf") => "application/pdf",
        (_, "mp4") => "video/mp4",
        (_, "webm") => "video/webm",
        (_, "mp3") => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_types_carry_their_charset() {
        assert_eq!(
            content_type("news/x/index.html"),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type("atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(content_type("search/d.0a1b2c3d.gz"), "application/gzip");
        assert_eq!(
            content_type("search/t.0a1b2c3d.bin"),
            "application/octet-stream"
        );
    }
}
