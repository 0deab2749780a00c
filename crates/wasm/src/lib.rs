//! rolecall's engine for JavaScript hosts: two functions, JSON text in and JSON text out, with
//! no logic of their own. `bench/compare.mjs` loads the Node build of this crate to measure the
//! engine as the browser runs it, next to the reference simulator.

use serde::Serialize;
use wasm_bindgen::prelude::wasm_bindgen;

/// One simulation in the JSON shape of `@cloud-copilot/iam-simulate` → `{"result", "explain"}`
/// or `{"error"}` (see `rolecall_engine::iam::simulate_text`).
#[wasm_bindgen]
#[must_use]
pub fn simulate(json: &str) -> String {
    to_json(&rolecall_engine::iam::simulate_text(json))
}

/// A serialised `rolecall_engine::Input` → the `Answer`, serialised; `{"error"}` when the text
/// is not an `Input`.
#[wasm_bindgen]
#[must_use]
pub fn analyze(json: &str) -> String {
    match serde_json::from_str::<rolecall_engine::Input>(json) {
        Ok(input) => to_json(&rolecall_engine::analyze(&input)),
        Err(e) => error(&format!("not an analysis input: {e}")),
    }
}

/// The engine's version.
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    rolecall_engine::VERSION.to_owned()
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| error(&format!("serialisation failed: {e}")))
}

fn error(message: &str) -> String {
    serde_json::json!({ "error": message }).to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a failing test panics")]

    use super::*;

    #[test]
    fn simulate_answers_in_the_reference_shape() {
        let out = simulate(
            r#"{"identityPolicies":[{"name":"p","policy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}}],
                "request":{"principal":"arn:aws:iam::111122223333:role/r","action":"s3:GetObject",
                           "resource":{"resource":"arn:aws:s3:::b/k","accountId":"111122223333"},"contextVariables":{}}}"#,
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["result"], "Allowed", "{out}");
        assert!(v["explain"].is_object(), "{out}");
    }

    #[test]
    fn analyze_reads_a_serialised_input() {
        let input = rolecall_engine::Input {
            task_definition:
                r#"{"family":"web","containerDefinitions":[{"name":"app","image":"nginx"}]}"#.into(),
            ..Default::default()
        };
        let out = analyze(&serde_json::to_string(&input).unwrap());
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["status"], "success", "{out}");
        assert!(analyze("[]").contains("\"error\""));
    }
}
