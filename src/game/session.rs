//! The call in progress: the core engine plus what the call screen shows (transcript, typewriter
//! reveal, ringing, pause, patience timer). The UI only reads this and sends [`CallAction`]s;
//! every change to the call happens here.

use crate::core::engine::{Conversation, Event};
use crate::core::library::LoadedScenario;
use crate::core::meters::Meter;
use crate::core::random::fresh_seed;
use crate::core::score::{Report, score};
use crate::core::text::{Lang, Localized, split_stage_direction};
use crate::game::audio::{Cue, PlayCue, sting_for};
use crate::game::idle::KeepAwake;
use crate::game::scenario_asset::{ScenarioAsset, ScenarioLibrary};
use crate::game::screen::Screen;
use crate::game::settings::Settings;
use bevy::prelude::*;
use std::path::PathBuf;

/// Characters revealed per second by the typewriter.
pub const REVEAL_CHARS_PER_SECOND: f32 = 45.0;

/// Who said a transcript line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Speaker {
    /// The customer.
    Customer,
    /// The learner.
    Learner,
    /// Narration (stage directions, the ending).
    Narration,
}

/// One line of the transcript, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranscriptLine {
    /// Who.
    pub speaker: Speaker,
    /// What.
    pub text: Localized,
}

/// Where the call is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallPhase {
    /// The phone is ringing (or, face to face, the customer is walking up); the learner has not answered.
    Ringing,
    /// The conversation is on.
    Talking,
    /// The customer is gone; the debrief is one key away.
    Ended,
}

/// Something the learner (or a test) does on the call screen.
#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub enum CallAction {
    /// Pick up the phone.
    Answer,
    /// Take option `n` (1-based, as displayed).
    Choose(usize),
    /// Show the rest of the current line at once.
    SkipReveal,
    /// Move the keyboard highlight by this many options.
    MoveHighlight(i32),
    /// Take the highlighted option.
    ChooseHighlighted,
    /// Open the pause menu.
    Pause,
    /// Close the pause menu.
    Resume,
    /// Start the same scenario again (same seed or a new one).
    Restart {
        /// Replay the identical call.
        same_seed: bool,
    },
    /// Leave to the library.
    QuitToLibrary,
    /// Go to the debrief (after the call ended).
    ShowDebrief,
}

/// Starts a call of a library entry.
#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub struct StartCall {
    /// The scenario file, relative to the scenario folder.
    pub file: PathBuf,
    /// A seed to replay, or None for a new call.
    pub seed: Option<u64>,
}

/// The call in progress.
#[derive(Resource, Debug)]
pub struct CallSession {
    /// The scenario file (relative), for restarts.
    pub file: PathBuf,
    /// The scenario version this call runs on (a reload does not change a call in progress).
    pub loaded: LoadedScenario,
    /// The engine.
    pub conversation: Conversation,
    /// The transcript so far (the current customer line is the last entry).
    pub transcript: Vec<TranscriptLine>,
    /// Ringing, talking or ended.
    pub phase: CallPhase,
    /// Characters of the last customer line revealed so far (None: fully shown).
    pub revealed: Option<f32>,
    /// The pause menu is open.
    pub paused: bool,
    /// Seconds the learner has been thinking at this node.
    pub thinking: f32,
    /// Highlighted option (0-based) for keyboard play; none until an arrow key is pressed.
    pub highlighted: Option<usize>,
    /// The scenario file changed on disk during the call.
    pub stale: bool,
    /// Language of voice-over files.
    pub lang: Lang,
    /// The engine refused a step (a scenario the checker could not fully vet); shown on screen.
    pub error: Option<String>,
}

impl CallSession {
    /// Starts a call on a loaded scenario.
    pub fn start(file: PathBuf, loaded: LoadedScenario, seed: u64, lang: Lang) -> Result<CallSession, String> {
        let (conversation, events) = Conversation::start(loaded.scenario.clone(), seed).map_err(|e| e.to_string())?;
        let mut session = CallSession {
            file,
            loaded,
            conversation,
            transcript: Vec::new(),
            phase: CallPhase::Ringing,
            revealed: None,
            paused: false,
            thinking: 0.0,
            highlighted: None,
            stale: false,
            lang,
            error: None,
        };
        session.absorb(&events, &mut Vec::new());
        session.revealed = None;
        Ok(session)
    }

