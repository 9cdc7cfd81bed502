//! Records the commit Frontline is built from (`frontline --version`, result files, xAPI): from
//! `FRONTLINE_COMMIT` when set (a build from a source archive), else from git, else "unknown".

use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

fn main() {
    println!("cargo:rerun-if-env-changed=FRONTLINE_COMMIT");
    let commit = match std::env::var("FRONTLINE_COMMIT") {
        Ok(given) if !given.trim().is_empty() => given.trim().to_string(),
        _ => {
            // Rebuild when HEAD moves: HEAD itself, the branch it points to, and packed refs.
            let branch = git(&["symbolic-ref", "-q", "HEAD"]);
            for path in ["HEAD", "packed-refs"].into_iter().chain(branch.as_deref()) {
                if let Some(file) = git(&["rev-parse", "--git-path", path]).filter(|f| Path::new(f).exists()) {
                    println!("cargo:rerun-if-changed={file}");
                }
            }
            git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".to_string())
        }
    };
    println!("cargo:rustc-env=FRONTLINE_COMMIT={commit}");
}
