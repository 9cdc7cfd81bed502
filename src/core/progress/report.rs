//! A learner's progress in one piece — history, results per scenario, mastery per technique and
//! what to practise next — as the progress screen shows it and `frontline progress` prints it.

use crate::core::loader::LoadedScenario;
use crate::core::progress::mastery::{Mastery, Reason, Recommendation, ScenarioOffer, mastery, recommend};
use crate::core::progress::queries::{AttemptSummary, ScenarioResult};
use crate::core::progress::store::{Store, StoreError};
use crate::core::text::Lang;
use crate::core::ui_text::{Text, fill, t};
use serde::Serialize;
use std::fmt::Write;

/// What a learner's progress screen shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProgressReport {
    /// The learner.
    pub learner: String,
    /// Every attempt, oldest first.
    pub attempts: Vec<AttemptSummary>,
    /// Best, latest and count per scenario.
    pub scenarios: Vec<ScenarioResult>,
    /// Mastery per technique (techniques that were on offer at least once).
    pub mastery: Vec<Mastery>,
    /// What to practise next (none when the library is empty).
    pub recommendation: Option<Recommendation>,
}

/// The scenarios as the recommendation sees them.
pub fn offers(library: &[LoadedScenario]) -> Vec<ScenarioOffer> {
    library
        .iter()
        .map(|l| ScenarioOffer {
            scenario_id: l.scenario.id.to_string(),
            difficulty: l.scenario.difficulty,
            techniques: l.scenario.techniques_by_opportunity(),
        })
        .collect()
}

impl ProgressReport {
    /// Reads a learner's progress and works out the recommendation over `library`.
    pub fn build(store: &Store, learner: &str, library: &[ScenarioOffer]) -> Result<ProgressReport, StoreError> {
        let attempts = store.history(learner)?;
        let scenarios = store.scenario_results(learner)?;
        let mastery = mastery(&store.technique_samples(learner)?);
        let recommendation = recommend(&mastery, &scenarios, library);
        let learner = store.learner(learner)?.map_or_else(|| learner.to_string(), |l| l.name);
        Ok(ProgressReport { learner, attempts, scenarios, mastery, recommendation })
    }

    /// Why the recommended scenario, in words (`title` names the scenario).
    pub fn reason_text(&self, lang: Lang, title: &str, technique_name: &str) -> Option<String> {
        let r = self.recommendation.as_ref()?;
        Some(match &r.reason {
            Reason::Weakest { mastery, .. } => fill(
                lang,
                Text::RecommendWeakest,
                &[("title", &title), ("technique", &technique_name), ("mastery", mastery)],
            ),
            Reason::FirstCall => fill(lang, Text::RecommendFirstCall, &[("title", &title)]),
            Reason::NotPlayedYet => fill(lang, Text::RecommendNotPlayed, &[("title", &title)]),
            Reason::LowestBest { best } => fill(lang, Text::RecommendLowestBest, &[("title", &title), ("best", best)]),
        })
    }

    /// The report as plain text. `title_of` and `technique_of` give display names for ids.
    pub fn render(
        &self,
        lang: Lang,
        title_of: &dyn Fn(&str) -> String,
        technique_of: &dyn Fn(&str) -> String,
    ) -> String {
        let mut out = String::new();
        let sep = t(lang, Text::ColonSeparator);
        let _ = writeln!(out, "{}{sep}{}", t(lang, Text::Learner), self.learner);
        let _ = writeln!(out, "{}", fill(lang, Text::AttemptsCount, &[("count", &self.attempts.len())]));
        if !self.scenarios.is_empty() {
            let _ = writeln!(out, "\n{}", t(lang, Text::ProgressScenariosHeading));
            for s in &self.scenarios {
                let _ = writeln!(
                    out,
                    "  {}  {}",
                    title_of(&s.scenario_id),
                    fill(
                        lang,
                        Text::BestLatestCount,
                        &[("best", &s.best), ("latest", &s.latest), ("count", &s.attempts)]
                    )
                );
            }
        }
        if !self.mastery.is_empty() {
            let _ = writeln!(out, "\n{}", t(lang, Text::MasteryHeading));
            let mut by_level = self.mastery.clone();
            by_level.sort_by(|a, b| a.mastery.cmp(&b.mastery).then_with(|| a.technique_id.cmp(&b.technique_id)));
            for m in &by_level {
                let bar: String =
                    "█".repeat((m.mastery as usize).div_ceil(10)) + &"·".repeat(10 - (m.mastery as usize).div_ceil(10));
                let trend = m.trend.map(|d| format!("  {d:+}")).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  {:<4} {bar} {:>3}{trend}  {}",
                    m.technique_id,
                    m.mastery,
                    technique_of(&m.technique_id)
                );
            }
        }
        if let Some(r) = &self.recommendation {
            let technique = match &r.reason {
                Reason::Weakest { technique_id, .. } => technique_of(technique_id),
                _ => String::new(),
            };
            if let Some(why) = self.reason_text(lang, &title_of(&r.scenario_id), &technique) {
                let _ = writeln!(out, "\n{}{sep}{why}", t(lang, Text::PractiseNext));
            }
        }
        out
    }
}
