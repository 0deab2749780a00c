//! The task definition model, read from a [`Node`] tree with the span of every field kept.

use std::collections::BTreeMap;

use super::node::{Node, NodeKind};
use super::{InputError, TaskDefinitionFormat};
use crate::diagnostic::Span;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDefinition {
    pub format: TaskDefinitionFormat,
    /// `taskDefinition.` in describe output, empty otherwise: prefixes the paths in messages.
    pub path_prefix: &'static str,
    pub span: Span,
    pub task_definition_arn: Option<Spanned<String>>,
    pub family: Option<Spanned<String>>,
    pub task_role_arn: Option<Spanned<String>>,
    pub execution_role_arn: Option<Spanned<String>>,
    pub requires_compatibilities: Option<Spanned<Vec<Spanned<String>>>>,
    pub network_mode: Option<Spanned<String>>,
    pub containers: Vec<ContainerDefinition>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerDefinition {
    /// Position in `containerDefinitions`.
    pub index: usize,
    pub span: Span,
    pub name: Spanned<String>,
    pub image: Option<Spanned<String>>,
    pub log_configuration: Option<LogConfiguration>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogConfiguration {
    pub span: Span,
    pub log_driver: Spanned<String>,
    pub options: BTreeMap<String, Spanned<String>>,
}

/// Collects type errors while reading, so one paste reports all its problems at once.
struct Reader {
    errors: Vec<InputError>,
}

impl Reader {
    fn wrong_type(&mut self, path: &str, expected: &'static str, node: &Node) {
        self.errors.push(InputError::WrongType {
            path: path.to_owned(),
            expected,
            found: node.kind_name(),
            span: node.span,
        });
    }

    fn string(&mut self, parent: &Node, key: &str, path: &str) -> Option<Spanned<String>> {
        let node = parent.get(key)?;
        match &node.kind {
            NodeKind::String(s) => Some(Spanned {
                value: s.clone(),
                span: node.span,
            }),
            // `null` is how describe output and generated files say "not set".
            NodeKind::Null => None,
            _ => {
                self.wrong_type(&format!("{path}{key}"), "a string", node);
                None
            }
        }
    }

    fn array<'n>(
        &mut self,
        parent: &'n Node,
        key: &str,
        path: &str,
    ) -> Option<(&'n Node, &'n [Node])> {
        let node = parent.get(key)?;
        match &node.kind {
            NodeKind::Array(items) => Some((node, items)),
            NodeKind::Null => None,
            _ => {
                self.wrong_type(&format!("{path}{key}"), "an array", node);
                None
            }
        }
    }

    fn object<'n>(&mut self, parent: &'n Node, key: &str, path: &str) -> Option<&'n Node> {
        let node = parent.get(key)?;
        match &node.kind {
            NodeKind::Object(_) => Some(node),
            NodeKind::Null => None,
            _ => {
                self.wrong_type(&format!("{path}{key}"), "an object", node);
                None
            }
        }
    }

    fn strings(
        &mut self,
        parent: &Node,
        key: &str,
        path: &str,
    ) -> Option<Spanned<Vec<Spanned<String>>>> {
        let (node, items) = self.array(parent, key, path)?;
        let mut values = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(s) => values.push(Spanned {
                    value: s.to_owned(),
                    span: item.span,
                }),
                None => self.wrong_type(&format!("{path}{key}[{i}]"), "a string", item),
            }
        }
        Some(Spanned {
            value: values,
            span: node.span,
        })
    }

    fn container(&mut self, index: usize, node: &Node, path: &str) -> Option<ContainerDefinition> {
        let path = format!("{path}containerDefinitions[{index}].");
        if !matches!(node.kind, NodeKind::Object(_)) {
            self.wrong_type(path.trim_end_matches('.'), "an object", node);
            return None;
        }
        let name = self.string(node, "name", &path).unwrap_or_else(|| Spanned {
            // Unnamed containers are rejected by AWS; name them by position so the report
            // can still say which one it means.
            value: format!("container #{}", index + 1),
            span: node.span,
        });
        let image = self.string(node, "image", &path);
        let log_configuration = self.log_configuration(node, &path);
        Some(ContainerDefinition {
            index,
            span: node.span,
            name,
            image,
            log_configuration,
        })
    }

    fn log_configuration(&mut self, container: &Node, path: &str) -> Option<LogConfiguration> {
        let node = self.object(container, "logConfiguration", path)?;
        let path = format!("{path}logConfiguration.");
        let Some(log_driver) = self.string(node, "logDriver", &path) else {
            self.errors.push(InputError::Missing {
                path: format!("{path}logDriver"),
                span: node.span,
            });
            return None;
        };
        let mut options = BTreeMap::new();
        if let Some(opts) = self.object(node, "options", &path) {
            for member in opts.as_object().unwrap_or_default() {
                match member.value.as_str() {
                    Some(s) => {
                        options.insert(
                            member.key.clone(),
                            Spanned {
                                value: s.to_owned(),
                                span: member.value.span,
                            },
                        );
                    }
                    None => self.wrong_type(
                        &format!("{path}options.{}", member.key),
                        "a string",
                        &member.value,
                    ),
                }
            }
        }
        Some(LogConfiguration {
            span: node.span,
            log_driver,
            options,
        })
    }
}

