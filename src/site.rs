//! The orchestrator: load (config, content, theme) → render every page and
//! output → write. Errors from every stage are collected before giving up, so
//! one run shows them all; the output folder changes only when all succeeded.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use time::OffsetDateTime;

use crate::bodies::cache::MarkdownCache;
use crate::bodies::{self, BodyOptions};
use crate::cards::{self, CardCache, CardInputs, CardSink, MadeCards};
use crate::config::Config;
use crate::content::{Library, LoadOptions};
use crate::diag::{Diagnostic, Diagnostics};
use crate::images::{self, ImageCache, ImageSet, ImageStats};
use crate::outputs::{self, SiteModel};
use crate::render::error::{RenderError, RenderErrors};
use crate::render::{RenderOptions, Renderer, Theme};
use crate::routes::{self, PageKey, Routes};
use crate::verify::{self, LinkSources, RenderedPages, SiteFiles, Verified};
use crate::write::{Sink, StagedOutput, WriteStats};
use clashes::Claims;

mod clashes;

/// What `monazite build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    pub base_url: Option<String>,
    /// The build's "now" (scheduled articles, the news sitemap's window).
    pub now: OffsetDateTime,
    /// Keep source texts in memory after loading (`check` needs them).
    pub keep_source: bool,
    /// Told how far rendering has got: (pages done, pages in all).
    pub progress: Option<Progress>,
    /// Bytes of article HTML held in memory; the rest waits in a temporary file.
    pub body_budget: usize,
    /// Read and keep rendered Markdown beside the output (`bodies::cache`).
    pub markdown_cache: bool,
    /// Build into an output folder that holds files monazite did not write,
    /// removing them (`write::guard`).
    pub force: bool,
    /// Load what loads and report the rest (`check`): content files with
    /// errors are left out, and their errors returned with the warnings.
    pub keep_going: bool,
}

/// A callback for progress on long builds; the caller decides whether to show it.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress(..)")
    }
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            output: None,
            drafts: false,
            base_url: None,
            now: OffsetDateTime::now_utc(),
            keep_source: false,
            progress: None,
            body_budget: crate::bodies::store::DEFAULT_BUDGET,
            markdown_cache: true,
            force: false,
            keep_going: false,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A loaded site, ready to render.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub library: Library,
    pub theme: Theme,
    pub now: OffsetDateTime,
    /// The Markdown cache the body stage used, tidied after a good build.
    pub markdown_cache: Option<MarkdownCache>,
    /// How the last render's social cards came about, and their warnings.
    pub cards: Option<MadeCards>,
    /// The card cache beside the output (`.public.card-cache`).
    pub card_cache: PathBuf,
    /// Its processed images (`images::process_site`); none until a build
    /// processes them (`check` and `serve` show images as written).
    pub images: ImageSet,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// HTML pages rendered.
    pub pages: usize,
    /// Files in the output (pages, assets, feeds…).
    pub files: usize,
    pub written: WriteStats,
    pub articles: usize,
    /// Drafts and scheduled articles left out.
    pub left_out: usize,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
    pub timings: BuildTimings,
    /// Images used, decoded and published.
    pub images: ImageStats,
}

/// How long each stage of a build took (`monazite build --timings`).
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildTimings {
    /// Configuration, content (front matter and Markdown) and theme.
    pub load: Duration,
    /// Processing images (decoding, resizing, encoding those not in the cache).
    pub images: Duration,
    /// Rendering every page and output, and staging the files that changed.
    pub render: Duration,
    /// Checking every internal link, anchor and image against the staged site.
    pub verify: Duration,
    /// Moving staged files into the output and removing stale ones.
    pub commit: Duration,
    /// Peak memory (resident set) when loading was done, and when rendering
    /// was done, in bytes, where the system tells (Linux).
    pub peak_after_load: Option<u64>,
    pub peak_after_render: Option<u64>,
}

/// The process's peak resident memory so far, in bytes (Linux's VmHWM).
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

