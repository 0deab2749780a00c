//! Every input reader and the ECS analysis: any text in any of the four editors must give an
//! answer (a report or located diagnostics), never a panic. And the JSON parser agrees with
//! serde_json on what is JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolecall_engine::{Answer, Input, analyze};

fuzz_target!(|data: &[u8]| {
    json_agrees_with_serde_json(data);
    let text = String::from_utf8_lossy(data);
    // The first byte chooses which editors get the text, so one corpus exercises them all.
    let pick = data.first().copied().unwrap_or(0);
    let mut parts = text.splitn(4, '\u{1e}');
    let td = parts.next().unwrap_or_default().to_owned();
    let other = |bit: u8, part: Option<&str>| (pick & bit != 0).then(|| part.unwrap_or(&td).to_owned());
    let input = Input {
        service: other(1, parts.next()),
        roles: other(2, parts.next()),
        app_actions: other(4, parts.next()),
        task_definition: td.clone(),
    };
    match analyze(&input) {
        Answer::Success { report, .. } => {
            // Every line names an action and a resource, and every place is inside its input.
            for line in &report.actions {
                assert!(!line.action.is_empty() && !line.resource.is_empty());
            }
        }
        Answer::Failure { diagnostics } => assert!(!diagnostics.is_empty()),
    }
});

/// The JSON parser accepts what serde_json accepts, but for the differences on purpose that
/// `crates/engine/tests/json_parser.rs` lists (duplicate keys, numbers beyond `f64`), and
/// serde_json's lower nesting limit (128, ours 512).
fn json_agrees_with_serde_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ours = rolecall_engine::input::json::parse(text);
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (&ours, &theirs) {
        (Err(e), Ok(_)) => assert!(e.message.contains("appears twice"), "{text:?}: {e:?}"),
        (Ok(_), Err(e)) => {
            let e = e.to_string();
            assert!(
                e.contains("number out of range") || e.contains("recursion limit exceeded"),
                "{text:?}: serde_json: {e}"
            );
        }
        _ => {}
    }
}
