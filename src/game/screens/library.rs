//! Scenario library: a card per scenario file, broken files listed with their error.

use crate::core::library_filter::{LibraryQuery, LibrarySort};
use crate::core::scenario::{Channel, Difficulty};
use crate::core::text::Lang;
use crate::core::ui_text::{Text, fill, t};
use crate::game::library_view::{LibraryMove, LibraryView, shown_files};
use crate::game::progress::{LearnerResults, ResumeAction, ResumeOffer};
use crate::game::scenario_asset::{RescanLibrary, ScenarioAsset, ScenarioLibrary};
use crate::game::screen::GoTo;
use crate::game::screen::Screen;
use crate::game::screens::map::OpenMap;
use crate::game::session::{StartCall, StartError};
use crate::game::settings::Settings;
use crate::game::style::{ACCENT, BAD, MUTED, hint, root_ui};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// Marks the library screen's lifetime.
#[derive(Component)]
pub struct LibraryScreen;

fn enter(mut commands: Commands, mut rescan: MessageWriter<RescanLibrary>) {
    commands.spawn((Name::new("Library screen"), LibraryScreen, DespawnOnExit(Screen::Library)));
    rescan.write(RescanLibrary);
}

/// How many of a scenario's techniques its card names; the rest are listed on hover.
pub const TECHNIQUES_ON_CARD: usize = 4;

#[allow(clippy::too_many_arguments)] // a Bevy system: each parameter is a resource it reads or writes
fn keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    (library, scenarios, results, settings): (
        Res<ScenarioLibrary>,
        Res<Assets<ScenarioAsset>>,
        Res<LearnerResults>,
        Res<Settings>,
    ),
    egui_input: Option<Res<bevy_egui::input::EguiWantsInput>>,
    mut view: ResMut<LibraryView>,
    resume: Res<ResumeOffer>,
    mut resumes: MessageWriter<ResumeAction>,
    mut starts: MessageWriter<StartCall>,
    mut go: MessageWriter<GoTo>,
) {
    // Typing in the search box: the keys are letters, not shortcuts.
    if egui_input.is_some_and(|i| i.wants_keyboard_input()) {
        return;
    }
    if keys.just_pressed(KeyCode::Slash) {
        view.focus_search = true;
        return;
    }
    if keys.just_pressed(KeyCode::Escape) {
        go.write(GoTo(Screen::Title));
        return;
    }
    if keys.just_pressed(KeyCode::KeyP) {
        go.write(GoTo(Screen::Progress));
        return;
    }
    // R resumes the call left unfinished, when there is one that can resume.
    if keys.just_pressed(KeyCode::KeyR) && resume.0.as_ref().is_some_and(|c| !c.changed) {
        resumes.write(ResumeAction::Resume);
        return;
    }
    let files = shown_files(&library, &scenarios, &results, &view.query, settings.lang);
    for (i, file) in files.iter().enumerate().take(9) {
        if keys.just_pressed(crate::game::screens::call::digit_key(i + 1)) {
            starts.write(StartCall { file: file.clone(), seed: None });
            return;
        }
    }
    let step = if keys.just_pressed(KeyCode::ArrowDown) {
        Some(LibraryMove::Step(1))
    } else if keys.just_pressed(KeyCode::ArrowUp) {
        Some(LibraryMove::Step(-1))
    } else if keys.just_pressed(KeyCode::PageDown) {
        Some(LibraryMove::Step(5))
    } else if keys.just_pressed(KeyCode::PageUp) {
        Some(LibraryMove::Step(-5))
    } else if keys.just_pressed(KeyCode::Home) {
        Some(LibraryMove::First)
    } else if keys.just_pressed(KeyCode::End) {
        Some(LibraryMove::Last)
    } else {
        None
    };
    if let Some(step) = step {
        view.move_focus(step, files.len());
    }
    if keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter])
        && let Some(file) = view.focused.and_then(|i| files.get(i))
    {
        starts.write(StartCall { file: file.clone(), seed: None });
    }
}