    /// The seed of this call.
    pub fn seed(&self) -> u64 {
        self.conversation.state().seed
    }

    /// True while the typewriter is still revealing the customer's line.
    pub fn revealing(&self) -> bool {
        self.revealed.is_some()
    }

    /// The options as (display number, text), once the line is fully shown.
    pub fn options(&self) -> Vec<(usize, &Localized)> {
        let Some(node) = self.conversation.current_node() else { return Vec::new() };
        self.conversation
            .offered()
            .iter()
            .enumerate()
            .filter_map(|(k, &i)| node.choices.get(i).map(|c| (k + 1, &c.text)))
            .collect()
    }

    /// The current node's patience timer, when timers apply.
    pub fn timer_seconds(&self) -> Option<u32> {
        self.conversation.current_node().and_then(|n| n.timer).map(|t| t.seconds)
    }

    /// Turns engine events into transcript lines and sound cues.
    fn absorb(&mut self, events: &[Event], cues: &mut Vec<Cue>) {
        let scenario = self.loaded.scenario.clone();
        for event in events {
            match event {
                Event::Line { node, variant } => {
                    if let Some(line) = scenario.node(node).and_then(|n| n.lines.get(*variant)) {
                        let (en_dir, en) = split_stage_direction(&line.en);
                        let (zh_dir, zh) = split_stage_direction(&line.zh);
                        if en_dir.is_some() || zh_dir.is_some() {
                            self.transcript.push(TranscriptLine {
                                speaker: Speaker::Narration,
                                text: Localized::new(en_dir.unwrap_or(""), zh_dir.unwrap_or("")),
                            });
                        }
                        if !en.is_empty() || !zh.is_empty() {
                            self.transcript
                                .push(TranscriptLine { speaker: Speaker::Customer, text: Localized::new(en, zh) });
                        }
                        cues.extend(self.node_cues(node));
                        self.revealed = Some(0.0);
                    }
                }
                Event::Said { node, choice } => {
                    if let Some(c) = scenario.node(node).and_then(|n| n.choices.get(*choice)) {
                        self.transcript.push(TranscriptLine { speaker: Speaker::Learner, text: c.text.clone() });
                    }
                }
                Event::MeterChanged { meter: Meter::Mood, from, to } => {
                    if let Some(cue) = sting_for(*from, *to) {
                        cues.push(cue);
                    }
                }
                Event::Ended { ending, .. } => {
                    if let Some(e) = scenario.ending(ending) {
                        self.transcript.push(TranscriptLine { speaker: Speaker::Narration, text: e.text.clone() });
                        self.revealed = Some(0.0);
                    }
                    self.phase = CallPhase::Ended;
                    cues.push(Cue::AmbienceOff);
                }
                Event::Options { .. } | Event::Hesitated { .. } | Event::MeterChanged { .. } => {}
            }
        }
        self.thinking = 0.0;
        self.highlighted = None;
    }

    /// The node's sound and voice-over (in the call's language), as cues.
    fn node_cues(&self, node: &str) -> Vec<Cue> {
        let Some(n) = self.loaded.scenario.node(node) else { return Vec::new() };
        let mut cues = Vec::new();
        if let Some(sound) = &n.sound {
            cues.push(Cue::File(self.asset_path(sound)));
        }
        if let Some(voice) = n.voice.as_ref().map(|v| v.exact(self.lang)).filter(|v| !v.is_empty()) {
            cues.push(Cue::File(self.asset_path(voice)));
        }
        cues
    }

    fn asset_path(&self, relative: &str) -> PathBuf {
        self.loaded.path.parent().map(|p| p.join(relative)).unwrap_or_else(|| PathBuf::from(relative))
    }

