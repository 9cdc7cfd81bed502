//! What the progress screen, the library and the command line ask of the store: a learner's
//! history, best and latest per scenario, every technique result over time, and the call in
//! progress (saved after each decision, for resume).

use crate::core::engine::CallState;
use crate::core::fingerprint::Fingerprint;
use crate::core::progress::record::{Mode, now_ms};
use crate::core::progress::store::{Learner, Store, StoreError, name_of, parse_name};
use crate::core::scenario::Outcome;
use crate::core::technique::Family;
use crate::core::text::Lang;
use rusqlite::{OptionalExtension, params};

fn sql(doing: &'static str) -> impl FnOnce(rusqlite::Error) -> StoreError {
    move |source| StoreError::Sqlite { doing, source }
}

/// One attempt in a learner's history.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AttemptSummary {
    /// The attempt's id.
    pub id: String,
    /// The scenario.
    pub scenario_id: String,
    /// When it ended (ms since 1970, UTC).
    pub ended_ms: i64,
    /// The language.
    pub lang: Lang,
    /// Practice or exam.
    pub mode: Mode,
    /// Place on the waterfall.
    pub outcome: Option<Outcome>,
    /// Listening score.
    pub listening: Option<u32>,
    /// Recovery score.
    pub recovery: Option<u32>,
    /// Overall score.
    pub overall: u32,
}

/// A learner's results on one scenario.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ScenarioResult {
    /// The scenario.
    pub scenario_id: String,
    /// The best overall score.
    pub best: u32,
    /// The latest overall score.
    pub latest: u32,
    /// How many times it was played to the end.
    pub attempts: u32,
}

/// One technique's result in one attempt, in time order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TechniqueSample {
    /// Catalog id.
    pub technique_id: String,
    /// Its family.
    pub family: Family,
    /// When the attempt ended.
    pub ended_ms: i64,
    /// The scenario.
    pub scenario_id: String,
    /// Points offered.
    pub opportunities: u32,
    /// Points earned.
    pub earned: u32,
    /// Anti-pattern choices.
    pub violations: u32,
    /// Score 0–100 when it had opportunities.
    pub score: Option<u32>,
}

/// A call not finished yet, saved after each decision so it can be resumed.
#[derive(Clone, Debug, PartialEq)]
pub struct CallInProgress {
    /// The scenario file (relative to the scenario folder).
    pub scenario_file: String,
    /// The scenario version it was played on.
    pub fingerprint: Fingerprint,
    /// The language.
    pub lang: Lang,
    /// Practice or exam.
    pub mode: Mode,
    /// When the call started.
    pub started_ms: i64,
    /// The engine's state.
    pub state: CallState,
    /// Thinking time before each decision so far.
    pub thinking_ms: Vec<u32>,
}

impl Store {
    fn learner_or_error(&self, name: &str) -> Result<Learner, StoreError> {
        self.learner(name)?.ok_or_else(|| StoreError::NoSuchLearner(name.to_string()))
    }