#[allow(clippy::too_many_arguments)] // a Bevy system: each parameter is a resource it reads
fn library_ui(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    library: Res<ScenarioLibrary>,
    scenarios: Res<Assets<ScenarioAsset>>,
    (results, resume, progress): (Res<LearnerResults>, Res<ResumeOffer>, Res<crate::game::progress::Progress>),
    mut resumes: MessageWriter<ResumeAction>,
    (exams, mut start_exams): (
        (Res<crate::game::exam::ExamCatalog>, Res<crate::game::exam::ExamProblem>),
        MessageWriter<crate::game::exam::StartExam>,
    ),
    start_error: Res<StartError>,
    (mut starts, mut maps): (MessageWriter<StartCall>, MessageWriter<OpenMap>),
    mut go: MessageWriter<GoTo>,
    mut view: ResMut<LibraryView>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let lang = settings.lang;
    let mut root = root_ui(&ctx);
    let top = egui::Panel::top("library-top").show(&mut root, |ui| {
        ui.horizontal(|ui| {
            if ui.button(t(lang, Text::TitleEsc)).clicked() {
                go.write(GoTo(Screen::Title));
            }
            ui.heading(t(lang, Text::ChooseACall));
            if ui.button(t(lang, Text::ProgressP)).clicked() {
                go.write(GoTo(Screen::Progress));
            }
            if let Some(l) = &settings.learner {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(format!("{}{}{l}", t(lang, Text::Learner), t(lang, Text::ColonSeparator)));
                });
            }
        });
    });
    crate::game::widgets::settle(&root, "library-top", top.response.rect);
    egui::CentralPanel::default().show(&mut root, |ui| {
        if let Some(e) = &start_error.0 {
            ui.colored_label(BAD, e.to_string());
        }
        if let Some(problem) = &progress.problem {
            ui.colored_label(BAD, format!("{}{problem}", t(lang, Text::ProgressNotSaved)));
        }
        resume_banner(ui, lang, &resume, &mut resumes);
        exams_panel(ui, lang, &exams, &mut start_exams);
        if library.entries.is_empty() {
            let folders: Vec<String> =
                library.folders.layers.iter().map(|l| crate::core::library::display_path(&l.path)).collect();
            ui.label(format!("{} {}", t(lang, Text::NoScenariosFoundIn), folders.join(" · ")));
            crate::game::widgets::wrapped_label(ui, t(lang, Text::NoScenariosHelp), |s| egui::RichText::new(s).weak());
        }
        // The cards the filters show, in their order (the number keys follow it), then the files
        // that cannot be played, whatever the filters: a trainer must see them.
        let shown = shown_files(&library, &scenarios, &results, &view.query, lang);
        let playable_count = library.entries.iter().filter(|e| library.playable(&e.path, &scenarios).is_some()).count();
        view.clamp_focus(shown.len());
        if playable_count > 0 {
            let techniques = technique_choices(&library, &scenarios, lang);
            filter_bar(ui, lang, &mut view, &techniques, shown.len(), playable_count);
            if shown.is_empty() {
                ui.label(egui::RichText::new(t(lang, Text::NoScenarioMatches)).color(ACCENT));
            }
        }
        let order: Vec<&crate::game::scenario_asset::LibraryEntry> = shown
            .iter()
            .filter_map(|f| library.entries.iter().find(|e| &e.path == f))
            .chain(
                library
                    .entries
                    .iter()
                    .filter(|e| library.playable(&e.path, &scenarios).is_none() && e.replaced_by.is_none()),
            )
            .collect();
        egui::ScrollArea::vertical().id_salt("library-cards").show(ui, |ui| {
            let mut number = 0;
            for entry in order {
                let asset = library.playable(&entry.path, &scenarios);
                let error = entry.duplicate.as_ref().or(entry.error.as_ref());
                let focused = asset.is_some() && view.focused == Some(number);
                let frame_color = if error.is_some() {
                    BAD
                } else if focused {
                    ACCENT
                } else {
                    MUTED.gamma_multiply(0.5)
                };
                let card = egui::Frame::group(ui.style())
                    .stroke(egui::Stroke::new(if focused { 2.5 } else { 1.5 }, frame_color))
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        match asset {
                            Some(loaded) => {
                                number += 1;
                                let s = &loaded.scenario;
                                ui.horizontal(|ui| {
                                    let label = format!("▶ {number}");
                                    ui.vertical(|ui| {
                                        let play = ui.add(
                                            egui::Button::new(egui::RichText::new(label).size(18.0))
                                                .min_size(egui::vec2(56.0, 40.0)),
                                        );
                                        if play.clicked() {
                                            starts.write(StartCall { file: entry.path.clone(), seed: None });
                                        }
                                        // The scenario's map, for trainers.
                                        if ui.small_button(t(lang, Text::MapButton)).clicked() {
                                            maps.write(OpenMap {
                                                scenario: s.clone(),
                                                path: Vec::new(),
                                                ending: None,
                                                back: Screen::Library,
                                            });
                                        }
                                    });
                                    ui.vertical(|ui| {
                                        ui.horizontal(|ui| {
                                            ui.label(egui::RichText::new(s.title.learner(lang)).size(20.0).strong());
                                            if let Some(shipped) = &entry.replaces {
                                                ui.label(egui::RichText::new(t(lang, Text::YourCopy)).color(ACCENT))
                                                    .on_hover_text(format!(
                                                        "{}: {shipped}",
                                                        t(lang, Text::YourCopyHelp)
                                                    ));
                                            }
                                        });
                                        ui.label(
                                            egui::RichText::new(format!(
                                                "{} · {} · {} {} · {}",
                                                s.channel.label(lang),
                                                s.difficulty.label(lang),
                                                s.minutes,
                                                t(lang, Text::MinutesUnit),
                                                s.customer.name.learner(lang)
                                            ))
                                            .color(ACCENT),
                                        );
                                    });
                                    ui.with_layout(egui::Layout::right_to_left(egui::Align::TOP), |ui| {
                                        let best = match results.of(s.id.as_str()) {
                                            Some(r) => fill(
                                                lang,
                                                Text::BestAndCalls,
                                                &[("best", &r.best), ("count", &r.attempts)],
                                            ),
                                            None => t(lang, Text::NotPlayedYet).to_string(),
                                        };
                                        ui.label(egui::RichText::new(best).weak());
                                        if results.recommended.as_deref() == Some(s.id.as_str()) {
                                            ui.label(
                                                egui::RichText::new(t(lang, Text::RecommendedForYou))
                                                    .color(ACCENT)
                                                    .strong(),
                                            );
                                        }
                                    });
                                });
                                crate::game::widgets::wrapped_label(ui, &s.summary.learner(lang), egui::RichText::new);
                                ui.horizontal_wrapped(|ui| {
                                    ui.label(egui::RichText::new(t(lang, Text::Trains)).weak());
                                    let trained = s.techniques_by_opportunity();
                                    let name_of = |id: &str| {
                                        loaded.catalog.get(id).map(|t| t.name.learner(lang)).unwrap_or_default()
                                    };
                                    for (id, _) in trained.iter().take(TECHNIQUES_ON_CARD) {
                                        let description = loaded
                                            .catalog
                                            .get(id)
                                            .map(|t| t.description.learner(lang))
                                            .unwrap_or_default();
                                        // `extend`: a name never breaks across lines; the row wraps between names.
                                        ui.add(
                                            egui::Label::new(
                                                egui::RichText::new(format!("{id} {} ·", name_of(id))).small(),
                                            )
                                            .extend(),
                                        )
                                        .on_hover_text(description);
                                    }
                                    let rest: Vec<String> = trained
                                        .iter()
                                        .skip(TECHNIQUES_ON_CARD)
                                        .map(|(id, _)| format!("{id} {}", name_of(id)))
                                        .collect();
                                    if !rest.is_empty() {
                                        let more = fill(lang, Text::MoreTechniques, &[("count", &rest.len())]);
                                        ui.add(egui::Label::new(egui::RichText::new(more).small().weak()).extend())
                                            .on_hover_text(rest.join("\n"));
                                    }
                                });
                                if let Some(err) = &entry.error {
                                    ui.colored_label(BAD, t(lang, Text::TheFileOnDiskHasErrors));
                                    error_lines(ui, err);
                                }
                            }
                            None => {
                                ui.label(egui::RichText::new(crate::core::library::display_path(&entry.path)).strong());
                                match error {
                                    Some(err) => {
                                        ui.colored_label(BAD, t(lang, Text::ThisScenarioHasErrorsAndCannot));
                                        error_lines(ui, err);
                                        ui.label(egui::RichText::new(t(lang, Text::FixTheFileAndSaveIt)).weak());
                                    }
                                    None => {
                                        ui.label(t(lang, Text::Loading));
                                    }
                                }
                            }
                        }
                    });
                if focused && view.reveal_focus {
                    card.response.scroll_to_me(None);
                    view.reveal_focus = false;
                }
                ui.add_space(6.0);
            }
            // Where a trainer's own scenarios go (made when the game starts; empty at first).
            if let Some(own) = library.trainers_folder().filter(|_| !library.entries.is_empty()) {
                ui.label(
                    egui::RichText::new(format!(
                        "{} {}",
                        t(lang, Text::OwnScenariosIn),
                        crate::core::library::display_path(own)
                    ))
                    .small()
                    .weak(),
                );
            }
        });
    });
    Ok(())
}

