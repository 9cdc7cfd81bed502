//! Mastery of each technique over time, and what to practise next.
//!
//! **Mastery** of a technique is the recency-weighted mean of its score (0–100) over the last
//! [`WINDOW`] attempts that offered it (had at least one point to earn): the oldest of those counts
//! 1, the next 2, … the newest `k`. `Σ wᵢ·sᵢ / Σ wᵢ`, rounded. Its **trend** is the mastery now
//! minus the mastery before the newest of those attempts. Attempts where the technique was not on
//! offer say nothing about it and do not count.
//!
//! **What to practise next**: the technique with the lowest mastery among those with at least
//! [`MIN_EVIDENCE`] attempts behind it, and the scenario that offers it most (ties: the easier, then
//! by id). Without such a technique: a learner who has played nothing gets the easiest scenario;
//! otherwise the easiest scenario not played yet, and when all have been played, the one with the
//! lowest best score.

use crate::core::progress::queries::{ScenarioResult, TechniqueSample};
use crate::core::scenario::Difficulty;
use crate::core::technique::Family;
use std::collections::BTreeMap;

/// Attempts a technique's mastery looks back over.
pub const WINDOW: usize = 5;

/// Attempts a technique needs before it can be recommended as the weakest.
pub const MIN_EVIDENCE: usize = 2;

/// One technique's mastery.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Mastery {
    /// Catalog id.
    pub technique_id: String,
    /// Its family.
    pub family: Family,
    /// Mastery 0–100.
    pub mastery: u32,
    /// Mastery now minus mastery before the latest attempt that offered it (none with one attempt).
    pub trend: Option<i32>,
    /// Attempts behind the figure (at most [`WINDOW`]).
    pub evidence: usize,
    /// Every score it had, oldest first (for a chart).
    pub history: Vec<u32>,
}

/// The recency-weighted mean of `scores` (oldest first), over the last [`WINDOW`].
pub fn weighted_mean(scores: &[u32]) -> Option<u32> {
    let window = &scores[scores.len().saturating_sub(WINDOW)..];
    if window.is_empty() {
        return None;
    }
    let (mut sum, mut weights) = (0u64, 0u64);
    for (i, &s) in window.iter().enumerate() {
        let w = i as u64 + 1;
        sum += w * u64::from(s.min(100));
        weights += w;
    }
    Some(((sum as f64 / weights as f64).round()) as u32)
}

/// Every technique's mastery from a learner's samples (oldest first), by technique id.
pub fn mastery(samples: &[TechniqueSample]) -> Vec<Mastery> {
    let mut by_technique: BTreeMap<&str, (Family, Vec<u32>)> = BTreeMap::new();
    for s in samples {
        if let (true, Some(score)) = (s.opportunities > 0, s.score) {
            by_technique.entry(&s.technique_id).or_insert_with(|| (s.family, Vec::new())).1.push(score);
        }
    }
    by_technique
        .into_iter()
        .filter_map(|(id, (family, scores))| {
            let now = weighted_mean(&scores)?;
            let before = weighted_mean(&scores[..scores.len() - 1]);
            Some(Mastery {
                technique_id: id.to_string(),
                family,
                mastery: now,
                trend: before.map(|b| now as i32 - b as i32),
                evidence: scores.len().min(WINDOW),
                history: scores,
            })
        })
        .collect()
}

/// A scenario as the recommendation sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioOffer {
    /// The scenario id.
    pub scenario_id: String,
    /// Its difficulty.
    pub difficulty: Difficulty,
    /// Points each technique can earn in it (`Scenario::techniques_by_opportunity`).
    pub techniques: Vec<(String, u32)>,
}

/// Why a scenario is recommended.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Reason {
    /// It trains the learner's weakest technique most.
    Weakest {
        /// The technique.
        technique_id: String,
        /// Its mastery.
        mastery: u32,
    },
    /// Nothing played yet: start with the easiest.
    FirstCall,
    /// Not played yet (the easiest of those).
    NotPlayedYet,
    /// Every scenario played: this one has the lowest best score.
    LowestBest {
        /// That score.
        best: u32,
    },
}

/// What to practise next.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Recommendation {
    /// The scenario to play.
    pub scenario_id: String,
    /// Why.
    pub reason: Reason,
}

/// What to practise next (see the module's documentation for the rule).
pub fn recommend(mastery: &[Mastery], results: &[ScenarioResult], library: &[ScenarioOffer]) -> Option<Recommendation> {
    let easier_first = |a: &&ScenarioOffer, b: &&ScenarioOffer| {
        a.difficulty.cmp(&b.difficulty).then_with(|| a.scenario_id.cmp(&b.scenario_id))
    };
    let weakest = mastery
        .iter()
        .filter(|m| m.evidence >= MIN_EVIDENCE)
        .filter(|m| library.iter().any(|s| offers(s, &m.technique_id) > 0))
        .min_by(|a, b| a.mastery.cmp(&b.mastery).then_with(|| a.technique_id.cmp(&b.technique_id)));
    if let Some(w) = weakest {
        let best = library.iter().filter(|s| offers(s, &w.technique_id) > 0).max_by(|a, b| {
            offers(a, &w.technique_id).cmp(&offers(b, &w.technique_id)).then_with(|| easier_first(b, a))
        })?;
        return Some(Recommendation {
            scenario_id: best.scenario_id.clone(),
            reason: Reason::Weakest { technique_id: w.technique_id.clone(), mastery: w.mastery },
        });
    }
    let played = |s: &ScenarioOffer| results.iter().find(|r| r.scenario_id == s.scenario_id);
    if results.is_empty() {
        let first = library.iter().min_by(easier_first)?;
        return Some(Recommendation { scenario_id: first.scenario_id.clone(), reason: Reason::FirstCall });
    }
    if let Some(s) = library.iter().filter(|s| played(s).is_none()).min_by(easier_first) {
        return Some(Recommendation { scenario_id: s.scenario_id.clone(), reason: Reason::NotPlayedYet });
    }
    let (s, best) = library
        .iter()
        .filter_map(|s| played(s).map(|r| (s, r.best)))
        .min_by(|(a, x), (b, y)| x.cmp(y).then_with(|| easier_first(a, b)))?;
    Some(Recommendation { scenario_id: s.scenario_id.clone(), reason: Reason::LowestBest { best } })
}

fn offers(scenario: &ScenarioOffer, technique: &str) -> u32 {
    scenario.techniques.iter().find(|(id, _)| id == technique).map_or(0, |(_, points)| *points)
}
