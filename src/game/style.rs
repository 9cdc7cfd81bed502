//! Fonts (a bundled CJK font so Chinese never shows as boxes), UI scale and the colour theme.

use crate::core::text::Lang;
use crate::core::ui_text::interface_characters;
use crate::game::settings::Settings;
use bevy::prelude::*;
use bevy_egui::egui::{self, Color32, FontData, FontFamily};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

/// Noto Sans CJK SC, subset (SIL Open Font License; see assets/fonts/OFL.txt).
pub const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Frontline.otf");

/// Names a font file to draw Chinese with instead of the bundled subset (which holds only the
/// characters of the shipped scenarios and the interface): for a trainer's own Chinese scenarios.
pub const FONT_VARIABLE: &str = "FRONTLINE_FONT";

/// The font for Chinese: the file at `path` when it is a font that has Chinese characters, else
/// the bundled subset — with a warning that says why the file was not used.
pub fn choose_cjk_font(path: Option<&std::path::Path>) -> (std::sync::Arc<FontData>, Option<String>) {
    let bundled = || std::sync::Arc::new(FontData::from_static(CJK_FONT));
    let Some(path) = path else { return (bundled(), None) };
    let why = match std::fs::read(path) {
        Err(e) => format!("cannot read it ({e})"),
        Ok(bytes) => match skrifa::FontRef::from_index(&bytes, 0) {
            Err(e) => format!("it is not a font this program can read ({e})"),
            Ok(font) if skrifa::MetadataProvider::charmap(&font).map('中').is_none() => {
                "it has no Chinese characters".to_string()
            }
            Ok(_) => return (std::sync::Arc::new(FontData::from_owned(bytes)), None),
        },
    };
    let warning = format!("{FONT_VARIABLE}={}: {why}; the bundled Chinese font is used instead", path.display());
    (bundled(), Some(warning))
}

/// The font for Chinese, chosen once per run from [`FONT_VARIABLE`] (the warning, if any, logged once).
fn cjk_font() -> std::sync::Arc<FontData> {
    static CHOSEN: std::sync::OnceLock<std::sync::Arc<FontData>> = std::sync::OnceLock::new();
    CHOSEN
        .get_or_init(|| {
            let path = std::env::var_os(FONT_VARIABLE).map(std::path::PathBuf::from);
            let (font, warning) = choose_cjk_font(path.as_deref());
            if let Some(w) = warning {
                warn!("{w}");
            }
            font
        })
        .clone()
}

/// Warm accent used for highlights.
pub const ACCENT: Color32 = Color32::from_rgb(0xE0, 0x8A, 0x2E);
/// Good news.
pub const GOOD: Color32 = Color32::from_rgb(0x4C, 0xAF, 0x50);
/// Bad news.
pub const BAD: Color32 = Color32::from_rgb(0xE5, 0x48, 0x48);
/// Secondary text (labels, hints, axes).
pub const MUTED: Color32 = Color32::from_rgb(0x9A, 0xA0, 0xA6);
/// What the customer says: the brightest text on the call screen.
pub const SPEECH: Color32 = Color32::from_gray(0xE6);
/// What the learner said: light, tinted blue, upright (italics would read as a stage direction).
pub const LEARNER_SPEECH: Color32 = Color32::from_rgb(0xB8, 0xD0, 0xEA);
/// Stage directions: clearly dimmer than anything spoken.
pub const NARRATION: Color32 = Color32::from_rgb(0x78, 0x7E, 0x85);

/// Font set for a language: egui's own fonts plus the bundled CJK font — after them in English
/// (Latin keeps egui's look, Chinese falls back to Noto), first in Chinese (so Chinese punctuation
/// and quotes come from the Chinese font too).
pub fn font_definitions(lang: Lang) -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert("noto-sans-sc".into(), cjk_font());
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let list = fonts.families.entry(family).or_default();
        match lang {
            Lang::Zh => list.insert(0, "noto-sans-sc".into()),
            Lang::En => list.push("noto-sans-sc".into()),
        }
    }
    fonts
}

