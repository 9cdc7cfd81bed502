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
}

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
        })
        .collect();
    rows.sort_by_key(|r| crate::core::technique::id_order(&r.id));
    let gaps = rows
        .iter()
        .filter(|r| r.per_scenario.iter().all(|&n| n == 0))
        .map(|r| {
            if r.family == Family::AntiPattern {
                format!("`{}` ({}): no option in the library commits this anti-pattern", r.id, r.name)
            } else {
                format!("`{}` ({}): no scenario gives a chance to show it", r.id, r.name)
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
