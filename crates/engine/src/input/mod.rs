//! Reading what the user pasted: format detection, parsing with spans, one normalised model.

pub mod app_actions;
pub mod json;
pub mod node;
pub mod roles;
pub mod service;
pub mod task_definition;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, InputName, LineIndex, Severity, Span};
pub use task_definition::{ContainerDefinition, LogConfiguration, Spanned, TaskDefinition};

/// The formats a task definition can be pasted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskDefinitionFormat {
    /// The RegisterTaskDefinition request (`register-task-definition --cli-input-json`).
    RegisterTaskDefinition,
    /// `{"taskDefinition": {…}}`, as `describe-task-definition` and `register-task-definition`
    /// print it.
    DescribeOutput,
}

impl TaskDefinitionFormat {
    /// The badge the playground shows.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::RegisterTaskDefinition => "task definition JSON",
            Self::DescribeOutput => "describe-task-definition output",
        }
    }
}

/// Why an input could not be read. Messages are lowercase with user input in backticks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("{}", .0.message)]
    Json(json::JsonError),
    #[error("this is not a task definition: {found}")]
    NotATaskDefinition { found: String, span: Span },
    #[error("`{path}` must be {expected}, found {found}")]
    WrongType {
        path: String,
        expected: &'static str,
        found: &'static str,
        span: Span,
    },
    #[error("`{path}` is missing")]
    Missing { path: String, span: Span },
}

impl InputError {
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Json(_) => "JSON_SYNTAX",
            Self::NotATaskDefinition { .. } => "NOT_A_TASK_DEFINITION",
            Self::WrongType { .. } => "WRONG_TYPE",
            Self::Missing { .. } => "MISSING_FIELD",
        }
    }

    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Self::Json(e) => e.span,
            Self::NotATaskDefinition { span, .. }
            | Self::WrongType { span, .. }
            | Self::Missing { span, .. } => *span,
        }
    }

    #[must_use]
    pub fn help(&self) -> Option<String> {
        match self {
            Self::Json(e) => e.help.clone(),
            Self::NotATaskDefinition { .. } => Some(
                "paste a RegisterTaskDefinition request or `aws ecs describe-task-definition` output"
                    .into(),
            ),
            Self::WrongType { .. } => None,
            Self::Missing { path, .. } if path.ends_with("containerDefinitions") => {
                Some("a task definition lists its containers in `containerDefinitions`".into())
            }
            Self::Missing { .. } => None,
        }
    }

    #[must_use]
    pub fn to_diagnostic(&self, index: &LineIndex<'_>, input: InputName) -> Diagnostic {
        Diagnostic {
            code: self.code().into(),
            severity: Severity::Error,
            message: self.to_string(),
            help: self.help(),
            location: Some(index.locate(input, self.span())),
        }
    }
}

/// Detects the format of a pasted task definition and reads it.
///
/// # Errors
/// Every problem found, each with its place; reading goes on past a problem where it can.
pub fn read_task_definition(text: &str) -> Result<TaskDefinition, Vec<InputError>> {
    let root = json::parse(text).map_err(|e| vec![InputError::Json(e)])?;
    task_definition::read(&root)
}
