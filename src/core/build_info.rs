//! Which Frontline this is: the version and the commit it was built from (`build.rs`), as
//! `frontline --version` prints it and result files and xAPI statements carry it.

/// The version of the package (Cargo.toml).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The commit the program was built from: 12 hex digits, or what `FRONTLINE_COMMIT` said when
/// building, or "unknown" (built outside a git checkout).
pub const COMMIT: &str = env!("FRONTLINE_COMMIT");

/// The version and commit in one short text: `0.1.0 (commit 02802c4a1b2c)`.
pub const VERSION_WITH_COMMIT: &str = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("FRONTLINE_COMMIT"), ")");

/// The name and version as an xAPI `context.platform` and result files give it:
/// `Frontline 0.1.0 (commit 02802c4a1b2c)`.
pub fn platform() -> String {
    format!("Frontline {VERSION_WITH_COMMIT}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_names_the_package_version_and_a_commit() {
        let line = platform();
        assert!(line.starts_with(&format!("Frontline {VERSION} (commit ")), "{line}");
        assert!(line.ends_with(')'), "{line}");
        assert!(!COMMIT.is_empty() && !COMMIT.contains(char::is_whitespace), "{COMMIT:?}");
    }
}
