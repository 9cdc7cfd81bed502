//! Interface strings in both languages.

use crate::core::text::Lang;

/// Picks the English or Chinese form of an interface string.
pub fn tr(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}