/// Every technique the playable scenarios tag, with its name: the technique filter's choices.
fn technique_choices(
    library: &ScenarioLibrary,
    scenarios: &Assets<ScenarioAsset>,
    lang: Lang,
) -> Vec<(String, String)> {
    let mut out: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for entry in &library.entries {
        let Some(loaded) = library.playable(&entry.path, scenarios) else { continue };
        for id in loaded.scenario.tagged_techniques() {
            let name = loaded.catalog.get(id).map(|t| t.name.learner(lang)).unwrap_or_default();
            out.entry(id.to_string()).or_insert(name);
        }
    }
    let mut list: Vec<(String, String)> = out.into_iter().collect();
    list.sort_by_key(|(id, _)| crate::core::technique::id_order(id));
    list
}

/// The search box, the channel, difficulty and technique filters, the sort and how many show.
fn filter_bar(
    ui: &mut egui::Ui,
    lang: Lang,
    view: &mut LibraryView,
    techniques: &[(String, String)],
    shown: usize,
    total: usize,
) {
    let before = view.query.clone();
    // A grid keeps the filters level (a row of combo boxes would step down one by one).
    egui::Grid::new("library-filters").num_columns(4).show(ui, |ui| {
        let search = ui.add(
            egui::TextEdit::singleline(&mut view.query.search)
                .hint_text(t(lang, Text::SearchHint))
                .desired_width(260.0),
        );
        if std::mem::take(&mut view.focus_search) {
            search.request_focus();
        }
        if search.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            search.surrender_focus();
        }
        let channel_text = view.query.channel.map_or(t(lang, Text::EveryChannel), |c| c.label(lang));
        egui::ComboBox::from_id_salt("library-channel").selected_text(channel_text).show_ui(ui, |ui| {
            ui.selectable_value(&mut view.query.channel, None, t(lang, Text::EveryChannel));
            for c in Channel::ALL {
                ui.selectable_value(&mut view.query.channel, Some(c), c.label(lang));
            }
        });
        let difficulty_text = view.query.difficulty.map_or(t(lang, Text::EveryDifficulty), |d| d.label(lang));
        egui::ComboBox::from_id_salt("library-difficulty").selected_text(difficulty_text).show_ui(ui, |ui| {
            ui.selectable_value(&mut view.query.difficulty, None, t(lang, Text::EveryDifficulty));
            for d in [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard] {
                ui.selectable_value(&mut view.query.difficulty, Some(d), d.label(lang));
            }
        });
        ui.end_row();
        let technique_text = match &view.query.technique {
            Some(id) => techniques.iter().find(|(i, _)| i == id).map_or(id.clone(), |(i, n)| format!("{i} {n}")),
            None => t(lang, Text::EveryTechnique).to_string(),
        };
        egui::ComboBox::from_id_salt("library-technique").selected_text(technique_text).width(220.0).show_ui(
            ui,
            |ui| {
                ui.selectable_value(&mut view.query.technique, None, t(lang, Text::EveryTechnique));
                for (id, name) in techniques {
                    ui.selectable_value(&mut view.query.technique, Some(id.clone()), format!("{id} {name}"));
                }
            },
        );
        ui.horizontal(|ui| {
            ui.label(t(lang, Text::SortColon));
            egui::ComboBox::from_id_salt("library-sort")
                .selected_text(t(lang, Text::SortName(view.query.sort)))
                .show_ui(ui, |ui| {
                    for s in LibrarySort::ALL {
                        ui.selectable_value(&mut view.query.sort, s, t(lang, Text::SortName(s)));
                    }
                });
        });
        ui.horizontal(|ui| {
            if !view.query.shows_everything() && ui.button(t(lang, Text::ClearFilters)).clicked() {
                view.query = LibraryQuery { sort: view.query.sort, ..LibraryQuery::default() };
            }
            ui.label(
                egui::RichText::new(fill(lang, Text::ShowingCount, &[("shown", &shown), ("total", &total)])).weak(),
            );
        });
        ui.end_row();
    });
    ui.label(hint(ui, t(lang, Text::LibraryKeyHint)));
    if view.query != before {
        view.focused = None;
    }
    ui.add_space(4.0);
}

