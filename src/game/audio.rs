//! Sound through kira: synthesized ringtone, ambience, mood stings and clicks, plus optional
//! voice-over files. With no audio device the game warns once and stays silent.

use bevy::prelude::*;
use kira::backend::Backend;
use kira::sound::static_sound::{StaticSoundData, StaticSoundHandle, StaticSoundSettings};
use kira::{AudioManager, AudioManagerSettings, Decibels, DefaultBackend, Frame, Tween};
use std::f32::consts::TAU;
use std::path::PathBuf;
use std::sync::Arc;

/// Sample rate of the synthesized sounds.
pub const SAMPLE_RATE: u32 = 44_100;

/// Something the game wants heard.
#[derive(Clone, Debug, PartialEq)]
pub enum Cue {
    /// The phone rings (loops until [`Cue::StopRing`]).
    Ring,
    /// Stop the ringing.
    StopRing,
    /// Soft call-centre background, looping.
    AmbienceOn,
    /// Stop the background.
    AmbienceOff,
    /// The customer's mood fell noticeably.
    MoodDown,
    /// The customer's mood rose noticeably.
    MoodUp,
    /// A choice was confirmed.
    Click,
    /// A sound or voice-over file from a scenario folder.
    File(PathBuf),
}

/// Asks the audio system to play a cue.
#[derive(Message, Clone, Debug, PartialEq)]
pub struct PlayCue(pub Cue);

fn sound(frames: Vec<Frame>) -> StaticSoundData {
    StaticSoundData {
        sample_rate: SAMPLE_RATE,
        frames: Arc::from(frames),
        settings: StaticSoundSettings::default(),
        slice: None,
    }
}

fn synth(seconds: f32, f: impl Fn(f32) -> f32) -> StaticSoundData {
    let n = (SAMPLE_RATE as f32 * seconds) as usize;
    let frames = (0..n)
        .map(|i| {
            let s = f(i as f32 / SAMPLE_RATE as f32).clamp(-1.0, 1.0);
            Frame { left: s, right: s }
        })
        .collect();
    sound(frames)
}

/// Short fade at both ends so sounds do not click.
fn envelope(t: f32, len: f32, fade: f32) -> f32 {
    (t / fade).min(1.0).min(((len - t) / fade).max(0.0))
}

/// The built-in sounds, synthesized in code (no downloaded assets).
#[derive(Clone)]
pub struct SoundBank {
    /// Two-tone telephone ring: 0.8 s on, 0.4 s off, 0.8 s on, 2 s off.
    pub ring: StaticSoundData,
    /// Soft office hum with a faint murmur, loopable.
    pub ambience: StaticSoundData,
    /// Falling two-note sting.
    pub mood_down: StaticSoundData,
    /// Rising two-note sting.
    pub mood_up: StaticSoundData,
    /// Short tick.
    pub click: StaticSoundData,
}

impl SoundBank {
    /// Synthesizes every sound.
    pub fn synthesize() -> Self {
        let ring = synth(4.0, |t| {
            let on = (t < 0.8) || (1.2..2.0).contains(&t);
            if !on {
                return 0.0;
            }
            let local = if t < 0.8 { t } else { t - 1.2 };
            let warble = if ((t * 20.0) as u32).is_multiple_of(2) { 1.0 } else { 0.85 };
            0.18 * warble * envelope(local, 0.8, 0.02) * ((TAU * 440.0 * t).sin() + (TAU * 480.0 * t).sin())
        })
        .loop_region(0.0..);
        // A low hum plus slow beating partials: calm, not silent, and seamless at 8 s.
        let ambience = synth(8.0, |t| {
            let hum = (TAU * 60.0 * t).sin() * 0.015 + (TAU * 120.0 * t).sin() * 0.01;
            let murmur = (TAU * 210.0 * t).sin() * (TAU * 0.25 * t).sin().abs() * 0.012
                + (TAU * 330.0 * t).sin() * (TAU * 0.125 * t).sin().abs() * 0.008;
            hum + murmur
        })
        .loop_region(0.0..);
        let two_notes = |a: f32, b: f32| {
            move |t: f32| {
                let (freq, local) = if t < 0.12 { (a, t) } else { (b, t - 0.12) };
                0.25 * envelope(local, 0.12, 0.01) * (TAU * freq * t).sin()
            }
        };
        SoundBank {
            ring,
            ambience,
            mood_down: synth(0.24, two_notes(392.0, 311.1)),
            mood_up: synth(0.24, two_notes(523.3, 659.3)),
            click: synth(0.03, |t| 0.3 * envelope(t, 0.03, 0.003) * (TAU * 1800.0 * t).sin()),
        }
    }
}

