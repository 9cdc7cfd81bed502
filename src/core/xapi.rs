//! xAPI statements for a recorded attempt, so that a class on many machines reports to one Learning
//! Record Store: `initialized`; `answered` per decision (a `cmi.interaction` of type `choice`, the
//! choices listed by choice id, the response, the best option(s) as `correctResponsesPattern`, the
//! technique points and the meters as result extensions); `completed`; for an exam attempt
//! `passed` or `failed`; `terminated`. One `context.registration` per attempt (the attempt's UUID);
//! `contextActivities.parent` is the scenario, `grouping` the exam set. Statement ids are made here
//! (UUID v5 of the attempt id and the statement's place), so sending twice stores once.
//! `context.platform` names the Frontline that made the statement (version and commit).
//!
//! Activity ids are IRIs under a base (default `https://frontline.example/xapi`):
//! `{base}/scenarios/{scenario id}`, `{base}/scenarios/{scenario id}/decisions/{node id}`,
//! `{base}/exams/{exam set id}`; extensions are `{base}/extensions/{name}`.

use crate::core::exam::grade::ScenarioVerdict;
use crate::core::exam::set::ExamSet;
use crate::core::loader::LoadedScenario;
use crate::core::progress::record::AttemptRecord;
use crate::core::score::net_weight;
use crate::core::text::{Lang, Localized};
use serde_json::{Value, json};

/// Where statements point: the actor's account home page and the base of activity ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XapiConfig {
    /// The home page of the learners' accounts (the actor is `account { homePage, name }`).
    pub home_page: String,
    /// The base of activity and extension IRIs.
    pub activity_base: String,
}

impl Default for XapiConfig {
    fn default() -> XapiConfig {
        XapiConfig {
            home_page: "https://frontline.example".into(),
            activity_base: "https://frontline.example/xapi".into(),
        }
    }
}

const VERBS: &str = "http://adlnet.gov/expapi/verbs/";

fn verb(name: &str) -> Value {
    json!({ "id": format!("{VERBS}{name}"), "display": { "en-US": name } })
}

fn language_map(text: &Localized) -> Value {
    json!({ "en-US": text.en, "zh-CN": text.zh })
}

/// An ISO 8601 time from milliseconds since 1970.
pub fn timestamp(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map(|t| t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()).unwrap_or_default()
}

/// An ISO 8601 duration (`PT12.345S`) from milliseconds.
pub fn duration(ms: i64) -> String {
    let ms = ms.max(0);
    format!("PT{}.{:03}S", ms / 1000, ms % 1000)
}

/// A statement id that is the same whenever the same attempt is exported.
fn statement_id(attempt: &str, place: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("frontline:{attempt}:{place}").as_bytes()).to_string()
}

