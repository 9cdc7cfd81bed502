//! The call as the learner lives it, driven without a window: the typewriter in the learner's
//! language, the patience timer, and the end of the call signalled exactly once.

use crate::common;
use frontline::core::call::{CallAction, CallPhase, CallSession, REVEAL_CHARS_PER_SECOND, Signal};
use frontline::core::ids::OptionNumber;
use frontline::core::text::{Lang, Localized};
use std::sync::Arc;

/// The fixture with the first line replaced, so English and Chinese have very different lengths.
fn session_with_first_line(en: &str, zh: &str, lang: Lang) -> CallSession {
    let mut loaded = common::small();
    let mut scenario = (*loaded.scenario).clone();
    scenario.nodes[0].lines = vec![Localized::new(en, zh)];
    loaded.scenario = Arc::new(scenario);
    let mut call = CallSession::start(loaded, 5, lang).expect("start");
    call.apply(&CallAction::Answer).expect("answer");
    call
}

/// Seconds the typewriter needs for `chars` characters.
fn time_for(chars: usize) -> f32 {
    chars as f32 / REVEAL_CHARS_PER_SECOND
}

fn choose(call: &mut CallSession, choice: usize) -> Vec<Signal> {
    let number = common::number_of(&call.conversation, choice);
    call.apply(&CallAction::SkipReveal).expect("skip");
    call.apply(&CallAction::Choose(number)).expect("choose")
}

#[test]
fn the_options_come_when_the_chinese_line_is_typed_even_if_the_english_is_longer() {
    let en = "Hello, this is a rather long English line that takes a while to type out.";
    let zh = "你好。";
    let mut call = session_with_first_line(en, zh, Lang::Zh);
    assert!(call.revealing());
    call.tick(time_for(2), false).expect("tick");
    assert!(call.revealing(), "two of three characters shown");
    assert_eq!(call.shown_text(0).chars().count(), 2);
    call.tick(time_for(1) + 0.001, false).expect("tick");
    assert!(!call.revealing(), "the whole Chinese line is on screen: the options must show now");
    assert_eq!(call.shown_text(0), zh);
}

#[test]
fn the_options_come_when_the_english_line_is_typed_even_if_the_chinese_is_longer() {
    let en = "Hi.";
    let zh = "您好，我想问一下我的账单上为什么会多出这么多钱，这到底是怎么回事？";
    let mut call = session_with_first_line(en, zh, Lang::En);
    call.tick(time_for(3) + 0.001, false).expect("tick");
    assert!(!call.revealing(), "the whole English line is on screen: the options must show now");
    assert_eq!(call.shown_text(0), en);
}

#[test]
fn a_choice_press_first_finishes_the_line() {
    let mut call = session_with_first_line("Hello there, how are you?", "你好，你好吗？", Lang::En);
    call.tick(0.01, false).expect("tick");
    assert!(call.revealing(), "one frame does not reveal a whole line");
    call.apply(&CallAction::Choose(OptionNumber(1))).expect("press");
    assert!(!call.revealing());
    assert!(call.conversation.state().turns.is_empty(), "that press only finished the line");
}

#[test]
fn the_patience_timer_runs_only_while_the_learner_could_answer() {
    let mut call = CallSession::start(common::small(), 5, Lang::En).expect("start");
    assert_eq!(call.countdown(true), None, "not while ringing");
    call.apply(&CallAction::Answer).expect("answer");
    assert_eq!(call.countdown(true), None, "not while the line is typing");
    call.apply(&CallAction::SkipReveal).expect("skip");
    assert_eq!(call.countdown(false), None, "not with timers off");
    let c = call.countdown(true).expect("runs");
    assert_eq!((c.limit, c.left), (10, 10.0));
    call.tick(4.0, true).expect("tick");
    assert_eq!(call.countdown(true).map(|c| c.left), Some(6.0));
    call.apply(&CallAction::Pause).expect("pause");
    assert_eq!(call.countdown(true), None, "not while paused");
}

