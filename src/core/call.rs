//! A call as the learner lives it, without any drawing: ringing, talking, ended; the transcript on
//! screen; the typewriter reveal of the customer's line; pause; the keyboard highlight; the patience
//! timer. The game's call screen and tests drive it with [`CallAction`]s and read it back; what
//! should be heard or reacted to comes back as [`Signal`]s. Every rule about the call's
//! presentation lives here, once.

use crate::core::engine::{CallState, Conversation, EngineError, Event, Position};
use crate::core::ids::{NodeId, OptionNumber};
use crate::core::loader::LoadedScenario;
use crate::core::meters::Meter;
use crate::core::scenario::Channel;
use crate::core::score::{Report, score};
use crate::core::text::{Lang, Localized};
use crate::core::transcript::{Entry, entries, stage_direction};
use crate::core::ui_text::{Text, fill};

/// Characters of the learner's language revealed per second by the typewriter.
pub const REVEAL_CHARS_PER_SECOND: f32 = 45.0;

/// Who said a transcript line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speaker {
    /// The customer.
    Customer,
    /// The learner.
    Learner,
    /// Narration: stage directions and what happens around the words, in brackets.
    Narration,
    /// The ending's text, which closes the call.
    Ending,
}

/// One line of the transcript on screen, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranscriptLine {
    /// Who says it (or narration).
    pub speaker: Speaker,
    /// What is said, in both languages; the screen shows the learner's language.
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

/// Something the learner (or a test) does during a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallAction {
    /// Pick up the phone.
    Answer,
    /// Take the option with this number on screen.
    Choose(OptionNumber),
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
    /// Leave the call for the library.
    QuitToLibrary,
    /// Go to the debrief (only once the call has ended).
    ShowDebrief,
}

/// What happened, for whoever reacts: sounds, screens, the progress store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Signal {
    /// The learner answered: the ringing stops, the room comes alive, the first line is heard.
    Answered {
        /// The node whose line is heard.
        node: NodeId,
    },
    /// The customer speaks a node's line (its sound and voice-over should play).
    Line {
        /// The node whose line should be heard (its sound and voice-over).
        node: NodeId,
    },
    /// The learner picked an option.
    Said,
    /// The customer's mood moved.
    MoodChanged {
        /// Mood before the change.
        from: i32,
        /// Mood after the change.
        to: i32,
    },
    /// The learner let the patience timer run out.
    Hesitated,
    /// The call reached its ending: sent exactly once per call.
    Finished,
    /// The learner asked to start the call again, with this seed (None: a new one).
    RestartRequested {
        /// The seed to replay, or None for a new call.
        seed: Option<u64>,
    },
    /// The learner left the call.
    Left,
    /// The learner asked for the debrief.
    DebriefRequested,
}

/// The patience timer as the learner sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Countdown {
    /// Seconds the node allows before patience drains.
    pub limit: u32,
    /// Seconds left before patience drains (never below 0).
    pub left: f32,
}

impl Countdown {
    /// The time left as the learner reads it: a clock `m:ss` in whole seconds, rounded up (`0:01`
    /// until it runs out). It keeps its length as it counts down (`0:10` → `0:09`); a text that got
    /// shorter made the game draw a second frame every second.
    pub fn clock(&self) -> String {
        let seconds = self.left.max(0.0).ceil() as u32;
        format!("{}:{:02}", seconds / 60, seconds % 60)
    }

    /// How long until the clock shows the next second, plus a small margin so a repaint asked
    /// for then lands just after the change (the display needs one frame a second, no more).
    pub fn until_next_tick(&self) -> std::time::Duration {
        let fraction = self.left.fract();
        let wait = if fraction > 0.01 { fraction } else { 1.0 };
        std::time::Duration::from_secs_f32(wait + 0.04)
    }

    /// True in the last few seconds, when the countdown is shown as urgent.
    pub fn urgent(&self) -> bool {
        self.left < 5.0
    }
}

