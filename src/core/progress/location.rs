//! Where the progress database lives: `--data-dir`, else `$FRONTLINE_DATA_DIR`, else the OS data
//! directory (`~/.local/share/frontline` on Linux).

use std::path::{Path, PathBuf};

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "progress.db";

/// The data directory: the one given (a `--data-dir` option), else `$FRONTLINE_DATA_DIR`, else the
/// OS data directory. `None` when none can be found (no home directory).
pub fn data_dir(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = given {
        return Some(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os("FRONTLINE_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "frontline").map(|d| d.data_dir().to_path_buf())
}

/// The database file in the data directory.
pub fn database_path(given: Option<&Path>) -> Option<PathBuf> {
    data_dir(given).map(|d| d.join(DATABASE_FILE))
}
