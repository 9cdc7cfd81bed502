//! Scoring a finished (or abandoned) call: per technique, per family, overall, and a review of every choice.
//!
//! The formula is documented in the README ("Scoring"). All arithmetic is integer, so a report is
//! exactly reproducible and hashable.

use crate::core::engine::{CallState, EndReason, Position, Turn, best_offered};
use crate::core::ids::{ChoiceId, NodeId, ScenarioId};
use crate::core::meters::Meters;
use crate::core::scenario::{Choice, Node, Outcome, Scenario};
use crate::core::technique::{Catalog, Family};
use crate::core::text::Localized;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Share of the overall score that comes from technique use (the rest comes from the ending).
pub const TECHNIQUE_SHARE_PERCENT: u32 = 75;

/// How one technique went over the call.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TechniqueResult {
    /// Technique id from the catalog, e.g. `L1`.
    pub id: String,
    /// Its name in both languages, from the catalog.
    pub name: Localized,
    /// The family it belongs to in the catalog.
    pub family: Family,
    /// The family its points count in.
    pub scored_in: Family,
    /// Sum over decisions of the best weight any offered choice had for it.
    pub opportunities: u32,
    /// Sum of the weights the learner's choices demonstrated.
    pub earned: u32,
    /// Sum of the weights the learner's choices violated.
    pub penalty: u32,
    /// Decisions where it was on offer and chosen.
    pub hits: u32,
    /// Decisions where it was on offer and not chosen.
    pub misses: u32,
    /// Times it was violated (or the anti-pattern committed).
    pub violations: u32,
    /// 0–100, when there was an opportunity.
    pub score: Option<u32>,
}

/// A better option the learner could have taken.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BetterOption {
    /// What it said.
    pub text: Localized,
    /// Why that option works, from the scenario.
    pub feedback: Localized,
    /// Techniques it demonstrates.
    pub shows: Vec<String>,
}

/// Review of one decision.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TurnReview {
    /// The node where the decision was made.
    pub node: NodeId,
    /// The stable id of the choice taken.
    pub choice_id: ChoiceId,
    /// What the customer said.
    pub customer_line: Localized,
    /// What the learner said.
    pub said: Localized,
    /// Why it was good or bad.
    pub feedback: Localized,
    /// Ids of the techniques the chosen option demonstrates (`Shows` tags).
    pub shows: Vec<String>,
    /// Ids of the techniques the chosen option violates (`Breaks` tags).
    pub breaks: Vec<String>,
    /// Net weight of the choice (demonstrated minus violated).
    pub net: i64,
    /// The best option offered, when it was better than the one taken.
    pub better: Option<BetterOption>,
    /// Meters after the choice.
    pub meters_after: Meters,
}

/// A time the learner let the customer wait too long, and what it cost.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HesitationReview {
    /// The node the customer was waiting at.
    pub node: NodeId,
    /// What the customer had just said.
    pub customer_line: Localized,
    /// Patience before the timer ran out.
    pub patience_before: i32,
    /// Patience after it drained.
    pub patience_after: i32,
    /// Patience ran out and the customer left.
    pub walked_out: bool,
}

/// How much of the customer's line a hesitation quotes (characters): enough to recognise it.
pub const HESITATION_QUOTE: usize = 48;

impl HesitationReview {
    /// One sentence saying what the wait cost, as the debrief shows it.
    pub fn describe(&self, lang: crate::core::text::Lang) -> String {
        crate::core::ui_text::fill(
            lang,
            crate::core::ui_text::Text::HesitationLine,
            &[
                ("line", &crate::core::graph_export::shorten(&self.customer_line.learner(lang), HESITATION_QUOTE)),
                ("before", &self.patience_before),
                ("after", &self.patience_after),
            ],
        )
    }
}