/// Installs the fonts for `lang` and the house style.
pub fn install_fonts(ctx: &egui::Context, lang: Lang) {
    ctx.set_fonts(font_definitions(lang));
    let mut style = (*ctx.global_style()).clone();
    style.text_styles.insert(egui::TextStyle::Body, egui::FontId::proportional(16.0));
    style.text_styles.insert(egui::TextStyle::Button, egui::FontId::proportional(16.0));
    style.text_styles.insert(egui::TextStyle::Heading, egui::FontId::proportional(26.0));
    style.text_styles.insert(egui::TextStyle::Small, egui::FontId::proportional(13.0));
    style.spacing.button_padding = egui::vec2(10.0, 6.0);
    style.spacing.item_spacing = egui::vec2(8.0, 8.0);
    style.visuals.text_cursor.blink = false;
    // Panels are not filled: the window is cleared to the same colour (see `setup_camera`), so a
    // software renderer does not shade every pixel of the window twice per frame.
    style.visuals.panel_fill = Color32::TRANSPARENT;
    ctx.set_global_style(style);
}

/// The colour behind every panel (egui's dark panel colour).
pub const BACKGROUND: Color32 = Color32::from_rgb(27, 27, 27);

/// Installs fonts and scale once the egui context exists.
pub fn setup_fonts(mut contexts: EguiContexts, settings: Res<Settings>) -> Result {
    let ctx = contexts.ctx_mut()?;
    install_fonts(ctx, settings.lang);
    ctx.set_zoom_factor(settings.ui_scale);
    // Solid scroll bars: always shown where content overflows (egui's default floats them, visible
    // only under the pointer, so a learner could not tell there was more below).
    ctx.global_style_mut(|s| s.spacing.scroll = egui::style::ScrollStyle::solid());
    Ok(())
}

/// Follows the settings: zoom for the UI scale, font order for the language.
fn apply_settings(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    mut fonts_for: Local<Option<Lang>>,
    mut warmed: Local<Option<(Lang, u32)>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    // Fonts set in one frame are in use from the next: warm the atlas then, once per font set and
    // scale, with every interface string and the digits the countdown changes every second.
    let key = (settings.lang, (ctx.pixels_per_point() * 100.0) as u32);
    if fonts_for.is_some() && *warmed != Some(key) {
        let sizes = [egui::TextStyle::Body, egui::TextStyle::Button, egui::TextStyle::Heading]
            .map(|style| style.resolve(&ctx.global_style()))
            .into_iter()
            .chain([egui::FontId::proportional(hint_size(ctx))]);
        warm_glyphs(ctx, [interface_characters(settings.lang), "0123456789 s/%:："], sizes.collect());
        *warmed = Some(key);
    }
    if settings.is_changed() {
        if (ctx.zoom_factor() - settings.ui_scale).abs() > f32::EPSILON {
            ctx.set_zoom_factor(settings.ui_scale);
        }
        if fonts_for.is_some_and(|l| l != settings.lang) || fonts_for.is_none() {
            if fonts_for.is_some() {
                ctx.set_fonts(font_definitions(settings.lang));
                *warmed = None;
            }
            *fonts_for = Some(settings.lang);
        }
    }
    Ok(())
}

/// Letter groups the bundled fonts draw as one glyph: Latin ligatures, and the Chinese dash and
/// ellipsis (two marks drawn as one line).
const LIGATURES: [&str; 7] = ["ffi", "ffl", "ff", "fi", "fl", "——", "……"];

