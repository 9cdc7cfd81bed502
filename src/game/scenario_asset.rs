//! Scenarios as Bevy assets: a custom `AssetLoader` over the core's one loader
//! ([`crate::core::loader`]), and the library of scenario files with their current errors. Edits
//! hot-reload through `file_watcher`; a broken edit keeps the last good version and records the
//! error until the file is fixed.

use crate::core::diagnostic::Diagnostic;
use crate::core::library::{DiskAssets, duplicate_scenario_ids, folder_of, scenario_files};
use crate::core::load::SourceFile;
use crate::core::loader::{CatalogInput, FileReport, LoadedScenario, begin};
use bevy::asset::io::Reader;
use bevy::asset::{AssetLoadError, AssetLoadFailedEvent, AssetLoader, LoadContext};
use bevy::prelude::*;
use std::path::{Path, PathBuf};

/// Name of the asset source that serves the scenario folder.
pub const SOURCE: &str = "scenarios";

/// A scenario that passed the checker, as a Bevy asset.
#[derive(Asset, TypePath, Debug, Clone)]
pub struct ScenarioAsset(pub LoadedScenario);

/// Why a scenario asset did not load: the checker's findings, ready to show.
#[derive(Debug, Clone)]
pub struct ScenarioLoadError {
    /// The findings (errors first), with the texts they point into.
    pub report: FileReport,
    /// Rendered like `frontline check` prints them.
    pub rendered: String,
}

impl std::fmt::Display for ScenarioLoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let heads: Vec<String> = self.errors().map(Diagnostic::headline).collect();
        f.write_str(&heads.join("\n"))
    }
}

impl std::error::Error for ScenarioLoadError {}

impl ScenarioLoadError {
    fn new(report: FileReport) -> Self {
        let rendered = report.render();
        ScenarioLoadError { report, rendered }
    }

    /// The errors (not the warnings).
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.report.diagnostics.iter().filter(|d| d.is_error())
    }
}

/// Loads `.ron` scenarios from the scenario folder, with their technique catalog.
#[derive(TypePath)]
pub struct ScenarioLoader {
    /// The scenario folder on disk (file names in diagnostics, sound files next to the scenario).
    pub root: PathBuf,
}

