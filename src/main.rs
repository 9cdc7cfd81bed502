//! The `frontline` executable: a thin wrapper over [`frontline::cli`].

fn main() {
    std::process::exit(frontline::cli::run());
}
