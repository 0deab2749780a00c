//! Every input reader and the ECS analysis: any text in any of the four editors must give an
//! answer (a report or located diagnostics), never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolecall_engine::{Answer, Input, analyze};

fuzz_target!(|data: &[u8]| {
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