/// Lists an error's diagnostics as `file:line:col: message` lines.
pub fn error_lines(ui: &mut egui::Ui, err: &crate::game::scenario_asset::ScenarioLoadError) {
    for d in err.errors().take(8) {
        ui.label(egui::RichText::new(d.headline()).monospace().color(BAD));
        if let Some(h) = &d.help {
            ui.label(egui::RichText::new(format!("  help: {h}")).monospace().weak());
        }
    }
}

/// The exam sets of the folder, each with a button that starts a sitting.
fn exams_panel(
    ui: &mut egui::Ui,
    lang: Lang,
    (catalog, problem): &(Res<crate::game::exam::ExamCatalog>, Res<crate::game::exam::ExamProblem>),
    starts: &mut MessageWriter<crate::game::exam::StartExam>,
) {
    if catalog.sets.is_empty() {
        return;
    }
    egui::Frame::group(ui.style()).stroke(egui::Stroke::new(1.5, MUTED.gamma_multiply(0.5))).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(egui::RichText::new(t(lang, Text::ExamsHeading)).size(18.0).strong());
        if let Some(p) = &problem.0 {
            ui.colored_label(BAD, p);
        }
        for (path, set, error) in &catalog.sets {
            match set {
                Some(set) => {
                    ui.horizontal(|ui| {
                        if ui.button(t(lang, Text::StartExamButton)).clicked() {
                            starts.write(crate::game::exam::StartExam(path.clone()));
                        }
                        ui.label(egui::RichText::new(set.title.learner(lang)).strong());
                    });
                    crate::game::widgets::wrapped_label(ui, &set.instructions.learner(lang), |s| {
                        egui::RichText::new(s).weak()
                    });
                }
                None => {
                    let why = error.clone().unwrap_or_default();
                    ui.colored_label(BAD, format!("{}: {why}", path.display()));
                }
            }
        }
    });
    ui.add_space(6.0);
}