/// Puts every character of `texts` into egui's font atlas, in every size the screens use, so that
/// text appearing later (new options, the next line) never shows for a frame as missing glyphs.
///
/// egui rasterizes a Latin glyph at one of four sub-pixel offsets, depending on where it falls on
/// the line; each character is laid out on its own line at each offset, so every variant is
/// loaded (CJK glyphs have one).
///
/// Only the sizes given: egui empties the whole atlas when it gets four-fifths full, which would
/// undo the point of loading ahead.
pub fn warm_glyphs<'a>(ctx: &egui::Context, texts: impl IntoIterator<Item = &'a str>, fonts: Vec<egui::FontId>) {
    let mut units: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for text in texts {
        units.extend(text.chars().filter(|c| !c.is_control()).map(String::from));
        // Latin fonts draw these pairs as one glyph (a ligature).
        units.extend(LIGATURES.iter().filter(|l| text.contains(*l)).map(|l| (*l).to_owned()));
    }
    if units.is_empty() {
        return;
    }
    let pixels_per_point = ctx.pixels_per_point();
    ctx.fonts_mut(|f| {
        for font in fonts {
            for offset in [0.0, 0.25, 0.5, 0.75] {
                let mut job = egui::text::LayoutJob::default();
                let format = egui::TextFormat::simple(font.clone(), Color32::WHITE);
                for unit in &units {
                    job.append(&format!("{unit}\n"), offset / pixels_per_point, format.clone());
                }
                let _ = f.layout_job(job);
            }
        }
    });
}

/// When a call is about to start (or the language or scale changes during one), the texts of its
/// first screens (title, customer, the ringing and ending lines) go into the atlas before the call
/// screen draws them; the call screen loads each line and its options as they come up.
fn warm_call_glyphs(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    active: Option<Res<crate::game::session::ActiveCall>>,
    mut warmed: Local<Option<(crate::core::fingerprint::Fingerprint, Lang, u32)>>,
) -> Result {
    let Some(active) = active else { return Ok(()) };
    let ctx = contexts.ctx_mut()?;
    let loaded = &active.call.loaded;
    let key = (loaded.fingerprint, settings.lang, (ctx.pixels_per_point() * 100.0) as u32);
    if warmed.as_ref() == Some(&key) {
        return Ok(());
    }
    let lang = settings.lang;
    let scenario = &loaded.scenario;
    let style = ctx.global_style();
    let heading = egui::TextStyle::Heading.resolve(&style);
    let body = egui::TextStyle::Body.resolve(&style);
    warm_glyphs(ctx, [scenario.title.learner(lang).as_str()], vec![heading]);
    warm_glyphs(ctx, [scenario.customer.name.learner(lang).as_str()], vec![egui::FontId::proportional(NAME_SIZE)]);
    warm_glyphs(ctx, [scenario.customer.description.learner(lang).as_str()], vec![body]);
    for (size, keys) in crate::game::screens::call::LARGE_TEXT {
        let texts: Vec<&str> = keys.iter().map(|&k| crate::core::ui_text::t(lang, k)).collect();
        warm_glyphs(ctx, texts, vec![egui::FontId::proportional(*size)]);
    }
    *warmed = Some(key);
    Ok(())
}

/// The camera egui draws through. No multisampling: egui smooths its own edges, and a 4× sampled
/// target made every frame four times the work for a software renderer (a ticking countdown cost a
/// fifth of a core).
fn setup_camera(mut commands: Commands) {
    let [r, g, b, _] = BACKGROUND.to_array();
    commands.insert_resource(ClearColor(Color::srgb_u8(r, g, b)));
    commands.spawn((Camera2d, Msaa::Off));
}

/// Camera (egui draws through it), fonts and scale.
pub fn plugin(app: &mut App) {
    app.add_systems(PreStartup, setup_camera.before(bevy_egui::EguiStartupSet::InitContexts))
        .add_systems(Startup, setup_fonts)
        .add_systems(EguiPrimaryContextPass, (apply_settings, warm_call_glyphs).chain());
}

fn reserved_bottom_id() -> egui::Id {
    egui::Id::new("frontline-reserved-bottom")
}

