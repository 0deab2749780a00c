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
    /// The roles document (see `input::roles`); empty or absent when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<String>,
}

/// The result of [`analyze`]: success and failure are values, and warnings ride on both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum Answer {
    /// The task definition was analysed; `diagnostics` are problems in the other inputs, which
    /// were used as far as they could be.
    Success {
        report: Report,
        diagnostics: Vec<Diagnostic>,
    },
    /// The task definition could not be read.
    Failure { diagnostics: Vec<Diagnostic> },
}

/// Reads the inputs and analyses them.
#[must_use]
pub fn analyze(input: &Input) -> Answer {
    let text = input.task_definition.as_str();
    let td = match input::read_task_definition(text) {
        Ok(td) => td,
        Err(errors) => {
            let index = LineIndex::new(text);
            return Answer::Failure {
                diagnostics: errors
                    .iter()
                    .map(|e| e.to_diagnostic(&index, InputName::TaskDefinition))
                    .collect(),
            };
        }
    };
    let mut diagnostics = Vec::new();
    let roles_text = input.roles.as_deref().filter(|t| !t.trim().is_empty());
    let role_set = roles_text.and_then(|t| read_roles(t, &mut diagnostics));
    let roles = match (&role_set, roles_text) {
        (Some(set), Some(text)) => Some(ecs::Roles { set, text }),
        _ => None,
    };
    Answer::Success {
        report: ecs::analyze(&td, text, roles),
        diagnostics,
    }
}

/// Reads the roles document; its problems become diagnostics of the `Roles & policies` input.
fn read_roles(text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<input::roles::RoleSet> {
    let index = LineIndex::new(text);
    let diagnostic =
        |code: &str, severity, message: String, help: Option<String>, span| Diagnostic {
            code: code.to_owned(),
            severity,
            message,
            help,
            location: Some(index.locate(InputName::Roles, span)),
        };
    let root = match input::json::parse(text) {
        Ok(root) => root,
        Err(e) => {
            diagnostics.push(diagnostic(
                "JSON_SYNTAX",
                diagnostic::Severity::Error,
                e.message,
                e.help,
                e.span,
            ));
            return None;
        }
    };
    match input::roles::read(&root) {
        Ok((set, problems)) => {
            diagnostics.extend(
                problems
                    .into_iter()
                    .map(|p| diagnostic(p.code, p.severity, p.message, None, p.span)),
            );
            Some(set)
        }
        Err(p) => {
            diagnostics.push(diagnostic(p.code, p.severity, p.message, None, p.span));
            None
        }
    }
}
