//! SARIF 2.1.0, for code-scanning dashboards: one result per finding, located in the input file
//! it comes from.

use rolecall_engine::diagnostic::{InputName, Severity};
use rolecall_engine::ecs::findings::CATALOGUE;
use rolecall_engine::report::Report;
use serde_json::{Value, json};

/// The SARIF log of a report; `file_of` names the file each input was read from.
#[must_use]
pub fn render(report: &Report, file_of: &dyn Fn(InputName) -> String) -> Value {
    let rules: Vec<Value> = CATALOGUE
        .iter()
        .map(|k| {
            json!({
                "id": k.code,
                "shortDescription": { "text": k.help },
                "helpUri": k.docs,
                "defaultConfiguration": { "level": level(k.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut result = json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": { "text": format!("{} ({})", f.message.replace('`', "'"), f.help.replace('`', "'")) },
                "helpUri": f.docs,
            });
            if let (Some(loc), Some(map)) = (f.location, result.as_object_mut()) {
                map.insert(
                    "locations".into(),
                    json!([{
                        "physicalLocation": {
                            "artifactLocation": { "uri": file_of(loc.input) },
                            "region": {
                                "startLine": loc.line,
                                "startColumn": loc.column,
                                "endLine": loc.end_line,
                                "endColumn": loc.end_column,
                            }
                        }
                    }]),
                );
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "rolecall",
                "version": rolecall_engine::VERSION,
                "rules": rules,
            }},
            "results": results,
        }]
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}
