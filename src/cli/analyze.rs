//! `frontline analyze`, `frontline graph` and `frontline gen-bench`: the trainer's view of a
//! scenario's fairness, its map, and large generated scenarios for the benchmark.

use crate::cli::print_stdout;
use frontline::core::analysis::coverage::Coverage;
use frontline::core::analysis::generate::layered;
use frontline::core::analysis::on_disk::{FileAnalysis, FileProblem, LibraryAnalysis, analyze_paths};
use frontline::core::analysis::{Analysis, smells};
use frontline::core::graph_export::{to_dot, to_mermaid};
use frontline::core::library::load_scenario;
use frontline::core::text::Lang;
use serde::Serialize;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The map's text format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT (`dot -Tsvg map.dot > map.svg`).
    Dot,
    /// A Mermaid flowchart (Markdown viewers draw it).
    Mermaid,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    file: &'a str,
    analysis: Option<&'a Analysis>,
    error: Option<String>,
    smells: &'a [frontline::core::diagnostic::Diagnostic],
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    files: Vec<JsonFile<'a>>,
    coverage: Option<&'a Coverage>,
    exam_problems: &'a [String],
    problems: usize,
}

/// Analyses `paths`; returns 0 when nothing needs fixing, 1 otherwise.
pub fn run(paths: &[PathBuf], json: bool) -> i32 {
    let paths = if paths.is_empty() { vec![PathBuf::from("scenarios")] } else { paths.to_vec() };
    let library = match analyze_paths(&paths) {
        Ok(l) => l,
        Err(d) => {
            eprintln!("{}", d.headline());
            return 1;
        }
    };
    if json {
        let files = library
            .files
            .iter()
            .map(|f| JsonFile {
                file: &f.file,
                analysis: f.outcome.as_ref().ok(),
                error: f.outcome.as_ref().err().map(problem_text),
                smells: &f.diagnostics,
            })
            .collect();
        let out = JsonOutput {
            files,
            coverage: library.coverage.as_ref(),
            exam_problems: &library.exam_problems,
            problems: library.problems(),
        };
        match serde_json::to_string_pretty(&out) {
            Ok(s) => print_stdout(&format!("{s}\n")),
            Err(e) => {
                eprintln!("error: cannot write JSON: {e}");
                return 1;
            }
        }
    } else {
        print_stdout(&human(&library));
        for f in &library.files {
            match &f.outcome {
                Ok(_) => {
                    for d in &f.diagnostics {
                        let text = std::fs::read_to_string(&f.file).unwrap_or_default();
                        eprintln!("{}", d.render(&text));
                    }
                }
                Err(FileProblem::DoesNotLoad(report)) => eprintln!("{}", report.render()),
                Err(p @ FileProblem::TooLarge(_)) => eprintln!("{}: error: {}", f.file, problem_text(p)),
            }
        }
        for p in library.coverage.iter().flat_map(|c| c.smells.iter()).chain(library.exam_problems.iter()) {
            eprintln!("warning: {p}");
        }
        let problems = library.problems();
        let verdict = if problems == 0 { "ok" } else { "FAILED" };
        eprintln!("{verdict}: {} scenario(s) analysed, {problems} problem(s) to fix", library.files.len());
    }
    if library.problems() == 0 { 0 } else { 1 }
}

fn problem_text(p: &FileProblem) -> String {
    match p {
        FileProblem::DoesNotLoad(r) => {
            format!("does not load: {} error(s); run `frontline check {}`", r.errors(), r.name)
        }
        FileProblem::TooLarge(e) => e.clone(),
    }
}

fn range(r: Option<frontline::core::analysis::ScoreRange>) -> String {
    r.map(|r| format!("{}–{}", r.min, r.max)).unwrap_or_else(|| "not offered".into())
}

fn human(library: &LibraryAnalysis) -> String {
    let mut out = String::new();
    for f in &library.files {
        if let Ok(a) = &f.outcome {
            file_text(&mut out, f, a);
        }
    }
    if let Some(c) = &library.coverage {
        coverage_text(&mut out, c);
    }
    out
}