/// What a learner may do in a call besides answering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallRules {
    /// Pause (Esc).
    pub can_pause: bool,
    /// Restart the call.
    pub can_restart: bool,
    /// Show the customer's meters (an exam hides these hints: the face alone shows the mood).
    pub show_meters: bool,
    /// Patience timers fixed for everyone (an exam's); `None`: the learner's setting.
    pub patience_timers: Option<bool>,
}

impl Default for CallRules {
    fn default() -> CallRules {
        CallRules { can_pause: true, can_restart: true, show_meters: true, patience_timers: None }
    }
}

/// The call in progress.
#[derive(Clone, Debug)]
pub struct CallSession {
    /// The scenario version this call runs on (a reload does not change a call in progress).
    pub loaded: LoadedScenario,
    /// The engine running the call (meters, position, every decision).
    pub conversation: Conversation,
    /// The language the learner plays in (what the typewriter counts, which voice-over plays).
    pub lang: Lang,
    transcript: Vec<TranscriptLine>,
    phase: CallPhase,
    revealed: Option<f32>,
    paused: bool,
    thinking: f32,
    highlighted: Option<usize>,
    /// What the learner may do besides answering (an exam may forbid pausing and restarting).
    rules: CallRules,
    /// Seconds since the options were last on screen (whatever the timers), for the record.
    deciding: f32,
    /// Time taken before each decision, in milliseconds.
    decision_ms: Vec<u32>,
}

impl CallSession {
    /// Starts a call on a loaded scenario: the phone rings.
    pub fn start(loaded: LoadedScenario, seed: u64, lang: Lang) -> Result<CallSession, EngineError> {
        let (conversation, events) = Conversation::start(loaded.scenario.clone(), seed)?;
        let mut session = CallSession {
            loaded,
            conversation,
            lang,
            transcript: Vec::new(),
            phase: CallPhase::Ringing,
            revealed: None,
            paused: false,
            thinking: 0.0,
            highlighted: None,
            rules: CallRules::default(),
            deciding: 0.0,
            decision_ms: Vec::new(),
        };
        session.absorb(&events, &mut Vec::new());
        session.revealed = None;
        Ok(session)
    }

    /// Resumes a saved call where it stood: the conversation so far on screen (each line and what
    /// the learner said), the options of the node it stopped at. Fails when the scenario changed
    /// since (its fingerprint differs) or the state does not fit it.
    pub fn resume(
        loaded: LoadedScenario,
        state: CallState,
        lang: Lang,
        decision_ms: Vec<u32>,
    ) -> Result<CallSession, EngineError> {
        let conversation = Conversation::restore(loaded.scenario.clone(), state)?;
        let mut events = Vec::new();
        for turn in &conversation.state().turns {
            events.push(Event::Line { node: turn.node.clone(), variant: turn.variant });
            events.push(Event::Said { node: turn.node.clone(), choice: turn.chosen });
        }
        if let Position::AtNode { node, variant, .. } = &conversation.state().position {
            events.push(Event::Line { node: node.clone(), variant: *variant });
        }
        let phase = if conversation.is_over() { CallPhase::Ended } else { CallPhase::Talking };
        let mut session = CallSession {
            loaded,
            conversation,
            lang,
            transcript: Vec::new(),
            phase,
            revealed: None,
            paused: false,
            thinking: 0.0,
            highlighted: None,
            rules: CallRules::default(),
            deciding: 0.0,
            decision_ms,
        };
        let scenario = session.loaded.scenario.clone();
        session.transcript = entries(&scenario, &events).into_iter().filter_map(transcript_line).collect();
        Ok(session)
    }

    /// Sets what the learner may do besides answering (an exam's rules).
    pub fn set_rules(&mut self, rules: CallRules) {
        self.rules = rules;
    }

    /// What the learner may do besides answering.
    pub fn rules(&self) -> CallRules {
        self.rules
    }

    /// Whether patience timers run: the rules' when they fix it, else the learner's setting.
    pub fn timers_on(&self, setting: bool) -> bool {
        self.rules.patience_timers.unwrap_or(setting)
    }

    /// Milliseconds the learner took before each decision so far.
    pub fn decision_ms(&self) -> &[u32] {
        &self.decision_ms
    }

    /// The seed of this call.
    pub fn seed(&self) -> u64 {
        self.conversation.state().seed
    }

