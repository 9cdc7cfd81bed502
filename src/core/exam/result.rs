//! The result file of an exam sitting: who, which exam set and scenario versions, every seed and
//! choice id, the scores and the verdict, signed with Ed25519 when the station has a signing key.
//! [`verify`] checks the signature and replays every choice through the engine to recompute the
//! scores, so an edited file is caught even where the signature alone would not say which field.

use crate::core::diagnostic::Diagnostic;
use crate::core::engine::Conversation;
use crate::core::exam::grade::{ExamVerdict, FailReason, grade_scenario};
use crate::core::exam::set::ExamSet;
use crate::core::fingerprint::Fingerprint;
use crate::core::ids::ChoiceId;
use crate::core::load::SourceFile;
use crate::core::loader::LoadedScenario;
use crate::core::score::score;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

/// The format line every result file starts with.
pub const RESULT_FORMAT: &str = "frontline-exam-result-v1";

/// One scenario of a result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioResultRecord {
    /// The scenario.
    pub scenario_id: String,
    /// The version played.
    pub fingerprint: String,
    /// The call's seed.
    pub seed: u64,
    /// Every choice taken, by stable id.
    pub choices: Vec<String>,
    /// Scores.
    pub overall: u32,
    /// Listening.
    pub listening: Option<u32>,
    /// Recovery.
    pub recovery: Option<u32>,
    /// Passed this scenario.
    pub passed: bool,
    /// Why not.
    pub reasons: Vec<FailReason>,
}

/// The signature of a result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultSignature {
    /// Which key signed (the first 16 hex digits of the public key's SHA-256).
    pub key_id: String,
    /// The Ed25519 signature over the file's signed bytes, in hex.
    pub value: String,
}

/// An exam result file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamResultFile {
    /// Always [`RESULT_FORMAT`].
    pub format: String,
    /// The Frontline that wrote it ([`crate::core::build_info::platform`]); absent in files
    /// written before versions were recorded, which keeps their signatures valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_by: Option<String>,
    /// The learner.
    pub learner: String,
    /// The exam set's id.
    pub exam_set: String,
    /// The exam set's content fingerprint.
    pub exam_set_fingerprint: String,
    /// The sitting's id.
    pub sitting: String,
    /// The language.
    pub lang: String,
    /// Start and end of the sitting (ms since 1970, UTC).
    pub started_ms: i64,
    /// End of the sitting.
    pub ended_ms: i64,
    /// Each scenario.
    pub scenarios: Vec<ScenarioResultRecord>,
    /// Passed the set.
    pub passed: bool,
    /// Mean scores over the set.
    pub overall: u32,
    /// Mean listening.
    pub listening: Option<u32>,
    /// Mean recovery.
    pub recovery: Option<u32>,
    /// The signature (none: the station had no key, the result says "unsigned").
    pub signature: Option<ResultSignature>,
}

impl ExamResultFile {
    /// The bytes the signature covers: the file as JSON without its signature.
    pub fn signed_bytes(&self) -> Vec<u8> {
        let mut unsigned = self.clone();
        unsigned.signature = None;
        serde_json::to_vec(&unsigned).unwrap_or_default()
    }

    /// Signs the result with `key`.
    pub fn sign(&mut self, key: &SigningKey) {
        let signature = key.sign(&self.signed_bytes());
        self.signature =
            Some(ResultSignature { key_id: key_id(&key.verifying_key()), value: hex(&signature.to_bytes()) });
    }
}

/// A short id of a public key: the first 16 hex digits of its SHA-256.
pub fn key_id(key: &VerifyingKey) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(key.as_bytes())[..8])
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes from hex (`None` when not hex).
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

/// A signing key from its hex file content.
pub fn signing_key(text: &str) -> Option<SigningKey> {
    let bytes: [u8; 32] = unhex(text)?.try_into().ok()?;
    Some(SigningKey::from_bytes(&bytes))
}

