//! Scenarios as Bevy assets: a custom `AssetLoader` over the core's one loader
//! ([`crate::core::loader`]), and the library of scenario files with their current errors, over the
//! layered scenario folders ([`crate::core::scenario_folders`]: one asset source per folder; a
//! trainer's copy replaces the shipped scenario). Edits hot-reload through `file_watcher`; a broken
//! edit keeps the last good version and records the error until the file is fixed.

use crate::core::diagnostic::Diagnostic;
use crate::core::library::{DiskAssets, folder_of};
use crate::core::load::SourceFile;
use crate::core::loader::{CatalogInput, FileReport, LoadedScenario, begin};
use crate::core::scenario_folders::{FolderKind, LayerEntry, ScenarioFolders, Standing, standings};
use bevy::asset::io::Reader;
use bevy::asset::{AssetLoadError, AssetLoadFailedEvent, AssetLoader, AssetPath, LoadContext};
use bevy::prelude::*;
use std::path::{Path, PathBuf};

/// The asset source that serves the scenario folder of layer `layer` (`scenarios-0` is the lowest).
pub fn source_name(layer: usize) -> String {
    format!("scenarios-{layer}")
}

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

/// Loads `.ron` scenarios from the scenario folders, with their technique catalog.
#[derive(TypePath)]
pub struct ScenarioLoader {
    /// The scenario folders on disk, by layer (file names in diagnostics, sound files next to the
    /// scenario).
    pub folders: ScenarioFolders,
}

impl ScenarioLoader {
    /// The folder an asset path's source serves.
    fn root(&self, path: &AssetPath<'_>) -> PathBuf {
        let layer = path.source().as_str().and_then(|s| s.strip_prefix("scenarios-")).and_then(|n| n.parse().ok());
        match layer.and_then(|l: usize| self.folders.layers.get(l)) {
            Some(folder) => folder.path.clone(),
            None => PathBuf::from("."),
        }
    }