    /// Ringing, talking or ended.
    pub fn phase(&self) -> CallPhase {
        self.phase
    }

    /// The pause menu is open.
    pub fn paused(&self) -> bool {
        self.paused
    }

    /// The highlighted option (0-based position on screen), once an arrow key was pressed.
    pub fn highlighted(&self) -> Option<usize> {
        self.highlighted
    }

    /// The transcript so far (the line being revealed is the last one).
    pub fn transcript(&self) -> &[TranscriptLine] {
        &self.transcript
    }

    /// The text of transcript line `index` as it shows now, in the call's language: the line being
    /// typed shows only its revealed part.
    pub fn shown_text(&self, index: usize) -> String {
        let Some(line) = self.transcript.get(index) else { return String::new() };
        let full = line.text.learner(self.lang);
        match self.revealed {
            Some(r) if index + 1 == self.transcript.len() => full.chars().take(r as usize).collect(),
            _ => full,
        }
    }

    /// True while the typewriter is still revealing the customer's line.
    pub fn revealing(&self) -> bool {
        self.revealed.is_some()
    }

    /// The options on offer with their numbers on screen (none while the line is still typing out
    /// or once the call is over).
    pub fn options(&self) -> Vec<(OptionNumber, &Localized)> {
        let Some(node) = self.conversation.current_node() else { return Vec::new() };
        self.conversation
            .offered()
            .iter()
            .enumerate()
            .filter_map(|(k, &i)| node.choices.get(i).map(|c| (OptionNumber::from_position(k), &c.text)))
            .collect()
    }

    /// The patience timer, while it runs: with timers on, during the conversation, not paused, and
    /// once the customer's line has been shown in full, on a node that has a timer.
    pub fn countdown(&self, timers_on: bool) -> Option<Countdown> {
        if !timers_on || self.paused || self.phase != CallPhase::Talking || self.revealing() {
            return None;
        }
        let limit = self.conversation.current_node()?.timer?.seconds;
        Some(Countdown { limit, left: (limit as f32 - self.thinking).max(0.0) })
    }

    /// Applies one action. Returns what happened.
    pub fn apply(&mut self, action: &CallAction) -> Result<Vec<Signal>, EngineError> {
        let mut signals = Vec::new();
        match action {
            CallAction::Answer if self.phase == CallPhase::Ringing => {
                self.phase = CallPhase::Talking;
                self.start_reveal();
                if let Some(node) = self.conversation.current_node() {
                    signals.push(Signal::Answered { node: node.id.clone() });
                }
            }
            CallAction::SkipReveal => self.revealed = None,
            CallAction::Pause if self.phase != CallPhase::Ended && self.rules.can_pause => self.paused = true,
            CallAction::Resume => self.paused = false,
            CallAction::MoveHighlight(d) => {
                let n = i32::try_from(self.options().len()).unwrap_or(i32::MAX);
                if n > 0 {
                    let from = match self.highlighted {
                        Some(h) => i32::try_from(h).unwrap_or(0),
                        None if *d > 0 => -1,
                        None => 0,
                    };
                    self.highlighted = usize::try_from(from.saturating_add(*d).rem_euclid(n)).ok();
                }
            }
            CallAction::ChooseHighlighted => {
                if let Some(h) = self.highlighted {
                    return self.apply(&CallAction::Choose(OptionNumber::from_position(h)));
                }
            }
            CallAction::Choose(n) if self.phase == CallPhase::Talking && !self.paused => {
                if self.revealing() {
                    // The first press only finishes the line, so a fast reader cannot choose blind.
                    self.revealed = None;
                } else {
                    match self.conversation.select(*n) {
                        Ok(events) => {
                            signals.push(Signal::Said);
                            self.decision_ms.push((self.deciding * 1000.0).round().min(u32::MAX as f32) as u32);
                            self.deciding = 0.0;
                            self.absorb(&events, &mut signals);
                        }
                        // A number that is not on offer is simply ignored; anything else is a scenario problem.
                        Err(EngineError::NoSuchOption { .. }) => {}
                        Err(e) => return Err(e),
                    }
                }
            }
            CallAction::ShowDebrief if self.phase == CallPhase::Ended => signals.push(Signal::DebriefRequested),
            CallAction::QuitToLibrary => signals.push(Signal::Left),
            CallAction::Restart { same_seed } if self.rules.can_restart => {
                signals.push(Signal::RestartRequested { seed: same_seed.then(|| self.seed()) })
            }
            _ => {}
        }
        Ok(signals)
    }