/// A public key from its hex file content.
pub fn verifying_key(text: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = unhex(text)?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// A new key pair from 32 random bytes.
pub fn new_signing_key() -> SigningKey {
    use rand::RngCore;
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    SigningKey::from_bytes(&secret)
}

/// What a result file records of a sitting.
pub struct SittingRecord<'a> {
    /// The exam set.
    pub set: &'a ExamSet,
    /// Learner, sitting id, language name.
    pub learner: &'a str,
    /// The sitting's id.
    pub sitting: &'a str,
    /// The language (its stored name).
    pub lang: &'a str,
    /// Start and end.
    pub times: (i64, i64),
    /// Each scenario: (scenario, seed, choice ids).
    pub calls: Vec<(&'a LoadedScenario, u64, Vec<String>)>,
    /// The verdict.
    pub verdict: &'a ExamVerdict,
}

impl ExamResultFile {
    /// The result file of a sitting (unsigned).
    pub fn of(r: &SittingRecord<'_>) -> ExamResultFile {
        let scenarios = r
            .calls
            .iter()
            .zip(&r.verdict.scenarios)
            .map(|((loaded, seed, choices), v)| ScenarioResultRecord {
                scenario_id: loaded.scenario.id.to_string(),
                fingerprint: loaded.fingerprint.to_hex(),
                seed: *seed,
                choices: choices.clone(),
                overall: v.overall,
                listening: v.listening,
                recovery: v.recovery,
                passed: v.passed,
                reasons: v.reasons.clone(),
            })
            .collect();
        ExamResultFile {
            format: RESULT_FORMAT.into(),
            written_by: Some(crate::core::build_info::platform()),
            learner: r.learner.into(),
            exam_set: r.set.id.clone(),
            exam_set_fingerprint: Fingerprint::of(r.set).to_hex(),
            sitting: r.sitting.into(),
            lang: r.lang.into(),
            started_ms: r.times.0,
            ended_ms: r.times.1,
            scenarios,
            passed: r.verdict.passed,
            overall: r.verdict.overall,
            listening: r.verdict.listening,
            recovery: r.verdict.recovery,
            signature: None,
        }
    }
}

/// What verifying a result file found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verification {
    /// The signature holds and every recomputed score matches.
    Valid,
    /// The file has no signature (the station had no key); the replay matches.
    Unsigned,
    /// Signed with another key than the one given.
    WrongKey {
        /// The key id in the file.
        signed_by: String,
        /// The given key's id.
        given: String,
    },
    /// The content was changed after signing (the fields that the replay shows to be wrong, when it can tell).
    Tampered {
        /// Fields whose values differ from the replay (empty: a field the replay cannot check).
        fields: Vec<String>,
    },
    /// A scenario is not the version the exam was taken on (or is missing): it cannot be replayed.
    ScenarioChanged {
        /// The scenario.
        scenario_id: String,
    },
    /// Not a result file.
    Unreadable(String),
}

/// Reads a result file's text: JSON of the right format, or an error at its `file:line:col`.
pub fn parse_result(source: &SourceFile) -> Result<ExamResultFile, Box<Diagnostic>> {
    let text = source.text.as_str();
    let syntax = |e: serde_json::Error| {
        let full = e.to_string();
        let what = full.split(" at line ").next().unwrap_or(&full);
        let d = Diagnostic::error("result-syntax", &source.name, format!("not a result file: {what}"))
            .help("a result file is the JSON `frontline exam` writes; it cannot be edited by hand");
        // serde_json counts columns in bytes, just past what it could not read.
        let line_start: usize = text.split_inclusive('\n').take(e.line().saturating_sub(1)).map(str::len).sum();
        let mut at = (line_start + e.column().saturating_sub(1)).min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        Box::new(if e.line() > 0 { d.at(text, at..at) } else { d })
    };
    // The format first: a file of another version is told so, not that a field is missing.
    let value: serde_json::Value = serde_json::from_str(text).map_err(syntax)?;
    let format = value.get("format").and_then(serde_json::Value::as_str).unwrap_or_default();
    if format != RESULT_FORMAT {
        let mut d = Diagnostic::error(
            "result-format",
            &source.name,
            format!("unknown result format `{format}` (this version reads `{RESULT_FORMAT}`)"),
        );
        if let Some(at) = text.find(&format!("\"{format}\"")).filter(|_| !format.is_empty()) {
            d = d.at(text, at..at + format.len() + 2);
        }
        return Err(Box::new(d));
    }
    serde_json::from_str(text).map_err(syntax)
}

/// What can be told about a result file without the scenarios (`frontline check`): its syntax and
/// format, scores in range, a signature of the right shape. `frontline exam verify` replays it.
pub fn check_result(source: &SourceFile) -> Vec<Diagnostic> {
    let file = match parse_result(source) {
        Ok(f) => f,
        Err(d) => return vec![*d],
    };
    let text = source.text.as_str();
    let place = |d: Diagnostic, needle: &str| match text.find(needle) {
        Some(at) => d.at(text, at..at + needle.len()),
        None => d,
    };
    let mut out = Vec::new();
    let mut scores = vec![("overall", Some(file.overall)), ("listening", file.listening), ("recovery", file.recovery)];
    for s in &file.scenarios {
        scores.extend([("overall", Some(s.overall)), ("listening", s.listening), ("recovery", s.recovery)]);
    }
    for (name, value) in scores {
        if let Some(v) = value.filter(|v| *v > 100) {
            out.push(place(
                Diagnostic::error("result-range", &source.name, format!("`{name}` is {v}; scores run from 0 to 100")),
                &format!("\"{name}\": {v}"),
            ));
        }
    }
    if let Some(sig) = &file.signature
        && unhex(&sig.value).is_none_or(|b| b.len() != 64)
    {
        out.push(place(
            Diagnostic::error("result-signature", &source.name, "the signature is not 128 hexadecimal digits")
                .help("the file was damaged or edited: sit the exam again or find the original file"),
            &sig.value,
        ));
    }
    out
}

