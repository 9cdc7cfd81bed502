//! The learner-progress store: one SQLite file (WAL, a busy timeout, foreign keys on). Opening it
//! migrates an older file, moves a corrupt or foreign file aside and starts afresh, and refuses a
//! file written by a newer Frontline. Every write is one transaction.

use crate::core::progress::record::{AttemptRecord, HesitationRecord, Mode, TechniqueRecord, TurnRecord, now_ms};
use crate::core::progress::schema::{self, APPLICATION_ID, SCHEMA_VERSION};
use rusqlite::{Connection, OptionalExtension, params};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// How long a writer waits for another (a second Frontline on the machine) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the store cannot be used.
#[derive(Debug)]
pub enum StoreError {
    /// The file was written by a newer Frontline: it is left untouched.
    Newer {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: u32,
        /// The Frontline version that wrote it, when it says.
        written_by: Option<String>,
    },
    /// The folder or the file cannot be used (read-only, full, missing permissions…).
    Unavailable {
        /// The database file.
        path: PathBuf,
        /// What went wrong.
        why: String,
    },
    /// A query or a write failed.
    Sqlite {
        /// What was being done.
        doing: &'static str,
        /// The error.
        source: rusqlite::Error,
    },
    /// No learner of that name.
    NoSuchLearner(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Newer { path, found, written_by } => write!(
                f,
                "{} was written by a newer Frontline ({}, schema {found}); this is Frontline {} (schema {}). \
                 It is left as it is: update Frontline to use it",
                path.display(),
                written_by.as_deref().map_or_else(|| "unknown version".to_string(), |v| format!("version {v}")),
                env!("CARGO_PKG_VERSION"),
                SCHEMA_VERSION
            ),
            StoreError::Unavailable { path, why } => write!(f, "cannot use {}: {why}", path.display()),
            StoreError::Sqlite { doing, source } => write!(f, "progress database: {doing}: {source}"),
            StoreError::NoSuchLearner(name) => write!(f, "no learner named `{name}`"),
        }
    }
}

impl std::error::Error for StoreError {}

fn sql(doing: &'static str) -> impl FnOnce(rusqlite::Error) -> StoreError {
    move |source| StoreError::Sqlite { doing, source }
}

/// Something the learner or trainer should be told about opening the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenNotice {
    /// The file was not a usable progress database: it was moved aside and a new one started.
    MovedAside {
        /// Where the database lives.
        path: PathBuf,
        /// Where the unusable file went.
        moved_to: PathBuf,
        /// What was wrong with it.
        why: String,
    },
}

impl fmt::Display for OpenNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenNotice::MovedAside { path, moved_to, why } => write!(
                f,
                "{} was not a usable progress database ({why}); it was moved to {} and a new one was started",
                path.display(),
                moved_to.display()
            ),
        }
    }
}

/// A learner profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Learner {
    /// Row id.
    pub id: i64,
    /// Display name (unique).
    pub name: String,
    /// When the profile was made (ms since 1970, UTC).
    pub created_ms: i64,
}

/// The learner-progress store. `Send + Sync`: the connection is behind a mutex.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
}

/// Is this error the sign of a file that is not a (healthy) SQLite database?
fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt))
}