fn file_text(out: &mut String, f: &FileAnalysis, a: &Analysis) {
    let classes = a.temperament_classes.len();
    let _ = writeln!(
        out,
        "{} — {} ({} call states; {}; temperament in {classes} class{})",
        f.file,
        a.scenario,
        a.states,
        if a.exact { "exact" } else { "not exact: a loop, see below" },
        if classes == 1 { "" } else { "es" }
    );
    let _ = writeln!(
        out,
        "  Over every playable call: overall {}–{}, listening {}, recovery {}",
        a.overall.min,
        a.overall.max,
        range(a.listening),
        range(a.recovery)
    );
    if let Some(best) = &a.best_call {
        let _ = writeln!(
            out,
            "  Best call: overall {}, listening {}, recovery {}, ending {}; replay it with\n    frontline play {} --text --seed {} --choice-ids {}",
            best.overall,
            best.listening.map(|v| v.to_string()).unwrap_or_else(|| "—".into()),
            best.recovery.map(|v| v.to_string()).unwrap_or_else(|| "—".into()),
            best.ending.as_ref().map(|e| e.to_string()).unwrap_or_else(|| "—".into()),
            f.file,
            best.seed,
            best.choices.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(",")
        );
    }
    let _ = writeln!(out, "  Endings:");
    for e in &a.endings {
        let how = if !e.reachable {
            "never reached".to_string()
        } else {
            let mut ways: Vec<String> = e.reached_by.iter().map(|c| c.to_string()).collect();
            if e.by_walkout {
                ways.push("patience running out".into());
            }
            format!("after {}", ways.join(", "))
        };
        let _ = writeln!(out, "    {:<22} {:<15} {how}", e.id.as_str(), e.outcome.label(Lang::En));
    }
    let _ = writeln!(out, "  Without listening:");
    for s in &a.strategies {
        let name = match s.lang {
            Some(l) => format!("{} ({})", s.strategy.label(), l.code()),
            None => s.strategy.label().to_string(),
        };
        let score = if s.overall_low == s.overall_high && s.method.starts_with("exact") {
            s.overall_high.to_string()
        } else if s.method.starts_with("exact") {
            format!("{}–{}", s.overall_low, s.overall_high)
        } else {
            format!("{:.1} on average", s.overall_mean)
        };
        let flag = if s.lang.is_some() && s.overall_high > smells::STRATEGY_LIMIT { "  ← too high" } else { "" };
        let _ = writeln!(out, "    {name:<40} {score:>14}   ({}){flag}", s.method);
    }
    for cue in &a.length {
        let _ = writeln!(
            out,
            "  Length ({}): the best option is the longest in {} of {} decision nodes, the shortest in {}",
            cue.lang.code(),
            cue.best_is_longest,
            cue.decision_nodes,
            cue.best_is_shortest
        );
    }
    let _ = writeln!(out, "  Techniques (choices for / against; on the best call earned / opportunities):");
    for t in &a.techniques {
        let best = t.best_call.map(|(e, o)| format!("{e}/{o}{}", if e < o { "  ← not earnable in full" } else { "" }));
        let _ = writeln!(
            out,
            "    {:<4} {:<38} {:>2} / {:<2}  {}",
            t.id,
            t.name,
            t.choices_for,
            t.choices_against,
            best.unwrap_or_default()
        );
    }
    for e in &a.exams {
        let _ = writeln!(
            out,
            "  Exam {}: pass mark {} overall{}{} — {}",
            e.exam,
            e.thresholds.overall,
            e.thresholds.listening.map(|v| format!(", listening {v}")).unwrap_or_default(),
            e.thresholds.recovery.map(|v| format!(", recovery {v}")).unwrap_or_default(),
            if e.attainable {
                format!("can be met (best without a critical choice: {})", e.best_overall)
            } else {
                format!("CANNOT be met: {}", e.reason.clone().unwrap_or_default())
            }
        );
    }
    let _ = writeln!(
        out,
        "  Smells: {}\n",
        if a.smells.is_empty() { "none".to_string() } else { format!("{} (listed below)", a.smells.len()) }
    );
}

fn coverage_text(out: &mut String, c: &Coverage) {
    let _ = writeln!(
        out,
        "Library coverage (decision nodes that offer each technique; for anti-patterns, options that commit it;\n  for / against: options across the library that show / break it):"
    );
    let _ = write!(out, "  {:<40}", "");
    for (k, _) in c.scenarios.iter().enumerate() {
        let _ = write!(out, " {:>4}", format!("S{}", k + 1));
    }
    let _ = writeln!(out, "   for / against");
    for row in &c.rows {
        let _ = write!(out, "  {:<4} {:<35}", row.id, frontline::core::graph_export::shorten(&row.name, 35));
        for n in &row.per_scenario {
            let _ = write!(out, " {:>4}", if *n == 0 { "·".to_string() } else { n.to_string() });
        }
        let _ = writeln!(out, "   {:>3} / {:<3}", row.choices_for, row.choices_against);
    }
    for (k, s) in c.scenarios.iter().enumerate() {
        let _ = writeln!(out, "  S{} = {s}", k + 1);
    }
    for cue in &c.length {
        let _ = writeln!(
            out,
            "  Library length ({}): the best option is the longest in {} of {} decision nodes",
            cue.lang.code(),
            cue.best_is_longest,
            cue.decision_nodes
        );
    }
    if c.gaps.is_empty() {
        let _ = writeln!(out, "  Gaps: none");
    } else {
        let _ = writeln!(out, "  Gaps:");
        for g in &c.gaps {
            let _ = writeln!(out, "    {g}");
        }
    }
}

/// Prints a generated scenario of `nodes` nodes (RON).
pub fn gen_bench(nodes: usize, seed: u64) -> i32 {
    let scenario = layered(nodes, seed);
    match ron::ser::to_string_pretty(&scenario, ron::ser::PrettyConfig::default()) {
        Ok(text) => {
            print_stdout(&format!("{text}\n"));
            0
        }
        Err(e) => {
            eprintln!("error: cannot write the scenario: {e}");
            1
        }
    }
}

/// Prints the map of a scenario.
pub fn graph(file: &Path, format: GraphFormat, lang: Lang) -> i32 {
    match load_scenario(file) {
        Ok(loaded) => {
            let text = match format {
                GraphFormat::Dot => to_dot(&loaded.scenario, lang),
                GraphFormat::Mermaid => to_mermaid(&loaded.scenario, lang),
            };
            print_stdout(&text);
            0
        }
        Err(report) => {
            eprintln!("{}", report.render());
            1
        }
    }
}
