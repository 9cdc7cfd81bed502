//! The scenario model: a customer, the nodes of the call, the learner's choices and the endings.
//!
//! This is exactly what a trainer writes in a `.ron` file; see the README for an annotated example.

use crate::core::condition::Condition;
use crate::core::ids::{ChoiceId, NodeId, ScenarioId};
use crate::core::look::{Distress, Look};
use crate::core::meters::{Effects, Meters};
use crate::core::text::{Lang, Localized};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// How hard a scenario is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Difficulty {
    /// A first call.
    Easy,
    /// Needs a few techniques together.
    Medium,
    /// An upset customer and little room for error.
    Hard,
}

impl Difficulty {
    /// Display name.
    pub fn label(self, lang: Lang) -> &'static str {
        crate::core::ui_text::t(lang, crate::core::ui_text::Text::DifficultyName(self))
    }
}

/// How the customer reaches the learner.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    /// A phone call: the game rings and the learner answers.
    #[default]
    Phone,
    /// Face to face at a desk or counter: the customer walks up.
    InPerson,
    /// A written chat: the customer's messages arrive as bubbles; patience is their wait for a reply.
    Chat,
    /// An e-mail thread with a subject: each turn is a message, the customer's quoting yours.
    Email,
}

impl Channel {
    /// The channels, in the order the library's filter shows them.
    pub const ALL: [Channel; 4] = [Channel::Phone, Channel::InPerson, Channel::Chat, Channel::Email];

    /// True for the written channels (chat and e-mail).
    pub fn is_written(self) -> bool {
        matches!(self, Channel::Chat | Channel::Email)
    }

    /// Display name.
    pub fn label(self, lang: Lang) -> &'static str {
        crate::core::ui_text::t(lang, crate::core::ui_text::Text::ChannelName(self))
    }
}

/// The real case a scenario is built on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceCase {
    /// Short description of the case, e.g. `"Lost passport in a taxi (王淑翠, 客户服务案例)"`.
    pub case: String,
    /// Citations in the catalog's notation, e.g. `["004#L345-359", "technique-catalog.md §5B"]`.
    #[serde(default)]
    pub refs: Vec<String>,
    /// Evidence tag of the story itself: `[C]` from a book, `[G]` invented from the catalog.
    #[serde(default)]
    pub tag: String,
}

/// How a customer's temper varies between calls: a percentage applied to every mood loss,
/// drawn once per call from `min..=max` with the call's seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Temperament {
    /// Least touchy (percent, e.g. 80 = losses hurt 20 % less).
    pub min: u32,
    /// Most touchy (percent, e.g. 130 = losses hurt 30 % more).
    pub max: u32,
}

impl Default for Temperament {
    fn default() -> Self {
        Temperament { min: 100, max: 100 }
    }
}

/// The customer on the line.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// Name shown in the transcript.
    pub name: Localized,
    /// One line about who they are, shown before the call.
    #[serde(default)]
    pub description: Localized,
    /// Meters at the start of the call.
    #[serde(default)]
    pub meters: Meters,
    /// Mood-loss sensitivity range.
    #[serde(default)]
    pub temperament: Temperament,
    /// Ending reached at once when patience falls to 0 (the customer hangs up or walks away).
    #[serde(default)]
    pub walkout: Option<NodeId>,
    /// What the customer looks like (the game draws it). Left out of the fingerprint when default.
    #[serde(default, skip_serializing_if = "Look::is_default")]
    pub look: Look,
    /// The kind of distress they bring (anger by default): the face follows it and the mood.
    #[serde(default, skip_serializing_if = "Distress::is_default")]
    pub distress: Distress,
}

/// A patience timer on a node: when the learner hesitates longer than `seconds`,
/// patience drops by `drain` (and again for every further `seconds`). Only the game uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatienceTimer {
    /// Seconds of thinking time before patience drains.
    pub seconds: u32,
    /// Patience lost each time the timer runs out.
    pub drain: i32,
}

/// How a choice relates to a technique.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TechniqueTag {
    /// The choice demonstrates the technique, with weight 1.
    Shows(String),
    /// The choice demonstrates the technique with the given weight (1–5).
    ShowsWeighted(String, u32),
    /// The choice violates the technique (or commits the anti-pattern), weight 1.
    Breaks(String),
    /// The choice violates the technique with the given weight (1–5).
    BreaksWeighted(String, u32),
}

impl TechniqueTag {
    /// The technique id.
    pub fn id(&self) -> &str {
        match self {
            TechniqueTag::Shows(id)
            | TechniqueTag::ShowsWeighted(id, _)
            | TechniqueTag::Breaks(id)
            | TechniqueTag::BreaksWeighted(id, _) => id,
        }
    }

