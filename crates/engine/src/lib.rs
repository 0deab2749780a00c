//! rolecall's engine: for an Amazon ECS task definition, every AWS action that running it implies,
//! the IAM role that performs it, and what is wrong with the roles.
//!
//! Pure Rust with no UI or wasm dependency, shared by the playground and the `rolecall` command.
//! One JSON-shaped entry point per capability: [`analyze`], and [`iam::simulate`].

pub mod diagnostic;
pub mod ecs;
pub mod iam;
pub mod input;
pub mod report;

use serde::{Deserialize, Serialize};

use diagnostic::{Diagnostic, InputName, LineIndex, Severity, Span};
pub use report::Report;

/// The engine's version, shown by the playground and the CLI.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the user pasted, as text; empty texts count as not given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Input {
    pub task_definition: String,
    /// The service: a CreateService request or describe-services output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The roles document (see `input::roles`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<String>,
    /// The calls the application makes: `[{"action": …, "resource": …}]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_actions: Option<String>,
}

/// The result of [`analyze`]: success and failure are values, and diagnostics ride on both.
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

/// The largest input the engine reads, per editor: far beyond any real task definition, template
/// or policy set, and small enough that the page stays responsive.
pub const MAX_INPUT_BYTES: usize = 5 * 1024 * 1024;

/// An input over [`MAX_INPUT_BYTES`], as a diagnostic of that input.
fn too_large(input: InputName, text: &str) -> Option<Diagnostic> {
    (text.len() > MAX_INPUT_BYTES).then(|| Diagnostic {
        code: "INPUT_TOO_LARGE".into(),
        severity: Severity::Error,
        message: format!(
            "the {} input is {} KB, over the {} MB rolecall reads",
            input.label(),
            text.len() / 1024,
            MAX_INPUT_BYTES / 1_048_576
        ),
        help: Some("paste only the task definition, service or policies, not a whole dump".into()),
        location: Some(LineIndex::new("").locate(input, Span::new(0, 0))),
    })
}

/// Reads the inputs and analyses them.
#[must_use]
pub fn analyze(input: &Input) -> Answer {
    Analyzer::default().analyze(input)
}

/// Analyses successive versions of the same inputs, reusing what did not change: the roles read
/// from an unchanged text, and the decisions already made with unchanged roles. (The service and
/// the app actions are small next to the roles, and are read again each time.)
///
/// The page analyses again whenever typing pauses, and an edit usually touches one input and a
/// few lines of it. Its answers are those of [`analyze`] for the same input, whatever was
/// analysed before.
#[derive(Default)]
pub struct Analyzer {
    roles: Option<Read<input::roles::RoleSet>>,
    decisions: ecs::decide::Memo,
    /// How many times roles were read: each reading gets its own number.
    readings: u64,
}

/// An optional input as it was last read: its text, what was read from it, and its diagnostics.
struct Read<T> {
    text: String,
    /// Its number among the analyzer's readings of roles.
    reading: u64,
    value: Option<T>,
    diagnostics: Vec<Diagnostic>,
}

impl Analyzer {
    /// Reads the inputs and analyses them, as [`analyze`] does.
    #[must_use]
    pub fn analyze(&mut self, input: &Input) -> Answer {
        let Self {
            roles: roles_memo,
            decisions,
            readings,
        } = self;
        let text = input.task_definition.as_str();
        if let Some(d) = too_large(InputName::TaskDefinition, text) {
            return Answer::Failure {
                diagnostics: vec![d],
            };
        }
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
        let index = LineIndex::new(text);
        let mut diagnostics: Vec<Diagnostic> = td
            .notes
            .iter()
            .map(|n| n.to_diagnostic(&index, InputName::TaskDefinition))
            .collect();
        let service_text = given(&input.service);
        let roles_text = given(&input.roles);
        let app_text = given(&input.app_actions);
        // The three readers report problems of their own types, with the same fields.
        macro_rules! reader {
            ($read:path) => {
                |root: &input::node::Node| {
                    let (value, problems) =
                        $read(root).map_err(|p| (p.code, p.severity, p.message, p.span))?;
                    let problems = problems
                        .into_iter()
                        .map(|p| (p.code, p.severity, p.message, p.span))
                        .collect();
                    Ok((value, problems))
                }
            };
        }
        let service = service_text.and_then(|t| {
            read_other(
                t,
                InputName::Service,
                &mut diagnostics,
                reader!(input::service::read),
            )
        });
        let role_set = roles_text.and_then(|t| {
            remembered(
                roles_memo,
                readings,
                t,
                InputName::Roles,
                &mut diagnostics,
                reader!(input::roles::read),
            )
        });
        let app_actions = app_text.and_then(|t| {
            read_other(
                t,
                InputName::AppActions,
                &mut diagnostics,
                reader!(input::app_actions::read),
            )
        });
        // A CloudFormation template brings its own roles when no roles input is given.
        let template_roles = match (role_set, td.format) {
            (
                None,
                input::TaskDefinitionFormat::CloudFormationJson
                | input::TaskDefinitionFormat::CloudFormationYaml,
            ) => input::cloudformation::template_roles(text).map(|(set, problems)| {
                let index = LineIndex::new(text);
                diagnostics.extend(problems.into_iter().map(|p| Diagnostic {
                    code: p.code.to_owned(),
                    severity: p.severity,
                    message: p.message,
                    help: None,
                    location: Some(index.locate(InputName::TaskDefinition, p.span)),
                }));
                set
            }),
            _ => None,
        };
        let roles = match (role_set, roles_text, &template_roles) {
            (Some((set, reading)), Some(text), _) => Some(ecs::Roles {
                set,
                text,
                input: InputName::Roles,
                reading,
            }),
            // Read again from the task definition's text on every analysis.
            (None, _, Some(set)) => Some(ecs::Roles {
                set,
                text,
                input: InputName::TaskDefinition,
                reading: {
                    *readings += 1;
                    *readings
                },
            }),
            _ => None,
        };
        let inputs = ecs::Inputs {
            task_definition: &td,
            task_definition_text: text,
            service: service.as_ref().zip(service_text),
            roles,
            app_actions: app_actions.as_deref().zip(app_text),
        };
        Answer::Success {
            report: ecs::analyze_with(&inputs, decisions),
            diagnostics,
        }
    }
}

fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().filter(|t| !t.trim().is_empty())
}

/// A problem as the input readers report it: code, severity, message, place.
type Problem = (&'static str, Severity, String, Span);

/// [`read_other`], or what it gave for the same text last time, with the number of that
/// reading.
fn remembered<'m, T>(
    memo: &'m mut Option<Read<T>>,
    readings: &mut u64,
    text: &str,
    input: InputName,
    diagnostics: &mut Vec<Diagnostic>,
    read: impl FnOnce(&input::node::Node) -> Result<(T, Vec<Problem>), Problem>,
) -> Option<(&'m T, u64)> {
    if memo.as_ref().is_none_or(|m| m.text != text) {
        let mut own = Vec::new();
        let value = read_other(text, input, &mut own, read);
        *readings += 1;
        *memo = Some(Read {
            text: text.to_owned(),
            reading: *readings,
            value,
            diagnostics: own,
        });
    }
    let m = memo.as_ref()?;
    diagnostics.extend(m.diagnostics.iter().cloned());
    m.value.as_ref().map(|v| (v, m.reading))
}

/// Parses one of the optional inputs and reads it; its problems become diagnostics of that
/// input, and what could not be read is left out.
fn read_other<T>(
    text: &str,
    input: InputName,
    diagnostics: &mut Vec<Diagnostic>,
    read: impl FnOnce(&input::node::Node) -> Result<(T, Vec<Problem>), Problem>,
) -> Option<T> {
    if let Some(d) = too_large(input, text) {
        diagnostics.push(d);
        return None;
    }
    let index = LineIndex::new(text);
    let diagnostic = |(code, severity, message, span): Problem, help: Option<String>| Diagnostic {
        code: code.to_owned(),
        severity,
        message,
        help,
        location: Some(index.locate(input, span)),
    };
    let root = match input::json::parse(text) {
        Ok(root) => root,
        Err(e) => {
            diagnostics.push(diagnostic(
                ("JSON_SYNTAX", Severity::Error, e.message, e.span),
                e.help,
            ));
            return None;
        }
    };
    match read(&root) {
        Ok((value, problems)) => {
            diagnostics.extend(problems.into_iter().map(|p| diagnostic(p, None)));
            Some(value)
        }
        Err(p) => {
            diagnostics.push(diagnostic(p, None));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_inputs_are_refused_with_a_message() {
        let big = format!("{{\"family\": \"{}\"}}", "x".repeat(MAX_INPUT_BYTES));
        let Answer::Failure { diagnostics } = analyze(&Input {
            task_definition: big.clone(),
            ..Input::default()
        }) else {
            panic!("accepted")
        };
        assert_eq!(diagnostics[0].code, "INPUT_TOO_LARGE");
        let td = r#"{"containerDefinitions": [{"name": "a", "image": "nginx"}]}"#.to_owned();
        let Answer::Success { diagnostics, .. } = analyze(&Input {
            task_definition: td,
            roles: Some(big),
            ..Input::default()
        }) else {
            panic!("refused")
        };
        assert_eq!(diagnostics[0].code, "INPUT_TOO_LARGE");
        assert_eq!(
            diagnostics[0].location.map(|l| l.input),
            Some(InputName::Roles)
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let Answer::Failure { diagnostics } = analyze(&Input {
            task_definition: deep,
            ..Input::default()
        }) else {
            panic!("accepted")
        };
        assert_eq!(diagnostics[0].code, "JSON_SYNTAX");
        assert!(
            diagnostics[0].message.contains("nesting"),
            "{}",
            diagnostics[0].message
        );
    }
}
