//! The progress database's schema and its migrations: each migration moves the file from one
//! `PRAGMA user_version` to the next, inside one transaction. A file newer than [`SCHEMA_VERSION`]
//! is never touched.

use rusqlite::Connection;

/// Marks a SQLite file as Frontline's progress database (`PRAGMA application_id`, "FRON").
pub const APPLICATION_ID: i32 = 0x4652_4F4E;

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Migration `i` takes the file from version `i` to version `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: learners, finished attempts, their turns, hesitations and technique results.
    "
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE learner (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_ms INTEGER NOT NULL
    );
    CREATE TABLE attempt (
        id TEXT PRIMARY KEY,
        learner_id INTEGER NOT NULL REFERENCES learner(id) ON DELETE CASCADE,
        scenario_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        seed TEXT NOT NULL,
        lang TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('practice', 'exam')),
        started_ms INTEGER NOT NULL,
        ended_ms INTEGER NOT NULL,
        ending_id TEXT,
        outcome TEXT,
        silent_exit INTEGER NOT NULL DEFAULT 0,
        end_reason TEXT,
        listening INTEGER,
        recovery INTEGER,
        techniques_score INTEGER NOT NULL,
        overall INTEGER NOT NULL
    );
    CREATE INDEX attempt_by_learner ON attempt (learner_id, ended_ms);
    CREATE TABLE turn (
        attempt_id TEXT NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        node_id TEXT NOT NULL,
        choice_id TEXT NOT NULL,
        said TEXT NOT NULL,
        shows TEXT NOT NULL,
        breaks TEXT NOT NULL,
        mood INTEGER NOT NULL,
        patience INTEGER NOT NULL,
        valued INTEGER NOT NULL,
        solved INTEGER NOT NULL,
        thinking_ms INTEGER,
        PRIMARY KEY (attempt_id, idx)
    );
    CREATE TABLE hesitation (
        attempt_id TEXT NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        node_id TEXT NOT NULL,
        patience_before INTEGER NOT NULL,
        patience_after INTEGER NOT NULL,
        walked_out INTEGER NOT NULL,
        PRIMARY KEY (attempt_id, idx)
    );
    CREATE TABLE technique_result (
        attempt_id TEXT NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
        technique_id TEXT NOT NULL,
        family TEXT NOT NULL,
        opportunities INTEGER NOT NULL,
        earned INTEGER NOT NULL,
        penalty INTEGER NOT NULL,
        violations INTEGER NOT NULL,
        score INTEGER,
        PRIMARY KEY (attempt_id, technique_id)
    );
    ",
    // 2: the call in progress (one per learner), for resuming after a quit or a crash; and the
    // per-scenario query's index.
    "
    CREATE TABLE call_in_progress (
        learner_id INTEGER PRIMARY KEY REFERENCES learner(id) ON DELETE CASCADE,
        scenario_file TEXT NOT NULL,
        scenario_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        lang TEXT NOT NULL,
        mode TEXT NOT NULL,
        started_ms INTEGER NOT NULL,
        saved_ms INTEGER NOT NULL,
        state TEXT NOT NULL,
        thinking_ms TEXT NOT NULL
    );
    CREATE INDEX attempt_by_scenario ON attempt (learner_id, scenario_id, overall);
    ",
    // 3: exam attempts name their exam set and the sitting (one sitting = the whole set once).
    "
    ALTER TABLE attempt ADD COLUMN exam_set TEXT;
    ALTER TABLE attempt ADD COLUMN sitting TEXT;
    CREATE INDEX attempt_by_exam ON attempt (learner_id, exam_set, sitting);
    ",
    // 4: a sitting's attempts are read by the sitting (the class report).
    "
    CREATE INDEX attempt_by_sitting ON attempt (sitting);
    ",
    // 5: xAPI statements waiting to be delivered to a Learning Record Store.
    "
    CREATE TABLE xapi_outbox (
        statement_id TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        body TEXT NOT NULL,
        tries INTEGER NOT NULL DEFAULT 0,
        next_try_ms INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        PRIMARY KEY (endpoint, statement_id)
    );
    ",
];

/// The schema version of an open file.
pub fn version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |row| row.get::<_, u32>(0))
}

/// Applies every migration after the file's version, each in its own transaction.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<u32> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Applies the migrations up to `target` (tests build every earlier version with it).
pub fn migrate_to(conn: &mut Connection, target: u32) -> rusqlite::Result<u32> {
    let mut current = version(conn)?;
    while current < target {
        let tx = conn.transaction()?;
        tx.execute_batch(MIGRATIONS[current as usize])?;
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('written_by', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [env!("CARGO_PKG_VERSION")],
        )?;
        tx.commit()?;
        current += 1;
    }
    Ok(current)
}