#[test]
fn the_countdown_reads_as_a_clock_that_keeps_its_length() {
    use frontline::core::call::Countdown;
    let at = |left| Countdown { limit: 90, left }.clock();
    assert_eq!(
        [at(90.0), at(61.2), at(10.0), at(9.4), at(0.2), at(0.0)],
        ["1:30", "1:02", "0:10", "0:10", "0:01", "0:00"]
    );
    // Just past the next change of the display: 0.25 s (+0.04) away, or a whole second on the boundary.
    let next = |left| Countdown { limit: 20, left }.until_next_tick().as_secs_f32();
    for (left, want) in [(9.25, 0.29), (9.0, 1.04), (9.005, 1.04)] {
        assert!((next(left) - want).abs() < 0.002, "{left}: {}", next(left));
    }
    assert!(Countdown { limit: 20, left: 4.9 }.urgent());
    assert!(!Countdown { limit: 20, left: 5.0 }.urgent());
}

#[test]
fn hesitation_drains_patience_only_with_timers_on_and_not_while_paused() {
    let mut call = CallSession::start(common::small(), 5, Lang::En).expect("start");
    call.apply(&CallAction::Answer).expect("answer");
    call.apply(&CallAction::SkipReveal).expect("skip");
    call.tick(11.0, false).expect("tick");
    assert_eq!(call.conversation.state().meters.patience, 30);
    call.apply(&CallAction::Pause).expect("pause");
    call.tick(11.0, true).expect("tick");
    assert_eq!(call.conversation.state().meters.patience, 30);
    call.apply(&CallAction::Resume).expect("resume");
    let signals = call.tick(11.0, true).expect("tick");
    assert_eq!(call.conversation.state().meters.patience, 20);
    assert!(signals.contains(&Signal::Hesitated));
    assert_eq!(call.transcript().len(), 2, "the wait is narrated");
    assert_eq!(call.shown_text(1), "(Ann waits. Nobody answers.)");
    assert!(!call.revealing(), "the customer's line is not typed again");
}

#[test]
fn the_end_is_signalled_exactly_once_and_only_then_is_the_debrief_offered() {
    let mut call = CallSession::start(common::small(), 5, Lang::En).expect("start");
    let mut signals = call.apply(&CallAction::Answer).expect("answer");
    assert!(call.apply(&CallAction::ShowDebrief).expect("early").is_empty(), "no debrief before the end");
    signals.extend(choose(&mut call, 0));
    signals.extend(choose(&mut call, 0));
    assert_eq!(call.phase(), CallPhase::Ended);
    for _ in 0..5 {
        signals.extend(call.tick(1.0, true).expect("tick"));
        signals.extend(call.apply(&CallAction::Choose(OptionNumber(1))).expect("after the end"));
    }
    assert_eq!(signals.iter().filter(|s| **s == Signal::Finished).count(), 1, "{signals:?}");
    assert_eq!(call.apply(&CallAction::ShowDebrief).expect("debrief"), vec![Signal::DebriefRequested]);
    assert_eq!(call.report().ending.map(|e| e.id.to_string()), Some("happy".to_string()));
}

#[test]
fn a_walkout_by_hesitation_also_finishes_the_call_once() {
    let mut call = CallSession::start(common::small(), 5, Lang::En).expect("start");
    call.apply(&CallAction::Answer).expect("answer");
    call.apply(&CallAction::SkipReveal).expect("skip");
    let mut signals = Vec::new();
    for _ in 0..10 {
        signals.extend(call.tick(10.0, true).expect("tick"));
        call.apply(&CallAction::SkipReveal).expect("skip");
    }
    assert_eq!(call.phase(), CallPhase::Ended);
    assert_eq!(signals.iter().filter(|s| **s == Signal::Finished).count(), 1, "{signals:?}");
}

#[test]
fn the_debrief_names_each_hesitation_and_what_it_cost() {
    let mut call = CallSession::start(common::small(), 5, Lang::En).expect("start");
    call.apply(&CallAction::Answer).expect("answer");
    call.apply(&CallAction::SkipReveal).expect("skip");
    call.tick(10.0, true).expect("the timer runs out once");
    choose(&mut call, 0);
    choose(&mut call, 0);
    let report = call.report();
    assert_eq!(report.hesitations.len(), 1);
    let h = &report.hesitations[0];
    assert_eq!((h.node.as_str(), h.customer_line.en.as_str()), ("a", "Hello?"));
    assert_eq!((h.patience_before, h.patience_after, h.walked_out), (30, 20, false));
    let text = frontline::core::report_text::render(&report, Lang::En);
    assert!(
        text.contains("-- Hesitations --\n1. After “Hello?” you let the customer wait too long: patience 30 → 20."),
        "{text}"
    );
    let zh = frontline::core::report_text::render(&report, Lang::Zh);
    assert!(zh.contains("耐心 30 → 20"), "{zh}");
}