/// Verifies a result file's text against a public key and the scenarios (by id) and exam set.
pub fn verify(
    text: &str,
    key: Option<&VerifyingKey>,
    scenarios: &[LoadedScenario],
    set: Option<&ExamSet>,
) -> Verification {
    let file = match parse_result(&SourceFile::from_text("result", text)) {
        Ok(f) => f,
        Err(d) => return Verification::Unreadable(d.message),
    };
    // Replay every call and compare what can be recomputed.
    let mut fields = Vec::new();
    for (i, s) in file.scenarios.iter().enumerate() {
        let Some(loaded) = scenarios.iter().find(|l| l.scenario.id.as_str() == s.scenario_id) else {
            return Verification::ScenarioChanged { scenario_id: s.scenario_id.clone() };
        };
        if loaded.fingerprint.to_hex() != s.fingerprint {
            return Verification::ScenarioChanged { scenario_id: s.scenario_id.clone() };
        }
        let Ok((mut conv, _)) = Conversation::start(loaded.scenario.clone(), s.seed) else {
            fields.push(format!("scenarios[{i}].seed"));
            continue;
        };
        let mut replayed = true;
        for id in &s.choices {
            if conv.is_over() || conv.select_choice(&ChoiceId::new(id.as_str())).is_err() {
                replayed = false;
                break;
            }
        }
        if !replayed {
            fields.push(format!("scenarios[{i}].choices"));
            continue;
        }
        let report = score(&loaded.scenario, &loaded.catalog, conv.state());
        let mut check = |name: &str, ok: bool| {
            if !ok {
                fields.push(format!("scenarios[{i}].{name}"));
            }
        };
        check("overall", report.overall == s.overall);
        check("listening", report.listening == s.listening);
        check("recovery", report.recovery == s.recovery);
        if let Some(set) = set {
            let verdict = grade_scenario(set, &loaded.scenario, conv.state(), &report);
            check("passed", verdict.passed == s.passed);
            check("reasons", verdict.reasons == s.reasons);
        }
    }
    if let Some(set) = set {
        let verdict = crate::core::exam::grade::grade_set(
            set,
            file.scenarios
                .iter()
                .map(|s| crate::core::exam::grade::ScenarioVerdict {
                    scenario_id: s.scenario_id.clone(),
                    passed: s.passed,
                    overall: s.overall,
                    listening: s.listening,
                    recovery: s.recovery,
                    reasons: s.reasons.clone(),
                })
                .collect(),
        );
        for (name, ok) in [
            ("passed", verdict.passed == file.passed),
            ("overall", verdict.overall == file.overall),
            ("listening", verdict.listening == file.listening),
            ("recovery", verdict.recovery == file.recovery),
        ] {
            if !ok {
                fields.push(name.to_string());
            }
        }
    }
    match (&file.signature, key) {
        (None, _) if fields.is_empty() => Verification::Unsigned,
        (None, _) => Verification::Tampered { fields },
        (Some(sig), Some(key)) => {
            let given = key_id(key);
            if sig.key_id != given {
                return Verification::WrongKey { signed_by: sig.key_id.clone(), given };
            }
            let good = unhex(&sig.value)
                .and_then(|b| <[u8; 64]>::try_from(b).ok())
                .map(|b| Signature::from_bytes(&b))
                .is_some_and(|s| key.verify(&file.signed_bytes(), &s).is_ok());
            if good && fields.is_empty() { Verification::Valid } else { Verification::Tampered { fields } }
        }
        (Some(_), None) if fields.is_empty() => Verification::Unsigned,
        (Some(_), None) => Verification::Tampered { fields },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(written_by: Option<String>) -> ExamResultFile {
        ExamResultFile {
            format: RESULT_FORMAT.into(),
            written_by,
            learner: "Ann".into(),
            exam_set: "cert".into(),
            exam_set_fingerprint: "00".into(),
            sitting: "s1".into(),
            lang: "en".into(),
            started_ms: 1,
            ended_ms: 2,
            scenarios: Vec::new(),
            passed: true,
            overall: 80,
            listening: None,
            recovery: None,
            signature: None,
        }
    }

    fn signature_holds(text: &str, key: &SigningKey) -> bool {
        let parsed = parse_result(&SourceFile::from_text("r.json", text)).expect("parses");
        let signature = parsed.signature.as_ref().and_then(|s| unhex(&s.value)).expect("signed");
        let signature = Signature::from_slice(&signature).expect("64 bytes");
        key.verifying_key().verify(&parsed.signed_bytes(), &signature).is_ok()
    }

    #[test]
    fn a_file_from_before_versions_were_recorded_keeps_its_signature() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let mut old = file(None);
        old.sign(&key);
        let text = serde_json::to_string_pretty(&old).expect("json");
        assert!(!text.contains("written_by"), "{text}");
        assert!(signature_holds(&text, &key));
        let mut new = file(Some(crate::core::build_info::platform()));
        new.sign(&key);
        let text = serde_json::to_string_pretty(&new).expect("json");
        assert!(signature_holds(&text, &key));
        let other = text.replace(crate::core::build_info::VERSION_WITH_COMMIT, "9.9.9 (commit 0)");
        assert_ne!(other, text);
        assert!(!signature_holds(&other, &key), "the version is signed too");
    }
}
