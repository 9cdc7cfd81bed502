//! Benchmark of the scenario analysis (run in release):
//! `cargo run --release --no-default-features --example analysis_bench`.
//!
//! Generates layered scenarios of 2,000 and 20,000 nodes (each with far more than 10^12 distinct
//! calls), analyses each, and prints the time, the number of call states and the figures found.
//! Targets: 2,000 nodes under 1 s; 20,000 nodes at most about 12 × the 2,000 time. It also times
//! the shipped scenarios.

use frontline::core::analysis::analyze;
use frontline::core::analysis::generate::layered;
use frontline::core::library::load_scenario;
use std::path::Path;
use std::time::Instant;

fn main() {
    let catalog = match load_scenario(Path::new("scenarios/late_flight.ron")) {
        Ok(l) => (*l.catalog).clone(),
        Err(report) => {
            eprintln!("{}", report.render());
            std::process::exit(1);
        }
    };
    let mut times = Vec::new();
    for nodes in [2_000usize, 20_000] {
        let scenario = layered(nodes, 1);
        let started = Instant::now();
        let analysis = match analyze(&scenario, &catalog, &[]) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        };
        let took = started.elapsed();
        times.push(took.as_secs_f64());
        println!(
            "{nodes:>6} nodes: {:>8.3} s  ({} call states; overall {}–{}; best call {} choices)",
            took.as_secs_f64(),
            analysis.states,
            analysis.overall.min,
            analysis.overall.max,
            analysis.best_call.as_ref().map_or(0, |b| b.choices.len())
        );
    }
    if let [small, large] = times[..] {
        println!(
            "ratio 20,000 / 2,000: {:.1} × (target: at most about 12 ×); 2,000 nodes target: under 1 s",
            large / small
        );
    }
    for file in ["scenarios/angry_caller.ron", "scenarios/late_flight.ron", "scenarios/lost_passport.ron"] {
        let Ok(loaded) = load_scenario(Path::new(file)) else { continue };
        let started = Instant::now();
        match analyze(&loaded.scenario, &loaded.catalog, &[]) {
            Ok(a) => println!("{file}: {:.3} s ({} call states)", started.elapsed().as_secs_f64(), a.states),
            Err(e) => println!("{file}: {e}"),
        }
    }
}
