//! `article.comments`: an article's approved comments as a thread (replies
//! nested under the comment they answer), their count, and the comment form
//! when the site has somewhere to send new ones.

use serde::Serialize;

use crate::config::Config;
use crate::content::Article;
use crate::content::comments::Comment;
use crate::content::dates::DateView;

/// The comments section of an article page.
#[derive(Debug, Clone, Serialize)]
pub struct CommentsView {
    /// Every approved comment, replies included.
    pub count: usize,
    /// Top-level comments, oldest first, each with its replies.
    pub thread: Vec<CommentView>,
    /// None when `site.yaml` has no comments endpoint.
    pub form: Option<CommentForm>,
}

/// One comment and the replies to it.
#[derive(Debug, Clone, Serialize)]
pub struct CommentView {
    pub id: String,
    /// Plain text; templates escape it.
    pub author: String,
    pub date: DateView,
    /// Sanitized HTML: print with `| safe`.
    pub html: String,
    /// The name of the commenter this one answers, for "in reply to".
    pub reply_to_author: Option<String>,
    pub replies: Vec<CommentView>,
}

/// Where the comment form posts, and what it sends besides the reader's fields.
#[derive(Debug, Clone, Serialize)]
pub struct CommentForm {
    pub action: String,
    /// The article's slug (`options[slug]`), so the service knows where the comment belongs.
    pub slug: String,
    /// Where the service sends the reader back to (`options[redirect]`).
    pub redirect: String,
}

/// The comments section, or none when comments are off or there is nothing to show.
pub fn comments_view(config: &Config, article: &Article) -> Option<CommentsView> {
    let enabled = article.comments.unwrap_or(config.comments.enabled);
    if !enabled {
        return None;
    }
    let form = config
        .comments
        .endpoint
        .as_ref()
        .map(|endpoint| CommentForm {
            action: if endpoint.starts_with('/') {
                config.url(endpoint)
            } else {
                endpoint.clone()
            },
            slug: article.slug.clone(),
            redirect: format!("{}#comment-received", config.permalink(&article.path())),
        });
    let comments = &article.approved_comments;
    if comments.is_empty() && form.is_none() {
        return None;
    }
    Some(CommentsView {
        count: comments.len(),
        thread: replies_to(comments, None),
        form,
    })
}

/// The comments that answer `parent` (or the top-level ones), oldest first.
fn replies_to(comments: &[Comment], parent: Option<&Comment>) -> Vec<CommentView> {
    let mut children: Vec<&Comment> = comments
        .iter()
        .filter(|c| c.reply_to.as_deref() == parent.map(|p| p.id.as_str()))
        .collect();
    children.sort_by_key(|c| c.date.at);
    children
        .into_iter()
        .map(|c| CommentView {
            id: c.id.clone(),
            author: c.author.clone(),
            date: c.date.view(),
            html: c.html.clone(),
            reply_to_author: parent.map(|p| p.author.clone()),
            replies: replies_to(comments, Some(c)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::comments::parse;

    #[test]
    fn replies_nest_under_their_parent() {
        let comments = parse(
            "- {id: a, author: A, date: 2025-01-02, text: first}\n\
             - {id: b, author: B, date: 2025-01-01, text: earlier}\n\
             - {id: c, author: C, date: 2025-01-03, reply_to: a, text: reply}\n\
             - {id: d, author: D, date: 2025-01-04, reply_to: c, text: deeper}\n",
            time::UtcOffset::UTC,
        )
        .unwrap();
        let thread = replies_to(&comments, None);
        let ids: Vec<&str> = thread.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"], "top level, oldest first");
        assert_eq!(thread[1].replies[0].id, "c");
        assert_eq!(thread[1].replies[0].reply_to_author.as_deref(), Some("A"));
        assert_eq!(thread[1].replies[0].replies[0].id, "d");
    }
}
