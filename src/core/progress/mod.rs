//! Learner progress: a SQLite store of learners, finished attempts and the call in progress, the
//! queries the screens ask, mastery per technique and what to practise next.

pub mod location;
pub mod mastery;
pub mod queries;
pub mod record;
pub mod report;
pub mod schema;
pub mod store;

pub use mastery::{Mastery, Reason, Recommendation, ScenarioOffer, mastery, recommend};
pub use queries::{AttemptSummary, CallInProgress, ScenarioResult, TechniqueSample};
pub use record::{AttemptContext, AttemptRecord, Mode};
pub use report::{ProgressReport, offers};
pub use store::{Learner, OpenNotice, Store, StoreError};
