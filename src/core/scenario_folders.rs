//! Where scenarios come from, and which copy plays: the shipped folder (installed with Frontline,
//! or `scenarios/` of a source checkout) under the trainer's own folder (`scenarios/` in the user's
//! data folder, or a folder given with `--scenarios`). A trainer's copy of a shipped scenario (the
//! same id) replaces it; two files with one id in the same folder are an error, as `frontline
//! check` reports.

use crate::core::diagnostic::Diagnostic;
use crate::core::ids::ScenarioId;
use crate::core::library::{display_path, duplicate_scenario_ids, load_scenario, scenario_files};
use crate::core::loader::{FileReport, LoadedScenario};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Names the folder that holds Frontline's shipped data (`scenarios/` inside it), overriding where
/// the program looks for it (next to the executable, `../share/frontline`).
pub const SHARE_DIR_ENV: &str = "FRONTLINE_SHARE_DIR";

/// The name of the scenario folder inside the shipped data folder and the user's data folder.
pub const SCENARIOS: &str = "scenarios";

/// Whose a scenario folder is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FolderKind {
    /// Installed with Frontline (read-only for the learner), or `scenarios/` of a source checkout.
    Shipped,
    /// The trainer's own scenarios in the user's data folder (`~/.local/share/frontline/scenarios`).
    Own,
    /// A folder given with `--scenarios`.
    Given,
}

/// One folder of scenarios.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioFolder {
    /// Whose it is.
    pub kind: FolderKind,
    /// Where it is.
    pub path: PathBuf,
}

/// The scenario folders in layer order: the shipped folder first, the trainer's last (it wins).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioFolders {
    /// Lowest layer first.
    pub layers: Vec<ScenarioFolder>,
}

/// A scenario file found in one of the folders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayeredFile {
    /// Index into [`ScenarioFolders::layers`].
    pub layer: usize,
    /// The path inside its folder.
    pub relative: PathBuf,
    /// The path on disk.
    pub path: PathBuf,
}

