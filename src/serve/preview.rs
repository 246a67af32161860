//! The preview: the loaded site kept in memory, brought up to date after each
//! change, and pages rendered when a browser asks for them.
//!
//! Why lazy: after an edit, only the edited file is read again and the
//! site-wide views are patched (one card, when only one article changed);
//! cached pages that show the change are dropped, and the reload event goes
//! out at once. A page is rendered when it is next requested, from the
//! up-to-date site, so no request can see a page older than the last change,
//! and an edit costs the same on a site of ten articles or ten thousand. The
//! pages browsers have open are rendered again before the event, so their
//! reload is instant and a template that fails on them is caught.
//!
//! One thread owns the site; requests for pages not cached and file changes
//! reach it in one queue, in order. It never prints: it reports
//! [`ServeEvent`]s.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use super::overlay;
use super::patch::{self, Views, card_values};
use super::plan::{self, Invalidation, RebuildPlan};
use super::shared::{Answer, LiveEvent, Output, Request, Shared, Status};
use super::{Events, ServeEvent};
use crate::content::LoadOptions;
use crate::content::library::static_files;
use crate::diag::{Diagnostic, Diagnostics};
use crate::outputs::{self, SiteModel};
use crate::render::theme::THEME_DIR;
use crate::render::views::SiteViews;
use crate::render::{RenderOptions, Renderer, Theme};
use crate::routes::{self, PageKey, Routes};
use crate::site::{BuildOptions, Site};

/// Where a problem came from, so fixing that source clears it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    /// Loading the whole site (site.yaml, or any file on a full reload).
    Site,
    Theme,
    Article(PathBuf),
    /// Listing `static/`.
    Static,
    /// Rendering a page.
    Render,
}

/// Where the preview's "now" comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clock {
    /// `--now` or `MONAZITE_NOW`: the same moment for the whole preview.
    Pinned,
    /// The system clock, read again at every rebuild and when the next
    /// scheduled article's time comes.
    Live,
}

/// The longest the preview sleeps before looking at the clock again, so a
/// machine waking from sleep (or a clock set forward) is noticed soon.
const CLOCK_RECHECK: Duration = Duration::from_secs(60);

pub(crate) struct Preview {
    build: BuildOptions,
    clock: Clock,
    shared: Arc<Shared>,
    events: Events,
    site: Option<Site>,
    views: Option<Views>,
    /// Output file → page, for the current set of pages.
    pages_by_file: Option<HashMap<String, PageKey>>,
    /// Outputs that are not theme pages (feeds, sitemaps…), made on first request.
    extra_outputs: Option<HashMap<String, Arc<Output>>>,
    problems: BTreeMap<Origin, Vec<Diagnostic>>,
    generation: u64,
    /// Taking in a change: problems are published once, at its end.
    applying: bool,
}

/// What the preview renders with: the live-reload script, never in builds.
#[allow(clippy::needless_update)] // other features add render options
fn render_options() -> RenderOptions {
    RenderOptions {
        body_end: Some(overlay::script_tag()),
        ..RenderOptions::default()
    }
}

impl Preview {
    pub fn new(
        mut build: BuildOptions,
        clock: Clock,
        shared: Arc<Shared>,
        events: Events,
    ) -> Preview {
        // The preview holds every body in memory and re-parses what changes;
        // the Markdown cache belongs to `build` (two writers would spoil it).
        build.body_budget = usize::MAX;
        build.markdown_cache = false;
        let generation = shared.status().generation;
        Preview {
            build,
            clock,
            shared,
            events,
            site: None,
            views: None,
            pages_by_file: None,
            extra_outputs: None,
            problems: BTreeMap::new(),
            generation,
            applying: false,
        }
    }

