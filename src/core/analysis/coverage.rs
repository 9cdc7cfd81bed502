//! The library view: which technique each scenario trains, the gaps, and length cues library-wide.

use crate::core::analysis::LengthCue;
use crate::core::analysis::smells::{LENGTH_BIAS_PERCENT, length_cue};
use crate::core::ids::ScenarioId;
use crate::core::scenario::Scenario;
use crate::core::technique::{Catalog, Family};
use crate::core::text::Lang;
use serde::Serialize;

/// One technique across the library.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    /// The technique's id.
    pub id: String,
    /// Its English name.
    pub name: String,
    /// Its family.
    pub family: Family,
    /// Per scenario (in [`Coverage::scenarios`] order): decision nodes where an option shows it, or
    /// for an anti-pattern, options that commit it.
    pub per_scenario: Vec<u32>,
    /// Options across the library that show it (always 0 for an anti-pattern).
    pub choices_for: u32,
    /// Options across the library that break it (for an anti-pattern: commit it).
    pub choices_against: u32,
}

/// How many options across a library should show each technique and how many break it (for an
/// anti-pattern, commit it), so that a learner meets it both ways more than once.
pub const COVERAGE_MIN: u32 = 3;

/// The technique × scenario matrix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The scenarios, in the columns' order.
    pub scenarios: Vec<ScenarioId>,
    /// One row per catalog technique, in natural id order.
    pub rows: Vec<CoverageRow>,
    /// Techniques no scenario trains (or anti-patterns no option commits), in sentences.
    pub gaps: Vec<String>,
    /// Length cues summed over the library, per language.
    pub length: Vec<LengthCue>,
    /// Library-wide problems (the length cue over the whole library), in sentences.
    pub smells: Vec<String>,
}

/// Options across `scenarios` tagged with technique `id`, shown (`shown`) or broken.
fn tagged(scenarios: &[&Scenario], id: &str, shown: bool) -> u32 {
    scenarios
        .iter()
        .flat_map(|s| s.nodes.iter().flat_map(|n| n.choices.iter()))
        .filter(|c| c.techniques.iter().any(|g| g.is_shown() == shown && g.id() == id))
        .count() as u32
}

/// Builds the matrix for `scenarios`, all using `catalog`.
pub fn coverage(catalog: &Catalog, scenarios: &[&Scenario]) -> Coverage {
    let mut rows: Vec<CoverageRow> = catalog
        .techniques
        .iter()
        .map(|t| CoverageRow {
            id: t.id.clone(),
            name: t.name.en.clone(),
            family: t.family,
            per_scenario: scenarios
                .iter()
                .map(|s| {
                    if t.family == Family::AntiPattern {
                        s.nodes
                            .iter()
                            .flat_map(|n| n.choices.iter())
                            .filter(|c| c.techniques.iter().any(|g| !g.is_shown() && g.id() == t.id))
                            .count() as u32
                    } else {
                        s.nodes
                            .iter()
                            .filter(|n| {
                                n.choices.iter().any(|c| c.techniques.iter().any(|g| g.is_shown() && g.id() == t.id))
                            })
                            .count() as u32
                    }
                })
                .collect(),
            choices_for: tagged(scenarios, &t.id, true),
            choices_against: tagged(scenarios, &t.id, false),
        })
        .collect();
    rows.sort_by_key(|r| crate::core::technique::id_order(&r.id));
    let gaps = rows
        .iter()
        .filter_map(|r| {
            if r.family == Family::AntiPattern {
                (r.choices_against < COVERAGE_MIN).then(|| {
                    format!(
                        "`{}` ({}): {} option(s) in the library commit this anti-pattern (at least {COVERAGE_MIN} wanted)",
                        r.id, r.name, r.choices_against
                    )
                })
            } else {
                (r.choices_for < COVERAGE_MIN || r.choices_against < COVERAGE_MIN).then(|| {
                    format!(
                        "`{}` ({}): {} option(s) show it and {} break it (at least {COVERAGE_MIN} each wanted)",
                        r.id, r.name, r.choices_for, r.choices_against
                    )
                })
            }
        })
        .collect();
    let mut length = Vec::new();
    let mut smells = Vec::new();
    for lang in [Lang::En, Lang::Zh] {
        let mut total = LengthCue { lang, decision_nodes: 0, best_is_longest: 0, best_is_shortest: 0 };
        for s in scenarios.iter().filter(|s| s.languages.contains(&lang)) {
            let cue = length_cue(s, lang);
            total.decision_nodes += cue.decision_nodes;
            total.best_is_longest += cue.best_is_longest;
            total.best_is_shortest += cue.best_is_shortest;
        }
        if total.decision_nodes > 0 && total.best_is_longest * 100 > LENGTH_BIAS_PERCENT * total.decision_nodes {
            smells.push(format!(
                "in {}, the best option is the longest in {} of {} decision nodes across the library (more than {LENGTH_BIAS_PERCENT} %)",
                lang.code(),
                total.best_is_longest,
                total.decision_nodes
            ));
        }
        length.push(total);
    }
    Coverage { scenarios: scenarios.iter().map(|s| s.id.clone()).collect(), rows, gaps, length, smells }
}