/// Converts a 0–1 volume to kira's decibels (0 → silence).
pub fn volume_to_decibels(volume: f32) -> Decibels {
    if volume <= 0.001 { Decibels::SILENCE } else { Decibels((20.0 * volume.log10()).max(Decibels::SILENCE.0)) }
}

/// The audio output over any kira backend (the real one in the game, the mock one in tests).
pub struct AudioOut<B: Backend> {
    manager: Option<AudioManager<B>>,
    bank: SoundBank,
    ring: Option<StaticSoundHandle>,
    ambience: Option<StaticSoundHandle>,
    warnings: Vec<String>,
    played: Vec<Cue>,
}

impl<B: Backend> AudioOut<B> {
    /// Opens the backend; on failure the output is silent and one warning is recorded (and logged).
    pub fn new(settings: AudioManagerSettings<B>) -> Self
    where
        B::Error: std::fmt::Debug,
    {
        let mut warnings = Vec::new();
        let manager = match AudioManager::<B>::new(settings) {
            Ok(m) => Some(m),
            Err(e) => {
                let w = format!("no audio device ({e:?}); Frontline will run silently");
                warn!("{w}");
                warnings.push(w);
                None
            }
        };
        AudioOut { manager, bank: SoundBank::synthesize(), ring: None, ambience: None, warnings, played: Vec::new() }
    }

    /// True when sound can be heard.
    pub fn is_active(&self) -> bool {
        self.manager.is_some()
    }

    /// Warnings so far (at most one for a missing device).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The cues actually sent to the device, in order (for tests and diagnostics).
    pub fn played(&self) -> &[Cue] {
        &self.played
    }

    /// Sets the master volume (0–1) and mute.
    pub fn set_volume(&mut self, volume: f32, muted: bool) {
        if let Some(m) = &mut self.manager {
            let db = if muted { Decibels::SILENCE } else { volume_to_decibels(volume) };
            m.main_track().set_volume(db, Tween::default());
        }
    }

    /// Plays a cue. Silently does nothing without a device; a file that cannot be read is a warning.
    pub fn play(&mut self, cue: Cue) {
        let Some(manager) = &mut self.manager else { return };
        let stop = |h: &mut Option<StaticSoundHandle>| {
            if let Some(mut h) = h.take() {
                h.stop(Tween::default());
            }
        };
        let data = match &cue {
            Cue::Ring => {
                stop(&mut self.ring);
                Some(self.bank.ring.clone())
            }
            Cue::StopRing => {
                stop(&mut self.ring);
                None
            }
            Cue::AmbienceOn => {
                if self.ambience.is_some() {
                    return;
                }
                Some(self.bank.ambience.clone())
            }
            Cue::AmbienceOff => {
                stop(&mut self.ambience);
                None
            }
            Cue::MoodDown => Some(self.bank.mood_down.clone()),
            Cue::MoodUp => Some(self.bank.mood_up.clone()),
            Cue::Click => Some(self.bank.click.clone()),
            Cue::File(path) => match StaticSoundData::from_file(path) {
                Ok(d) => Some(d),
                Err(e) => {
                    let w = format!("cannot play {}: {e}", path.display());
                    warn!("{w}");
                    self.warnings.push(w);
                    return;
                }
            },
        };
        if let Some(data) = data {
            match manager.play(data) {
                Ok(handle) => match cue {
                    Cue::Ring => self.ring = Some(handle),
                    Cue::AmbienceOn => self.ambience = Some(handle),
                    _ => {}
                },
                Err(e) => {
                    warn!("could not play a sound: {e}");
                    return;
                }
            }
        }
        self.played.push(cue);
    }

    /// The ringing sound's handle state, when it was started.
    pub fn ring_state(&self) -> Option<kira::sound::PlaybackState> {
        self.ring.as_ref().map(StaticSoundHandle::state)
    }
}

/// Chooses the sting for a mood change: a drop or rise of at least 5 points is heard.
pub fn sting_for(from: i32, to: i32) -> Option<Cue> {
    match to - from {
        d if d <= -5 => Some(Cue::MoodDown),
        d if d >= 5 => Some(Cue::MoodUp),
        _ => None,
    }
}

