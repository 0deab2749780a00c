//! rolecall's engine: for an Amazon ECS task definition, every AWS action that running it implies,
//! the IAM role that performs it, and what is wrong with the roles.
//!
//! Pure Rust with no UI or wasm dependency, shared by the playground and the `rolecall` command.
//! One JSON-shaped entry point per capability: [`analyze`].

pub mod diagnostic;
pub mod ecs;
pub mod iam;
pub mod input;
pub mod report;

use serde::{Deserialize, Serialize};

use diagnostic::{Diagnostic, InputName, LineIndex};
pub use report::Report;

/// The engine's version, shown by the playground and the CLI.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the user pasted, as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Input {
    pub task_definition: String,
}

/// The result of [`analyze`]: success and failure are values, and warnings ride on both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum Answer {
    Success {
        report: Report,
        warnings: Vec<Diagnostic>,
    },
    Failure {
        errors: Vec<Diagnostic>,
        warnings: Vec<Diagnostic>,
    },
}

/// Reads the inputs and analyses them.
#[must_use]
pub fn analyze(input: &Input) -> Answer {
    let text = input.task_definition.as_str();
    match input::read_task_definition(text) {
        Ok(td) => Answer::Success {
            report: ecs::analyze(&td, text),
            warnings: Vec::new(),
        },
        Err(errors) => {
            let index = LineIndex::new(text);
            Answer::Failure {
                errors: errors
                    .iter()
                    .map(|e| e.to_diagnostic(&index, InputName::TaskDefinition))
                    .collect(),
                warnings: Vec::new(),
            }
        }
    }
}