/// The statements of one attempt, in order. `scenario` (the version played) gives names and the
/// choices at each decision; `exam` the exam set and this scenario's verdict, for `passed` /
/// `failed` (a practice attempt is `completed` with its score only).
pub fn statements(
    attempt: &AttemptRecord,
    scenario: Option<&LoadedScenario>,
    exam: Option<(&ExamSet, &ScenarioVerdict)>,
    config: &XapiConfig,
) -> Vec<Value> {
    let base = config.activity_base.trim_end_matches('/');
    let scenario_iri = format!("{base}/scenarios/{}", attempt.scenario_id.as_str());
    let scenario_activity = json!({
        "objectType": "Activity",
        "id": scenario_iri,
        "definition": {
            "name": scenario.map_or_else(|| json!({ "en-US": attempt.scenario_id.as_str() }), |l| language_map(&l.scenario.title)),
            "type": "http://adlnet.gov/expapi/activities/simulation",
        },
    });
    let mut context = json!({
        "registration": attempt.id,
        "language": if attempt.lang == Lang::Zh { "zh-CN" } else { "en-US" },
        "platform": crate::core::build_info::platform(),
        "contextActivities": { "parent": [ { "objectType": "Activity", "id": scenario_iri } ] },
        "extensions": {
            format!("{base}/extensions/fingerprint"): attempt.fingerprint.to_hex(),
            format!("{base}/extensions/seed"): attempt.seed.to_string(),
        },
    });
    if let (Some(_), Some(exam_ref)) = (exam, &attempt.exam) {
        context["extensions"][format!("{base}/extensions/sitting")] = json!(exam_ref.sitting);
    }
    if let Some((set, _)) = exam {
        context["contextActivities"]["grouping"] = json!([{
            "objectType": "Activity",
            "id": format!("{base}/exams/{}", set.id),
            "definition": { "name": language_map(&set.title), "type": "http://adlnet.gov/expapi/activities/assessment" },
        }]);
    }
    let actor = json!({
        "objectType": "Agent",
        "name": attempt.learner,
        "account": { "homePage": config.home_page, "name": attempt.learner },
    });
    let statement = |place: &str, verb_name: &str, object: Value, result: Option<Value>, at: i64| {
        let mut s = json!({
            "id": statement_id(&attempt.id, place),
            "actor": actor,
            "verb": verb(verb_name),
            "object": object,
            "context": context,
            "timestamp": timestamp(at),
        });
        if let Some(r) = result {
            s["result"] = r;
        }
        s
    };
    let mut out = vec![statement("initialized", "initialized", scenario_activity.clone(), None, attempt.started_ms)];
    let mut elapsed = 0i64;
    for (i, turn) in attempt.turns.iter().enumerate() {
        elapsed += i64::from(turn.thinking_ms.unwrap_or(0));
        let node = scenario.and_then(|l| l.scenario.node(&turn.node_id));
        let mut definition = json!({
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
            "interactionType": "choice",
        });
        let mut success = None;
        if let Some(node) = node {
            let ids: Vec<String> = (0..node.choices.len())
                .map(|c| crate::core::scenario::Scenario::choice_id(node, c).to_string())
                .collect();
            let best = node.choices.iter().map(net_weight).max().unwrap_or(0);
            let correct: Vec<&String> =
                ids.iter().zip(&node.choices).filter(|(_, c)| net_weight(c) == best).map(|(id, _)| id).collect();
            definition["choices"] = Value::Array(
                ids.iter()
                    .zip(&node.choices)
                    .map(|(id, c)| json!({ "id": id, "description": language_map(&c.text) }))
                    .collect(),
            );
            // Each best option is a correct response on its own (one pattern each).
            definition["correctResponsesPattern"] = json!(correct);
            success = Some(correct.iter().any(|c| **c == turn.choice_id));
        }
        let object = json!({
            "objectType": "Activity",
            "id": format!("{scenario_iri}/decisions/{}", turn.node_id),
            "definition": definition,
        });
        let mut result = json!({
            "response": turn.choice_id,
            "extensions": {
                format!("{base}/extensions/techniques"): { "shows": turn.shows, "breaks": turn.breaks },
                format!("{base}/extensions/meters"): {
                    "mood": turn.meters_after[0], "patience": turn.meters_after[1],
                    "valued": turn.meters_after[2], "solved": turn.meters_after[3],
                },
            },
        });
        if let Some(s) = success {
            result["success"] = json!(s);
        }
        if let Some(ms) = turn.thinking_ms {
            result["duration"] = json!(duration(i64::from(ms)));
        }
        out.push(statement(&format!("answered-{i}"), "answered", object, Some(result), attempt.started_ms + elapsed));
    }
    let total = duration(attempt.ended_ms - attempt.started_ms);
    let score =
        json!({ "scaled": f64::from(attempt.overall.min(100)) / 100.0, "raw": attempt.overall, "min": 0, "max": 100 });
    let finished = attempt.ending_id.is_some();
    let family_scores = json!({ "listening": attempt.listening, "recovery": attempt.recovery });
    out.push(statement(
        "completed",
        "completed",
        scenario_activity.clone(),
        Some(json!({
            "completion": finished,
            "score": score,
            "duration": total,
            "extensions": { format!("{base}/extensions/scores"): family_scores },
        })),
        attempt.ended_ms,
    ));
    if let Some((_, verdict)) = exam {
        let name = if verdict.passed { "passed" } else { "failed" };
        out.push(statement(
            name,
            name,
            scenario_activity.clone(),
            Some(json!({ "success": verdict.passed, "completion": finished, "score": score, "duration": total })),
            attempt.ended_ms,
        ));
    }
    out.push(statement("terminated", "terminated", scenario_activity, None, attempt.ended_ms));
    out
}