impl Store {
    /// Opens (or creates) the store at `path`, creating its folder. A damaged or foreign file is
    /// moved aside (`<name>.corrupt-<UTC time>`) and a fresh one created: the notice says so.
    pub fn open(path: &Path) -> Result<(Store, Option<OpenNotice>), StoreError> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .map_err(|e| StoreError::Unavailable { path: path.to_path_buf(), why: e.to_string() })?;
        }
        match Store::open_existing(path) {
            Ok(store) => Ok((store, None)),
            Err(Opened::Damaged(why)) => {
                let moved_to = move_aside(path)?;
                let store = Store::open_existing(path).map_err(|e| e.into_error(path))?;
                Ok((store, Some(OpenNotice::MovedAside { path: path.to_path_buf(), moved_to, why })))
            }
            Err(other) => Err(other.into_error(path)),
        }
    }

    /// A store in memory (tests, or when no file can be used).
    pub fn in_memory() -> Result<Store, StoreError> {
        let mut conn = Connection::open_in_memory().map_err(sql("opening an in-memory database"))?;
        conn.pragma_update(None, "foreign_keys", true).map_err(sql("turning foreign keys on"))?;
        schema::migrate(&mut conn).map_err(sql("creating the tables"))?;
        Ok(Store { conn: Mutex::new(conn), path: PathBuf::from(":memory:") })
    }

    fn open_existing(path: &Path) -> Result<Store, Opened> {
        let mut conn = Connection::open(path).map_err(Opened::from)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(Opened::from)?;
        conn.pragma_update(None, "foreign_keys", true).map_err(Opened::from)?;
        let version = schema::version(&conn).map_err(Opened::from)?;
        let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(Opened::from)?;
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))
            .map_err(Opened::from)?;
        if app != APPLICATION_ID && tables > 0 {
            return Err(Opened::Damaged("a SQLite database that is not Frontline's".into()));
        }
        if version > SCHEMA_VERSION {
            let written_by = conn
                .query_row("SELECT value FROM meta WHERE key = 'written_by'", [], |r| r.get::<_, String>(0))
                .optional()
                .ok()
                .flatten();
            return Err(Opened::Newer { found: version, written_by });
        }
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(Opened::from)?;
        if check != "ok" {
            return Err(Opened::Damaged(format!("integrity check: {check}")));
        }
        conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get::<_, String>(0)).map_err(Opened::from)?;
        // With a write-ahead log, NORMAL keeps the file valid through any crash of the program (a
        // power cut may lose the last commits, never the file); FULL would sync on every commit.
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(Opened::from)?;
        schema::migrate(&mut conn).map_err(Opened::from)?;
        Ok(Store { conn: Mutex::new(conn), path: path.to_path_buf() })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder the database file is in, where files that belong with it go (exam results);
    /// `None` for a store kept in memory (nothing may be written next to it).
    pub fn folder(&self) -> Option<&Path> {
        if self.path == Path::new(":memory:") {
            return None;
        }
        self.path.parent().map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions roll back).
        self.conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        schema::version(&self.conn()).map_err(sql("reading the schema version"))
    }

    /// `PRAGMA integrity_check` ("ok" when healthy).
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        self.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(sql("checking integrity"))
    }

    // ----- learners -----

    /// Every learner, by name.
    pub fn learners(&self) -> Result<Vec<Learner>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached("SELECT id, name, created_ms FROM learner ORDER BY name COLLATE NOCASE")
            .map_err(sql("listing learners"))?;
        let rows = stmt
            .query_map([], |r| Ok(Learner { id: r.get(0)?, name: r.get(1)?, created_ms: r.get(2)? }))
            .map_err(sql("listing learners"))?;
        rows.collect::<Result<_, _>>().map_err(sql("listing learners"))
    }

    /// The learner with this name.
    pub fn learner(&self, name: &str) -> Result<Option<Learner>, StoreError> {
        self.conn()
            .query_row("SELECT id, name, created_ms FROM learner WHERE name = ?1", [name.trim()], |r| {
                Ok(Learner { id: r.get(0)?, name: r.get(1)?, created_ms: r.get(2)? })
            })
            .optional()
            .map_err(sql("finding a learner"))
    }

    /// The learner with this name, made if there is none. Names are trimmed and at most 40
    /// characters; a blank name is refused.
    pub fn add_learner(&self, name: &str) -> Result<Learner, StoreError> {
        let name = clean_name(name).ok_or_else(|| StoreError::NoSuchLearner(name.to_string()))?;
        self.conn()
            .execute(
                "INSERT INTO learner (name, created_ms) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
                params![name, now_ms()],
            )
            .map_err(sql("adding a learner"))?;
        self.learner(&name)?.ok_or(StoreError::NoSuchLearner(name))
    }

    /// Renames a learner. Fails if the new name is taken or blank.
    pub fn rename_learner(&self, old: &str, new: &str) -> Result<Learner, StoreError> {
        let new = clean_name(new).ok_or_else(|| StoreError::NoSuchLearner(new.to_string()))?;
        let changed = self
            .conn()
            .execute("UPDATE learner SET name = ?2 WHERE name = ?1", params![old.trim(), new])
            .map_err(sql("renaming a learner"))?;
        if changed == 0 {
            return Err(StoreError::NoSuchLearner(old.to_string()));
        }
        self.learner(&new)?.ok_or(StoreError::NoSuchLearner(new))
    }

    /// Deletes a learner and everything recorded for them. Returns whether there was one.
    pub fn forget_learner(&self, name: &str) -> Result<bool, StoreError> {
        let removed = self
            .conn()
            .execute("DELETE FROM learner WHERE name = ?1", [name.trim()])
            .map_err(sql("deleting a learner"))?;
        Ok(removed > 0)
    }

    // ----- attempts -----

    /// Records a finished call in one transaction (the learner is made if needed).
    pub fn record_attempt(&self, attempt: &AttemptRecord) -> Result<(), StoreError> {
        self.record_attempts(std::slice::from_ref(attempt))
    }

    /// Records several finished calls in one transaction (an import, a benchmark): all or none.
    pub fn record_attempts(&self, attempts: &[AttemptRecord]) -> Result<(), StoreError> {
        let mut learners = std::collections::HashMap::new();
        for a in attempts {
            if !learners.contains_key(&a.learner) {
                learners.insert(a.learner.clone(), self.add_learner(&a.learner)?.id);
            }
        }
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(sql("starting to record an attempt"))?;
        for attempt in attempts {
            let learner_id = learners.get(&attempt.learner).copied().unwrap_or_default();
            insert_attempt(&tx, learner_id, attempt)?;
        }
        tx.commit().map_err(sql("recording an attempt"))
    }

    /// One attempt, whole (its turns, hesitations and technique results).
    pub fn attempt(&self, id: &str) -> Result<Option<AttemptRecord>, StoreError> {
        let conn = self.conn();
        let doing = "reading an attempt";
        let head = conn
            .query_row(
                "SELECT a.id, l.name, a.scenario_id, a.fingerprint, a.seed, a.lang, a.mode, a.started_ms,
                    a.ended_ms, a.ending_id, a.outcome, a.silent_exit, a.end_reason, a.listening, a.recovery,
                    a.techniques_score, a.overall, a.exam_set, a.sitting
                 FROM attempt a JOIN learner l ON l.id = a.learner_id WHERE a.id = ?1",
                [id],
                |r| {
                    Ok(AttemptRecord {
                        id: r.get(0)?,
                        learner: r.get(1)?,
                        scenario_id: crate::core::ids::ScenarioId::from(r.get::<_, String>(2)?.as_str()),
                        fingerprint: parse_column(r, 3, crate::core::fingerprint::Fingerprint::from_hex)?,
                        seed: parse_column(r, 4, |s| s.parse().ok())?,
                        lang: parse_column(r, 5, parse_name)?,
                        mode: parse_column(r, 6, Mode::parse)?,
                        exam: match (r.get::<_, Option<String>>(17)?, r.get::<_, Option<String>>(18)?) {
                            (Some(set_id), Some(sitting)) => {
                                Some(crate::core::progress::record::ExamRef { set_id, sitting })
                            }
                            _ => None,
                        },
                        started_ms: r.get(7)?,
                        ended_ms: r.get(8)?,
                        ending_id: r.get(9)?,
                        outcome: optional_column(r, 10)?,
                        silent_exit: r.get(11)?,
                        end_reason: optional_column(r, 12)?,
                        listening: r.get(13)?,
                        recovery: r.get(14)?,
                        techniques_score: r.get(15)?,
                        overall: r.get(16)?,
                        turns: Vec::new(),
                        hesitations: Vec::new(),
                        techniques: Vec::new(),
                    })
                },
            )
            .optional()
            .map_err(sql(doing))?;
        let Some(mut attempt) = head else { return Ok(None) };
        let words = |s: String| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let mut stmt = conn
            .prepare_cached(
                "SELECT node_id, choice_id, said, shows, breaks, mood, patience, valued, solved, thinking_ms
                 FROM turn WHERE attempt_id = ?1 ORDER BY idx",
            )
            .map_err(sql(doing))?;
        attempt.turns = stmt
            .query_map([id], |r| {
                Ok(TurnRecord {
                    node_id: r.get(0)?,
                    choice_id: r.get(1)?,
                    said: r.get(2)?,
                    shows: words(r.get(3)?),
                    breaks: words(r.get(4)?),
                    meters_after: [r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?],
                    thinking_ms: r.get(9)?,
                })
            })
            .map_err(sql(doing))?
            .collect::<Result<_, _>>()
            .map_err(sql(doing))?;
        let mut stmt = conn
            .prepare_cached(
                "SELECT node_id, patience_before, patience_after, walked_out FROM hesitation
                 WHERE attempt_id = ?1 ORDER BY idx",
            )
            .map_err(sql(doing))?;
        attempt.hesitations = stmt
            .query_map([id], |r| {
                Ok(HesitationRecord {
                    node_id: r.get(0)?,
                    patience_before: r.get(1)?,
                    patience_after: r.get(2)?,
                    walked_out: r.get(3)?,
                })
            })
            .map_err(sql(doing))?
            .collect::<Result<_, _>>()
            .map_err(sql(doing))?;
        let mut stmt = conn
            .prepare_cached(
                "SELECT technique_id, family, opportunities, earned, penalty, violations, score
                 FROM technique_result WHERE attempt_id = ?1 ORDER BY technique_id",
            )
            .map_err(sql(doing))?;
        attempt.techniques = stmt
            .query_map([id], |r| {
                Ok(TechniqueRecord {
                    technique_id: r.get(0)?,
                    family: parse_column(r, 1, parse_name)?,
                    opportunities: r.get(2)?,
                    earned: r.get(3)?,
                    penalty: r.get(4)?,
                    violations: r.get(5)?,
                    score: r.get(6)?,
                })
            })
            .map_err(sql(doing))?
            .collect::<Result<_, _>>()
            .map_err(sql(doing))?;
        Ok(Some(attempt))
    }

    /// Runs `f` with the connection (the queries module).
    pub(crate) fn with_conn<T>(&self, f: impl FnOnce(&Connection) -> T) -> T {
        f(&self.conn())
    }
}