    /// A learner's attempts, oldest first.
    pub fn history(&self, learner: &str) -> Result<Vec<AttemptSummary>, StoreError> {
        let learner = self.learner_or_error(learner)?;
        let doing = "reading a learner's history";
        self.with_conn(|conn| {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT id, scenario_id, ended_ms, lang, mode, outcome, listening, recovery, overall
                     FROM attempt WHERE learner_id = ?1 ORDER BY ended_ms, id",
                )
                .map_err(sql(doing))?;
            let rows = stmt
                .query_map([learner.id], |r| {
                    let lang: String = r.get(3)?;
                    let mode: String = r.get(4)?;
                    let outcome: Option<String> = r.get(5)?;
                    Ok(AttemptSummary {
                        id: r.get(0)?,
                        scenario_id: r.get(1)?,
                        ended_ms: r.get(2)?,
                        lang: parse_name(&lang).unwrap_or_default(),
                        mode: Mode::parse(&mode).unwrap_or(Mode::Practice),
                        outcome: outcome.as_deref().and_then(parse_name),
                        listening: r.get(6)?,
                        recovery: r.get(7)?,
                        overall: r.get(8)?,
                    })
                })
                .map_err(sql(doing))?;
            rows.collect::<Result<_, _>>().map_err(sql(doing))
        })
    }

    /// Best, latest and count per scenario for a learner (what the library cards show).
    pub fn scenario_results(&self, learner: &str) -> Result<Vec<ScenarioResult>, StoreError> {
        let Some(learner) = self.learner(learner)? else { return Ok(Vec::new()) };
        let doing = "reading results per scenario";
        self.with_conn(|conn| {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT scenario_id, max(overall), count(*),
                        (SELECT b.overall FROM attempt b
                         WHERE b.learner_id = a.learner_id AND b.scenario_id = a.scenario_id
                         ORDER BY b.ended_ms DESC, b.id DESC LIMIT 1)
                     FROM attempt a WHERE learner_id = ?1 GROUP BY scenario_id ORDER BY scenario_id",
                )
                .map_err(sql(doing))?;
            let rows = stmt
                .query_map([learner.id], |r| {
                    Ok(ScenarioResult {
                        scenario_id: r.get(0)?,
                        best: r.get(1)?,
                        attempts: r.get(2)?,
                        latest: r.get(3)?,
                    })
                })
                .map_err(sql(doing))?;
            rows.collect::<Result<_, _>>().map_err(sql(doing))
        })
    }

    /// Every technique result of a learner, oldest first (the input of mastery).
    pub fn technique_samples(&self, learner: &str) -> Result<Vec<TechniqueSample>, StoreError> {
        let learner = self.learner_or_error(learner)?;
        let doing = "reading technique results";
        self.with_conn(|conn| {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT t.technique_id, t.family, a.ended_ms, a.scenario_id, t.opportunities, t.earned,
                        t.violations, t.score
                     FROM technique_result t JOIN attempt a ON a.id = t.attempt_id
                     WHERE a.learner_id = ?1 ORDER BY a.ended_ms, a.id, t.technique_id",
                )
                .map_err(sql(doing))?;
            let rows = stmt
                .query_map([learner.id], |r| {
                    let family: String = r.get(1)?;
                    Ok(TechniqueSample {
                        technique_id: r.get(0)?,
                        family: parse_name(&family).unwrap_or(Family::Listening),
                        ended_ms: r.get(2)?,
                        scenario_id: r.get(3)?,
                        opportunities: r.get(4)?,
                        earned: r.get(5)?,
                        violations: r.get(6)?,
                        score: r.get(7)?,
                    })
                })
                .map_err(sql(doing))?;
            rows.collect::<Result<_, _>>().map_err(sql(doing))
        })
    }

    /// How many sittings of an exam set a learner has started (each recorded exam attempt names its
    /// sitting); the attempt limit is enforced from this.
    pub fn exam_sittings(&self, learner: &str, set_id: &str) -> Result<u32, StoreError> {
        let Some(learner) = self.learner(learner)? else { return Ok(0) };
        self.with_conn(|conn| {
            conn.query_row(
                "SELECT count(DISTINCT sitting) FROM attempt WHERE learner_id = ?1 AND exam_set = ?2",
                params![learner.id, set_id],
                |r| r.get(0),
            )
            .map_err(sql("counting exam sittings"))
        })
    }

    /// Every learner's latest sitting of an exam set: (learner, sittings used, that sitting's
    /// attempts).
    pub fn exam_sittings_of_set(&self, set_id: &str) -> Result<Vec<(String, u32, Vec<String>)>, StoreError> {
        let doing = "reading an exam's sittings";
        let latest: Vec<(String, String, u32)> = self.with_conn(|conn| {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT l.name, s.sitting, s.used FROM (
                        SELECT learner_id, sitting, max(ended_ms) AS ended,
                            count(*) OVER (PARTITION BY learner_id) AS used,
                            row_number() OVER (PARTITION BY learner_id ORDER BY max(ended_ms) DESC) AS rank
                        FROM attempt WHERE exam_set = ?1 GROUP BY learner_id, sitting
                     ) s JOIN learner l ON l.id = s.learner_id WHERE s.rank = 1 ORDER BY l.name",
                )
                .map_err(sql(doing))?;
            let rows = stmt.query_map([set_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map_err(sql(doing))?;
            rows.collect::<Result<_, _>>().map_err(sql(doing))
        })?;
        let mut out = Vec::new();
        for (learner, sitting, used) in latest {
            let ids: Vec<String> = self.with_conn(|conn| {
                let mut stmt = conn
                    .prepare_cached("SELECT id FROM attempt WHERE sitting = ?1 ORDER BY started_ms, id")
                    .map_err(sql(doing))?;
                let rows = stmt.query_map([&sitting], |r| r.get(0)).map_err(sql(doing))?;
                rows.collect::<Result<_, _>>().map_err(sql(doing))
            })?;
            out.push((learner, used, ids));
        }
        Ok(out)
    }

    /// The ids of recorded attempts, oldest first: of one learner or everyone, of one exam set or all.
    pub fn attempt_ids(&self, learner: Option<&str>, exam_set: Option<&str>) -> Result<Vec<String>, StoreError> {
        let doing = "listing attempts";
        self.with_conn(|conn| {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT a.id FROM attempt a JOIN learner l ON l.id = a.learner_id
                     WHERE (?1 IS NULL OR l.name = ?1) AND (?2 IS NULL OR a.exam_set = ?2)
                     ORDER BY a.ended_ms, a.id",
                )
                .map_err(sql(doing))?;
            let rows = stmt.query_map(params![learner, exam_set], |r| r.get(0)).map_err(sql(doing))?;
            rows.collect::<Result<_, _>>().map_err(sql(doing))
        })
    }

    /// Puts statements in the outbox for an endpoint (a statement already waiting is kept as it is).
    pub fn outbox_add(&self, endpoint: &str, statements: &[(String, String)]) -> Result<(), StoreError> {
        let doing = "queueing xAPI statements";
        self.with_conn(|conn| {
            let mut stmt = conn
                .prepare_cached(
                    "INSERT INTO xapi_outbox (statement_id, endpoint, body) VALUES (?1, ?2, ?3)
                     ON CONFLICT (endpoint, statement_id) DO NOTHING",
                )
                .map_err(sql(doing))?;
            for (id, body) in statements {
                stmt.execute(params![id, endpoint, body]).map_err(sql(doing))?;
            }
            Ok(())
        })
    }

    /// Statements waiting for an endpoint whose time has come (all of them with `all`).
    pub fn outbox_due(&self, endpoint: &str, now_ms: i64, all: bool) -> Result<Vec<(String, String)>, StoreError> {
        let doing = "reading the xAPI outbox";
        self.with_conn(|conn| {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT statement_id, body FROM xapi_outbox WHERE endpoint = ?1 AND (?3 OR next_try_ms <= ?2)
                     ORDER BY rowid",
                )
                .map_err(sql(doing))?;
            let rows =
                stmt.query_map(params![endpoint, now_ms, all], |r| Ok((r.get(0)?, r.get(1)?))).map_err(sql(doing))?;
            rows.collect::<Result<_, _>>().map_err(sql(doing))
        })
    }

    /// A statement was delivered (or found already stored): it leaves the outbox.
    pub fn outbox_done(&self, endpoint: &str, statement_id: &str) -> Result<(), StoreError> {
        self.with_conn(|conn| {
            conn.execute(
                "DELETE FROM xapi_outbox WHERE endpoint = ?1 AND statement_id = ?2",
                params![endpoint, statement_id],
            )
            .map(|_| ())
            .map_err(sql("updating the xAPI outbox"))
        })
    }

    /// A delivery failed: try again later, waiting twice as long each time (30 s, 1 min, … at most an hour).
    pub fn outbox_failed(
        &self,
        endpoint: &str,
        statement_id: &str,
        error: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.with_conn(|conn| {
            conn.execute(
                "UPDATE xapi_outbox SET tries = tries + 1, last_error = ?3,
                    next_try_ms = ?4 + min(3600000, 30000 * (1 << min(tries, 7)))
                 WHERE endpoint = ?1 AND statement_id = ?2",
                params![endpoint, statement_id, error, now_ms],
            )
            .map(|_| ())
            .map_err(sql("updating the xAPI outbox"))
        })
    }

    /// How many statements wait in the outbox (for every endpoint).
    pub fn outbox_len(&self) -> Result<u32, StoreError> {
        self.with_conn(|conn| {
            conn.query_row("SELECT count(*) FROM xapi_outbox", [], |r| r.get(0)).map_err(sql("reading the xAPI outbox"))
        })
    }

    /// Saves (replaces) the learner's call in progress.
    pub fn save_call_in_progress(&self, learner: &str, call: &CallInProgress) -> Result<(), StoreError> {
        let learner = self.add_learner(learner)?;
        let doing = "saving the call in progress";
        let state = serde_json::to_string(&call.state)
            .map_err(|e| StoreError::Sqlite { doing, source: rusqlite::Error::ToSqlConversionFailure(Box::new(e)) })?;
        let thinking = serde_json::to_string(&call.thinking_ms).unwrap_or_else(|_| "[]".into());
        self.with_conn(|conn| {
            conn.execute(
                "INSERT INTO call_in_progress (learner_id, scenario_file, scenario_id, fingerprint, lang, mode,
                    started_ms, saved_ms, state, thinking_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (learner_id) DO UPDATE SET scenario_file = excluded.scenario_file,
                    scenario_id = excluded.scenario_id, fingerprint = excluded.fingerprint,
                    lang = excluded.lang, mode = excluded.mode, started_ms = excluded.started_ms,
                    saved_ms = excluded.saved_ms, state = excluded.state, thinking_ms = excluded.thinking_ms",
                params![
                    learner.id,
                    call.scenario_file,
                    call.state.scenario_id.as_str(),
                    call.fingerprint.to_hex(),
                    name_of(&call.lang),
                    call.mode.as_str(),
                    call.started_ms,
                    now_ms(),
                    state,
                    thinking
                ],
            )
            .map(|_| ())
            .map_err(sql(doing))
        })
    }

    /// The learner's call in progress, if any (one that can no longer be read counts as none).
    pub fn call_in_progress(&self, learner: &str) -> Result<Option<CallInProgress>, StoreError> {
        let Some(learner) = self.learner(learner)? else { return Ok(None) };
        let doing = "reading the call in progress";
        let row = self.with_conn(|conn| {
            conn.query_row(
                "SELECT scenario_file, fingerprint, lang, mode, started_ms, state, thinking_ms
                 FROM call_in_progress WHERE learner_id = ?1",
                [learner.id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, i64>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                    ))
                },
            )
            .optional()
            .map_err(sql(doing))
        })?;
        let Some((scenario_file, fingerprint, lang, mode, started_ms, state, thinking)) = row else {
            return Ok(None);
        };
        let (Some(fingerprint), Some(lang), Some(mode), Ok(state)) = (
            Fingerprint::from_hex(&fingerprint),
            parse_name::<Lang>(&lang),
            Mode::parse(&mode),
            serde_json::from_str::<CallState>(&state),
        ) else {
            return Ok(None);
        };
        let thinking_ms = serde_json::from_str(&thinking).unwrap_or_default();
        Ok(Some(CallInProgress { scenario_file, fingerprint, lang, mode, started_ms, state, thinking_ms }))
    }

    /// Forgets the learner's call in progress (finished, abandoned or restarted).
    pub fn clear_call_in_progress(&self, learner: &str) -> Result<(), StoreError> {
        let Some(learner) = self.learner(learner)? else { return Ok(()) };
        self.with_conn(|conn| {
            conn.execute("DELETE FROM call_in_progress WHERE learner_id = ?1", [learner.id])
                .map(|_| ())
                .map_err(sql("clearing the call in progress"))
        })
    }
}