/// The debrief of one call.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Report {
    /// The id of the scenario played.
    pub scenario_id: ScenarioId,
    /// The scenario's title in both languages.
    pub title: Localized,
    /// The call's seed.
    pub seed: u64,
    /// The ending, when the call ended.
    pub ending: Option<EndingResult>,
    /// Listening score 0–100 (None when the call offered no listening technique).
    pub listening: Option<u32>,
    /// Recovery score 0–100 (None when the call offered no recovery technique).
    pub recovery: Option<u32>,
    /// Both families together, 0–100.
    pub techniques_score: u32,
    /// Overall 0–100: technique score and ending combined.
    pub overall: u32,
    /// Per technique, in natural id order (L1, L2, …, R2, R10).
    pub techniques: Vec<TechniqueResult>,
    /// Every decision, in order.
    pub turns: Vec<TurnReview>,
    /// Meters at the start, before a decision when hesitation changed them, after every decision,
    /// and at the end (for the mood chart).
    pub timeline: Vec<Meters>,
    /// Every time the learner let a patience timer run out, with its cost.
    pub hesitations: Vec<HesitationReview>,
}

/// How the call ended.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EndingResult {
    /// The ending reached (an id from the scenario's `endings`).
    pub id: NodeId,
    /// Place on the waterfall.
    pub outcome: Outcome,
    /// The customer left without complaining — and will not come back (catalog O4/O5).
    pub silent_exit: bool,
    /// Why it ended.
    pub reason: EndReason,
    /// The ending's text.
    pub text: Localized,
}

/// Percentage `num/den` rounded half up and clamped to 0–100; `None` when `den` is 0.
pub fn percent(num: i64, den: i64) -> Option<u32> {
    if den <= 0 {
        return None;
    }
    let num = num.max(0);
    let p = (num * 200 + den) / (den * 2);
    Some(p.clamp(0, 100) as u32)
}

/// The overall score from the technique score and the ending's points (both 0–100): the technique
/// part weighs [`TECHNIQUE_SHARE_PERCENT`], the ending the rest, rounded half up.
pub fn overall_score(techniques_score: u32, outcome_points: u32) -> u32 {
    (techniques_score * TECHNIQUE_SHARE_PERCENT + outcome_points * (100 - TECHNIQUE_SHARE_PERCENT) + 50) / 100
}

/// Weight with which `choice` demonstrates technique `id` (0 if not).
fn shows_weight(choice: &Choice, id: &str) -> u32 {
    choice.techniques.iter().filter(|t| t.is_shown() && t.id() == id).map(|t| t.weight()).max().unwrap_or(0)
}

/// Net weight of a choice: what it demonstrates minus what it violates. Computed in 64 bits, so
/// even an unchecked file with absurd weights cannot overflow it.
pub fn net_weight(choice: &Choice) -> i64 {
    choice.techniques.iter().map(|t| if t.is_shown() { i64::from(t.weight()) } else { -i64::from(t.weight()) }).sum()
}

#[derive(Default)]
struct Tally {
    opportunities: u32,
    earned: u32,
    penalty: u32,
    hits: u32,
    misses: u32,
    violations: u32,
}

/// Scores a call from its state.
pub fn score(scenario: &Scenario, catalog: &Catalog, state: &CallState) -> Report {
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut reviews = Vec::new();
    let mut timeline = vec![scenario.starting_meters()];
    for turn in &state.turns {
        // Hesitation before a decision shows as its own point.
        if timeline.last() != Some(&turn.before) {
            timeline.push(turn.before);
        }
        timeline.push(turn.after);
        let Some(node) = scenario.node(&turn.node) else { continue };
        let Some(chosen) = node.choices.get(turn.chosen) else { continue };
        tally_turn(node, turn, chosen, catalog, &mut tallies);
        reviews.push(review(node, turn, chosen));
    }

    let mut techniques = Vec::new();
    if timeline.last() != Some(&state.meters) {
        timeline.push(state.meters);
    }
    let mut family_sums: BTreeMap<Family, (i64, i64)> = BTreeMap::new();
    for (id, t) in &tallies {
        let Some(tech) = catalog.get(id) else { continue };
        let scored_in = tech.scored_family();
        let entry = family_sums.entry(scored_in).or_default();
        entry.0 += i64::from(t.earned) - i64::from(t.penalty);
        entry.1 += i64::from(t.opportunities);
        techniques.push(TechniqueResult {
            id: id.clone(),
            name: tech.name.clone(),
            family: tech.family,
            scored_in,
            opportunities: t.opportunities,
            earned: t.earned,
            penalty: t.penalty,
            hits: t.hits,
            misses: t.misses,
            violations: t.violations,
            score: percent(i64::from(t.earned) - i64::from(t.penalty), i64::from(t.opportunities)),
        });
    }
    techniques.sort_by_key(|t| crate::core::technique::id_order(&t.id));
    let family = |f: Family| family_sums.get(&f).and_then(|(n, d)| percent(*n, *d));
    let (all_num, all_den) = family_sums.values().fold((0, 0), |acc, (n, d)| (acc.0 + n, acc.1 + d));
    let techniques_score = percent(all_num, all_den).unwrap_or(0);

    let ending = match &state.position {
        Position::Ended { ending, reason } => scenario.ending(ending).map(|e| EndingResult {
            id: e.id.clone(),
            outcome: e.outcome,
            silent_exit: e.silent_exit,
            reason: *reason,
            text: e.text.clone(),
        }),
        Position::AtNode { .. } => None,
    };
    let outcome_points = ending.as_ref().map(|e| e.outcome.points()).unwrap_or(0);
    let overall = overall_score(techniques_score, outcome_points);

    Report {
        scenario_id: scenario.id.clone(),
        title: scenario.title.clone(),
        seed: state.seed,
        ending,
        listening: family(Family::Listening),
        recovery: family(Family::Recovery),
        techniques_score,
        overall,
        techniques,
        turns: reviews,
        timeline,
        hesitations: state
            .hesitations
            .iter()
            .map(|h| HesitationReview {
                node: h.node.clone(),
                customer_line: scenario
                    .node(&h.node)
                    .and_then(|n| n.lines.get(h.variant))
                    .map(|l| crate::core::transcript::split_line(l).1.unwrap_or_else(|| l.clone()))
                    .unwrap_or_default(),
                patience_before: h.patience_before,
                patience_after: h.patience_after,
                walked_out: h.walked_out,
            })
            .collect(),
    }
}