impl Site {
    /// Loads configuration, content and theme, collecting every error.
    pub fn load(options: &BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> {
        let root = &options.root;
        let mut errors = Diagnostics::new();
        let config = load_config(options, &mut errors);
        // Without a valid config, content is still checked against defaults so one run shows all errors.
        let content_config = config.clone().unwrap_or_else(Config::fallback);
        let load_options = LoadOptions {
            drafts: options.drafts,
            now: options.now,
            keep_going: options.keep_going,
        };
        let body_options = BodyOptions {
            keep_source: options.keep_source,
            // `check` reads every body; a build reads each once or twice.
            budget: (!options.keep_source).then_some(options.body_budget),
            markdown_cache: (options.markdown_cache && !options.keep_source)
                .then(|| crate::write::beside(&options.output_dir(), "markdown-cache")),
        };
        let (content, theme) = rayon::join(
            || load_content(root, &content_config, &load_options, &body_options),
            || Theme::load(root, &content_config),
        );
        let (library, markdown_cache, mut warnings) = match content {
            Ok((library, cache, warnings)) => (Some(library), cache, warnings),
            Err(e) => {
                errors.extend(e);
                (None, None, Diagnostics::new())
            }
        };
        if let Some(c) = &config {
            warnings.extend(c.warnings.iter().cloned());
        }
        let theme = theme.map_err(|e| errors.extend(e)).ok();
        if let Some(t) = &theme {
            warnings.extend(t.warnings.iter().cloned());
        }
        match (config, library, theme) {
            (Some(config), Some(library), Some(theme)) if !errors.has_errors() => Ok((
                Site {
                    root: root.clone(),
                    config,
                    library,
                    theme,
                    now: options.now,
                    markdown_cache,
                    cards: None,
                    card_cache: crate::write::beside(&options.output_dir(), "card-cache"),
                    images: ImageSet::default(),
                },
                warnings,
            )),
            _ => Err(errors),
        }
    }

    /// Every page of the site, and where each one lives.
    pub fn routes(&self) -> Routes<'_> {
        let optional = crate::render::optional_pages(&self.theme);
        Routes::new(&self.config, &self.library, optional)
    }

    /// After a good build: tidies the Markdown cache for the next one.
    pub fn finish_markdown_cache(&mut self) {
        if let Some(cache) = self.markdown_cache.take() {
            // A cache left untidy only grows; the next good build tries again.
            let _ = cache.finish();
        }
    }

    /// How many HTML pages a render makes.
    pub fn page_count(&self) -> usize {
        self.routes().pages().len()
    }

    /// Renders every page, asset, output and social card into `sink`: the
    /// number of HTML pages, every file the site has (a page that failed to
    /// render too: a link to it is not broken) and the errors.
    pub fn render_all(&mut self, sink: &dyn Sink, options: RenderOptions) -> RenderedSite {
        let discard_cards = options.discard_cards;
        let renderer = Renderer::new(&self.config, &self.library, &mut self.theme, options)
            .with_images(&self.images);
        let images = &self.images;
        let keys = renderer.routes.pages();
        let (root, library) = (&self.root, &self.library);
        let model = SiteModel {
            config: &self.config,
            library,
            routes: renderer.routes,
            now: self.now,
        };
        let paths: Vec<String> = keys.iter().map(|k| renderer.routes.path_of(k)).collect();
        let assets = asset_files(root, &renderer);
        let aliases = renderer.routes.aliases();
        let mut claims = Claims::default();
        claims.pages(&paths, library);
        claims.aliases(&aliases, library);
        claims.copied(root, &assets);
        let mut files = SiteFiles::new();
        files.extend(paths.iter().map(|p| routes::file_of_path(p)));
        files.extend(assets.iter().map(|(_, to)| to.clone()));
        files.extend(images.outputs().iter().map(|(file, _, _)| file.clone()));
        files.insert_folder(routes::search_index_folder());
        files.insert_folder(routes::CARDS_FOLDER);
        if claims.clashes.has_errors() {
            return RenderedSite {
                pages: 0,
                files,
                errors: claims.clashes,
            };
        }
        let folders = folders_in_render_order(&paths);
        let card_cache = &self.card_cache;
        let card_inputs = CardInputs {
            root,
            config: &self.config,
            articles: &library.articles,
            source_of: &sources_by_site_path(&assets),
        };
        // Pages, the site-wide outputs (feeds, sitemaps, the search index) and
        // the social cards are independent: make them side by side rather than
        // one after the other. Meanwhile, one thread of its own makes the
        // pages' folders: creating entries in one folder (`news/`) is
        // serialized by the file system, so render threads doing it would wait
        // on each other.
        let ((page_errors, (output_errors, output_files)), made_cards) =
            std::thread::scope(|scope| {
                scope.spawn(|| sink.expect_folders(&folders));
                rayon::join(
                    || {
                        rayon::join(
                            || render_pages(&renderer, &keys, sink),
                            || {
                                let (mut errors, (mut outputs, names)) = rayon::join(
                                    || copy_assets(root, &assets, sink),
                                    || write_site_files(&model, &claims, sink),
                                );
                                errors.append(&mut outputs);
                                errors.extend(write_search_index(library, sink));
                                errors.extend(write_images(images, sink));
                                (errors, names)
                            },
                        )
                    },
                    || {
                        if discard_cards {
                            let cache = CardCache::read_only(card_cache.clone());
                            make_cards(&card_inputs, &cache, &SinkCards::Discard)
                        } else {
                            let cache = CardCache::open(card_cache.clone());
                            make_cards(&card_inputs, &cache, &SinkCards::Output(sink))
                        }
                    },
                )
            });
        let mut errors = page_errors;
        errors.extend(output_errors);
        match made_cards {
            Ok(made) => self.cards = Some(made),
            Err(card_errors) => errors.extend(card_errors),
        }
        files.extend(output_files);
        RenderedSite {
            pages: keys.len(),
            files,
            errors,
        }
    }