/// The offer to resume a call left unfinished, at the top of the library.
fn resume_banner(ui: &mut egui::Ui, lang: Lang, offer: &ResumeOffer, actions: &mut MessageWriter<ResumeAction>) {
    let Some(call) = &offer.0 else { return };
    egui::Frame::group(ui.style()).stroke(egui::Stroke::new(1.5, ACCENT)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let text = if call.changed {
            fill(lang, Text::ResumeChanged, &[("title", &call.title.learner(lang))])
        } else {
            fill(lang, Text::ResumeOffer, &[("title", &call.title.learner(lang)), ("turns", &call.turns)])
        };
        ui.label(egui::RichText::new(text).size(16.0));
        ui.horizontal(|ui| {
            if !call.changed && ui.button(t(lang, Text::ResumeButton)).clicked() {
                actions.write(ResumeAction::Resume);
            }
            if ui.button(t(lang, Text::StartAgainButton)).clicked() {
                actions.write(ResumeAction::StartAgain);
            }
            if ui.button(t(lang, Text::DiscardButton)).clicked() {
                actions.write(ResumeAction::Discard);
            }
        });
    });
    ui.add_space(6.0);
}

/// The library screen.
pub fn plugin(app: &mut App) {
    app.init_resource::<LibraryView>()
        .add_systems(OnEnter(Screen::Library), enter)
        .add_systems(Update, keyboard.run_if(in_state(Screen::Library)))
        .add_systems(
            EguiPrimaryContextPass,
            library_ui.run_if(in_state(Screen::Library)).in_set(crate::game::screens::ScreenUi),
        );
}