    /// Advances time by `seconds`: the typewriter, then the patience timer (when `timers_on`).
    pub fn tick(&mut self, seconds: f32, timers_on: bool) -> Result<Vec<Signal>, EngineError> {
        let mut signals = Vec::new();
        if self.paused || self.phase == CallPhase::Ringing {
            return Ok(signals);
        }
        if self.phase == CallPhase::Talking && self.revealed.is_none() {
            self.deciding += seconds;
        }
        if let Some(r) = self.revealed {
            let total = self.transcript.last().map(|l| l.text.learner(self.lang).chars().count()).unwrap_or(0);
            let next = r + seconds * REVEAL_CHARS_PER_SECOND;
            self.revealed = if next >= total as f32 { None } else { Some(next) };
            return Ok(signals);
        }
        let Some(countdown) = self.countdown(timers_on) else { return Ok(signals) };
        self.thinking += seconds;
        if self.thinking >= countdown.limit as f32 {
            self.thinking = 0.0;
            let events = self.conversation.hesitate()?;
            let highlighted = self.highlighted;
            // Say what happened: the customer waited, and nobody answered (the meter moves too).
            let name = &self.loaded.scenario.customer.name;
            let waits = |lang| fill(lang, Text::HesitationNarration, &[("name", &name.learner(lang))]);
            self.transcript.push(TranscriptLine {
                speaker: Speaker::Narration,
                text: Localized::new(waits(Lang::En), waits(Lang::Zh)),
            });
            self.absorb(&events, &mut signals);
            if self.phase != CallPhase::Ended {
                // Still at the same node: keep the highlight.
                self.highlighted = highlighted;
            }
            signals.push(Signal::Hesitated);
        }
        Ok(signals)
    }

    /// The debrief of the call so far.
    pub fn report(&self) -> Report {
        score(&self.loaded.scenario, &self.loaded.catalog, self.conversation.state())
    }

    /// Starts revealing the newest line: typed out on a call and in a chat (where the game shows
    /// "… is typing" meanwhile); an e-mail arrives whole.
    fn start_reveal(&mut self) {
        self.revealed = if self.loaded.scenario.channel == Channel::Email { None } else { Some(0.0) };
    }

    /// Turns engine events into transcript lines and signals.
    fn absorb(&mut self, events: &[Event], signals: &mut Vec<Signal>) {
        let scenario = self.loaded.scenario.clone();
        for event in events {
            match event {
                Event::Line { node, .. } => {
                    signals.push(Signal::Line { node: node.clone() });
                    self.start_reveal();
                }
                Event::MeterChanged { meter: Meter::Mood, from, to } => {
                    signals.push(Signal::MoodChanged { from: *from, to: *to });
                }
                Event::Ended { .. } => {
                    self.phase = CallPhase::Ended;
                    self.start_reveal();
                    signals.push(Signal::Finished);
                }
                _ => {}
            }
        }
        self.transcript.extend(entries(&scenario, events).into_iter().filter_map(transcript_line));
        self.thinking = 0.0;
        self.highlighted = None;
    }
}

/// The line a transcript entry shows on screen, if it shows one.
fn transcript_line(entry: Entry) -> Option<TranscriptLine> {
    Some(match entry {
        Entry::Narration(text) => TranscriptLine { speaker: Speaker::Narration, text: stage_direction(&text) },
        Entry::Customer(text) => TranscriptLine { speaker: Speaker::Customer, text },
        Entry::Learner(text) => TranscriptLine { speaker: Speaker::Learner, text },
        Entry::Ending { text, .. } => TranscriptLine { speaker: Speaker::Ending, text },
        Entry::Options(_) | Entry::Hesitated | Entry::Meter { .. } => return None,
    })
}