    /// Where to read a catalog that is not next to the scenario: the shipped folder's copy (a
    /// trainer's scenario may use the shipped `techniques.ron`), when it has one and the scenario is
    /// not itself shipped.
    fn shipped_catalog(&self, path: &AssetPath<'_>, reference: &str) -> Option<AssetPath<'static>> {
        let shipped = self.folders.layers.iter().position(|l| l.kind == FolderKind::Shipped)?;
        let name = source_name(shipped);
        let usable = path.source().as_str() != Some(name.as_str())
            && Path::new(reference).components().count() == 1
            && self.folders.layers[shipped].path.join(reference).is_file();
        usable.then(|| AssetPath::from(reference.to_string()).with_source(name))
    }
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
        let root = self.root(load_context.path());
        let disk_path = root.join(&relative);
        let name = display_name(&root, &relative);
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
        let catalog_name = display_name(&root, &relative.parent().unwrap_or(Path::new("")).join(&reference));
        let next_to_it = load_context.path().resolve_embed_str(&reference);
        let shipped = (!disk_path.with_file_name(&reference).exists())
            .then(|| self.shipped_catalog(load_context.path(), &reference))
            .flatten();
        let catalog = match shipped.map(Ok).unwrap_or(next_to_it) {
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
    /// Its folder's layer in [`ScenarioLibrary::folders`].
    pub layer: usize,
    /// Path relative to its folder (what `--scenario` and [`StartCall`] may name).
    ///
    /// [`StartCall`]: crate::game::session::StartCall
    pub file: PathBuf,
    /// The path on disk.
    pub path: PathBuf,
    /// The asset handle.
    pub handle: Handle<ScenarioAsset>,
    /// The current error, when the latest version of the file does not load.
    pub error: Option<ScenarioLoadError>,
    /// Another file in the folder already uses this scenario's id: it cannot be played.
    pub duplicate: Option<ScenarioLoadError>,
    /// A trainer's copy (this file, on disk) plays instead of this shipped scenario.
    pub replaced_by: Option<String>,
    /// This trainer's copy plays instead of the shipped file named here.
    pub replaces: Option<String>,
    /// Number of times it (re)loaded successfully.
    pub loads: u32,
}

/// Every scenario file found in the scenario folders.
#[derive(Resource, Debug, Clone)]
pub struct ScenarioLibrary {
    /// The scenario folders, lowest layer first.
    pub folders: ScenarioFolders,
    /// Files, by layer, then sorted.
    pub entries: Vec<LibraryEntry>,
}

impl ScenarioLibrary {
    /// An empty library over the folders.
    pub fn new(folders: ScenarioFolders) -> Self {
        ScenarioLibrary { folders, entries: Vec::new() }
    }

    /// Entries that currently have an error.
    pub fn errors(&self) -> impl Iterator<Item = &LibraryEntry> {
        self.entries.iter().filter(|e| e.error.is_some() || e.duplicate.is_some())
    }

    /// Whether an entry can be played, as far as the folders go (not a duplicate, not replaced).
    fn stands(e: &LibraryEntry) -> bool {
        e.duplicate.is_none() && e.replaced_by.is_none()
    }

    /// The entry a file names: its path on disk, or its path inside a folder (the copy that
    /// plays, the trainer's folder first).
    pub fn entry(&self, file: &Path) -> Option<&LibraryEntry> {
        let on_disk = crate::game::absolute(file);
        self.entries.iter().find(|e| e.path == file || e.path == on_disk).or_else(|| {
            let mut named: Vec<&LibraryEntry> = self.entries.iter().filter(|e| e.file == file).collect();
            named.sort_by_key(|e| (Self::stands(e), e.layer));
            named.last().copied()
        })
    }

    /// The loaded scenario of an entry, when it can be played now (loaded, its id not taken, not
    /// replaced by a trainer's copy).
    pub fn playable<'a>(&self, file: &Path, scenarios: &'a Assets<ScenarioAsset>) -> Option<&'a LoadedScenario> {
        let entry = self.entry(file).filter(|e| Self::stands(e))?;
        scenarios.get(&entry.handle).map(|a| &a.0)
    }

    /// Where a trainer's own scenarios go, when there is such a folder.
    pub fn trainers_folder(&self) -> Option<&Path> {
        self.folders.trainers().map(|f| f.path.as_path())
    }

    /// The entries as the library shows them: playable scenarios in [`Scenario::library_key`]
    /// order (the same in every language); the files that cannot be played after them, by file name.
    ///
    /// [`Scenario::library_key`]: crate::core::scenario::Scenario::library_key
    pub fn in_display_order<'a>(&'a self, scenarios: &Assets<ScenarioAsset>) -> Vec<&'a LibraryEntry> {
        let loaded = |e: &&LibraryEntry| Self::stands(e).then(|| scenarios.get(&e.handle)).flatten();
        let mut playable: Vec<(&LibraryEntry, _)> =
            self.entries.iter().filter_map(|e| loaded(&e).map(|a| (e, a.0.scenario.library_key()))).collect();
        playable.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.file.cmp(&b.0.file)));
        let mut out: Vec<&LibraryEntry> = playable.into_iter().map(|(e, _)| e).collect();
        // The files that cannot be played, but not the shipped scenarios a trainer's copy replaces.
        out.extend(self.entries.iter().filter(|e| loaded(e).is_none() && e.replaced_by.is_none()));
        out
    }

    /// Marks which files play (the core's rule, as `frontline check` and the terminal picker apply
    /// it): a second file with an id in one folder is a duplicate; a trainer's copy replaces the
    /// shipped file with its id.
    pub fn mark_duplicates(&mut self, scenarios: &Assets<ScenarioAsset>) {
        let loaded: Vec<(usize, LayerEntry)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                scenarios.get(&e.handle).map(|a| {
                    let entry = LayerEntry {
                        layer: e.layer,
                        name: crate::core::library::display_path(&e.path),
                        id: a.0.scenario.id.clone(),
                        text: a.0.text.clone(),
                    };
                    (i, entry)
                })
            })
            .collect();
        let entries: Vec<LayerEntry> = loaded.iter().map(|(_, e)| e.clone()).collect();
        let replaced_before: Vec<Option<String>> = self.entries.iter().map(|e| e.replaces.clone()).collect();
        for e in &mut self.entries {
            (e.duplicate, e.replaced_by, e.replaces) = (None, None, None);
        }
        for ((i, entry), standing) in loaded.iter().zip(standings(&entries)) {
            let e = &mut self.entries[*i];
            match standing {
                Standing::Plays => {}
                Standing::Replaces(name) => {
                    if replaced_before[*i].as_ref() != Some(&name) {
                        info!("{} is the trainer's copy: it replaces the shipped {name}", entry.name);
                    }
                    e.replaces = Some(name);
                }
                Standing::ReplacedBy(name) => e.replaced_by = Some(name),
                Standing::Duplicate(d) => {
                    e.duplicate =
                        Some(ScenarioLoadError::new(FileReport::new(&entry.name, &entry.text, None, vec![*d])))
                }
            }
        }
    }
}