/// The game's audio output.
#[derive(Resource)]
pub struct GameAudio(pub AudioOut<DefaultBackend>);

fn play_cues(mut cues: MessageReader<PlayCue>, audio: Option<ResMut<GameAudio>>) {
    let Some(mut audio) = audio else {
        cues.clear();
        return;
    };
    for PlayCue(cue) in cues.read() {
        audio.0.play(cue.clone());
    }
}

fn apply_volume(settings: Res<crate::game::settings::Settings>, audio: Option<ResMut<GameAudio>>) {
    if let Some(mut audio) = audio
        && settings.is_changed()
    {
        audio.0.set_volume(settings.volume, settings.muted);
    }
}

fn open_device(mut commands: Commands) {
    commands.insert_resource(GameAudio(AudioOut::new(AudioManagerSettings::default())));
}

/// Opens the audio device at start-up (unless `with_device` is false, as in headless tests) and plays cues.
pub fn plugin(app: &mut App, with_device: bool) {
    app.add_message::<PlayCue>();
    if with_device {
        app.add_systems(Startup, open_device);
    }
    app.add_systems(Update, (apply_volume, play_cues).chain());
}

#[cfg(test)]
mod tests {
    use super::*;
    use kira::backend::mock::{MockBackend, MockBackendSettings};

    fn mock() -> AudioOut<MockBackend> {
        AudioOut::new(AudioManagerSettings { backend_settings: MockBackendSettings::default(), ..Default::default() })
    }

    #[test]
    fn cues_reach_the_mixer() {
        let mut out = mock();
        assert!(out.is_active());
        out.play(Cue::Ring);
        assert_eq!(out.ring_state(), Some(kira::sound::PlaybackState::Playing));
        out.play(Cue::Click);
        out.play(Cue::StopRing);
        assert_eq!(out.ring_state(), None);
        assert_eq!(out.played(), &[Cue::Ring, Cue::Click, Cue::StopRing]);
        assert!(out.warnings().is_empty());
    }

    #[test]
    fn ambience_starts_once() {
        let mut out = mock();
        out.play(Cue::AmbienceOn);
        out.play(Cue::AmbienceOn);
        assert_eq!(out.played().len(), 1);
    }

    #[test]
    fn a_missing_voice_file_is_one_warning_not_a_crash() {
        let mut out = mock();
        out.play(Cue::File(PathBuf::from("/no/such/voice.ogg")));
        assert_eq!(out.warnings().len(), 1);
        assert!(out.played().is_empty());
    }

    /// A backend whose device never opens, like a machine without sound.
    struct NoDevice;
    impl Backend for NoDevice {
        type Settings = ();
        type Error = &'static str;
        fn setup(_: (), _: usize) -> Result<(Self, u32), Self::Error> {
            Err("no default output device")
        }
        fn start(&mut self, _: kira::backend::Renderer) -> Result<(), Self::Error> {
            Ok(())
        }
    }

    #[test]
    fn no_device_means_one_warning_and_silence() {
        let mut out: AudioOut<NoDevice> = AudioOut::new(AudioManagerSettings::default());
        assert!(!out.is_active());
        for cue in [Cue::Ring, Cue::MoodDown, Cue::Click, Cue::AmbienceOn] {
            out.play(cue);
        }
        out.set_volume(0.5, false);
        assert_eq!(out.warnings().len(), 1);
        assert!(out.played().is_empty());
    }

    #[test]
    fn stings_follow_mood_direction() {
        assert_eq!(sting_for(50, 40), Some(Cue::MoodDown));
        assert_eq!(sting_for(40, 50), Some(Cue::MoodUp));
        assert_eq!(sting_for(40, 42), None);
    }

    #[test]
    fn volume_mapping() {
        assert_eq!(volume_to_decibels(0.0), Decibels::SILENCE);
        assert_eq!(volume_to_decibels(1.0), Decibels(0.0));
        assert!((volume_to_decibels(0.5).0 + 6.02).abs() < 0.05);
    }

    #[test]
    fn synthesized_sounds_are_not_silent() {
        let bank = SoundBank::synthesize();
        for s in [&bank.ring, &bank.mood_down, &bank.mood_up, &bank.click, &bank.ambience] {
            let peak = s.frames.iter().map(|f| f.left.abs()).fold(0.0f32, f32::max);
            assert!(peak > 0.01 && peak <= 1.0, "peak {peak}");
        }
    }
}