    /// Checks every internal link, anchor and image of the content against
    /// the files of a render, reading pages back from `sink` where an anchor
    /// needs them.
    pub fn verify_links(&self, files: &SiteFiles, sink: &dyn Sink) -> Verified {
        let sources = LinkSources {
            root: &self.root,
            config: &self.config,
            library: &self.library,
        };
        verify::verify_links(&sources, files, &ReadBack(sink))
    }
}

/// What a render made.
#[derive(Debug)]
pub struct RenderedSite {
    /// HTML pages.
    pub pages: usize,
    /// Every output file, the link targets of the site.
    pub files: SiteFiles,
    /// Pages that failed to render, files that could not be written.
    pub errors: Diagnostics,
}

/// A sink's files read back as rendered pages.
struct ReadBack<'a>(&'a dyn Sink);

impl RenderedPages for ReadBack<'_> {
    fn html_of(&self, file: &str) -> Option<Vec<u8>> {
        self.0.read_back(file)
    }
}

/// Loads `site.yaml`, dated and with `--base-url` applied; problems go to `errors`.
fn load_config(options: &BuildOptions, errors: &mut Diagnostics) -> Option<Config> {
    match Config::load(&options.root) {
        Ok(mut c) => {
            c.date_copyright(options.now);
            if let Some(url) = &options.base_url
                && let Err(d) = c.set_base_url(url)
            {
                errors.push(d);
            }
            Some(c)
        }
        Err(e) => {
            errors.extend(e);
            None
        }
    }
}

/// Loads `content/` and renders its bodies (the body stage): the library,
/// the Markdown cache used and the warnings, or every problem.
fn load_content(
    root: &Path,
    config: &Config,
    load: &LoadOptions,
    body: &BodyOptions,
) -> Result<(Library, Option<MarkdownCache>, Diagnostics), Diagnostics> {
    let (mut library, warnings) = Library::load(root, config, load)?;
    match bodies::render_bodies(&mut library, config, body) {
        Ok(cache) => Ok((library, cache, warnings)),
        Err(errors) => Err(warnings.into_iter().chain(errors).collect()),
    }
}

/// The `tests/fixtures/minimal` site's content loaded and its bodies
/// rendered, as `build --drafts` loads it, for unit tests across the crate.
#[cfg(test)]
pub(crate) fn minimal_fixture() -> (Config, Library) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    let config = Config::load(&root).unwrap();
    let load = LoadOptions {
        keep_going: false,
        drafts: true,
        now: time::macros::datetime!(2025-10-18 12:00 UTC),
    };
    let (library, _, _) = load_content(&root, &config, &load, &BodyOptions::default()).unwrap();
    (config, library)
}