    /// The weight (1 unless given).
    pub fn weight(&self) -> u32 {
        match self {
            TechniqueTag::Shows(_) | TechniqueTag::Breaks(_) => 1,
            TechniqueTag::ShowsWeighted(_, w) | TechniqueTag::BreaksWeighted(_, w) => *w,
        }
    }

    /// True when the choice demonstrates (rather than violates) the technique.
    pub fn is_shown(&self) -> bool {
        matches!(self, TechniqueTag::Shows(_) | TechniqueTag::ShowsWeighted(..))
    }
}

/// Something the learner can say.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Stable id, unique within the scenario (see [`ChoiceId`]); progress and results refer to the
    /// choice by it. Optional: without it, `node#position` is used and the checker warns.
    #[serde(default)]
    pub id: Option<ChoiceId>,
    /// What the learner says.
    pub text: Localized,
    /// Techniques this choice demonstrates or violates.
    #[serde(default)]
    pub techniques: Vec<TechniqueTag>,
    /// Changes to the customer's meters.
    #[serde(default)]
    pub effects: Effects,
    /// Why this choice is good or bad, shown in the debrief.
    pub feedback: Localized,
    /// The node or ending that follows (unless patience runs out first: then the walkout ending).
    pub next: NodeId,
    /// The choice is offered only when this holds.
    #[serde(default)]
    pub condition: Option<Condition>,
    /// Taking it fails the scenario in an exam, whatever the score (e.g. a promise the agent has no
    /// authority to make). Left out of the fingerprint when false, so older fingerprints hold.
    #[serde(default, skip_serializing_if = "is_false")]
    pub critical: bool,
    /// The choice is deliberately neither good nor bad listening (small talk, a neutral
    /// acknowledgement): it carries no technique tags and the checker does not warn that it is
    /// untagged. Left out of the fingerprint when false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub neutral: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// An automatic transition from a node without choices, taken when its condition holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Taken when this holds (or always, when absent). Routes are tried in order.
    #[serde(default)]
    pub when: Option<Condition>,
    /// The node or ending to go to.
    pub next: NodeId,
}

/// One turn of the call: the customer speaks, then the learner chooses (or a route is followed).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Unique id within the scenario (shared namespace with endings).
    pub id: NodeId,
    /// What the customer says; one variant is picked with the call's seed.
    #[serde(default)]
    pub lines: Vec<Localized>,
    /// A sound to play when the node starts, relative to the scenario's folder.
    #[serde(default)]
    pub sound: Option<String>,
    /// A voice-over file per language, relative to the scenario's folder.
    #[serde(default)]
    pub voice: Option<Localized>,
    /// Optional patience timer.
    #[serde(default)]
    pub timer: Option<PatienceTimer>,
    /// The learner's options (a decision point).
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// Automatic transitions, used when there are no choices.
    #[serde(default)]
    pub routes: Vec<Route>,
}

/// Where a call can end, on the loyalty waterfall (catalog O1), best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Outcome {
    /// 忠诚: will come back and recommend you.
    Loyal,
    /// 非常满意: the target level.
    VerySatisfied,
    /// 满意: satisfied, but may drift away.
    Satisfied,
    /// 不满意: dissatisfied.
    Dissatisfied,
    /// 生气: angry.
    Angry,
    /// 告状: escalates the complaint.
    Escalated,
}

impl Outcome {
    /// The waterfall from top to bottom.
    pub const WATERFALL: [Outcome; 6] = [
        Outcome::Loyal,
        Outcome::VerySatisfied,
        Outcome::Satisfied,
        Outcome::Dissatisfied,
        Outcome::Angry,
        Outcome::Escalated,
    ];

    /// Points this outcome is worth in the overall score (see README).
    pub fn points(self) -> u32 {
        match self {
            Outcome::Loyal => 100,
            Outcome::VerySatisfied => 85,
            Outcome::Satisfied => 60,
            Outcome::Dissatisfied => 30,
            Outcome::Angry => 10,
            Outcome::Escalated => 0,
        }
    }

    /// Display name.
    pub fn label(self, lang: Lang) -> &'static str {
        crate::core::ui_text::t(lang, crate::core::ui_text::Text::OutcomeName(self))
    }
}

/// How the call ends.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    /// Unique id within the scenario (shared namespace with nodes).
    pub id: NodeId,
    /// Place on the waterfall.
    pub outcome: Outcome,
    /// The customer leaves without complaining — and without coming back (catalog O4/O5).
    #[serde(default)]
    pub silent_exit: bool,
    /// The customer's last words or a narration of what happens next.
    pub text: Localized,
}