    /// Loads the site for the first time and reports how it went.
    pub fn start(&mut self) {
        let started = Instant::now();
        let warnings = self.reload_site();
        self.refresh_files();
        self.publish();
        if self.site.is_some() {
            let library = &self.site.as_ref().expect("site").library;
            let articles = library.articles.len();
            let pages = self.with_pages_by_file(|pages| pages.len()).unwrap_or(0) + articles;
            let library = &self.site.as_ref().expect("site").library;
            (self.events)(ServeEvent::Built {
                pages,
                articles: library.articles.len(),
                left_out: library.left_out.len(),
                warnings,
                elapsed: started.elapsed(),
            });
        } else {
            (self.events)(ServeEvent::Failed {
                problems: self.all_problems(),
            });
        }
    }

    /// Answers requests and applies changes until told to stop.
    pub fn run(mut self, queue: Receiver<Request>) {
        loop {
            let request = match self.until_next_scheduled() {
                Some(wait) => match queue.recv_timeout(wait) {
                    Ok(request) => request,
                    Err(RecvTimeoutError::Timeout) => {
                        self.take_in_the_clock();
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                },
                None => match queue.recv() {
                    Ok(request) => request,
                    Err(_) => return,
                },
            };
            match request {
                Request::Output { file, reply } => {
                    let answer = self.answer(&file);
                    let _ = reply.send((answer, self.shared.status()));
                }
                Request::Changed(mut paths) => {
                    // Changes already queued behind this one are taken in together.
                    let mut later = Vec::new();
                    loop {
                        match queue.try_recv() {
                            Ok(Request::Changed(more)) => paths.extend(more),
                            Ok(other) => later.push(other),
                            Err(_) => break,
                        }
                    }
                    self.apply(&paths);
                    for request in later {
                        match request {
                            Request::Output { file, reply } => {
                                let answer = self.answer(&file);
                                let _ = reply.send((answer, self.shared.status()));
                            }
                            Request::Stop => return,
                            Request::WatchFailed(m) => (self.events)(ServeEvent::WatchFailed(m)),
                            Request::Changed(_) => {}
                        }
                    }
                }
                Request::WatchFailed(message) => (self.events)(ServeEvent::WatchFailed(message)),
                Request::Stop => return,
            }
        }
    }

    /// Finds or renders the output at `file` (`news/x/index.html`).
    fn answer(&mut self, file: &str) -> Answer {
        if let Some(found) = self.shared.cached(file) {
            return Answer::Found(found);
        }
        if self.site.is_none() {
            return Answer::Failed;
        }
        let Preview {
            site,
            views,
            pages_by_file,
            extra_outputs,
            shared,
            ..
        } = self;
        let site = site.as_mut().expect("site");
        let now = site.now;
        let result = with_renderer(site, views, |renderer| {
            if let Some(index) = routes::article_in(renderer.library, file) {
                return render_into(renderer, &PageKey::Article(index), shared).map(Answer::Found);
            }
            let pages = pages_by_file.get_or_insert_with(|| pages_by_file_of(&renderer.routes));
            if let Some(key) = pages.get(file) {
                return render_into(renderer, key, shared).map(Answer::Found);
            }
            let extra = extra_outputs.get_or_insert_with(|| {
                let model = SiteModel {
                    config: renderer.config,
                    library: renderer.library,
                    routes: renderer.routes,
                    now,
                };
                outputs::all(&model)
                    .into_iter()
                    .map(|o| (o.file, Arc::new(Output { bytes: o.bytes })))
                    .collect()
            });
            if let Some(found) = extra.get(file) {
                return Ok(Answer::Found(found.clone()));
            }
            let folder = routes::index_file_of(file.trim_end_matches('/'));
            if pages.contains_key(&folder)
                || routes::article_in(renderer.library, &folder).is_some()
                || extra.contains_key(&folder)
            {
                return Ok(Answer::Redirect(routes::path_of_file(&folder)));
            }
            let not_found_file = renderer.routes.file_of(&PageKey::NotFound);
            let not_found = match shared.cached(&not_found_file) {
                Some(page) => page,
                None => render_into(renderer, &PageKey::NotFound, shared)?,
            };
            Ok(Answer::NotFound(not_found))
        });
        match result {
            Ok(answer) => answer,
            Err(problem) => {
                self.render_failed(problem);
                Answer::Failed
            }
        }
    }

    /// A page failed to render on request: every open page shows why.
    fn render_failed(&mut self, problem: Diagnostic) {
        let known = self.problems.entry(Origin::Render).or_default();
        if known.contains(&problem) {
            return;
        }
        known.push(problem);
        if self.applying {
            return;
        }
        self.generation += 1;
        self.publish();
        let status = self.shared.status();
        let _ = self.shared.live.send(LiveEvent::Problems {
            generation: status.generation,
            overlay: status.overlay.clone(),
        });
        (self.events)(ServeEvent::Failed {
            problems: self.all_problems(),
        });
    }

    /// Takes in a batch of changed files.
    fn apply(&mut self, paths: &[PathBuf]) {
        let plan = plan::plan(&self.build.root, paths);
        if plan.is_empty() {
            return;
        }
        self.take_in(&plan, paths);
    }

    /// How long until the next scheduled article's time comes (at most
    /// [`CLOCK_RECHECK`]); `None` when the clock is pinned or none is scheduled.
    fn until_next_scheduled(&self) -> Option<Duration> {
        if self.clock == Clock::Pinned {
            return None;
        }
        let next = self.site.as_ref()?.library.next_scheduled?;
        let wait = next - OffsetDateTime::now_utc();
        // A millisecond past it, so the article is no longer later than "now".
        let wait = Duration::try_from(wait).unwrap_or(Duration::ZERO) + Duration::from_millis(1);
        Some(wait.min(CLOCK_RECHECK))
    }

    /// Reads the clock (unless pinned); true when a scheduled article's time has come.
    fn read_clock(&mut self) -> bool {
        if self.clock == Clock::Live {
            self.build.now = OffsetDateTime::now_utc();
        }
        self.site
            .as_ref()
            .and_then(|site| site.library.next_scheduled)
            .is_some_and(|next| next <= self.build.now)
    }

    /// Woken by the timer: when a scheduled article's time has come, the
    /// whole site is loaded again at the new "now" and open pages reload.
    fn take_in_the_clock(&mut self) {
        if self.read_clock() {
            let everything = RebuildPlan {
                everything: true,
                ..RebuildPlan::default()
            };
            self.take_in(&everything, &[]);
        }
    }

    /// Brings the site up to date with `plan` (made from the changed `paths`).
    fn take_in(&mut self, plan: &RebuildPlan, paths: &[PathBuf]) {
        let started = Instant::now();
        // A scheduled article whose time came since the last load changes
        // lists across the site, whatever file was edited.
        let time_came = self.read_clock();
        let had_problems = !self.problems.is_empty();
        self.problems.remove(&Origin::Render);
        let full = plan.everything
            || time_came
            || plan.all_content
            || self.site.is_none()
            || self.problems.contains_key(&Origin::Site);
        let mut stale = Invalidation::default();
        let scope;
        if full {
            self.reload_site();
            stale = Invalidation::everything();
            scope = if paths.is_empty() {
                Scope::Schedule
            } else {
                Scope::Site
            };
        } else {
            if !plan.templates.is_empty() {
                stale.merge(self.reload_theme(&plan.templates));
            }
            for article in &plan.articles {
                stale.merge(self.reload_article(article));
            }
            if !plan.assets.is_empty() {
                self.refresh_theme_assets();
            }
            if plan.static_files {
                self.refresh_static_files();
            }
            scope = if !plan.templates.is_empty() {
                Scope::Theme
            } else if plan.articles.len() == 1 {
                Scope::Article
            } else if !plan.articles.is_empty() {
                Scope::Articles(plan.articles.len())
            } else {
                Scope::Assets
            };
        }
        if full || !plan.articles.is_empty() {
            self.extra_outputs = None;
        }
        let dropped = {
            let mut cache = self.shared.outputs.write().expect("outputs lock");
            let before = cache.len();
            cache.retain(|file, _| !stale.covers(file));
            before - cache.len()
        };
        self.refresh_files();
        self.applying = true;
        self.render_open_pages(&plan.templates);
        self.applying = false;
        self.generation += 1;
        self.publish();
        let status = self.shared.status();
        let event = if !self.problems.is_empty() {
            LiveEvent::Problems {
                generation: status.generation,
                overlay: status.overlay.clone(),
            }
        } else if plan.is_css_only() {
            LiveEvent::Css {
                generation: status.generation,
            }
        } else {
            LiveEvent::Reload {
                generation: status.generation,
            }
        };
        let _ = self.shared.live.send(event);
        // Editor litter (backups, swap files) is left out of the report.
        let changed = paths
            .iter()
            .filter(|p| !plan::plan(&self.build.root, std::slice::from_ref(p)).is_empty())
            .map(|p| p.strip_prefix(&self.build.root).unwrap_or(p).to_path_buf())
            .collect();
        if self.problems.is_empty() {
            (self.events)(ServeEvent::Rebuilt {
                changed,
                scope,
                dropped,
                recovered: had_problems,
                elapsed: started.elapsed(),
            });
        } else {
            (self.events)(ServeEvent::Failed {
                problems: self.all_problems(),
            });
        }
    }

    /// Loads the whole site again; on failure the last good site stays. Returns the warnings.
    fn reload_site(&mut self) -> Diagnostics {
        match Site::load(&self.build) {
            Ok((site, warnings)) => {
                let views = SiteViews::build(&site.config, &site.library);
                let values = card_values(&views);
                self.site = Some(site);
                self.views = Some((views, values));
                self.pages_by_file = None;
                self.extra_outputs = None;
                self.problems.clear();
                self.shared.outputs.write().expect("outputs lock").clear();
                warnings
            }
            Err(errors) => {
                self.problems.clear();
                self.problems
                    .insert(Origin::Site, errors.into_iter().collect());
                Diagnostics::new()
            }
        }
    }

    /// Loads the theme again; on failure the last good theme stays.
    fn reload_theme(&mut self, changed: &std::collections::BTreeSet<String>) -> Invalidation {
        let Some(site) = self.site.as_mut() else {
            return Invalidation::default();
        };
        match Theme::load(&site.root, &site.config) {
            Ok(theme) => {
                site.theme = theme;
                self.problems.remove(&Origin::Theme);
                plan::template_invalidation(changed, &template_sources(&site.root))
            }
            Err(errors) => {
                self.problems
                    .insert(Origin::Theme, errors.into_iter().collect());
                Invalidation::default()
            }
        }
    }

    /// Reads one article file again (or drops it when it is gone) and returns
    /// the pages that now show something else.
    fn reload_article(&mut self, rel: &Path) -> Invalidation {
        let origin = Origin::Article(rel.to_path_buf());
        let (Some(site), Some(views)) = (self.site.as_mut(), self.views.as_mut()) else {
            return Invalidation::default();
        };
        let load = LoadOptions {
            keep_going: false,
            drafts: self.build.drafts,
            now: self.build.now,
        };
        match patch::reread_article(site, views, &load, rel) {
            Ok(patched) => {
                self.problems.remove(&origin);
                if patched.lists_resized {
                    self.pages_by_file = None;
                }
                patched.stale
            }
            Err(problems) => {
                self.problems.insert(origin, problems);
                Invalidation::default()
            }
        }
    }

    /// Lists `templates/assets/` again (a stylesheet or image added or removed).
    fn refresh_theme_assets(&mut self) {
        if let Some(site) = self.site.as_mut() {
            site.theme.assets = theme_assets(&site.root);
        }
    }

    /// Lists `static/` again (a file added or removed); problems show as
    /// the site's until the next good listing.
    fn refresh_static_files(&mut self) {
        let Some(site) = self.site.as_mut() else {
            return;
        };
        let mut problems = Diagnostics::new();
        site.library.static_files = static_files(&site.root, &mut problems);
        self.problems.remove(&Origin::Static);
        let errors: Vec<Diagnostic> = problems.into_iter().filter(Diagnostic::is_error).collect();
        if !errors.is_empty() {
            self.problems.insert(Origin::Static, errors);
        }
    }

    /// Updates the map of files served as they are.
    fn refresh_files(&mut self) {
        let statics = self.static_files_served();
        let Some(site) = &self.site else { return };
        let mut files: HashMap<String, PathBuf> = site
            .theme
            .assets
            .iter()
            .map(|(from, to)| (to.trim_start_matches('/').to_string(), from.clone()))
            .collect();
        for article in site
            .library
            .articles
            .iter()
            .filter(|a| !a.assets.is_empty())
        {
            let index = site.root.join(&article.file.path);
            let dir = index.parent().unwrap_or(&site.root);
            for asset in &article.assets {
                let rel = asset.strip_prefix(dir).unwrap_or(asset);
                let rel = rel.to_string_lossy().replace('\\', "/");
                let file = routes::file_of_path(&routes::beside_article(&article.slug, &rel));
                files.insert(file, asset.clone());
            }
        }
        for (from, file) in statics {
            files.entry(file).or_insert(from);
        }
        *self.shared.files.write().expect("files lock") = Arc::new(files);
    }

    /// The files of `static/` as (source, output file), less any that a page
    /// would be written over (a build refuses those; the preview shows the page).
    fn static_files_served(&mut self) -> Vec<(PathBuf, String)> {
        let Some(site) = &self.site else {
            return Vec::new();
        };
        if site.library.static_files.is_empty() {
            return Vec::new();
        }
        let files = crate::site::static_files(&site.root, &site.library);
        let pages: std::collections::HashSet<String> = self
            .with_pages_by_file(|pages| pages.keys().cloned().collect())
            .unwrap_or_default();
        let site = self.site.as_ref().expect("site");
        files
            .into_iter()
            .filter(|(_, file)| {
                !pages.contains(file) && routes::article_in(&site.library, file).is_none()
            })
            .collect()
    }

    /// Renders again the pages browsers have open (their reload is then
    /// instant) and, after a template change, one page of each kind, so a
    /// template that fails is reported before anyone asks.
    fn render_open_pages(&mut self, templates_changed: &std::collections::BTreeSet<String>) {
        if self.site.is_none() {
            return;
        }
        let mut files: Vec<String> = self
            .shared
            .open_page_paths()
            .iter()
            .filter_map(|p| super::http::output_file(p).ok())
            .collect();
        if !templates_changed.is_empty() {
            files.extend(self.sample_pages());
        }
        for file in files {
            let _ = self.answer(&file);
        }
    }

    /// The first page of each kind.
    fn sample_pages(&mut self) -> Vec<String> {
        let mut pages = self
            .with_pages_by_file(|pages| {
                let mut firsts: HashMap<std::mem::Discriminant<PageKey>, (String, &PageKey)> =
                    HashMap::new();
                for (file, key) in pages {
                    let kind = std::mem::discriminant(key);
                    match firsts.get(&kind) {
                        Some((f, _)) if f <= file => {}
                        _ => {
                            firsts.insert(kind, (file.clone(), key));
                        }
                    }
                }
                firsts
                    .into_values()
                    .map(|(file, _)| file)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let first_article = self
            .site
            .as_ref()
            .filter(|site| !site.library.articles.is_empty())
            .map(|site| site.routes().file_of(&PageKey::Article(0)));
        pages.extend(first_article);
        pages
    }

    fn with_pages_by_file<R>(
        &mut self,
        f: impl FnOnce(&HashMap<String, PageKey>) -> R,
    ) -> Option<R> {
        let site = self.site.as_ref()?;
        let pages = self
            .pages_by_file
            .get_or_insert_with(|| pages_by_file_of(&site.routes()));
        Some(f(pages))
    }

    fn all_problems(&self) -> Diagnostics {
        self.problems.values().flatten().cloned().collect()
    }

    /// Makes the current generation and problems what requests see.
    fn publish(&self) {
        let problems = self.all_problems().into_sorted();
        let status = Status {
            generation: self.generation,
            overlay: overlay::overlay(&problems),
        };
        *self.shared.status.write().expect("status lock") = Arc::new(status);
    }
}

/// What a rebuild covered, for the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Site,
    /// No file changed: a scheduled article's time came.
    Schedule,
    Theme,
    Article,
    Articles(usize),
    Assets,
}

/// Runs `f` with a renderer over `site` and the kept views.
fn with_renderer<R>(
    site: &mut Site,
    views: &mut Option<Views>,
    f: impl FnOnce(&Renderer<'_>) -> R,
) -> R {
    let (site_views, values) = views.take().expect("views are kept between renderers");
    let renderer = Renderer::from_views(
        &site.config,
        &site.library,
        &mut site.theme,
        render_options(),
        site_views,
        values,
    );
    let result = f(&renderer);
    *views = Some(renderer.into_views());
    result
}

/// Every page's output file but articles' (found by slug, see
/// [`routes::article_in`]): so an article that only moves in the lists
/// leaves this table as it is.
fn pages_by_file_of(routes: &Routes<'_>) -> HashMap<String, PageKey> {
    routes
        .pages()
        .into_iter()
        .filter(|key| !matches!(key, PageKey::Article(_)))
        .map(|key| (routes.file_of(&key), key))
        .collect()
}

/// Renders a page into the cache.
fn render_into(
    renderer: &Renderer<'_>,
    key: &PageKey,
    shared: &Shared,
) -> Result<Arc<Output>, Diagnostic> {
    let page = renderer.render(key)?;
    let output = Arc::new(Output { bytes: page.html });
    shared
        .outputs
        .write()
        .expect("outputs lock")
        .insert(page.file, output.clone());
    Ok(output)
}

/// The theme's templates (name under `templates/`, text), skipping assets.
fn template_sources(root: &Path) -> Vec<(String, String)> {
    let dir = root.join(THEME_DIR);
    walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let name = e
                .path()
                .strip_prefix(&dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            if name.starts_with("assets/") {
                return None;
            }
            let text = std::fs::read_to_string(e.path()).ok()?;
            Some((name, text))
        })
        .collect()
}

/// Every file under `templates/assets/`, as `Theme::load` lists them.
fn theme_assets(root: &Path) -> Vec<(PathBuf, String)> {
    let dir = root.join(THEME_DIR).join("assets");
    walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(&dir).ok()?;
            let site_path = routes::theme_asset_path(&rel.to_string_lossy().replace('\\', "/"));
            Some((e.path().to_path_buf(), site_path))
        })
        .collect()
}

/// Starts the preview thread: loads the site, then serves the queue.
pub(crate) fn spawn(
    build: BuildOptions,
    clock: Clock,
    shared: Arc<Shared>,
    events: Events,
    queue: Receiver<Request>,
) -> std::io::Result<(std::thread::JoinHandle<()>, mpsc::Receiver<()>)> {
    let (ready_tx, ready) = mpsc::channel();
    let handle = std::thread::Builder::new()
        .name("monazite-preview".into())
        .spawn(move || {
            let mut preview = Preview::new(build, clock, shared, events);
            preview.start();
            let _ = ready_tx.send(());
            preview.run(queue);
        })?;
    Ok((handle, ready))
}