    /// Applies one action. Returns the sound cues to play and the screen to go to, if any.
    pub fn apply(&mut self, action: &CallAction) -> (Vec<Cue>, Option<Screen>) {
        let mut cues = Vec::new();
        match action {
            CallAction::Answer if self.phase == CallPhase::Ringing => {
                self.phase = CallPhase::Talking;
                self.revealed = Some(0.0);
                cues.extend([Cue::StopRing, Cue::AmbienceOn]);
                if let Some(node) = self.conversation.current_node().map(|n| n.id.clone()) {
                    cues.extend(self.node_cues(&node));
                }
            }
            CallAction::SkipReveal => self.revealed = None,
            CallAction::Pause if self.phase != CallPhase::Ended => self.paused = true,
            CallAction::Resume => self.paused = false,
            CallAction::MoveHighlight(d) => {
                let n = self.options().len() as i32;
                if n > 0 {
                    let from = match self.highlighted {
                        Some(h) => h as i32,
                        None if *d > 0 => -1,
                        None => 0,
                    };
                    self.highlighted = Some((from + d).rem_euclid(n) as usize);
                }
            }
            CallAction::ChooseHighlighted => {
                if let Some(h) = self.highlighted {
                    return self.apply(&CallAction::Choose(h + 1));
                }
            }
            CallAction::Choose(n) if self.phase == CallPhase::Talking && !self.paused => {
                if self.revealing() {
                    // The first press only finishes the line, so a fast reader cannot choose blind.
                    self.revealed = None;
                } else {
                    match self.conversation.select(*n) {
                        Ok(events) => {
                            cues.push(Cue::Click);
                            self.absorb(&events, &mut cues);
                        }
                        // A number that is not on offer is simply ignored; anything else is a scenario problem.
                        Err(crate::core::engine::EngineError::NoSuchOption { .. }) => {}
                        Err(e) => self.error = Some(e.to_string()),
                    }
                }
            }
            CallAction::ShowDebrief if self.phase == CallPhase::Ended => return (cues, Some(Screen::Debrief)),
            CallAction::QuitToLibrary => {
                cues.extend([Cue::StopRing, Cue::AmbienceOff]);
                return (cues, Some(Screen::Library));
            }
            _ => {}
        }
        (cues, None)
    }

    /// Advances time: the typewriter and the patience timer. Returns cues to play.
    pub fn tick(&mut self, seconds: f32, timers_on: bool) -> Vec<Cue> {
        let mut cues = Vec::new();
        if self.paused || self.phase == CallPhase::Ringing {
            return cues;
        }
        if let Some(r) = self.revealed {
            let total = self
                .transcript
                .last()
                .map(|l| l.text.en.chars().count().max(l.text.zh.chars().count() * 2))
                .unwrap_or(0);
            let next = r + seconds * REVEAL_CHARS_PER_SECOND;
            self.revealed = if next >= total as f32 { None } else { Some(next) };
            return cues;
        }
        if self.phase != CallPhase::Talking {
            return cues;
        }
        if timers_on && let Some(limit) = self.timer_seconds() {
            self.thinking += seconds;
            if self.thinking >= limit as f32 {
                self.thinking = 0.0;
                match self.conversation.hesitate() {
                    Ok(events) => self.absorb_hesitation(&events, &mut cues),
                    Err(e) => self.error = Some(e.to_string()),
                }
            }
        }
        cues
    }

    fn absorb_hesitation(&mut self, events: &[Event], cues: &mut Vec<Cue>) {
        let highlighted = self.highlighted;
        let transcript_len = self.transcript.len();
        self.absorb(events, cues);
        if self.phase != CallPhase::Ended {
            // Still at the same node: keep the highlight and do not re-reveal.
            self.highlighted = highlighted;
            self.transcript.truncate(transcript_len);
        }
        cues.push(Cue::MoodDown);
    }

    /// The debrief of the call so far.
    pub fn report(&self) -> Report {
        score(&self.loaded.scenario, &self.loaded.catalog, self.conversation.state())
    }
}

/// The finished call shown on the debrief screen.
#[derive(Resource, Debug, Clone)]
pub struct Debrief {
    /// Scenario file (relative), for "play again".
    pub file: PathBuf,
    /// The scenario version played.
    pub loaded: LoadedScenario,
    /// The report.
    pub report: Report,
    /// Counts debriefs opened in this run, so each one starts scrolled to the top.
    pub visit: u64,
}