/// Inserts one attempt and its rows inside a transaction.
fn insert_attempt(tx: &rusqlite::Transaction<'_>, learner_id: i64, attempt: &AttemptRecord) -> Result<(), StoreError> {
    let doing = "recording an attempt";
    tx.execute(
        "INSERT INTO attempt (id, learner_id, scenario_id, fingerprint, seed, lang, mode, started_ms,
                ended_ms, ending_id, outcome, silent_exit, end_reason, listening, recovery,
                techniques_score, overall, exam_set, sitting)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        params![
            attempt.id,
            learner_id,
            attempt.scenario_id.as_str(),
            attempt.fingerprint.to_hex(),
            attempt.seed.to_string(),
            name_of(&attempt.lang),
            attempt.mode.as_str(),
            attempt.started_ms,
            attempt.ended_ms,
            attempt.ending_id,
            attempt.outcome.as_ref().map(name_of),
            attempt.silent_exit,
            attempt.end_reason.as_ref().map(name_of),
            attempt.listening,
            attempt.recovery,
            attempt.techniques_score,
            attempt.overall,
            attempt.exam.as_ref().map(|e| e.set_id.as_str()),
            attempt.exam.as_ref().map(|e| e.sitting.as_str()),
        ],
    )
    .map_err(sql(doing))?;
    {
        let mut turn = tx
            .prepare_cached(
                "INSERT INTO turn (attempt_id, idx, node_id, choice_id, said, shows, breaks, mood,
                        patience, valued, solved, thinking_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )
            .map_err(sql(doing))?;
        for (i, t) in attempt.turns.iter().enumerate() {
            let [mood, patience, valued, solved] = t.meters_after;
            turn.execute(params![
                attempt.id,
                i as i64,
                t.node_id,
                t.choice_id,
                t.said,
                t.shows.join(" "),
                t.breaks.join(" "),
                mood,
                patience,
                valued,
                solved,
                t.thinking_ms
            ])
            .map_err(sql(doing))?;
        }
        let mut hesitation = tx
            .prepare_cached(
                "INSERT INTO hesitation (attempt_id, idx, node_id, patience_before, patience_after, walked_out)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(sql(doing))?;
        for (i, h) in attempt.hesitations.iter().enumerate() {
            hesitation
                .execute(params![attempt.id, i as i64, h.node_id, h.patience_before, h.patience_after, h.walked_out])
                .map_err(sql(doing))?;
        }
        let mut technique = tx
            .prepare_cached(
                "INSERT INTO technique_result (attempt_id, technique_id, family, opportunities, earned,
                        penalty, violations, score)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .map_err(sql(doing))?;
        for t in &attempt.techniques {
            technique
                .execute(params![
                    attempt.id,
                    t.technique_id,
                    name_of(&t.family),
                    t.opportunities,
                    t.earned,
                    t.penalty,
                    t.violations,
                    t.score
                ])
                .map_err(sql(doing))?;
        }
    }
    // The call is over: it is no longer in progress.
    tx.execute("DELETE FROM call_in_progress WHERE learner_id = ?1", [learner_id]).map_err(sql(doing))?;
    Ok(())
}