/// A whole scenario file: `Scenario(id: ..., ...)`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable id, e.g. `"angry_caller"`, unique across a scenario folder.
    pub id: ScenarioId,
    /// The title on the library card and the call screen.
    pub title: Localized,
    /// One-paragraph summary for the library card.
    pub summary: Localized,
    /// How hard the call is; the library lists easier scenarios first.
    pub difficulty: Difficulty,
    /// Estimated minutes to play.
    pub minutes: u32,
    /// Phone call, face to face, chat or e-mail (default: phone).
    #[serde(default)]
    pub channel: Channel,
    /// The e-mail thread's subject (the `Email` channel needs one). Left out of the fingerprint
    /// when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Localized>,
    /// Languages every text must have (default: English and Chinese).
    #[serde(default = "both_languages")]
    pub languages: Vec<Lang>,
    /// The real case behind it.
    pub source: SourceCase,
    /// The technique catalog file, relative to this file (default `techniques.ron`).
    #[serde(default = "default_catalog")]
    pub catalog: String,
    /// Who calls (or walks up): name, description, starting meters, temper, walkout ending.
    pub customer: Customer,
    /// Id of the first node.
    pub start: NodeId,
    /// The nodes of the call.
    pub nodes: Vec<Node>,
    /// The endings: where the call can finish on the loyalty waterfall.
    pub endings: Vec<Ending>,
    /// Free-form notes for trainers (not shown to learners).
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
}

fn both_languages() -> Vec<Lang> {
    vec![Lang::En, Lang::Zh]
}

fn default_catalog() -> String {
    "techniques.ron".to_string()
}

impl Scenario {
    /// Every text a learner may see in this scenario, in `lang` (title, customer, lines, options,
    /// feedback, endings): what a font must cover and what a screen may draw.
    pub fn learner_texts(&self, lang: Lang) -> Vec<String> {
        let mut out = vec![
            self.title.learner(lang),
            self.summary.learner(lang),
            self.customer.name.learner(lang),
            self.customer.description.learner(lang),
        ];
        out.extend(self.subject.iter().map(|s| s.learner(lang)));
        for node in &self.nodes {
            out.extend(node.lines.iter().map(|l| l.learner(lang)));
            for choice in &node.choices {
                out.push(choice.text.learner(lang));
                out.push(choice.feedback.learner(lang));
            }
        }
        out.extend(self.endings.iter().map(|e| e.text.learner(lang)));
        out.retain(|s| !s.is_empty());
        out
    }

    /// Finds a node by id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// Finds an ending by id.
    pub fn ending(&self, id: &str) -> Option<&Ending> {
        self.endings.iter().find(|e| e.id == id)
    }

    /// The meters the customer starts every call with (as written, clamped to the meter range).
    pub fn starting_meters(&self) -> Meters {
        self.customer.meters.clamped()
    }

    /// The stable id of choice `index` of `node`: its `id:`, or the derived `node#position`.
    pub fn choice_id(node: &Node, index: usize) -> ChoiceId {
        match node.choices.get(index).and_then(|c| c.id.clone()) {
            Some(id) => id,
            None => ChoiceId::derived(&node.id, index),
        }
    }

    /// Finds a choice by its stable id: the node and the choice's index in it.
    pub fn find_choice(&self, id: &ChoiceId) -> Option<(&Node, usize)> {
        self.nodes.iter().find_map(|n| (0..n.choices.len()).find(|&i| Scenario::choice_id(n, i) == *id).map(|i| (n, i)))
    }

    /// Where the scenario stands in a library: easiest first, then by title in the scenario's
    /// first language, then by id. The same in every interface language, so a card's number does
    /// not change when the learner switches language.
    pub fn library_key(&self) -> (Difficulty, String, String) {
        let first = self.languages.first().copied().unwrap_or(Lang::En);
        (self.difficulty, self.title.learner(first).to_lowercase(), self.id.to_string())
    }

    /// Every technique some option is tagged with, shown or broken (an anti-pattern: committed).
    pub fn tagged_techniques(&self) -> BTreeSet<&str> {
        self.nodes.iter().flat_map(|n| &n.choices).flat_map(|c| &c.techniques).map(TechniqueTag::id).collect()
    }

    /// The techniques the scenario trains, most practised first: for each technique, the sum over
    /// decision nodes of the highest weight an option there shows it with (its opportunities on a
    /// path through every node); ties in natural id order.
    pub fn techniques_by_opportunity(&self) -> Vec<(String, u32)> {
        let mut totals: BTreeMap<String, u32> = BTreeMap::new();
        for node in &self.nodes {
            let mut best: BTreeMap<&str, u32> = BTreeMap::new();
            for tag in node.choices.iter().flat_map(|c| c.techniques.iter()).filter(|t| t.is_shown()) {
                let w = best.entry(tag.id()).or_default();
                *w = (*w).max(tag.weight());
            }
            for (id, w) in best {
                let total = totals.entry(id.to_string()).or_default();
                *total = total.saturating_add(w);
            }
        }
        let mut out: Vec<(String, u32)> = totals.into_iter().collect();
        out.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| crate::core::technique::id_order(&a.0).cmp(&crate::core::technique::id_order(&b.0)))
        });
        out
    }
}