/// The folders of pages at `paths` (site paths ending in `/`), relative to the
/// output, in about the order two render threads reach them: rayon gives each
/// thread one half of the page list.
fn folders_in_render_order(paths: &[String]) -> Vec<&str> {
    let (first, second) = paths.split_at(paths.len() / 2);
    let interleaved = first
        .iter()
        .zip(second)
        .flat_map(|(a, b)| [a, b])
        .chain(second.iter().skip(first.len()));
    interleaved
        .filter_map(|p| p.strip_suffix('/'))
        .map(|p| p.trim_start_matches('/'))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Renders every page not kept from the last build into `sink`. A template
/// problem that fails many pages is reported once.
fn render_pages(renderer: &Renderer<'_>, keys: &[PageKey], sink: &dyn Sink) -> Diagnostics {
    let results: Vec<Result<(), PageFailure>> = keys
        .par_iter()
        .map(|key| {
            let prepared = renderer.prepare(key);
            let fingerprint = renderer.fingerprint(&prepared);
            // Unchanged inputs and an untouched file: no need to render it again.
            if sink.keep_if_unchanged(&prepared.file, fingerprint) {
                return Ok(());
            }
            let page = renderer
                .render_prepared(prepared)
                .map_err(PageFailure::Render)?;
            sink.put_page(&page.file, &page.html, fingerprint)
                .map_err(|e| PageFailure::Write(write_error(&page.file, &e)))
        })
        .collect();
    let mut render_errors = RenderErrors::new();
    let mut errors = Diagnostics::new();
    for failure in results.into_iter().filter_map(Result::err) {
        match failure {
            PageFailure::Render(e) => render_errors.push(e),
            PageFailure::Write(d) => errors.push(d),
        }
    }
    errors.extend(render_errors.into_diagnostics());
    errors
}

/// Why a page is missing from the output.
enum PageFailure {
    Render(RenderError),
    Write(Diagnostic),
}

/// Copies the theme's assets and folder articles' files into `sink`.
fn copy_assets(root: &Path, assets: &[(PathBuf, String)], sink: &dyn Sink) -> Vec<Diagnostic> {
    assets
        .par_iter()
        .filter_map(|(from, to)| {
            let bytes = std::fs::read(from).map_err(|e| {
                Diagnostic::error(format!("cannot read asset: {e}"))
                    .in_file(from.strip_prefix(root).unwrap_or(from))
            });
            bytes
                .and_then(|b| sink.put(to, &b).map_err(|e| write_error(to, &e)))
                .err()
        })
        .collect()
}

/// Every social card (src/cards), kept from the last build, linked from the
/// card cache, or made; the cache loses the cards no build uses.
fn make_cards(
    inputs: &CardInputs<'_>,
    cache: &CardCache,
    sink: &SinkCards<'_>,
) -> Result<MadeCards, Vec<Diagnostic>> {
    let made = cards::make_cards(inputs, cache, sink)?;
    // A cache left untidy only grows; the next build tries again.
    let _ = cache.prune();
    Ok(made)
}

/// Where cards go: into the output as pages do, with their key as
/// fingerprint, so an untouched card of the same key is kept as it is; or
/// nowhere (`check`).
enum SinkCards<'a> {
    Output(&'a dyn Sink),
    Discard,
}

impl CardSink for SinkCards<'_> {
    fn keep_if_unchanged(&self, file: &str, key: u64) -> bool {
        match self {
            SinkCards::Output(sink) => sink.keep_if_unchanged(file, key),
            SinkCards::Discard => false,
        }
    }

    fn put(&self, file: &str, bytes: &[u8], key: u64) -> std::io::Result<()> {
        match self {
            SinkCards::Output(sink) => sink.put_page(file, bytes, key),
            SinkCards::Discard => Ok(()),
        }
    }

    fn put_linked(&self, file: &str, from: &Path, key: u64) -> std::io::Result<()> {
        match self {
            SinkCards::Output(sink) => sink.put_linked(file, from, key),
            SinkCards::Discard => Ok(()),
        }
    }
}

/// The source file of each site path the build copies (theme assets and
/// folder articles' files), for the images cards are made from.
fn sources_by_site_path(
    assets: &[(PathBuf, String)],
) -> impl Fn(&str) -> Option<PathBuf> + Sync + '_ {
    let by_file: std::collections::HashMap<&str, &PathBuf> = assets
        .iter()
        .map(|(from, to)| (to.as_str(), from))
        .collect();
    move |site_path: &str| {
        let file = routes::file_of_path(site_path.split(['?', '#']).next().unwrap_or(""));
        by_file.get(file.as_str()).map(|p| (*p).clone())
    }
}