/// Why a file could not be opened as the store.
enum Opened {
    Damaged(String),
    Newer { found: u32, written_by: Option<String> },
    Failed(rusqlite::Error),
}

impl From<rusqlite::Error> for Opened {
    fn from(e: rusqlite::Error) -> Opened {
        if is_damage(&e) { Opened::Damaged(e.to_string()) } else { Opened::Failed(e) }
    }
}

impl Opened {
    fn into_error(self, path: &Path) -> StoreError {
        match self {
            Opened::Damaged(why) => StoreError::Unavailable { path: path.to_path_buf(), why },
            Opened::Newer { found, written_by } => StoreError::Newer { path: path.to_path_buf(), found, written_by },
            Opened::Failed(e) => StoreError::Unavailable { path: path.to_path_buf(), why: e.to_string() },
        }
    }
}

/// Moves a damaged database (and its WAL and shared-memory files) aside; returns the new path.
fn move_aside(path: &Path) -> Result<PathBuf, StoreError> {
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "progress.db".into());
    let target = path.with_file_name(format!("{file_name}.corrupt-{stamp}"));
    std::fs::rename(path, &target).map_err(|e| StoreError::Unavailable {
        path: path.to_path_buf(),
        why: format!("it is damaged and could not be moved aside: {e}"),
    })?;
    for suffix in ["-wal", "-shm"] {
        let side = path.with_file_name(format!("{file_name}{suffix}"));
        if side.exists() {
            let _ = std::fs::rename(&side, target.with_file_name(format!("{}{suffix}", target.display())));
        }
    }
    Ok(target)
}

/// A learner name as stored: trimmed, at most 40 characters, not blank.
pub fn clean_name(name: &str) -> Option<String> {
    let name: String = name.trim().chars().take(40).collect();
    (!name.is_empty()).then_some(name)
}

/// The stored name of a unit-like enum value (its serde name, e.g. `VerySatisfied`, `en`).
pub(crate) fn name_of<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

/// Parses a stored enum name.
pub(crate) fn parse_name<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).ok()
}

fn parse_column<T>(row: &rusqlite::Row<'_>, i: usize, parse: impl Fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let text: String = row.get(i)?;
    parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, format!("unexpected `{text}`").into())
    })
}

fn optional_column<T: serde::de::DeserializeOwned>(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<T>> {
    let text: Option<String> = row.get(i)?;
    match text {
        None => Ok(None),
        Some(_) => parse_column(row, i, parse_name).map(Some),
    }
}