/// Frontline's shipped data folder: `$FRONTLINE_SHARE_DIR`, else `../share/frontline` next to the
/// executable (`/usr/bin/frontline` → `/usr/share/frontline`; the same in an unpacked archive).
pub fn shipped_data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(SHARE_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?.parent()?.join("share").join("frontline");
    dir.join(SCENARIOS).is_dir().then_some(dir)
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

impl ScenarioFolders {
    /// One folder and nothing under it (`frontline play FILE`'s folder, tests).
    pub fn single(path: &Path) -> ScenarioFolders {
        ScenarioFolders { layers: vec![ScenarioFolder { kind: FolderKind::Given, path: path.to_path_buf() }] }
    }

    /// The folders Frontline shows: the shipped scenarios (found by [`shipped_data_dir`]; in a
    /// source checkout, `scenarios/` of the current folder when no folder is given), then `given`
    /// (`--scenarios`) or else the trainer's own folder in the data folder (`data_dir`, see
    /// [`crate::core::progress::location::data_dir`]), which need not exist yet.
    pub fn discover(given: Option<&Path>, data_dir: Option<&Path>) -> ScenarioFolders {
        let shipped = shipped_data_dir()
            .map(|d| d.join(SCENARIOS))
            .or_else(|| given.is_none().then(|| PathBuf::from(SCENARIOS)).filter(|p| p.is_dir()));
        let top = match given {
            Some(path) => Some(ScenarioFolder { kind: FolderKind::Given, path: path.to_path_buf() }),
            None => crate::core::progress::location::data_dir(data_dir)
                .map(|d| ScenarioFolder { kind: FolderKind::Own, path: d.join(SCENARIOS) }),
        };
        let mut layers = Vec::new();
        if let Some(path) = shipped.filter(|p| top.as_ref().is_none_or(|t| !same_folder(&t.path, p))) {
            layers.push(ScenarioFolder { kind: FolderKind::Shipped, path });
        }
        layers.extend(top);
        ScenarioFolders { layers }
    }

    /// The trainer's folder (own or given), where new scenarios go; `None` when only the shipped
    /// folder is known.
    pub fn trainers(&self) -> Option<&ScenarioFolder> {
        self.layers.iter().rev().find(|l| l.kind != FolderKind::Shipped)
    }

    /// The folders that exist.
    pub fn existing(&self) -> Vec<PathBuf> {
        self.layers.iter().filter(|l| l.path.is_dir()).map(|l| l.path.clone()).collect()
    }

    /// Every scenario file of every folder (catalogs and exam sets left out), layer by layer, each
    /// folder's files sorted.
    pub fn scenario_files(&self) -> Vec<LayeredFile> {
        let mut out = Vec::new();
        for (layer, folder) in self.layers.iter().enumerate() {
            if !folder.path.is_dir() {
                continue;
            }
            for path in scenario_files(&folder.path) {
                let relative = path.strip_prefix(&folder.path).map(Path::to_path_buf).unwrap_or_else(|_| path.clone());
                out.push(LayeredFile { layer, relative, path });
            }
        }
        out
    }

    /// The file `name` stands for: a path that exists as given, else a path inside a folder (the
    /// trainer's first).
    pub fn resolve(&self, name: &Path) -> Option<PathBuf> {
        if name.is_file() {
            return Some(name.to_path_buf());
        }
        self.layers.iter().rev().map(|l| l.path.join(name)).find(|p| p.is_file())
    }

    /// Every scenario file loaded, with whether it plays (`None`: it does not load; its report
    /// says why).
    pub fn survey(&self) -> Vec<SurveyedFile> {
        let files: Vec<(LayeredFile, Result<LoadedScenario, Box<FileReport>>)> =
            self.scenario_files().into_iter().map(|f| (f.clone(), load_scenario(&f.path))).collect();
        let loaded: Vec<(usize, LayerEntry)> = files
            .iter()
            .enumerate()
            .filter_map(|(i, (f, l))| {
                l.as_ref().ok().map(|l| {
                    (
                        i,
                        LayerEntry {
                            layer: f.layer,
                            name: display_path(&f.path),
                            id: l.scenario.id.clone(),
                            text: l.text.clone(),
                        },
                    )
                })
            })
            .collect();
        let entries: Vec<LayerEntry> = loaded.iter().map(|(_, e)| e.clone()).collect();
        let mut standing: Vec<Option<Standing>> = vec![None; files.len()];
        for ((i, _), s) in loaded.iter().zip(standings(&entries)) {
            standing[*i] = Some(s);
        }
        files
            .into_iter()
            .zip(standing)
            .map(|((file, loaded), standing)| SurveyedFile { file, loaded, standing })
            .collect()
    }

    /// The scenarios that play, loaded: every file that loads and is neither replaced by a
    /// trainer's copy nor a duplicate of an earlier file of its folder.
    pub fn load_playable(&self) -> Vec<LoadedScenario> {
        self.survey()
            .into_iter()
            .filter(|s| s.standing.as_ref().is_some_and(Standing::plays))
            .filter_map(|s| s.loaded.ok())
            .collect()
    }
}

/// A scenario file, loaded, and whether it plays.
#[derive(Clone, Debug)]
pub struct SurveyedFile {
    /// Where it is.
    pub file: LayeredFile,
    /// The scenario, or the report of why it does not load.
    pub loaded: Result<LoadedScenario, Box<FileReport>>,
    /// Whether it plays (`None` when it does not load).
    pub standing: Option<Standing>,
}

/// A loaded scenario file, as [`standings`] weighs it.
#[derive(Clone, Debug)]
pub struct LayerEntry {
    /// Its folder's layer (higher wins).
    pub layer: usize,
    /// Its file name as messages show it.
    pub name: String,
    /// Its scenario id.
    pub id: ScenarioId,
    /// Its text (to place a duplicate-id error).
    pub text: Arc<str>,
}

/// Whether a scenario file plays, and why not.
#[derive(Clone, Debug, PartialEq)]
pub enum Standing {
    /// It plays.
    Plays,
    /// It plays instead of the shipped (lower-layer) file named here, which has the same id.
    Replaces(String),
    /// A trainer's copy (named here) with the same id plays instead.
    ReplacedBy(String),
    /// An earlier file of the same folder already uses its id: an error to fix.
    Duplicate(Box<Diagnostic>),
}

impl Standing {
    /// It can be played.
    pub fn plays(&self) -> bool {
        matches!(self, Standing::Plays | Standing::Replaces(_))
    }
}

/// For loaded scenario files in layer order: which play. In one folder the first file with an id
/// plays and the others are duplicates (`duplicate-scenario-id`); across folders the highest layer's
/// file plays and replaces the lower ones.
pub fn standings(entries: &[LayerEntry]) -> Vec<Standing> {
    let mut out: Vec<Standing> = vec![Standing::Plays; entries.len()];
    let mut layers: Vec<usize> = entries.iter().map(|e| e.layer).collect();
    layers.sort_unstable();
    layers.dedup();
    for layer in layers {
        let in_layer: Vec<usize> = (0..entries.len()).filter(|&i| entries[i].layer == layer).collect();
        let triples: Vec<(String, ScenarioId, Arc<str>)> = in_layer
            .iter()
            .map(|&i| (entries[i].name.clone(), entries[i].id.clone(), entries[i].text.clone()))
            .collect();
        for d in duplicate_scenario_ids(&triples) {
            // The diagnostic names the second file; mark the first entry of that name not yet marked.
            if let Some(&i) = in_layer.iter().find(|&&i| entries[i].name == d.file && out[i] == Standing::Plays) {
                out[i] = Standing::Duplicate(Box::new(d));
            }
        }
    }
    for i in 0..entries.len() {
        if !out[i].plays() {
            continue;
        }
        let winner = (0..entries.len())
            .filter(|&j| entries[j].id == entries[i].id && entries[j].layer > entries[i].layer && out[j].plays())
            .max_by_key(|&j| (entries[j].layer, std::cmp::Reverse(j)));
        if let Some(j) = winner {
            out[i] = Standing::ReplacedBy(entries[j].name.clone());
        }
    }
    for i in 0..entries.len() {
        if out[i] != Standing::Plays {
            continue;
        }
        let replaced = (0..entries.len())
            .filter(|&j| entries[j].layer < entries[i].layer && entries[j].id == entries[i].id)
            .find(|&j| matches!(&out[j], Standing::ReplacedBy(by) if *by == entries[i].name));
        if let Some(j) = replaced {
            out[i] = Standing::Replaces(entries[j].name.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(layer: usize, name: &str, id: &str) -> LayerEntry {
        LayerEntry {
            layer,
            name: name.into(),
            id: ScenarioId::new(id),
            text: Arc::from(format!("Scenario(id: \"{id}\")").as_str()),
        }
    }

    #[test]
    fn the_trainers_copy_replaces_the_shipped_one_and_says_which() {
        let s = standings(&[entry(0, "share/a.ron", "a"), entry(0, "share/b.ron", "b"), entry(1, "own/my_a.ron", "a")]);
        assert_eq!(s[0], Standing::ReplacedBy("own/my_a.ron".into()));
        assert_eq!(s[1], Standing::Plays);
        assert_eq!(s[2], Standing::Replaces("share/a.ron".into()));
    }

    #[test]
    fn two_files_with_one_id_in_a_folder_are_an_error_not_a_replacement() {
        let s = standings(&[entry(1, "own/a.ron", "a"), entry(1, "own/a2.ron", "a"), entry(0, "share/a.ron", "a")]);
        assert_eq!(s[0], Standing::Replaces("share/a.ron".into()));
        assert!(matches!(&s[1], Standing::Duplicate(d) if d.code == "duplicate-scenario-id"), "{:?}", s[1]);
        assert_eq!(s[2], Standing::ReplacedBy("own/a.ron".into()));
    }

    #[test]
    fn a_given_folder_is_the_trainers_and_the_shipped_one_stays_under_it() {
        let dir = std::env::temp_dir().join(format!("frontline-folders-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("mine")).expect("folder");
        let folders = ScenarioFolders::discover(Some(&dir.join("mine")), None);
        let top = folders.trainers().expect("a trainer's folder");
        assert_eq!(top.kind, FolderKind::Given);
        assert_eq!(top.path, dir.join("mine"));
        // Without a folder given, the trainer's folder is `scenarios/` in the data folder.
        let folders = ScenarioFolders::discover(None, Some(&dir.join("data")));
        let top = folders.trainers().expect("own folder");
        assert_eq!((top.kind, top.path.clone()), (FolderKind::Own, dir.join("data").join(SCENARIOS)));
        assert!(folders.existing().iter().all(|p| p.is_dir()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