impl AssetLoader for ScenarioLoader {
    type Asset = ScenarioAsset;
    type Settings = ();
    type Error = ScenarioLoadError;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        load_context: &mut LoadContext<'_>,
    ) -> Result<ScenarioAsset, ScenarioLoadError> {
        let relative = load_context.path().path().to_path_buf();
        let disk_path = self.root.join(&relative);
        let name = display_name(&self.root, &relative);
        let fail = |d: Diagnostic, text: &str| ScenarioLoadError::new(FileReport::new(&name, text, None, vec![d]));
        let mut bytes = Vec::new();
        if let Err(e) = reader.read_to_end(&mut bytes).await {
            return Err(fail(Diagnostic::error("io", &name, format!("cannot read: {e}")), ""));
        }
        let mut source = SourceFile::from_bytes(&name, bytes).map_err(|d| fail(*d, ""))?;
        source.path = Some(disk_path.clone());
        let pending = begin(source).map_err(|outcome| ScenarioLoadError::new(outcome.report))?;

        // The catalog is read through the asset server, so editing it reloads its scenarios too.
        let reference = pending.catalog_reference().to_string();
        let catalog_name = display_name(&self.root, &relative.parent().unwrap_or(Path::new("")).join(&reference));
        let catalog = match load_context.path().resolve_embed_str(&reference) {
            Err(e) => CatalogInput::Unreadable(Box::new(Diagnostic::error(
                "io",
                &catalog_name,
                format!("not a usable file name: {e}"),
            ))),
            Ok(asset_path) => match load_context.read_asset_bytes(asset_path).await {
                Err(e) => CatalogInput::Unreadable(Box::new(Diagnostic::error(
                    "io",
                    &catalog_name,
                    format!("cannot read the file: {e}"),
                ))),
                Ok(bytes) => match SourceFile::from_bytes(&catalog_name, bytes) {
                    Ok(source) => CatalogInput::Text(source),
                    Err(d) => CatalogInput::Unreadable(d),
                },
            },
        };
        let outcome = pending.finish(catalog, &DiskAssets { folder: folder_of(&disk_path) });
        outcome.loaded.map(ScenarioAsset).ok_or_else(|| ScenarioLoadError::new(outcome.report))
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

/// The file's name in messages: a path the trainer can open from where the game was started.
fn display_name(root: &Path, relative: &Path) -> String {
    crate::core::library::display_path(&root.join(relative))
}

/// One scenario file in the library.
#[derive(Debug, Clone)]
pub struct LibraryEntry {
    /// Path relative to the scenario folder.
    pub file: PathBuf,
    /// The asset handle.
    pub handle: Handle<ScenarioAsset>,
    /// The current error, when the latest version of the file does not load.
    pub error: Option<ScenarioLoadError>,
    /// Another file in the folder already uses this scenario's id: it cannot be played.
    pub duplicate: Option<ScenarioLoadError>,
    /// Number of times it (re)loaded successfully.
    pub loads: u32,
}

/// Every scenario file found in the scenario folder.
#[derive(Resource, Debug, Clone)]
pub struct ScenarioLibrary {
    /// The scenario folder on disk.
    pub root: PathBuf,
    /// Files, sorted.
    pub entries: Vec<LibraryEntry>,
}

impl ScenarioLibrary {
    /// An empty library over a folder.
    pub fn new(root: PathBuf) -> Self {
        ScenarioLibrary { root, entries: Vec::new() }
    }

    /// Entries that currently have an error.
    pub fn errors(&self) -> impl Iterator<Item = &LibraryEntry> {
        self.entries.iter().filter(|e| e.error.is_some() || e.duplicate.is_some())
    }

    /// The loaded scenario of an entry, when it can be played now (loaded, and its id not taken).
    pub fn playable<'a>(&self, file: &Path, scenarios: &'a Assets<ScenarioAsset>) -> Option<&'a LoadedScenario> {
        let entry = self.entries.iter().find(|e| e.file == file && e.duplicate.is_none())?;
        scenarios.get(&entry.handle).map(|a| &a.0)
    }

    /// The entries as the library shows them: playable scenarios in [`Scenario::library_key`]
    /// order (the same in every language); the files that cannot be played after them, by file name.
    ///
    /// [`Scenario::library_key`]: crate::core::scenario::Scenario::library_key
    pub fn in_display_order<'a>(&'a self, scenarios: &Assets<ScenarioAsset>) -> Vec<&'a LibraryEntry> {
        let mut playable: Vec<(&LibraryEntry, _)> = self
            .entries
            .iter()
            .filter_map(|e| self.playable(&e.file, scenarios).map(|l| (e, l.scenario.library_key())))
            .collect();
        playable.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.file.cmp(&b.0.file)));
        let mut out: Vec<&LibraryEntry> = playable.into_iter().map(|(e, _)| e).collect();
        out.extend(self.entries.iter().filter(|e| self.playable(&e.file, scenarios).is_none()));
        out
    }

    /// Marks entries whose scenario id an earlier file already uses (the core's rule, as `frontline check` applies it).
    pub fn mark_duplicates(&mut self, scenarios: &Assets<ScenarioAsset>) {
        let loaded: Vec<(usize, String, crate::core::ids::ScenarioId, std::sync::Arc<str>)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                scenarios
                    .get(&e.handle)
                    .map(|a| (i, display_name(&self.root, &e.file), a.0.scenario.id.clone(), a.0.text.clone()))
            })
            .collect();
        let ids: Vec<_> = loaded.iter().map(|(_, name, id, text)| (name.clone(), id.clone(), text.clone())).collect();
        let duplicates = duplicate_scenario_ids(&ids);
        for (i, name, _, text) in &loaded {
            let found: Vec<Diagnostic> = duplicates.iter().filter(|d| d.file == *name).cloned().collect();
            self.entries[*i].duplicate =
                (!found.is_empty()).then(|| ScenarioLoadError::new(FileReport::new(name, text, None, found)));
        }
    }
}