/// Keeps `height` points at the bottom of the window for a bar drawn before the screens (the
/// trainer's error bar); [`root_ui`] leaves it out.
pub fn reserve_bottom(ctx: &egui::Context, height: f32) {
    ctx.data_mut(|d| d.insert_temp(reserved_bottom_id(), height));
}

/// The `Ui` that a screen's panels are shown in (egui 0.36 shows panels inside a `Ui`): the whole
/// window but for the room a bar reserved at its bottom.
pub fn root_ui(ctx: &egui::Context) -> egui::Ui {
    let mut rect = ctx.viewport_rect();
    let reserved = ctx.data(|d| d.get_temp::<f32>(reserved_bottom_id())).unwrap_or(0.0);
    rect.max.y = (rect.max.y - reserved).max(rect.min.y);
    egui::Ui::new(
        ctx.clone(),
        "frontline-root".into(),
        egui::UiBuilder::new().layer_id(egui::LayerId::background()).max_rect(rect),
    )
}

/// Smallest height of hint text on screen, in physical pixels (the UI scale may go down to 0.75).
const HINT_MIN_PIXELS: f32 = 12.0;

/// A key hint: muted, and never smaller than [`HINT_MIN_PIXELS`] whatever the UI scale.
pub fn hint(ui: &egui::Ui, text: &str) -> egui::RichText {
    hint_for(ui.ctx(), text)
}

/// [`hint`] from the context (where the `Ui` is borrowed elsewhere).
pub fn hint_for(ctx: &egui::Context, text: impl Into<String>) -> egui::RichText {
    egui::RichText::new(text.into()).size(hint_size(ctx)).color(MUTED)
}

/// The size of hint text at the current scale (points).
fn hint_size(ctx: &egui::Context) -> f32 {
    (HINT_MIN_PIXELS / ctx.pixels_per_point()).max(12.0)
}

/// Size of the customer's words in the transcript.
pub const TRANSCRIPT_SIZE: f32 = 18.0;
/// Size of the answer options and of the learner's words.
pub const OPTION_SIZE: f32 = 16.0;
/// Size of the ending's text.
pub const ENDING_SIZE: f32 = 17.0;
/// Size of the customer's name on the call screen.
pub const NAME_SIZE: f32 = 20.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("frontline-font-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir.join(name)
    }

    fn is_bundled(font: &FontData) -> bool {
        font.font.as_ref() == CJK_FONT
    }

    #[test]
    fn a_missing_or_corrupt_font_falls_back_to_the_bundled_one_with_a_warning() {
        let (font, warning) = choose_cjk_font(None);
        assert!(is_bundled(&font) && warning.is_none());

        let missing = temp("missing.otf");
        let (font, warning) = choose_cjk_font(Some(&missing));
        let warning = warning.expect("a warning");
        assert!(is_bundled(&font));
        assert!(warning.contains("missing.otf: cannot read it"), "{warning}");

        let corrupt = temp("corrupt.otf");
        let mut bytes = CJK_FONT[..4096].to_vec();
        bytes[4..12].fill(0xff);
        std::fs::write(&corrupt, &bytes).expect("write");
        let (font, warning) = choose_cjk_font(Some(&corrupt));
        assert!(is_bundled(&font));
        // Cut short and with a broken table directory: either unreadable or without the characters.
        let warning = warning.expect("a warning");
        assert!(warning.contains("not a font") || warning.contains("no Chinese characters"), "{warning}");

        let text = temp("notes.otf");
        std::fs::write(&text, "hello").expect("write");
        assert!(choose_cjk_font(Some(&text)).1.is_some());
    }

    #[test]
    fn a_readable_chinese_font_is_used() {
        let copy = temp("copy.otf");
        std::fs::write(&copy, CJK_FONT).expect("write");
        let (font, warning) = choose_cjk_font(Some(&copy));
        assert!(warning.is_none(), "{warning:?}");
        assert_eq!(font.font.as_ref(), CJK_FONT);
    }
}