#[test]
fn a_hesitation_that_empties_patience_is_named_as_the_reason_the_customer_left() {
    let mut call = CallSession::start(common::small(), 5, Lang::En).expect("start");
    call.apply(&CallAction::Answer).expect("answer");
    call.apply(&CallAction::SkipReveal).expect("skip");
    for _ in 0..3 {
        call.tick(10.0, true).expect("tick");
    }
    assert_eq!(call.phase(), CallPhase::Ended);
    let report = call.report();
    assert_eq!(report.hesitations.iter().filter(|h| h.walked_out).count(), 1);
    assert!(frontline::core::report_text::render(&report, Lang::En).contains("Patience ran out: the customer left."));
}

#[test]
fn a_stage_direction_shows_as_bracketed_narration_in_both_languages() {
    for (lang, direction, speech) in [(Lang::En, "(Ann sighs.)", "Hello?"), (Lang::Zh, "（安叹了口气。）", "喂？")]
    {
        let call = session_with_first_line("(Ann sighs.) Hello?", "（安叹了口气。）喂？", lang);
        let lines = call.transcript();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0].speaker, frontline::core::call::Speaker::Narration);
        assert_eq!(lines[0].text.learner(lang), direction, "narration keeps its brackets ({lang:?})");
        assert_eq!(lines[1].speaker, frontline::core::call::Speaker::Customer);
        assert_eq!(lines[1].text.learner(lang), speech);
    }
}

#[test]
fn a_saved_call_resumes_at_the_same_node_with_the_same_meters_and_what_was_said() {
    let mut call = session_with_first_line("Hello?", "喂？", Lang::En);
    call.apply(&CallAction::SkipReveal).expect("skip");
    call.tick(2.5, false).expect("think");
    choose(&mut call, 0);
    assert_eq!(call.decision_ms(), &[2500], "the time before the decision is kept");
    let state = call.conversation.state().clone();
    let resumed = CallSession::resume(call.loaded.clone(), state.clone(), Lang::En, vec![2500]).expect("resume");
    assert_eq!(resumed.conversation.state(), &state);
    assert_eq!(resumed.phase(), CallPhase::Talking);
    assert!(!resumed.revealing());
    assert_eq!(resumed.options().len(), call.options().len());
    let said: Vec<_> = resumed.transcript().iter().map(|l| (l.speaker, l.text.en.clone())).collect();
    let before: Vec<_> = call.transcript().iter().map(|l| (l.speaker, l.text.en.clone())).collect();
    assert_eq!(said, before, "the conversation so far is on screen again");
}

#[test]
fn a_call_saved_on_another_version_of_the_scenario_does_not_resume() {
    let mut call = session_with_first_line("Hello?", "喂？", Lang::En);
    choose(&mut call, 0);
    let state = call.conversation.state().clone();
    // The fixture as shipped differs from the edited one the call ran on.
    let err = CallSession::resume(common::small(), state, Lang::En, Vec::new()).expect_err("refused");
    assert!(err.to_string().contains("changed"), "{err}");
}

/// The fixture on another channel, answered.
fn session_on(channel: frontline::core::scenario::Channel) -> CallSession {
    let mut loaded = common::small();
    let mut scenario = (*loaded.scenario).clone();
    scenario.channel = channel;
    scenario.subject = Some(Localized::new("Charged twice", "重复扣款"));
    loaded.scenario = Arc::new(scenario);
    let mut call = CallSession::start(loaded, 5, Lang::En).expect("start");
    call.apply(&CallAction::Answer).expect("answer");
    call
}

#[test]
fn an_email_arrives_whole_and_a_chat_message_is_typed() {
    use frontline::core::scenario::Channel;
    let mut email = session_on(Channel::Email);
    assert!(!email.revealing(), "an e-mail is not typed out: its options show at once");
    let first = email.conversation.offered()[0];
    choose(&mut email, first);
    assert!(!email.revealing(), "the customer's answer arrives whole too");
    let chat = session_on(Channel::Chat);
    assert!(chat.revealing(), "a chat message is being typed (the game shows the typing dots)");
}
