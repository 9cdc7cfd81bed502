//! xAPI statements of a recorded attempt: the verbs in order, stable ids, one registration, the
//! decision as a `choice` interaction with its correct responses, scores and durations.

use crate::common;
use frontline::core::ids::OptionNumber;
use frontline::core::progress::{AttemptContext, AttemptRecord, Mode};
use frontline::core::replay::{Script, replay};
use frontline::core::score::score;
use frontline::core::text::Lang;
use frontline::core::xapi::{XapiConfig, duration, statements};

fn attempt() -> AttemptRecord {
    let loaded = common::small();
    let played =
        replay(loaded.scenario.clone(), 4, Script::Numbers(&[OptionNumber(1), OptionNumber(1)])).expect("replay");
    let report = score(&loaded.scenario, &loaded.catalog, played.conversation.state());
    let context = AttemptContext {
        learner: "Ann".into(),
        lang: Lang::Zh,
        mode: Mode::Practice,
        exam: None,
        started_ms: 1_000,
        ended_ms: 66_500,
        thinking_ms: vec![1_200, 3_400],
    };
    AttemptRecord::new(&context, played.conversation.state(), &report)
}

fn verbs(statements: &[serde_json::Value]) -> Vec<String> {
    statements.iter().map(|s| s["verb"]["display"]["en-US"].as_str().unwrap_or_default().to_string()).collect()
}

#[test]
fn an_attempt_becomes_initialized_answered_completed_terminated() {
    let a = attempt();
    let loaded = common::small();
    let s = statements(&a, Some(&loaded), None, &XapiConfig::default());
    let mut expected = vec!["initialized".to_string()];
    expected.extend(a.turns.iter().map(|_| "answered".to_string()));
    expected.extend(["completed".to_string(), "terminated".to_string()]);
    assert_eq!(verbs(&s), expected);
    for st in &s {
        assert_eq!(st["context"]["registration"], a.id.as_str(), "one registration per attempt");
        assert_eq!(st["actor"]["account"]["name"], "Ann");
        assert_eq!(st["context"]["language"], "zh-CN");
        assert_eq!(st["context"]["platform"], frontline::core::build_info::platform(), "the version that sent it");
        assert_eq!(
            st["context"]["contextActivities"]["parent"][0]["id"],
            "https://frontline.example/xapi/scenarios/small"
        );
    }
    let answered = &s[1];
    let definition = &answered["object"]["definition"];
    assert_eq!(definition["interactionType"], "choice");
    let choices: Vec<&str> =
        definition["choices"].as_array().expect("choices").iter().filter_map(|c| c["id"].as_str()).collect();
    let response = answered["result"]["response"].as_str().expect("response");
    assert!(choices.contains(&response), "{response} among {choices:?}");
    let correct = definition["correctResponsesPattern"].as_array().expect("pattern");
    assert!(!correct.is_empty());
    assert_eq!(answered["result"]["success"], correct.iter().any(|c| c == response));
    assert_eq!(answered["result"]["duration"], "PT1.200S");
    let completed = &s[s.len() - 2];
    assert_eq!(completed["result"]["duration"], "PT65.500S");
    let scaled = completed["result"]["score"]["scaled"].as_f64().expect("scaled");
    assert!((scaled - f64::from(a.overall) / 100.0).abs() < 1e-9);
}

#[test]
fn statement_ids_are_stable_and_distinct() {
    let a = attempt();
    let first = statements(&a, None, None, &XapiConfig::default());
    let again = statements(&a, None, None, &XapiConfig::default());
    let ids: Vec<&str> = first.iter().filter_map(|s| s["id"].as_str()).collect();
    let ids_again: Vec<&str> = again.iter().filter_map(|s| s["id"].as_str()).collect();
    assert_eq!(ids, ids_again, "sending twice stores once");
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
}

#[test]
fn an_exam_attempt_is_grouped_under_its_set_and_passed_or_failed() {
    let a = attempt();
    let set: frontline::core::exam::ExamSet = ron::from_str(
        r#"ExamSet(id: "cert", title: (en: "Cert", zh: "认证"), instructions: (en: "x", zh: "x"),
           scenarios: [(id: "small")], pass_each: (overall: 50), pass_set: (overall: 50))"#,
    )
    .expect("set");
    let verdict = frontline::core::exam::grade::grade_recorded(
        &set,
        None,
        "small",
        &[],
        (a.overall, a.listening, a.recovery),
        true,
    );
    let s = statements(&a, None, Some((&set, &verdict)), &XapiConfig::default());
    let v = verbs(&s);
    let judged = if verdict.passed { "passed" } else { "failed" };
    assert_eq!(v[v.len() - 2], judged);
    assert_eq!(s[0]["context"]["contextActivities"]["grouping"][0]["id"], "https://frontline.example/xapi/exams/cert");
    assert_eq!(duration(61_005), "PT61.005S");
}

#[test]
fn a_sitting_is_rebuilt_from_its_statements() {
    let mut a = attempt();
    a.exam = Some(frontline::core::progress::record::ExamRef { set_id: "cert".into(), sitting: "sit-1".into() });
    let set: frontline::core::exam::ExamSet = ron::from_str(
        r#"ExamSet(id: "cert", title: (en: "Cert", zh: "认证"), instructions: (en: "x", zh: "x"),
           scenarios: [(id: "small")], pass_each: (overall: 50), pass_set: (overall: 50))"#,
    )
    .expect("set");
    let verdict = frontline::core::exam::grade::grade_recorded(
        &set,
        None,
        "small",
        &[],
        (a.overall, a.listening, a.recovery),
        true,
    );
    let config = XapiConfig::default();
    let mut all = statements(&a, None, Some((&set, &verdict)), &config);
    // Statements of something else are ignored.
    all.extend(statements(&attempt(), None, None, &config));
    let lines = frontline::core::xapi::sittings_from_statements(&all, &set, &config);
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    assert_eq!((line.learner.as_str(), line.sitting.as_str()), ("Ann", "sit-1"));
    assert_eq!(line.scenarios[0].overall, a.overall);
    assert_eq!(line.scenarios[0].listening, a.listening);
    let choices: Vec<String> = a.turns.iter().map(|t| t.choice_id.clone()).collect();
    assert_eq!(line.choices[0], choices);
    assert_eq!(line.ended_ms, a.ended_ms);
}
