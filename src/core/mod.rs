//! The core of Frontline: scenario model, loading, checking, the dialogue engine and scoring.
//!
//! Plain Rust with no Bevy types: everything here is `Send + Sync`, deterministic and serializable,
//! so the game, the terminal player, tests and future tools (progress store, exam runner,
//! static analysis) all share it.

pub mod analysis;
pub mod build_info;
pub mod call;
pub mod check;
pub mod condition;
pub mod diagnostic;
pub mod engine;
pub mod exam;
pub mod fingerprint;
pub mod graph_export;
pub mod ids;
pub mod library;
pub mod library_filter;
pub mod line_break;
pub mod load;
pub mod loader;
pub mod look;
pub mod map_layout;
pub mod meters;
pub mod progress;
pub mod random;
pub mod replay;
pub mod report_text;
pub mod scenario;
pub mod scenario_folders;
pub mod score;
pub mod settings;
pub mod source_map;
pub mod technique;
pub mod text;
pub mod transcript;
pub mod ui_text;
pub mod xapi;
pub mod xapi_send;