fn tally_turn(node: &Node, turn: &Turn, chosen: &Choice, catalog: &Catalog, tallies: &mut BTreeMap<String, Tally>) {
    // Opportunities: every non-anti-pattern technique some offered choice demonstrates.
    let mut offered_ids: BTreeMap<&str, u32> = BTreeMap::new();
    for &i in &turn.offered {
        let Some(choice) = node.choices.get(i) else { continue };
        for tag in choice.techniques.iter().filter(|t| t.is_shown()) {
            let is_anti = catalog.get(tag.id()).is_none_or(|t| t.family == Family::AntiPattern);
            if is_anti {
                continue;
            }
            let w = offered_ids.entry(tag.id()).or_default();
            *w = (*w).max(tag.weight());
        }
    }
    for (id, best) in offered_ids {
        let t = tallies.entry(id.to_string()).or_default();
        t.opportunities = t.opportunities.saturating_add(best);
        let got = shows_weight(chosen, id).min(best);
        t.earned = t.earned.saturating_add(got);
        if got > 0 {
            t.hits += 1;
        } else {
            t.misses += 1;
        }
    }
    for tag in chosen.techniques.iter().filter(|t| !t.is_shown()) {
        let t = tallies.entry(tag.id().to_string()).or_default();
        t.penalty = t.penalty.saturating_add(tag.weight());
        t.violations += 1;
    }
}

fn review(node: &Node, turn: &Turn, chosen: &Choice) -> TurnReview {
    let net = net_weight(chosen);
    let best = best_offered(node, &turn.offered).and_then(|(_, i)| node.choices.get(i));
    let better = best.filter(|c| net_weight(c) > net).map(|c| BetterOption {
        text: c.text.clone(),
        feedback: c.feedback.clone(),
        shows: c.techniques.iter().filter(|t| t.is_shown()).map(|t| t.id().to_string()).collect(),
    });
    TurnReview {
        node: node.id.clone(),
        choice_id: turn.choice_id.clone(),
        customer_line: node.lines.get(turn.variant).cloned().unwrap_or_default(),
        said: chosen.text.clone(),
        feedback: chosen.feedback.clone(),
        shows: chosen.techniques.iter().filter(|t| t.is_shown()).map(|t| t.id().to_string()).collect(),
        breaks: chosen.techniques.iter().filter(|t| !t.is_shown()).map(|t| t.id().to_string()).collect(),
        net,
        better,
        meters_after: turn.after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_up_and_clamps() {
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(1, 2), Some(50));
        assert_eq!(percent(-4, 3), Some(0));
        assert_eq!(percent(9, 3), Some(100));
        assert_eq!(percent(1, 0), None);
    }
}
