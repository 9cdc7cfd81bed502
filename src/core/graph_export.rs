//! The scenario's map as text for other tools: Graphviz DOT and Mermaid. Nodes carry the
//! customer's line (short), edges the choice (short) coloured by its net weight, endings their
//! place on the waterfall; routes are dashed with their condition.

use crate::core::condition::Condition;
use crate::core::scenario::{Outcome, Scenario};
use crate::core::score::net_weight;
use crate::core::text::{Lang, Localized};
use crate::core::transcript::split_line;
use std::fmt::Write;

/// Characters of a line or choice shown on the map.
pub const SHORT: usize = 48;

/// The colour of a choice with this net weight: green helps, grey neutral, red hurts.
pub fn weight_colour(net: i64) -> &'static str {
    match net {
        n if n > 0 => "#2e7d32",
        0 => "#757575",
        _ => "#c62828",
    }
}

/// The colour of an ending on the waterfall, from deep green (loyal) to deep red (escalated).
pub fn outcome_colour(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Loyal => "#1b5e20",
        Outcome::VerySatisfied => "#43a047",
        Outcome::Satisfied => "#9e9d24",
        Outcome::Dissatisfied => "#ef6c00",
        Outcome::Angry => "#d84315",
        Outcome::Escalated => "#b71c1c",
    }
}

/// `text` cut to `max` characters with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// The customer's words of a node's first line (without its stage direction), short.
pub fn short_line(lines: &[Localized], lang: Lang) -> String {
    let Some(first) = lines.first() else { return String::new() };
    let (_, speech) = split_line(first);
    shorten(&speech.unwrap_or_else(|| first.clone()).learner(lang), SHORT)
}

/// A condition in words, e.g. `mood ≥ 40 and visited apology`.
pub fn describe(condition: &Condition) -> String {
    match condition {
        Condition::AtLeast(m, v) => format!("{m} ≥ {v}"),
        Condition::AtMost(m, v) => format!("{m} ≤ {v}"),
        Condition::Visited(n) => format!("visited {n}"),
        Condition::NotVisited(n) => format!("not visited {n}"),
        Condition::All(cs) => cs.iter().map(describe).collect::<Vec<_>>().join(" and "),
        Condition::Any(cs) => format!("({})", cs.iter().map(describe).collect::<Vec<_>>().join(" or ")),
        Condition::Not(c) => format!("not ({})", describe(c)),
    }
}

fn dot_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The scenario as a Graphviz digraph (`dot -Tsvg` renders it).
pub fn to_dot(scenario: &Scenario, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", dot_string(scenario.id.as_str()));
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, fontname=\"Helvetica\", label={}];",
        dot_string(&scenario.title.learner(lang))
    );
    let _ = writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=10];"
    );
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];");
    for node in &scenario.nodes {
        let label = format!("{}\n{}", node.id, short_line(&node.lines, lang));
        let shape = if node.choices.is_empty() { ", shape=diamond" } else { "" };
        let start = if node.id == scenario.start { ", penwidth=2" } else { "" };
        let _ = writeln!(out, "  {} [label={}{shape}{start}];", dot_string(node.id.as_str()), dot_string(&label));
    }
    for ending in &scenario.endings {
        let walkout = scenario.customer.walkout.as_ref() == Some(&ending.id);
        let label = format!(
            "{}\n{}{}",
            ending.id,
            ending.outcome.label(lang),
            if walkout { " (patience runs out)" } else { "" }
        );
        let _ = writeln!(
            out,
            "  {} [label={}, shape=ellipse, fillcolor={}, fontcolor=\"#ffffff\"];",
            dot_string(ending.id.as_str()),
            dot_string(&label),
            dot_string(outcome_colour(ending.outcome))
        );
    }
    for node in &scenario.nodes {
        for (i, choice) in node.choices.iter().enumerate() {
            let net = net_weight(choice);
            let mut label = shorten(&choice.text.learner(lang), SHORT);
            if let Some(c) = &choice.condition {
                label = format!("[{}] {label}", describe(c));
            }
            let _ = writeln!(
                out,
                "  {} -> {} [label={}, color={}, fontcolor={}, tooltip={}];",
                dot_string(node.id.as_str()),
                dot_string(choice.next.as_str()),
                dot_string(&label),
                dot_string(weight_colour(net)),
                dot_string(weight_colour(net)),
                dot_string(&format!("{} (net {net:+})", Scenario::choice_id(node, i)))
            );
        }
        for route in &node.routes {
            let label = route.when.as_ref().map(describe).unwrap_or_else(|| "otherwise".into());
            let _ = writeln!(
                out,
                "  {} -> {} [label={}, style=dashed];",
                dot_string(node.id.as_str()),
                dot_string(route.next.as_str()),
                dot_string(&label)
            );
        }
    }
    out.push_str("}\n");
    out
}

fn mermaid_id(id: &str) -> String {
    let mut out = String::from("n_");
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            let _ = write!(out, "_{:x}_", c as u32);
        }
    }
    out
}

fn mermaid_text(text: &str) -> String {
    text.replace('"', "#quot;").replace('\n', " ")
}

/// The scenario as a Mermaid flowchart.
pub fn to_mermaid(scenario: &Scenario, lang: Lang) -> String {
    let mut out = String::from("flowchart LR\n");
    for node in &scenario.nodes {
        let label = mermaid_text(&format!("{}: {}", node.id, short_line(&node.lines, lang)));
        let _ = if node.choices.is_empty() {
            writeln!(out, "  {}{{\"{label}\"}}", mermaid_id(node.id.as_str()))
        } else {
            writeln!(out, "  {}[\"{label}\"]", mermaid_id(node.id.as_str()))
        };
    }
    for ending in &scenario.endings {
        let label = mermaid_text(&format!("{}: {}", ending.id, ending.outcome.label(lang)));
        let _ = writeln!(out, "  {}([\"{label}\"])", mermaid_id(ending.id.as_str()));
        let _ = writeln!(
            out,
            "  style {} fill:{},color:#ffffff",
            mermaid_id(ending.id.as_str()),
            outcome_colour(ending.outcome)
        );
    }
    let mut link = 0usize;
    for node in &scenario.nodes {
        for choice in &node.choices {
            let label = mermaid_text(&shorten(&choice.text.learner(lang), SHORT));
            let _ = writeln!(
                out,
                "  {} -->|\"{label}\"| {}",
                mermaid_id(node.id.as_str()),
                mermaid_id(choice.next.as_str())
            );
            let _ = writeln!(out, "  linkStyle {link} stroke:{}", weight_colour(net_weight(choice)));
            link += 1;
        }
        for route in &node.routes {
            let label = mermaid_text(&route.when.as_ref().map(describe).unwrap_or_else(|| "otherwise".into()));
            let _ = writeln!(
                out,
                "  {} -.->|\"{label}\"| {}",
                mermaid_id(node.id.as_str()),
                mermaid_id(route.next.as_str())
            );
            link += 1;
        }
    }
    out
}
