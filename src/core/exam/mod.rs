//! Certification exams: exam sets (RON files a trainer writes), their rules, and grading a sitting.

pub mod check;
pub mod class_report;
pub mod class_report_format;
pub mod grade;
pub mod result;
pub mod set;
pub mod sitting;
pub mod verdict_text;

pub use check::check_exam_set;
pub use grade::{ExamVerdict, FailReason, ScenarioVerdict, grade_scenario, grade_set};
pub use set::{ExamScenario, ExamSet, LanguagePolicy, SeedPolicy, Thresholds};
pub use sitting::{Sitting, SittingRefused, may_sit};
