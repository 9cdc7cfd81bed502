//! Scenarios as Bevy assets: a custom `AssetLoader` over the core loader and checker, and the
//! library of scenario files with their current errors. Edits hot-reload through `file_watcher`;
//! a broken edit keeps the last good version and records the error until the file is fixed.

use crate::core::check::{check_catalog, check_scenario};
use crate::core::diagnostic::Diagnostic;
use crate::core::library::{LoadedScenario, scenario_files};
use crate::core::load::{SourceFile, parse_catalog, parse_scenario};
use bevy::asset::io::Reader;
use bevy::asset::{AssetLoadError, AssetLoadFailedEvent, AssetLoader, LoadContext};
use bevy::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Name of the asset source that serves the scenario folder.
pub const SOURCE: &str = "scenarios";

/// A scenario that passed the checker, as a Bevy asset.
#[derive(Asset, TypePath, Debug, Clone)]
pub struct ScenarioAsset(pub LoadedScenario);

/// Why a scenario asset did not load: the checker's diagnostics, ready to show.
#[derive(Debug, Clone)]
pub struct ScenarioLoadError {
    /// The findings (errors first).
    pub diagnostics: Vec<Diagnostic>,
    /// Rendered like `frontline check` prints them.
    pub rendered: String,
}

impl std::fmt::Display for ScenarioLoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let heads: Vec<String> = self.diagnostics.iter().filter(|d| d.is_error()).map(Diagnostic::headline).collect();
        f.write_str(&heads.join("\n"))
    }
}

impl std::error::Error for ScenarioLoadError {}

impl ScenarioLoadError {
    fn new(diagnostics: Vec<Diagnostic>, text: &str) -> Self {
        let rendered = diagnostics.iter().map(|d| d.render(text)).collect::<Vec<_>>().join("\n");
        ScenarioLoadError { diagnostics, rendered }
    }
}

/// Loads `.ron` scenarios from the scenario folder, with their technique catalog.
#[derive(TypePath)]
pub struct ScenarioLoader {
    /// The scenario folder on disk (for diagnostics and asset-file checks).
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
        let mut bytes = Vec::new();
        if let Err(e) = reader.read_to_end(&mut bytes).await {
            return Err(ScenarioLoadError::new(vec![Diagnostic::error("io", &name, format!("cannot read: {e}"))], ""));
        }
        let source = SourceFile::from_bytes(&name, bytes).map_err(|d| ScenarioLoadError::new(vec![*d], ""))?;
        let text = source.text.clone();
        let parsed = parse_scenario(source).map_err(|d| ScenarioLoadError::new(vec![*d], &text))?;

        let catalog_relative = relative.parent().unwrap_or(Path::new("")).join(&parsed.value.catalog);
        let catalog_name = display_name(&self.root, &catalog_relative);
        let catalog_asset_path = load_context.path().resolve_embed_str(&parsed.value.catalog).map_err(|e| {
            ScenarioLoadError::new(vec![Diagnostic::error("catalog", &name, format!("bad catalog path: {e}"))], &text)
        })?;
        let catalog_bytes = load_context.read_asset_bytes(catalog_asset_path).await.map_err(|e| {
            ScenarioLoadError::new(
                vec![Diagnostic::error(
                    "catalog",
                    &name,
                    format!("cannot read the technique catalog {catalog_name}: {e}"),
                )],
                &text,
            )
        })?;
        let catalog_source =
            SourceFile::from_bytes(&catalog_name, catalog_bytes).map_err(|d| ScenarioLoadError::new(vec![*d], ""))?;
        let catalog_text = catalog_source.text.clone();
        let catalog = parse_catalog(catalog_source).map_err(|d| ScenarioLoadError::new(vec![*d], &catalog_text))?;
        let catalog_diags = check_catalog(&catalog);
        if catalog_diags.iter().any(Diagnostic::is_error) {
            return Err(ScenarioLoadError::new(catalog_diags, &catalog_text));
        }

        let folder = disk_path.parent().map(Path::to_path_buf);
        let mut diags = check_scenario(&parsed, Some(&catalog.value), folder.as_deref());
        diags.sort_by_key(|d| !d.is_error());
        if diags.iter().any(Diagnostic::is_error) {
            return Err(ScenarioLoadError::new(diags, &text));
        }
        Ok(ScenarioAsset(LoadedScenario {
            scenario: Arc::new(parsed.value),
            catalog: Arc::new(catalog.value),
            warnings: diags,
            path: disk_path,
        }))
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

fn display_name(root: &Path, relative: &Path) -> String {
    let folder = root.file_name().map(PathBuf::from).unwrap_or_default();
    folder.join(relative).display().to_string()
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
        self.entries.iter().filter(|e| e.error.is_some())
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
        library.entries.push(LibraryEntry { file: relative, handle, error: None, loads: 0 });
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
) {
    for event in events.read() {
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
                None => plain_error(&failure.path.to_string(), &e.error().to_string()),
            },
            other => plain_error(&failure.path.to_string(), &other.to_string()),
        };
        let Some(entry) = library.entries.iter_mut().find(|e| e.handle.id() == failure.id) else { continue };
        // One save can trigger several reloads: report an error once, not once per reload.
        if entry.error.as_ref().map(|e| &e.rendered) != Some(&error.rendered) {
            warn!("scenario {} failed to load:\n{}", failure.path, error.rendered);
        }
        entry.error = Some(error);
    }
}

fn plain_error(name: &str, message: &str) -> ScenarioLoadError {
    ScenarioLoadError::new(vec![Diagnostic::error("load", name, message.to_string())], "")
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