/// Reads a task definition from a parsed document, detecting the describe-output wrapper.
pub(super) fn read(root: &Node) -> Result<TaskDefinition, Vec<InputError>> {
    let (format, path_prefix, body) = match root.get("taskDefinition") {
        Some(inner) if matches!(inner.kind, NodeKind::Object(_)) => (
            TaskDefinitionFormat::DescribeOutput,
            "taskDefinition.",
            inner,
        ),
        _ => (TaskDefinitionFormat::RegisterTaskDefinition, "", root),
    };
    if !matches!(body.kind, NodeKind::Object(_)) {
        return Err(vec![InputError::NotATaskDefinition {
            found: format!("the document is {}", root.kind_name()),
            span: root.span,
        }]);
    }
    if body.get("containerDefinitions").is_none() {
        return Err(vec![not_a_task_definition(body, path_prefix)]);
    }

    let mut reader = Reader { errors: Vec::new() };
    let p = path_prefix;
    let mut containers = Vec::new();
    if let Some((_, items)) = reader.array(body, "containerDefinitions", p) {
        for (i, item) in items.iter().enumerate() {
            if let Some(c) = reader.container(i, item, p) {
                containers.push(c);
            }
        }
    }
    let definition = TaskDefinition {
        format,
        path_prefix,
        span: body.span,
        task_definition_arn: reader.string(body, "taskDefinitionArn", p),
        family: reader.string(body, "family", p),
        task_role_arn: reader.string(body, "taskRoleArn", p),
        execution_role_arn: reader.string(body, "executionRoleArn", p),
        requires_compatibilities: reader.strings(body, "requiresCompatibilities", p),
        network_mode: reader.string(body, "networkMode", p),
        containers,
    };
    if reader.errors.is_empty() {
        Ok(definition)
    } else {
        Err(reader.errors)
    }
}

/// Says what the document looks like instead, so a paste into the wrong editor is obvious.
fn not_a_task_definition(body: &Node, prefix: &str) -> InputError {
    let found = if body.get("Statement").is_some() {
        "it looks like an IAM policy (it has `Statement`)".to_owned()
    } else if body.get("Resources").is_some() {
        "it looks like a CloudFormation template, which is not supported yet".to_owned()
    } else if body.get("serviceName").is_some() || body.get("services").is_some() {
        "it looks like a service definition".to_owned()
    } else if body.get("eventVersion").is_some() {
        "it looks like a CloudTrail event".to_owned()
    } else {
        format!("`{prefix}containerDefinitions` is missing")
    };
    InputError::NotATaskDefinition {
        found,
        span: body.span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::read_task_definition;

    #[test]
    fn reads_a_register_request() {
        let td = read_task_definition(
            r#"{"family":"web","executionRoleArn":"arn:aws:iam::1:role/x",
                "requiresCompatibilities":["FARGATE"],
                "containerDefinitions":[{"name":"app","image":"nginx",
                  "logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"/ecs/web"}}}]}"#,
        )
        .unwrap();
        assert_eq!(td.format, TaskDefinitionFormat::RegisterTaskDefinition);
        assert_eq!(td.family.unwrap().value, "web");
        assert_eq!(td.containers.len(), 1);
        let log = td.containers[0].log_configuration.as_ref().unwrap();
        assert_eq!(log.log_driver.value, "awslogs");
        assert_eq!(log.options["awslogs-group"].value, "/ecs/web");
    }

    #[test]
    fn unwraps_describe_output_and_ignores_read_only_fields() {
        let td = read_task_definition(
            r#"{"taskDefinition":{"taskDefinitionArn":"arn:aws:ecs:us-east-1:1:task-definition/web:3",
                "revision":3,"status":"ACTIVE","requiresAttributes":[{"name":"x"}],
                "containerDefinitions":[{"name":"app","image":"nginx"}]},"tags":[]}"#,
        )
        .unwrap();
        assert_eq!(td.format, TaskDefinitionFormat::DescribeOutput);
        assert_eq!(td.path_prefix, "taskDefinition.");
        assert!(td.task_definition_arn.is_some());
    }

    #[test]
    fn reports_every_wrong_type_with_its_path() {
        let errors = read_task_definition(
            r#"{"executionRoleArn": 5, "containerDefinitions":[{"name":"a","image":["x"]}, 7]}"#,
        )
        .unwrap_err();
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "`containerDefinitions[0].image` must be a string, found an array",
                "`containerDefinitions[1]` must be an object, found a number",
                "`executionRoleArn` must be a string, found a number",
            ]
        );
    }

    #[test]
    fn names_what_was_pasted_instead() {
        let errors =
            read_task_definition(r#"{"Version":"2012-10-17","Statement":[]}"#).unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "this is not a task definition: it looks like an IAM policy (it has `Statement`)"
        );
        let errors = read_task_definition("[1, 2]").unwrap_err();
        assert_eq!(errors[0].code(), "NOT_A_TASK_DEFINITION");
    }
}