/// A call could not start (shown on the library screen).
#[derive(Resource, Debug, Clone, Default)]
pub struct StartError(pub Option<String>);

#[allow(clippy::too_many_arguments)] // a Bevy system: each parameter is a resource it reads
fn start_calls(
    mut requests: MessageReader<StartCall>,
    library: Res<ScenarioLibrary>,
    scenarios: Res<Assets<ScenarioAsset>>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut cues: MessageWriter<PlayCue>,
    mut start_error: ResMut<StartError>,
    settings: Res<Settings>,
) {
    for request in requests.read() {
        let loaded = library
            .entries
            .iter()
            .find(|e| e.file == request.file)
            .and_then(|e| scenarios.get(&e.handle))
            .map(|a| a.0.clone());
        let Some(loaded) = loaded else {
            start_error.0 = Some(format!("{} is not loaded (see its error)", request.file.display()));
            continue;
        };
        match CallSession::start(request.file.clone(), loaded, request.seed.unwrap_or_else(fresh_seed), settings.lang) {
            Ok(session) => {
                start_error.0 = None;
                if session.loaded.scenario.channel == crate::core::scenario::Channel::Phone {
                    cues.write(PlayCue(Cue::Ring));
                }
                commands.insert_resource(session);
                next.set(Screen::Call);
            }
            Err(e) => start_error.0 = Some(e),
        }
    }
}

fn apply_actions(
    mut visits: Local<u64>,
    mut actions: MessageReader<CallAction>,
    session: Option<ResMut<CallSession>>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut cues: MessageWriter<PlayCue>,
    mut starts: MessageWriter<StartCall>,
) {
    let Some(mut session) = session else {
        actions.clear();
        return;
    };
    for action in actions.read() {
        if let CallAction::Restart { same_seed } = action {
            cues.write(PlayCue(Cue::AmbienceOff));
            starts.write(StartCall { file: session.file.clone(), seed: same_seed.then(|| session.seed()) });
            continue;
        }
        let (new_cues, screen) = session.apply(action);
        cues.write_batch(new_cues.into_iter().map(PlayCue));
        if let Some(screen) = screen {
            if screen == Screen::Debrief {
                *visits += 1;
                commands.insert_resource(Debrief {
                    file: session.file.clone(),
                    loaded: session.loaded.clone(),
                    report: session.report(),
                    visit: *visits,
                });
            }
            next.set(screen);
        }
    }
}

fn tick_session(
    time: Res<Time>,
    settings: Res<Settings>,
    session: Option<ResMut<CallSession>>,
    mut cues: MessageWriter<PlayCue>,
    mut keep_awake: ResMut<KeepAwake>,
) {
    let Some(mut session) = session else { return };
    let new_cues = session.tick(time.delta_secs(), settings.patience_timers);
    cues.write_batch(new_cues.into_iter().map(PlayCue));
    // Keep frames coming while something animates: the typewriter and the ringing phone.
    // A running patience timer needs only a few frames a second; the call screen asks egui for those.
    let ringing =
        session.phase == CallPhase::Ringing && session.loaded.scenario.channel == crate::core::scenario::Channel::Phone;
    if session.revealing() || ringing {
        keep_awake.0 = true;
    }
}

fn mark_stale(
    mut events: MessageReader<AssetEvent<ScenarioAsset>>,
    library: Res<ScenarioLibrary>,
    session: Option<ResMut<CallSession>>,
) {
    let Some(mut session) = session else {
        events.clear();
        return;
    };
    for event in events.read() {
        if let AssetEvent::Modified { id } = event
            && library.entries.iter().any(|e| e.handle.id() == *id && e.file == session.file)
        {
            session.stale = true;
        }
    }
}

fn end_session(mut commands: Commands) {
    commands.remove_resource::<CallSession>();
}

/// The systems that change the call; input systems run before them.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct SessionSet;