/// Feeds, sitemaps, robots.txt and the aliases' redirects, unless a file
/// copied as it is would land on one of them: the errors writing them, and
/// their files.
fn write_site_files(
    model: &SiteModel<'_>,
    claims: &Claims<'_>,
    sink: &dyn Sink,
) -> (Vec<Diagnostic>, Vec<String>) {
    let outputs = outputs::site_files(model);
    let clashes = claims.copied_under_generated(&outputs);
    if !clashes.is_empty() {
        return (clashes, Vec::new());
    }
    let errors = outputs
        .iter()
        .filter_map(|out| {
            sink.put(&out.file, &out.bytes)
                .err()
                .map(|e| write_error(&out.file, &e))
        })
        .collect();
    (errors, outputs.into_iter().map(|out| out.file).collect())
}

/// The search index, kept whole when its inputs are those of the last build
/// (making it reads every word of every article).
fn write_search_index(library: &Library, sink: &dyn Sink) -> Vec<Diagnostic> {
    let fingerprint = outputs::search::fingerprint(library);
    if sink.keep_folder_if_unchanged(routes::search_index_folder(), fingerprint) {
        return Vec::new();
    }
    outputs::search::output_files(library)
        .iter()
        .filter_map(|out| {
            sink.put_page(&out.file, &out.bytes, fingerprint)
                .err()
                .map(|e| write_error(&out.file, &e))
        })
        .collect()
}

/// The processed images' variants, linked from the image cache.
fn write_images(images: &ImageSet, sink: &dyn Sink) -> Vec<Diagnostic> {
    images
        .outputs()
        .par_iter()
        .filter_map(|(file, from, key)| {
            sink.put_linked(file, from, *key)
                .err()
                .map(|e| write_error(file, &e))
        })
        .collect()
}

/// The theme's assets, every folder article's files and the files of
/// `static/`, as (source, output file).
fn asset_files(root: &Path, renderer: &Renderer<'_>) -> Vec<(PathBuf, String)> {
    let mut files: Vec<(PathBuf, String)> = renderer
        .theme
        .assets
        .iter()
        .map(|(from, to)| (from.clone(), to.trim_start_matches('/').to_string()))
        .collect();
    for article in &renderer.library.articles {
        for asset in &article.assets {
            let dir = root.join(&article.file.path);
            let dir = dir.parent().unwrap_or(root);
            let rel = asset
                .strip_prefix(dir)
                .unwrap_or(asset)
                .to_string_lossy()
                .replace('\\', "/");
            let to = routes::file_of_path(&routes::beside_article(&article.slug, &rel));
            files.push((asset.clone(), to));
        }
    }
    files.extend(static_files(root, renderer.library));
    files
}

/// The files of `static/`, as (source, output file): `static/docs/a.pdf` is
/// `docs/a.pdf`.
pub fn static_files(root: &Path, library: &Library) -> Vec<(PathBuf, String)> {
    let dir = root.join(crate::content::library::STATIC_DIR);
    library
        .static_files
        .iter()
        .map(|from| {
            let rel = from.strip_prefix(&dir).unwrap_or(from);
            let rel = rel.to_string_lossy().replace('\\', "/");
            (
                from.clone(),
                routes::file_of_path(&routes::static_file_path(&rel)),
            )
        })
        .collect()
}

fn write_error(file: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write output file {file}: {e}"))
}

/// Passes pages on to a sink and reports how many are done.
struct CountingSink<'a> {
    inner: &'a dyn Sink,
    done: AtomicUsize,
    total: usize,
    progress: Option<Progress>,
}

impl CountingSink<'_> {
    fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(Progress(report)) = &self.progress
            && (done.is_multiple_of(256) || done == self.total)
        {
            report(done, self.total);
        }
    }
}

impl Sink for CountingSink<'_> {
    fn put(&self, file: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.put(file, bytes)
    }

    fn put_page(&self, file: &str, bytes: &[u8], fingerprint: u64) -> std::io::Result<()> {
        // The search index is stored with a fingerprint too; only pages count.
        if file.ends_with(".html") {
            self.tick();
        }
        self.inner.put_page(file, bytes, fingerprint)
    }

    fn keep_if_unchanged(&self, file: &str, fingerprint: u64) -> bool {
        let kept = self.inner.keep_if_unchanged(file, fingerprint);
        if kept {
            self.tick();
        }
        kept
    }

    fn keep_folder_if_unchanged(&self, folder: &str, fingerprint: u64) -> bool {
        self.inner.keep_folder_if_unchanged(folder, fingerprint)
    }

    fn put_linked(&self, file: &str, from: &Path, fingerprint: u64) -> std::io::Result<()> {
        self.inner.put_linked(file, from, fingerprint)
    }

    fn expect_folders(&self, folders: &[&str]) {
        self.inner.expect_folders(folders)
    }

    fn read_back(&self, file: &str) -> Option<Vec<u8>> {
        self.inner.read_back(file)
    }
}

