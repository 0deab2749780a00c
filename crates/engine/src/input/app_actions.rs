//! The AWS calls the application's own code makes:
//! `[{"action": "s3:PutObject", "resource": "arn:aws:s3:::bucket/*"}]`.

use super::node::Node;
use super::task_definition::Spanned;
use crate::diagnostic::{Severity, Span};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppAction {
    pub index: usize,
    pub span: Span,
    pub action: Spanned<String>,
    /// `*` when not given.
    pub resource: Spanned<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppActionProblem {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
}

/// Reads the app actions; entries with problems are reported and left out.
///
/// # Errors
/// When the document is not an array.
pub fn read(root: &Node) -> Result<(Vec<AppAction>, Vec<AppActionProblem>), AppActionProblem> {
    let Some(items) = root.as_array() else {
        return Err(AppActionProblem {
            code: "APP_ACTIONS_INVALID",
            severity: Severity::Error,
            message: format!(
                "app actions must be an array such as [{{\"action\": \"s3:PutObject\", \"resource\": \"arn:aws:s3:::bucket/*\"}}], found {}",
                root.kind_name()
            ),
            span: root.span,
        });
    };
    let mut actions = Vec::new();
    let mut problems = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let problem = |message: String, span| AppActionProblem {
            code: "APP_ACTION_INVALID",
            severity: Severity::Error,
            message,
            span,
        };
        let Some(action) = item
            .get("action")
            .and_then(|a| a.as_str().map(|s| (s, a.span)))
        else {
            problems.push(problem(
                format!("entry {index} needs an `action` such as `\"s3:GetObject\"`"),
                item.span,
            ));
            continue;
        };
        let (service, name) = action.0.split_once(':').unwrap_or_default();
        if service.is_empty() || name.is_empty() || action.0.contains(char::is_whitespace) {
            problems.push(problem(
                format!(
                    "`{}` is not an action: write `service:Action`, e.g. `s3:GetObject`",
                    action.0
                ),
                action.1,
            ));
            continue;
        }
        let resource = match item.get("resource") {
            Some(r) => match r.as_str() {
                Some(s) => Spanned {
                    value: s.to_owned(),
                    span: r.span,
                },
                None => {
                    problems.push(problem(
                        format!("the `resource` of entry {index} must be an ARN string"),
                        r.span,
                    ));
                    continue;
                }
            },
            None => Spanned {
                value: "*".into(),
                span: item.span,
            },
        };
        actions.push(AppAction {
            index,
            span: item.span,
            action: Spanned {
                value: action.0.to_owned(),
                span: action.1,
            },
            resource,
        });
    }
    Ok((actions, problems))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::json;

    #[test]
    fn reads_actions_and_reports_bad_entries() {
        let text = r#"[{"action":"s3:PutObject","resource":"arn:aws:s3:::b/*"},{"action":"sqs:SendMessage"},{"action":"PutObject"},{}]"#;
        let (actions, problems) = read(&json::parse(text).unwrap()).unwrap();
        assert_eq!(actions.len(), 2);
        assert_eq!(actions[1].resource.value, "*");
        assert_eq!(problems.len(), 2);
        assert!(read(&json::parse("{}").unwrap()).is_err());
    }
}
