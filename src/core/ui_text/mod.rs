//! Interface strings: one table per language ([`en`], [`zh`]), keyed by [`Text`]. The core, the
//! command line and the game all take their words from here, so a third language is one new table
//! (the compiler lists every key it still misses). Scenario text is not here: it is in the scenario.

mod en;
mod zh;

use crate::core::library_filter::LibrarySort;
use crate::core::meters::Meter;
use crate::core::scenario::{Channel, Difficulty, Outcome};
use crate::core::technique::Family;
use crate::core::text::Lang;
use std::fmt::Display;

/// Every interface string. The doc line of each key is its English text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Text {
    /// "You"
    You,
    /// ": "
    ColonSeparator,
    /// "({})"
    Parenthesized,
    /// "hesitates"
    Hesitates,
    /// "Call ended"
    CallEnded,
    /// " (patience ran out)"
    PatienceRanOutNote,
    /// ", silent exit"
    SilentExitNote,
    /// "Debrief"
    Debrief,
    /// "Outcome"
    OutcomeHeading,
    /// " (silent exit)"
    SilentExitParenthesized,
    /// "Waterfall"
    Waterfall,
    /// "The call did not end."
    CallDidNotEnd,
    /// "Overall"
    Overall,
    /// "-- Techniques --"
    TechniquesSection,
    /// "points"
    PointsWord,
    /// "broken"
    BrokenWord,
    /// "-- Your choices --"
    YourChoicesSection,
    /// "Better option"
    BetterOption,
    /// "n/a"
    NotApplicable,
    /// "Seed {seed} (replay this call with --seed {seed})"
    SeedLine,
    /// "Type an option number and press Enter; q quits."
    TypeAnOptionNumber,
    /// "Please type the number of an option."
    PleaseTypeANumber,
    /// "choose a scenario"
    ChooseAScenario,
    /// " · silent exit"
    SilentExitTag,
    /// "mood"
    MoodLower,
    /// "patience"
    PatienceLower,
    /// "Overall = {tech} % technique use + {ending} % where the customer ended up."
    OverallFormula,
    /// "Pause (Esc)"
    PauseEsc,
    /// "This call cannot go on:"
    ThisCallCannotGoOn,
    /// "Quit to library"
    QuitToLibrary,
    /// "The scenario file changed on disk. This call continues on the version it started with; restart to use the new one."
    ScenarioChangedDuringCall,
    /// "Incoming call…"
    IncomingCall,
    /// "Answer  (Enter)"
    AnswerEnter,
    /// "A customer comes up to your desk…"
    ACustomerComesUpToYour,
    /// "Greet them  (Enter)"
    GreetThemEnter,
    /// "Paused"
    Paused,
    /// "Resume (Esc)"
    ResumeEsc,
    /// "Restart this call (R)"
    RestartThisCallR,
    /// "Quit to library (Q)"
    QuitToLibraryQ,
    /// ":"
    Colon,
    /// "You:"
    YouColon,
    /// "… (any key to show the whole line)"
    AnyKeyToShowTheWhole,
    /// "The conversation has ended."
    TheConversationHasEnded,
    /// "See your debrief  (Enter)"
    SeeYourDebriefEnter,
    /// "1–9 to answer · ↑↓ and Enter · Esc pauses"
    CallKeyHint,
    /// "Play again (N)"
    PlayAgainN,
    /// "Replay same call (R)"
    ReplaySameCallR,
    /// "Library (Esc)"
    LibraryEsc,
    /// "The call did not finish."
    TheCallDidNotFinish,
    /// "Scores"
    Scores,
    /// "Mood over the call"
    MoodOverTheCall,
    /// "Techniques"
    Techniques,
    /// "Technique"
    Technique,
    /// "Family"
    FamilyHeading,
    /// "Points"
    Points,
    /// "Broken"
    Broken,
    /// "Score"
    Score,
    /// "Your choices"
    YourChoices,
    /// "Scenario errors"
    ScenarioErrors,
    /// "Fix and save the file: it reloads by itself. `frontline check` shows the details."
    FixAndSaveOverlayHint,
    /// "Dismiss"
    Dismiss,
    /// "Scenario errors ({count})"
    ScenarioErrorsCount,
    /// "Details"
    ShowDetails,
    /// "Hide details"
    HideDetails,
    /// "Tab: next choice · Enter: open or close it · PgDn, Space, ↓: scroll · Home, End"
    DebriefKeyHint,
    /// "Practise “{title}”: it trains {technique} most, your weakest technique ({mastery} %)."
    RecommendWeakest,
    /// "Start with “{title}”, the easiest call."
    RecommendFirstCall,
    /// "Try “{title}”: you have not played it yet."
    RecommendNotPlayed,
    /// "Play “{title}” again: your best there is {best}."
    RecommendLowestBest,
    /// "{count} calls played"
    AttemptsCount,
    /// "Scenarios (best, latest, calls)"
    ProgressScenariosHeading,
    /// "best {best} · latest {latest} · {count} calls"
    BestLatestCount,
    /// "Mastery per technique (last 5 calls that offered it, recent ones count more)"
    MasteryHeading,
    /// "Practise next"
    PractiseNext,
    /// "Best {best} · {count} calls"
    BestAndCalls,
    /// "Recommended for you"
    RecommendedForYou,
    /// "You left “{title}” in the middle of the call ({turns} answers given)."
    ResumeOffer,
    /// "“{title}” has changed since you left it mid-call: it cannot resume where you were."
    ResumeChanged,
    /// "Resume"
    ResumeButton,
    /// "Start it again"
    StartAgainButton,
    /// "Discard"
    DiscardButton,
    /// "Progress is not being saved:"
    ProgressNotSaved,
    /// "Rename"
    RenameButton,
    /// "Delete"
    DeleteButton,
    /// "Cancel"
    CancelButton,
    /// "Delete {name} and everything recorded for them? This cannot be undone."
    ConfirmDeleteLearner,
    /// "Progress — {name}"
    ProgressOf,
    /// "Start it (Enter)"
    StartRecommendedEnter,
    /// "No calls recorded yet: play one from the library."
    NoCallsYet,
    /// "Overall score per call"
    OverallOverTime,
    /// "Listening and service recovery per call"
    ListeningRecoveryOverTime,
    /// "{count} calls"
    EvidenceCalls,
    /// "Scenario"
    ScenarioColumn,
    /// "Best"
    BestColumn,
    /// "Latest"
    LatestColumn,
    /// "Calls"
    CallsColumn,
    /// How mastery is worked out, in one sentence.
    MasteryFormula,
    /// "Progress (P)"
    ProgressP,
    /// "Map" (a library card's button)
    MapButton,
    /// "Map (M)" (the debrief's button)
    MapM,
    /// "Map of {title}"
    MapTitle,
    /// How to move around the map.
    MapHint,
    /// "Your path: {count} choices, highlighted"
    MapYourPath,
    /// "Back (Esc)"
    BackEsc,
    /// "ending"
    MapEnding,
    /// "routes on"
    MapRoutes,
    /// "passed"
    ExamPassed,
    /// "not passed"
    ExamNotPassed,
    /// "{family} {score}, below the pass mark of {needed}"
    ExamBelowMark,
    /// "took a critical choice ({choice})"
    ExamCriticalChoice,
    /// "the call was not finished"
    ExamNotFinished,
    /// "The whole set"
    ExamWholeSet,
    /// "Attempt {n} of {allowed}. No feedback until the end."
    ExamAttemptOf,
    /// "Exams"
    ExamsHeading,
    /// "Start the exam"
    StartExamButton,
    /// "← Title (Esc)"
    TitleEsc,
    /// "Choose a call"
    ChooseACall,
    /// "Learner"
    Learner,
    /// "No scenarios found in"
    NoScenariosFoundIn,
    /// How to fill an empty scenario folder.
    NoScenariosHelp,
    /// Tag on a trainer's copy of a shipped scenario: "your copy".
    YourCopy,
    /// What "your copy" means (hover).
    YourCopyHelp,
    /// "Your own scenarios go in" (then the folder).
    OwnScenariosIn,
    /// "min"
    MinutesUnit,
    /// "Not played yet"
    NotPlayedYet,
    /// "Trains:"
    Trains,
    /// "The file on disk has errors; playing the last good version:"
    TheFileOnDiskHasErrors,
    /// "This scenario has errors and cannot be played:"
    ThisScenarioHasErrorsAndCannot,
    /// "Fix the file and save: it reloads by itself."
    FixTheFileAndSaveIt,
    /// "Loading…"
    Loading,
    /// "Practise hard customer conversations."
    PractiseHardCustomerConversations,
    /// "No learner yet: type your name below."
    NoLearnerYetTypeYourName,
    /// "New learner name"
    NewLearnerName,
    /// "Add"
    Add,
    /// "Settings"
    Settings,
    /// "Language"
    Language,
    /// "Volume"
    Volume,
    /// "Mute"
    Mute,
    /// "UI scale"
    UiScale,
    /// "Patience timers (hesitating costs patience)"
    PatienceTimersSetting,
    /// "Continue  (Enter)"
    ContinueEnter,
    /// "Choose or add a learner to continue."
    ChooseOrAddALearnerTo,
    /// "Best: {score}/100"
    BestScore,
    /// "Better option: {text}"
    BetterOptionLine,
    /// "+{count} more" (techniques not named on a library card)
    MoreTechniques,
    /// "-- Hesitations --" (the text debrief)
    HesitationsSection,
    /// "After “{line}” you let the customer wait too long: patience {before} → {after}."
    HesitationLine,
    /// "Patience ran out: the customer left."
    HesitationWalkout,
    /// "You said: {text}" (an opened choice row of the debrief)
    YouSaidLine,
    /// "No technique was scored: …" (a debrief whose call ended before any scored choice)
    NoTechniquesScored,
    /// "Hesitations" (the debrief screen)
    HesitationsHeading,
    /// "({name} waits. Nobody answers.)" (the transcript, when the timer runs out)
    HesitationNarration,
    /// "{name} loses patience in {time}" (the countdown, `time` as m:ss)
    PatienceCountdown,
    /// The name of an outcome.
    OutcomeName(Outcome),
    /// The name of a meter.
    MeterName(Meter),
    /// The name of a family.
    FamilyName(Family),
    /// The name of a difficulty.
    DifficultyName(Difficulty),
    /// "A new chat is waiting…" (a chat scenario before it opens)
    ANewChatArrives,
    /// "Open the chat  (Enter)"
    OpenTheChatEnter,
    /// "A new e-mail in your inbox…" (an e-mail scenario before it opens)
    ANewEmailArrives,
    /// "Open it  (Enter)"
    OpenTheEmailEnter,
    /// "{name} is typing…" (a chat while the message arrives)
    IsTyping,
    /// "Subject:" (an e-mail thread)
    SubjectColon,
    /// "From:" (an e-mail)
    FromColon,
    /// "Re: " prefix of a reply's subject
    ReplyPrefix,
    /// "{name} stops waiting for your reply in {time}" (the patience countdown in a written channel)
    WaitingForReply,
    /// The name of a channel.
    ChannelName(Channel),
    /// The name of a library sort.
    SortName(LibrarySort),
    /// "Search titles, customers, techniques  (/)" (the library's search box)
    SearchHint,
    /// "Every channel" (the library's channel filter)
    EveryChannel,
    /// "Every difficulty"
    EveryDifficulty,
    /// "Every technique"
    EveryTechnique,
    /// "Sort:"
    SortColon,
    /// "Clear" (the library's filters)
    ClearFilters,
    /// "{shown} of {total} scenarios"
    ShowingCount,
    /// "No scenario matches: clear a filter or change the search."
    NoScenarioMatches,
    /// The library's keys: "↑ ↓ choose · Enter plays · 1–9 · / search · M map · P progress"
    LibraryKeyHint,
}

/// The string for `key` in `lang`.
pub fn t(lang: Lang, key: Text) -> &'static str {
    match lang {
        Lang::En => en::text(key),
        Lang::Zh => zh::text(key),
    }
}

/// The string for `key` with its `{name}` placeholders filled in, e.g.
/// Every character the interface may show in `lang`: the text of its string table (its source
/// holds every string), for a font atlas to load ahead of the first frame that needs them.
pub fn interface_characters(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("en.rs"),
        Lang::Zh => include_str!("zh.rs"),
    }
}

/// `fill(lang, Text::SeedLine, &[("seed", &42)])`.
pub fn fill(lang: Lang, key: Text, args: &[(&str, &dyn Display)]) -> String {
    let mut out = t(lang, key).to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_in_every_language() {
        for lang in Lang::ALL {
            let line = fill(lang, Text::SeedLine, &[("seed", &42)]);
            assert!(line.contains("42") && !line.contains('{'), "{line}");
        }
    }

    #[test]
    fn chinese_strings_use_full_width_colons() {
        assert_eq!(t(Lang::Zh, Text::ColonSeparator), "：");
        assert_eq!(t(Lang::En, Text::OutcomeName(Outcome::Loyal)), "Loyal");
    }
}
