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
            redirect: format!(
                "{}#comment-received",
                config.permalink(&crate::routes::article_path(&article.slug))
            ),
        });
    let comments = &article.approved_comments;
    if comments.is_empty() && form.is_none() {
        return None;
    }
    Some(CommentsView {
        count: comments.len(),
        thread: replies_to(config, comments, None),
        form,
    })
}

/// How many levels comments nest (a comment, a reply, a reply to that…). Replies
/// further down join the deepest level, oldest first, each saying whom it answers;
/// this also keeps the theme's recursive template well inside Tera's depth limit.
pub const MAX_NESTING: usize = 4;

/// The comments that answer `parent` (or the top-level ones), oldest first,
/// nested up to [`MAX_NESTING`] levels.
fn replies_to(config: &Config, comments: &[Comment], parent: Option<&Comment>) -> Vec<CommentView> {
    thread(config, comments, parent, 1)
}

fn thread(
    config: &Config,
    comments: &[Comment],
    parent: Option<&Comment>,
    level: usize,
) -> Vec<CommentView> {
    let mut children = children_of(comments, parent);
    if level == MAX_NESTING {
        // Everything below joins this level.
        let mut i = 0;
        while i < children.len() {
            let grandchildren = children_of(comments, Some(children[i]));
            children.extend(grandchildren);
            i += 1;
        }
    }
    children.sort_by_key(|c| c.date.at);
    children
        .into_iter()
        .map(|c| CommentView {
            id: c.id.clone(),
            author: c.author.clone(),
            date: c.date.view(config),
            html: c.html.clone(),
            reply_to_author: c.reply_to.as_ref().and_then(|id| {
                comments
                    .iter()
                    .find(|p| &p.id == id)
                    .map(|p| p.author.clone())
            }),
            replies: if level < MAX_NESTING {
                thread(config, comments, Some(c), level + 1)
            } else {
                Vec::new()
            },
        })
        .collect()
}

/// The comments that answer `parent` directly (or the top-level ones), in file order.
fn children_of<'c>(comments: &'c [Comment], parent: Option<&Comment>) -> Vec<&'c Comment> {
    comments
        .iter()
        .filter(|c| c.reply_to.as_deref() == parent.map(|p| p.id.as_str()))
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
            &Default::default(),
        )
        .unwrap();
        let thread = replies_to(&Config::fallback(), &comments, None);
        let ids: Vec<&str> = thread.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"], "top level, oldest first");
        assert_eq!(thread[1].replies[0].id, "c");
        assert_eq!(thread[1].replies[0].reply_to_author.as_deref(), Some("A"));
        assert_eq!(thread[1].replies[0].replies[0].id, "d");
    }

    #[test]
    fn deep_chains_stop_nesting_at_the_limit() {
        let mut yaml =
            String::from("- {id: c0, author: A0, date: 2025-01-01T00:00:00Z, text: x}\n");
        for i in 1..30 {
            yaml.push_str(&format!(
                "- {{id: c{i}, author: A{i}, date: 2025-01-01T00:{i:02}:00Z, reply_to: c{}, text: x}}\n",
                i - 1
            ));
        }
        let comments = parse(&yaml, &Default::default()).unwrap();
        let mut level = &replies_to(&Config::fallback(), &comments, None);
        let mut depth = 1;
        while level[0].replies.len() == 1 && depth < 30 {
            level = &level[0].replies;
            depth += 1;
        }
        assert_eq!(depth, MAX_NESTING - 1);
        let deepest = &level[0].replies;
        assert_eq!(deepest.len(), 30 - (MAX_NESTING - 1), "the rest, flat");
        assert!(deepest.iter().all(|c| c.replies.is_empty()));
        assert_eq!(
            deepest[1].reply_to_author.as_deref(),
            Some(deepest[0].author.as_str())
        );
    }
}