/// Asks for a rescan of the scenario folder (new files are loaded).
#[derive(Message, Clone, Debug, Default)]
pub struct RescanLibrary;

/// Looks for scenario files not yet in the library and starts loading them.
pub fn scan_library(mut library: ResMut<ScenarioLibrary>, server: Res<AssetServer>) {
    let root = library.root.clone();
    for path in scenario_files(&root) {
        let Ok(relative) = path.strip_prefix(&root).map(Path::to_path_buf) else { continue };
        if library.entries.iter().any(|e| e.file == relative) {
            continue;
        }
        let asset_path = format!("{SOURCE}://{}", relative.to_string_lossy().replace('\\', "/"));
        let handle = server.load::<ScenarioAsset>(asset_path);
        library.entries.push(LibraryEntry { file: relative, handle, error: None, duplicate: None, loads: 0 });
    }
    library.entries.sort_by(|a, b| a.file.cmp(&b.file));
}

fn rescan_on_request(
    mut requests: MessageReader<RescanLibrary>,
    library: ResMut<ScenarioLibrary>,
    server: Res<AssetServer>,
) {
    if requests.read().count() > 0 {
        scan_library(library, server);
    }
}

/// Records loads, reloads and failures of scenario assets in the library.
pub fn track_scenario_events(
    mut events: MessageReader<AssetEvent<ScenarioAsset>>,
    mut failures: MessageReader<AssetLoadFailedEvent<ScenarioAsset>>,
    mut library: ResMut<ScenarioLibrary>,
    scenarios: Res<Assets<ScenarioAsset>>,
) {
    let mut changed = false;
    for event in events.read() {
        changed = true;
        let id = match event {
            AssetEvent::LoadedWithDependencies { id } | AssetEvent::Modified { id } => *id,
            _ => continue,
        };
        if let Some(entry) = library.entries.iter_mut().find(|e| e.handle.id() == id) {
            entry.error = None;
            entry.loads += 1;
            info!("scenario {} loaded", entry.file.display());
        }
    }
    for failure in failures.read() {
        let error = match &failure.error {
            AssetLoadError::AssetLoaderError(e) => match e.error().downcast_ref::<ScenarioLoadError>() {
                Some(err) => err.clone(),
                None => plain_error(&display_name(&library.root, failure.path.path()), &e.error().to_string()),
            },
            other => plain_error(&display_name(&library.root, failure.path.path()), &other.to_string()),
        };
        let Some(entry) = library.entries.iter_mut().find(|e| e.handle.id() == failure.id) else { continue };
        // One save can trigger several reloads: report an error once, not once per reload.
        if entry.error.as_ref().map(|e| &e.rendered) != Some(&error.rendered) {
            // The report names the file; Bevy's own line for the failure is filtered out (see
            // `game::run`), so each error is printed once.
            warn!("a scenario does not load:\n{}", error.rendered);
        }
        entry.error = Some(error);
    }
    if changed {
        library.mark_duplicates(&scenarios);
    }
}

fn plain_error(name: &str, message: &str) -> ScenarioLoadError {
    ScenarioLoadError::new(FileReport::new(name, "", None, vec![Diagnostic::error("load", name, message.to_string())]))
}

/// Registers the `scenarios://` asset source (watched when `AssetPlugin` watches for changes).
/// Must run before `AssetPlugin` is added.
pub fn register_source(app: &mut App, root: &Path) {
    let path = root.to_string_lossy().into_owned();
    app.register_asset_source(SOURCE, bevy::asset::io::AssetSourceBuilder::platform_default(&path, None));
}

/// The scenario asset type, its loader and the library. Call [`register_source`] first.
pub fn plugin(app: &mut App, root: PathBuf) {
    app.init_asset::<ScenarioAsset>()
        .register_asset_loader(ScenarioLoader { root: root.clone() })
        .insert_resource(ScenarioLibrary::new(root))
        .add_message::<RescanLibrary>()
        .add_systems(Startup, scan_library)
        .add_systems(Update, (rescan_on_request, track_scenario_events).chain());
}
