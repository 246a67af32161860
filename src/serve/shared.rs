//! What the HTTP side and the preview share: rendered outputs, the files served
//! straight from the site's folders, the current generation and problems, the
//! live channel, and the pages browsers have open. Only the preview writes;
//! requests read, and ask the preview for what is not there yet.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, mpsc};

use tokio::sync::{broadcast, oneshot, watch};

/// One rendered output, as served.
#[derive(Debug)]
pub struct Output {
    pub bytes: Vec<u8>,
}

/// The state of the preview as requests see it.
#[derive(Debug, Clone, Default)]
pub struct Status {
    /// Bumped by every change the preview takes in; pages carry the one they were served at.
    pub generation: u64,
    /// The problem overlay (HTML), empty while the last rebuild succeeded.
    pub overlay: String,
}

/// A message on the live channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEvent {
    /// The site changed: reload.
    Reload { generation: u64 },
    /// Only stylesheets changed: swap them.
    Css { generation: u64 },
    /// The rebuild failed: show the overlay.
    Problems { generation: u64, overlay: String },
}

/// What the preview answers a request for an output file.
#[derive(Debug)]
pub enum Answer {
    Found(Arc<Output>),
    /// No such page: the theme's 404 page.
    NotFound(Arc<Output>),
    /// A folder asked for without its slash.
    Redirect(String),
    /// Rendering the page failed (the overlay says why), or there is no site.
    Failed,
}

/// Messages to the preview.
pub enum Request {
    /// An output file (`news/x/index.html`, `atom.xml`) that is not cached.
    Output {
        file: String,
        reply: oneshot::Sender<(Answer, Arc<Status>)>,
    },
    /// Files changed (from the watcher).
    Changed(Vec<PathBuf>),
    /// The watcher failed to follow a change.
    WatchFailed(String),
    Stop,
}

pub struct Shared {
    /// Rendered outputs by file (`news/x/index.html`), kept until a change makes them stale.
    pub outputs: RwLock<HashMap<String, Arc<Output>>>,
    /// Files served as they are (theme assets, folder articles' images): output file → source.
    pub files: RwLock<Arc<HashMap<String, PathBuf>>>,
    pub status: RwLock<Arc<Status>>,
    pub live: broadcast::Sender<LiveEvent>,
    /// The page each connected browser shows, by connection.
    pub open_pages: Mutex<HashMap<u64, String>>,
    next_connection: AtomicU64,
    pub preview: mpsc::Sender<Request>,
    /// Set when the server stops, to end the live streams.
    pub stopping: watch::Receiver<bool>,
}

impl Shared {
    pub fn new(
        preview: mpsc::Sender<Request>,
        stopping: watch::Receiver<bool>,
        first_generation: u64,
    ) -> Shared {
        let (live, _) = broadcast::channel(64);
        Shared {
            outputs: RwLock::default(),
            files: RwLock::default(),
            status: RwLock::new(Arc::new(Status {
                generation: first_generation,
                ..Status::default()
            })),
            live,
            open_pages: Mutex::default(),
            next_connection: AtomicU64::new(1),
            preview,
            stopping,
        }
    }

    pub fn status(&self) -> Arc<Status> {
        self.status.read().expect("status lock").clone()
    }

    pub fn cached(&self, file: &str) -> Option<Arc<Output>> {
        self.outputs
            .read()
            .expect("outputs lock")
            .get(file)
            .cloned()
    }

    pub fn file_source(&self, file: &str) -> Option<PathBuf> {
        self.files.read().expect("files lock").get(file).cloned()
    }

    /// Asks the preview for an output; `None` when it has stopped.
    pub async fn ask(&self, file: String) -> Option<(Answer, Arc<Status>)> {
        let (reply, answer) = oneshot::channel();
        self.preview.send(Request::Output { file, reply }).ok()?;
        answer.await.ok()
    }

    /// Records a browser showing `page`; the guard forgets it when dropped.
    pub fn open(self: &Arc<Self>, page: String) -> OpenPage {
        let id = self.next_connection.fetch_add(1, Ordering::Relaxed);
        self.open_pages
            .lock()
            .expect("open pages lock")
            .insert(id, page);
        OpenPage {
            shared: self.clone(),
            id,
        }
    }

    /// The distinct pages browsers have open.
    pub fn open_page_paths(&self) -> Vec<String> {
        let mut pages: Vec<String> = self
            .open_pages
            .lock()
            .expect("open pages lock")
            .values()
            .cloned()
            .collect();
        pages.sort();
        pages.dedup();
        pages
    }
}

/// A connected browser's page, forgotten on drop.
pub struct OpenPage {
    shared: Arc<Shared>,
    id: u64,
}

impl Drop for OpenPage {
    fn drop(&mut self) {
        if let Ok(mut pages) = self.shared.open_pages.lock() {
            pages.remove(&self.id);
        }
    }
}
