//! The `frontline` executable: the command line (check, terminal play, the game) over the library.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