/// Asks for a rescan of the scenario folder (new files are loaded).
#[derive(Message, Clone, Debug, Default)]
pub struct RescanLibrary;

/// Looks for scenario files not yet in the library and starts loading them.
pub fn scan_library(mut library: ResMut<ScenarioLibrary>, server: Res<AssetServer>) {
    for found in library.folders.scenario_files() {
        if library.entries.iter().any(|e| e.layer == found.layer && e.file == found.relative) {
            continue;
        }
        let asset_path =
            format!("{}://{}", source_name(found.layer), found.relative.to_string_lossy().replace('\\', "/"));
        let handle = server.load::<ScenarioAsset>(asset_path);
        library.entries.push(LibraryEntry {
            layer: found.layer,
            file: found.relative,
            path: crate::game::absolute(&found.path),
            handle,
            error: None,
            duplicate: None,
            replaced_by: None,
            replaces: None,
            loads: 0,
        });
    }
    library.entries.sort_by(|a, b| (a.layer, &a.file).cmp(&(b.layer, &b.file)));
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
            info!("scenario {} loaded", crate::core::library::display_path(&entry.path));
        }
    }
    for failure in failures.read() {
        let Some(entry) = library.entries.iter_mut().find(|e| e.handle.id() == failure.id) else { continue };
        let name = crate::core::library::display_path(&entry.path);
        let error = match &failure.error {
            AssetLoadError::AssetLoaderError(e) => match e.error().downcast_ref::<ScenarioLoadError>() {
                Some(err) => err.clone(),
                None => plain_error(&name, &e.error().to_string()),
            },
            other => plain_error(&name, &other.to_string()),
        };
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

/// Registers one asset source per scenario folder, `scenarios-0://` upwards (watched when
/// `AssetPlugin` watches for changes). Must run before `AssetPlugin` is added.
pub fn register_sources(app: &mut App, folders: &ScenarioFolders) {
    for (layer, folder) in folders.layers.iter().enumerate() {
        let path = folder.path.to_string_lossy().into_owned();
        app.register_asset_source(
            source_name(layer),
            bevy::asset::io::AssetSourceBuilder::platform_default(&path, None),
        );
    }
}

/// The scenario asset type, its loader and the library. Call [`register_sources`] first.
pub fn plugin(app: &mut App, folders: ScenarioFolders) {
    app.init_asset::<ScenarioAsset>()
        .register_asset_loader(ScenarioLoader { folders: folders.clone() })
        .insert_resource(ScenarioLibrary::new(folders))
        .add_message::<RescanLibrary>()
        .add_systems(Startup, scan_library)
        .add_systems(Update, (rescan_on_request, track_scenario_events).chain());
}