/// Call logic: starting calls, applying actions, time.
pub fn plugin(app: &mut App) {
    app.add_message::<CallAction>()
        .add_message::<StartCall>()
        .init_resource::<StartError>()
        .init_resource::<KeepAwake>()
        .add_systems(Update, (start_calls, apply_actions, tick_session, mark_stale).chain().in_set(SessionSet))
        .add_systems(OnEnter(Screen::Library), end_session)
        .add_systems(OnEnter(Screen::Title), end_session)
        .add_systems(OnEnter(Screen::Debrief), end_session);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::library::load_scenario;
    use std::sync::Arc;

    fn session(lang: Lang) -> CallSession {
        let mut loaded = load_scenario(std::path::Path::new("tests/fixtures/small.ron")).expect("fixture");
        let mut scenario = (*loaded.scenario).clone();
        scenario.nodes[0].voice = Some(Localized::new("voice/a.en.ogg", "voice/a.zh.ogg"));
        loaded.scenario = Arc::new(scenario);
        CallSession::start(PathBuf::from("small.ron"), loaded, 5, lang).expect("start")
    }

    fn choose_index(s: &mut CallSession, choice: usize) -> Vec<Cue> {
        let n = s.conversation.offered().iter().position(|&c| c == choice).expect("offered") + 1;
        s.apply(&CallAction::SkipReveal);
        s.apply(&CallAction::Choose(n)).0
    }

    #[test]
    fn answering_stops_the_ring_and_plays_the_voice_in_the_call_language() {
        let mut s = session(Lang::Zh);
        assert_eq!(s.phase, CallPhase::Ringing);
        let (cues, screen) = s.apply(&CallAction::Answer);
        assert_eq!(screen, None);
        assert_eq!(cues[..2], [Cue::StopRing, Cue::AmbienceOn]);
        match &cues[2] {
            Cue::File(p) => assert!(p.ends_with("tests/fixtures/voice/a.zh.ogg"), "{}", p.display()),
            other => panic!("expected the voice file, got {other:?}"),
        }
    }

    #[test]
    fn mood_changes_are_heard() {
        let mut s = session(Lang::En);
        s.apply(&CallAction::Answer);
        let cues = choose_index(&mut s, 1); // "Calm down": mood -20
        assert!(cues.contains(&Cue::MoodDown), "{cues:?}");
        assert!(cues.contains(&Cue::Click));
    }

    #[test]
    fn typewriter_reveals_over_time_and_a_choice_press_first_finishes_the_line() {
        let mut s = session(Lang::En);
        s.apply(&CallAction::Answer);
        assert!(s.revealing());
        s.tick(0.01, false);
        assert!(s.revealing(), "one frame does not reveal a whole line");
        s.apply(&CallAction::Choose(1));
        assert!(!s.revealing());
        assert!(s.conversation.state().turns.is_empty(), "that press only finished the line");
        for _ in 0..10 {
            s.tick(1.0, false);
        }
        assert!(!s.revealing());
    }

    #[test]
    fn hesitation_drains_patience_only_with_timers_on_and_not_while_paused() {
        let mut s = session(Lang::En);
        s.apply(&CallAction::Answer);
        s.apply(&CallAction::SkipReveal);
        s.tick(11.0, false);
        assert_eq!(s.conversation.state().meters.patience, 30);
        s.apply(&CallAction::Pause);
        s.tick(11.0, true);
        assert_eq!(s.conversation.state().meters.patience, 30);
        s.apply(&CallAction::Resume);
        let cues = s.tick(11.0, true);
        assert_eq!(s.conversation.state().meters.patience, 20);
        assert!(cues.contains(&Cue::MoodDown));
        assert_eq!(s.transcript.len(), 1, "hesitating adds no transcript line");
    }

    #[test]
    fn ending_leads_to_the_debrief() {
        let mut s = session(Lang::En);
        s.apply(&CallAction::Answer);
        assert_eq!(s.apply(&CallAction::ShowDebrief).1, None, "not before the call ends");
        choose_index(&mut s, 0);
        choose_index(&mut s, 0);
        assert_eq!(s.phase, CallPhase::Ended);
        assert_eq!(s.apply(&CallAction::ShowDebrief).1, Some(Screen::Debrief));
        assert_eq!(s.report().ending.map(|e| e.id), Some("happy".to_string()));
    }
}