/// Why a build failed, and whether the output folder is as it was (it is,
/// unless the system failed while putting the old site back).
#[derive(Debug)]
pub struct BuildFailure {
    pub errors: Diagnostics,
    pub output_unchanged: bool,
}

impl From<Diagnostics> for BuildFailure {
    fn from(errors: Diagnostics) -> BuildFailure {
        BuildFailure {
            errors,
            output_unchanged: true,
        }
    }
}

/// Builds the site into its output folder: all or nothing.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let output = options.output_dir();
    crate::write::guard::check_output(&options.root, &output, options.force)
        .map_err(|d| Diagnostics::from_iter([d]))?;
    let (mut site, mut warnings) = Site::load(options)?;
    let loaded = Instant::now();
    let peak_after_load = peak_memory();
    let staged = StagedOutput::new(&output, options.force).map_err(|e| {
        Diagnostics::from_iter([Diagnostic::error(format!(
            "cannot prepare output folder {}: {e}",
            output.display()
        ))])
    })?;
    // Under the output's lock: two builds of one output never share the cache.
    let image_cache = ImageCache::new(crate::write::beside(&output, "image-cache"));
    match images::process_site(&site.root, &site.config, &site.library, &image_cache) {
        Ok(processed) => site.images = processed,
        Err(errors) => {
            staged.abandon();
            return Err(errors.into());
        }
    }
    let processed = Instant::now();
    let counted = CountingSink {
        inner: &staged,
        done: AtomicUsize::new(0),
        total: site.page_count(),
        progress: options.progress.clone(),
    };
    let render = site.render_all(&counted, RenderOptions::default());
    if render.errors.has_errors() {
        staged.abandon();
        return Err(render.errors.into());
    }
    let rendered = Instant::now();
    let peak_after_render = peak_memory();
    let links = links_to_publish(&site, &render.files, &counted, options.drafts);
    if links.has_errors() {
        staged.abandon();
        warnings.extend(links);
        return Err(warnings.into());
    }
    warnings.extend(links);
    let verified = Instant::now();
    let mut written = staged.commit().map_err(|e| BuildFailure {
        errors: Diagnostics::from_iter([e.diagnostic]),
        output_unchanged: e.output_unchanged,
    })?;
    warnings.extend(std::mem::take(&mut written.warnings));
    if let Some(made) = site.cards.as_mut() {
        warnings.extend(std::mem::take(&mut made.warnings));
    }
    site.finish_markdown_cache();
    // A cache left untidy only grows; the next good build tries again.
    let _ = image_cache.retain(&site.images.keys());
    let image_stats = site.images.stats;
    let (articles, left_out) = (site.library.articles.len(), site.library.left_out.len());
    // Freeing a large site takes a while (0.5 s at 100,000 articles) and
    // nothing waits for it: the process may end before it is done.
    std::thread::spawn(move || drop(site));
    Ok(BuildReport {
        pages: render.pages,
        files: written.files,
        written,
        articles,
        left_out,
        warnings,
        elapsed: started.elapsed(),
        images: image_stats,
        timings: BuildTimings {
            load: loaded - started,
            images: processed - loaded,
            render: rendered - processed,
            verify: verified - rendered,
            commit: verified.elapsed(),
            peak_after_load,
            peak_after_render,
        },
    })
}

/// What the staged site's links would show readers: errors stop a build; a
/// `--drafts` build (a preview of what is not ready) reports them as warnings.
fn links_to_publish(site: &Site, files: &SiteFiles, sink: &dyn Sink, drafts: bool) -> Diagnostics {
    let found = site.verify_links(files, sink).diagnostics;
    if drafts {
        verify::as_warnings(found)
    } else {
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_come_from_both_halves_of_the_page_list_in_turn() {
        let paths: Vec<String> = ["/", "/news/a/", "/news/b/", "/404.html", "/tags/x/"]
            .iter()
            .map(|p| p.to_string())
            .collect();
        // Halves: ["/", "/news/a/"] and ["/news/b/", "/404.html", "/tags/x/"].
        assert_eq!(
            folders_in_render_order(&paths),
            ["news/b", "news/a", "tags/x"],
            "the root and files are not folders to make"
        );
    }
}
