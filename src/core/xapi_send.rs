//! Delivering xAPI statements to a Learning Record Store: each statement is `PUT` with the id
//! Frontline made (`/statements?statementId=…`), so delivery is idempotent; a `409 Conflict` is
//! checked with a `GET` that compares the stored statement. The `X-Experience-API-Version` header
//! is always set. What cannot be delivered waits in the store's outbox and is retried with backoff.

use crate::core::progress::Store;
use crate::core::progress::record::now_ms;
use serde_json::Value;
use std::time::Duration;

/// A Learning Record Store.
#[derive(Debug)]
pub struct Lrs {
    endpoint: String,
    authorization: String,
    version: String,
    agent: ureq::Agent,
}

/// What became of one statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// The LRS stored it.
    Stored,
    /// The LRS already had the same statement.
    AlreadyStored,
    /// Not delivered (it stays in the outbox): why.
    Failed(String),
}

/// Base64 (standard alphabet, padded), for the Basic authorization header.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

impl Lrs {
    /// An LRS at `endpoint` (e.g. `https://lrs.example.com/xapi`), with Basic credentials
    /// `key:secret`, speaking xAPI `version` (`1.0.3` or `2.0.0`), waiting at most `timeout`.
    pub fn new(endpoint: &str, credentials: &str, version: &str, timeout: Duration) -> Lrs {
        let agent: ureq::Agent =
            ureq::Agent::config_builder().timeout_global(Some(timeout)).http_status_as_error(false).build().into();
        Lrs {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            authorization: format!("Basic {}", base64(credentials.as_bytes())),
            version: version.to_string(),
            agent,
        }
    }

    /// The endpoint, as the outbox names it.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    fn url(&self, id: &str) -> String {
        format!("{}/statements?statementId={id}", self.endpoint)
    }

    /// Delivers one statement.
    pub fn put(&self, id: &str, body: &str) -> Delivery {
        let sent = self
            .agent
            .put(&self.url(id))
            .header("X-Experience-API-Version", &self.version)
            .header("Authorization", &self.authorization)
            .header("Content-Type", "application/json")
            .send(body);
        match sent {
            Ok(response) => match response.status().as_u16() {
                200..=299 => Delivery::Stored,
                409 => self.compare(id, body),
                code => Delivery::Failed(format!("the LRS answered {code}")),
            },
            Err(e) => Delivery::Failed(e.to_string()),
        }
    }

    /// Every statement about an activity (and its sub-activities), following the `more` links.
    pub fn statements_about(&self, activity: &str) -> Result<Vec<Value>, String> {
        let origin = self
            .endpoint
            .find("://")
            .and_then(|i| self.endpoint[i + 3..].find('/').map(|j| self.endpoint[..i + 3 + j].to_string()))
            .unwrap_or_else(|| self.endpoint.clone());
        let query: String = activity
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect();
        let mut url = Some(format!("{}/statements?activity={query}&related_activities=true&limit=500", self.endpoint));
        let mut out = Vec::new();
        while let Some(next) = url.take() {
            let mut response = self
                .agent
                .get(&next)
                .header("X-Experience-API-Version", &self.version)
                .header("Authorization", &self.authorization)
                .call()
                .map_err(|e| e.to_string())?;
            if response.status().as_u16() != 200 {
                return Err(format!("the LRS answered {}", response.status().as_u16()));
            }
            let text = response.body_mut().read_to_string().map_err(|e| e.to_string())?;
            let body: Value = serde_json::from_str(&text).map_err(|e| format!("not a statement result: {e}"))?;
            out.extend(body["statements"].as_array().cloned().unwrap_or_default());
            url = body["more"].as_str().filter(|m| !m.is_empty()).map(|m| format!("{origin}{m}"));
        }
        Ok(out)
    }

    /// After a 409: is the stored statement the same as ours?
    fn compare(&self, id: &str, body: &str) -> Delivery {
        let fetched = self
            .agent
            .get(&self.url(id))
            .header("X-Experience-API-Version", &self.version)
            .header("Authorization", &self.authorization)
            .call();
        let stored: Option<Value> = match fetched {
            Ok(mut response) if response.status().as_u16() == 200 => {
                response.body_mut().read_to_string().ok().and_then(|t| serde_json::from_str(&t).ok())
            }
            Ok(response) => {
                return Delivery::Failed(format!("409, then the LRS answered {}", response.status().as_u16()));
            }
            Err(e) => return Delivery::Failed(format!("409, then {e}")),
        };
        let ours: Option<Value> = serde_json::from_str(body).ok();
        let key = |v: &Value| (v["id"].clone(), v["verb"]["id"].clone(), v["object"]["id"].clone(), v["actor"].clone());
        match (stored, ours) {
            (Some(s), Some(o)) if key(&s) == key(&o) => Delivery::AlreadyStored,
            _ => Delivery::Failed("the LRS holds a different statement with this id".into()),
        }
    }
}

/// What a delivery round did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Stored now.
    pub stored: u32,
    /// Found already stored.
    pub already: u32,
    /// Still waiting, with the last reason.
    pub waiting: u32,
    /// The last failure.
    pub last_error: Option<String>,
}

/// Delivers what waits in the outbox for this LRS (everything with `all`, else what is due).
pub fn deliver(store: &Store, lrs: &Lrs, all: bool) -> Result<DeliveryReport, crate::core::progress::StoreError> {
    let mut report = DeliveryReport::default();
    for (id, body) in store.outbox_due(lrs.endpoint(), now_ms(), all)? {
        match lrs.put(&id, &body) {
            Delivery::Stored => {
                store.outbox_done(lrs.endpoint(), &id)?;
                report.stored += 1;
            }
            Delivery::AlreadyStored => {
                store.outbox_done(lrs.endpoint(), &id)?;
                report.already += 1;
            }
            Delivery::Failed(why) => {
                store.outbox_failed(lrs.endpoint(), &id, &why, now_ms())?;
                report.waiting += 1;
                report.last_error = Some(why);
            }
        }
    }
    Ok(report)
}