/// Rebuilds each sitting of an exam set from statements read back from an LRS (those of other
/// activities are ignored): the learner, the scenarios' scores and choices, the end time.
pub fn sittings_from_statements(
    statements: &[Value],
    set: &ExamSet,
    config: &XapiConfig,
) -> Vec<crate::core::exam::class_report::SittingLine> {
    use crate::core::exam::class_report::SittingLine;
    use crate::core::exam::grade::FailReason;
    use std::collections::BTreeMap;
    let base = config.activity_base.trim_end_matches('/');
    let exam_iri = format!("{base}/exams/{}", set.id);
    let scenario_prefix = format!("{base}/scenarios/");
    // registration -> (learner, sitting, scenario id, answers in order, completed result, ended)
    #[derive(Default)]
    struct Call {
        learner: String,
        sitting: String,
        scenario: String,
        answers: Vec<(String, String)>,
        scores: Option<(u32, Option<u32>, Option<u32>, bool)>,
        ended: String,
    }
    let mut calls: BTreeMap<String, Call> = BTreeMap::new();
    for st in statements {
        let grouped = st["context"]["contextActivities"]["grouping"]
            .as_array()
            .is_some_and(|g| g.iter().any(|a| a["id"] == exam_iri.as_str()));
        let Some(registration) = st["context"]["registration"].as_str().filter(|_| grouped) else { continue };
        let call = calls.entry(registration.to_string()).or_default();
        call.learner = st["actor"]["account"]["name"].as_str().unwrap_or_default().to_string();
        call.sitting = st["context"]["extensions"][format!("{base}/extensions/sitting")]
            .as_str()
            .unwrap_or(registration)
            .to_string();
        if let Some(parent) = st["context"]["contextActivities"]["parent"][0]["id"].as_str() {
            call.scenario = parent.strip_prefix(&scenario_prefix).unwrap_or(parent).to_string();
        }
        match st["verb"]["id"].as_str().unwrap_or_default().rsplit('/').next().unwrap_or_default() {
            "answered" => {
                let at = st["timestamp"].as_str().unwrap_or_default().to_string();
                call.answers.push((at, st["result"]["response"].as_str().unwrap_or_default().to_string()));
            }
            "completed" => {
                let r = &st["result"];
                let scores = &r["extensions"][format!("{base}/extensions/scores")];
                call.scores = Some((
                    r["score"]["raw"].as_u64().unwrap_or(0) as u32,
                    scores["listening"].as_u64().map(|v| v as u32),
                    scores["recovery"].as_u64().map(|v| v as u32),
                    r["completion"].as_bool().unwrap_or(false),
                ));
                call.ended = st["timestamp"].as_str().unwrap_or_default().to_string();
            }
            _ => {}
        }
    }
    let mut sittings: BTreeMap<String, SittingLine> = BTreeMap::new();
    for (_, mut call) in calls {
        let Some((overall, listening, recovery, finished)) = call.scores else { continue };
        call.answers.sort();
        let ended_ms = call.ended.parse::<jiff::Timestamp>().map(|t| t.as_millisecond()).unwrap_or(0);
        let line = sittings.entry(call.sitting.clone()).or_insert_with(|| SittingLine {
            learner: call.learner.clone(),
            sitting: call.sitting.clone(),
            ended_ms,
            attempts: 1,
            scenarios: Vec::new(),
            choices: Vec::new(),
            techniques: BTreeMap::new(),
        });
        line.ended_ms = line.ended_ms.max(ended_ms);
        line.scenarios.push(ScenarioVerdict {
            scenario_id: call.scenario.clone(),
            passed: false,
            overall,
            listening,
            recovery,
            reasons: if finished { Vec::new() } else { vec![FailReason::NotFinished] },
        });
        line.choices.push(call.answers.into_iter().map(|(_, c)| c).collect());
    }
    // Each sitting's scenarios in the set's order.
    sittings
        .into_values()
        .map(|mut line| {
            let mut pairs: Vec<_> = line.scenarios.drain(..).zip(line.choices.drain(..)).collect();
            pairs.sort_by_key(|(v, _)| set.scenarios.iter().position(|e| e.id.as_str() == v.scenario_id));
            (line.scenarios, line.choices) = pairs.into_iter().unzip();
            line
        })
        .collect()
}
