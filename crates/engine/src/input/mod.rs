//! Reading what the user pasted: format detection, parsing with spans, one normalised model.

pub mod app_actions;
pub mod cloudformation;
pub mod cluster;
pub mod json;
pub mod node;
pub mod roles;
pub mod scaling;
pub mod service;
pub mod task_definition;
pub mod terraform;
pub mod yaml;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, InputName, LineIndex, Severity, Span};
use node::Node;
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
    /// Either of the above in YAML (`--cli-input-yaml`, `--output yaml`).
    TaskDefinitionYaml,
    /// The first `AWS::ECS::TaskDefinition` of a CloudFormation template in JSON.
    CloudFormationJson,
    /// The first `AWS::ECS::TaskDefinition` of a CloudFormation template in YAML.
    CloudFormationYaml,
    /// The first `aws_ecs_task_definition` of `terraform show -json` on a plan file.
    TerraformPlan,
    /// The first `aws_ecs_task_definition` of `terraform show -json` on the state.
    TerraformState,
    /// A bare `containerDefinitions` array, as Terraform's `container_definitions` file holds it.
    ContainerDefinitions,
}

impl TaskDefinitionFormat {
    /// The badge the playground shows.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::RegisterTaskDefinition => "task definition JSON",
            Self::DescribeOutput => "describe-task-definition output",
            Self::TaskDefinitionYaml => "task definition YAML",
            Self::CloudFormationJson => "CloudFormation JSON",
            Self::CloudFormationYaml => "CloudFormation YAML",
            Self::TerraformPlan => "Terraform plan JSON",
            Self::TerraformState => "Terraform state JSON",
            Self::ContainerDefinitions => "container definitions array",
        }
    }
}

/// Why an input could not be read. Messages are lowercase with user input in backticks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("{}", .0.message)]
    Json(json::JsonError),
    #[error("{}", .0.message)]
    Yaml(yaml::YamlError),
    /// A CloudFormation template or Terraform JSON without a task definition resource.
    #[error("the {document} has no `{resource}` resource")]
    NoTaskDefinition {
        document: &'static str,
        resource: &'static str,
        span: Span,
    },
    /// A value the analysis cannot do without is not in the text: an intrinsic function that
    /// cannot be resolved, a Terraform value known only after apply.
    #[error("`{path}` cannot be read: {why}")]
    Unresolved {
        path: String,
        why: String,
        span: Span,
    },
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
            Self::Yaml(_) => "YAML_SYNTAX",
            Self::NoTaskDefinition { .. } => "NO_TASK_DEFINITION",
            Self::Unresolved { .. } => "VALUE_UNRESOLVED",
            Self::NotATaskDefinition { .. } => "NOT_A_TASK_DEFINITION",
            Self::WrongType { .. } => "WRONG_TYPE",
            Self::Missing { .. } => "MISSING_FIELD",
        }
    }

    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Self::Json(e) => e.span,
            Self::Yaml(e) => e.span,
            Self::NoTaskDefinition { span, .. }
            | Self::Unresolved { span, .. }
            | Self::NotATaskDefinition { span, .. }
            | Self::WrongType { span, .. }
            | Self::Missing { span, .. } => *span,
        }
    }

    #[must_use]
    pub fn help(&self) -> Option<String> {
        match self {
            Self::Json(e) => e.help.clone(),
            Self::Yaml(e) => e.help.clone(),
            Self::NotATaskDefinition { .. } => Some(
                "paste a RegisterTaskDefinition request, `aws ecs describe-task-definition` \
                 output, a CloudFormation template, `terraform show -json` output or a \
                 container definitions array"
                    .into(),
            ),
            Self::NoTaskDefinition { resource, .. } => Some(format!(
                "rolecall reads the first `{resource}` of the document (child modules included): \
                 paste one that defines a task definition, or the task definition itself"
            )),
            Self::Unresolved { path, .. } if path.ends_with("container_definitions") => Some(
                "run `terraform show -json` on the state after `terraform apply`, or paste the \
                 container definitions JSON"
                    .into(),
            ),
            Self::Unresolved { .. } => Some(
                "write the value itself in the pasted text to analyse it (the deployed task \
                 definition is in `aws ecs describe-task-definition`)"
                    .into(),
            ),
            Self::WrongType { .. } => None,
            Self::Missing { path, .. }
                if path.ends_with("containerDefinitions")
                    || path.ends_with("ContainerDefinitions")
                    || path.ends_with("container_definitions") =>
            {
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

/// Something reading a format could not settle that is not an error: the analysis goes on
/// without it. Rides on [`TaskDefinition::notes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputNote {
    /// A stable, upper-snake-case code, e.g. `INTRINSIC_UNRESOLVED`.
    pub code: &'static str,
    pub severity: Severity,
    /// Lowercase, one sentence, user input in backticks.
    pub message: String,
    pub span: Span,
    /// The model field (camelCase path after the prefix, e.g. `executionRoleArn` or
    /// `containerDefinitions[0].image`) left unknown because of it, if any.
    pub field: Option<String>,
}

impl InputNote {
    #[must_use]
    pub fn to_diagnostic(&self, index: &LineIndex<'_>, input: InputName) -> Diagnostic {
        Diagnostic {
            code: self.code.into(),
            severity: self.severity,
            message: self.message.clone(),
            help: None,
            location: Some(index.locate(input, self.span)),
        }
    }
}

impl TaskDefinition {
    /// Writes a path of the model (`path_prefix` then camelCase, as messages build them) as the
    /// pasted format names it: `Resources.TaskDef.Properties.ContainerDefinitions[0].Image` in a
    /// CloudFormation template, `aws_ecs_task_definition.app.container_definitions[0].image` in
    /// Terraform JSON, `[0].image` in a bare container array. Other paths are returned as they are.
    #[must_use]
    pub fn source_path(&self, path: &str) -> String {
        source_path(self.format, &self.path_prefix, path)
    }

    /// Whether a model field (camelCase, without the prefix: `executionRoleArn`) is absent
    /// because the text does not settle it (see [`TaskDefinition::notes`]), rather than unset.
    #[must_use]
    pub fn is_unknown(&self, field: &str) -> bool {
        self.notes.iter().any(|n| n.field.as_deref() == Some(field))
    }
}

fn source_path(format: TaskDefinitionFormat, prefix: &str, path: &str) -> String {
    let Some(rest) = path.strip_prefix(prefix) else {
        return path.to_owned();
    };
    let rest = match format {
        TaskDefinitionFormat::CloudFormationJson | TaskDefinitionFormat::CloudFormationYaml => {
            cloudformation::source_path(rest)
        }
        TaskDefinitionFormat::TerraformPlan | TaskDefinitionFormat::TerraformState => {
            terraform::source_path(rest)
        }
        TaskDefinitionFormat::ContainerDefinitions => rest
            .strip_prefix("containerDefinitions")
            .unwrap_or(rest)
            .to_owned(),
        TaskDefinitionFormat::RegisterTaskDefinition
        | TaskDefinitionFormat::DescribeOutput
        | TaskDefinitionFormat::TaskDefinitionYaml => rest.to_owned(),
    };
    [prefix, &rest].concat()
}

/// The syntax a document was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    Json,
    Yaml,
}

/// Parses a pasted document as JSON, or as YAML when it is not JSON.
///
/// A text that starts like JSON (`{`, `[`), or that is not YAML either, gets the JSON error: a
/// broken JSON paste should not be explained in YAML's terms.
pub(crate) fn parse_document(text: &str) -> Result<(Node, Syntax), InputError> {
    let json_error = match json::parse(text) {
        Ok(root) => return Ok((root, Syntax::Json)),
        Err(e) => e,
    };
    let first = text.trim_start().chars().next();
    if matches!(first, None | Some('{' | '[' | '"')) {
        return Err(InputError::Json(json_error));
    }
    match yaml::parse(text) {
        Ok(root) if root.as_object().is_some() || root.as_array().is_some() => {
            Ok((root, Syntax::Yaml))
        }
        Ok(_) => Err(InputError::Json(json_error)),
        Err(e) if looks_like_yaml(text) => Err(InputError::Yaml(e)),
        Err(_) => Err(InputError::Json(json_error)),
    }
}

/// Whether a text that is not valid YAML was meant to be: a `key:` line, a `- ` item or a `---`.
fn looks_like_yaml(text: &str) -> bool {
    text.lines().any(|line| {
        let l = line.trim_start();
        !l.starts_with('#')
            && (l.starts_with("- ")
                || l.starts_with("---")
                || l.split_once(':').is_some_and(|(key, rest)| {
                    !key.is_empty()
                        && !key.contains(['{', '[', '"', ','])
                        && (rest.is_empty() || rest.starts_with([' ', '\t']))
                }))
    })
}

/// Detects the format of a pasted task definition and reads it: RegisterTaskDefinition JSON or
/// YAML, describe-task-definition output, a CloudFormation template (JSON or YAML), Terraform
/// plan or state JSON, or a bare container definitions array.
///
/// Every format is first normalised to a camelCase [`Node`] tree whose spans point into `text`,
/// and read by the same code. What the format leaves open is in [`TaskDefinition::notes`].
///
/// # Errors
/// Every problem found, each with its place; reading goes on past a problem where it can.
pub fn read_task_definition(text: &str) -> Result<TaskDefinition, Vec<InputError>> {
    let (root, syntax) = parse_document(text).map_err(|e| vec![e])?;
    if let Some(items) = root.as_array() {
        return containers_only(&root, items);
    }
    if cloudformation::is_template(&root) {
        let format = match syntax {
            Syntax::Json => TaskDefinitionFormat::CloudFormationJson,
            Syntax::Yaml => TaskDefinitionFormat::CloudFormationYaml,
        };
        let found = cloudformation::task_definition(&root)?;
        return finish(found, format);
    }
    if syntax == Syntax::Json && terraform::is_terraform(&root) {
        let (found, format) = terraform::task_definition(&root, text)?;
        return finish(found, format);
    }
    let format = match syntax {
        Syntax::Json => TaskDefinitionFormat::RegisterTaskDefinition,
        Syntax::Yaml => TaskDefinitionFormat::TaskDefinitionYaml,
    };
    task_definition::read(&root, format)
}

/// A task definition found inside a larger document and normalised to the API's camelCase.
pub(crate) struct Found {
    /// The task definition object, camelCase, spans into the pasted text.
    pub body: Node,
    /// `Resources.TaskDef.Properties.`, `aws_ecs_task_definition.app.`…
    pub prefix: String,
    /// The logical id or resource address, at its name.
    pub resource: Spanned<String>,
    pub notes: Vec<InputNote>,
    /// The ECS scalable targets of the same document.
    pub scalable_targets: Vec<scaling::ScalableTarget>,
    /// The ECS Exec configuration of the service's cluster in the same document.
    pub exec_config: Option<cluster::ExecConfig>,
}

fn finish(found: Found, format: TaskDefinitionFormat) -> Result<TaskDefinition, Vec<InputError>> {
    let prefix = found.prefix.clone();
    match task_definition::read_body(&found.body, format, found.prefix) {
        Ok(mut td) => {
            td.resource = Some(found.resource);
            td.notes = found.notes;
            td.scalable_targets = found.scalable_targets;
            td.exec_config = found.exec_config;
            Ok(td)
        }
        Err(errors) => Err(errors
            .into_iter()
            .map(|e| with_source_paths(e, format, &prefix))
            .collect()),
    }
}

/// Rewrites the model paths of an error as the pasted format names them.
fn with_source_paths(error: InputError, format: TaskDefinitionFormat, prefix: &str) -> InputError {
    match error {
        InputError::WrongType {
            path,
            expected,
            found,
            span,
        } => InputError::WrongType {
            path: source_path(format, prefix, &path),
            expected,
            found,
            span,
        },
        InputError::Missing { path, span } => InputError::Missing {
            path: source_path(format, prefix, &path),
            span,
        },
        other => other,
    }
}

/// A bare `[{"name": …, "image": …}]`: a task definition of containers only.
fn containers_only(root: &Node, items: &[Node]) -> Result<TaskDefinition, Vec<InputError>> {
    if items.is_empty() || items.iter().any(|i| i.as_object().is_none()) {
        return Err(vec![InputError::NotATaskDefinition {
            found: "the document is an array, but not of container definitions (objects)".into(),
            span: root.span,
        }]);
    }
    let body = Node {
        span: root.span,
        kind: node::NodeKind::Object(vec![node::Member {
            key: "containerDefinitions".into(),
            key_span: Span::new(root.span.start, root.span.start),
            value: root.clone(),
        }]),
    };
    let format = TaskDefinitionFormat::ContainerDefinitions;
    task_definition::read_body(&body, format, String::new()).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| with_source_paths(e, format, ""))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_every_format() {
        let cases = [
            (
                r#"{"containerDefinitions": [{"name": "a", "image": "x"}]}"#,
                TaskDefinitionFormat::RegisterTaskDefinition,
            ),
            (
                r#"{"taskDefinition": {"containerDefinitions": []}}"#,
                TaskDefinitionFormat::DescribeOutput,
            ),
            (
                "family: web\ncontainerDefinitions:\n  - name: a\n    image: nginx\n",
                TaskDefinitionFormat::TaskDefinitionYaml,
            ),
            (
                "taskDefinition:\n  containerDefinitions: []\n",
                TaskDefinitionFormat::TaskDefinitionYaml,
            ),
            (
                r#"[{"name": "a", "image": "x"}]"#,
                TaskDefinitionFormat::ContainerDefinitions,
            ),
            (
                "- name: a\n  image: x\n",
                TaskDefinitionFormat::ContainerDefinitions,
            ),
            (
                r#"{"Resources": {"T": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": []}}}}"#,
                TaskDefinitionFormat::CloudFormationJson,
            ),
            (
                "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions: []\n",
                TaskDefinitionFormat::CloudFormationYaml,
            ),
            (
                r#"{"format_version": "1.0", "values": {"root_module": {"resources": [{"address": "aws_ecs_task_definition.t", "type": "aws_ecs_task_definition", "values": {"container_definitions": "[]"}}]}}}"#,
                TaskDefinitionFormat::TerraformState,
            ),
        ];
        for (text, format) in cases {
            let td = read_task_definition(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(td.format, format, "{text}");
        }
    }

    #[test]
    fn broken_json_is_explained_as_json_and_broken_yaml_as_yaml() {
        let errors = read_task_definition("{\"family\": \"web\",}").unwrap_err();
        assert_eq!(errors[0].code(), "JSON_SYNTAX");
        let errors = read_task_definition("just some words").unwrap_err();
        assert_eq!(errors[0].code(), "JSON_SYNTAX");
        let errors = read_task_definition("Resources:\n  T: [a\n").unwrap_err();
        assert_eq!(errors[0].code(), "YAML_SYNTAX");
        let errors = read_task_definition("[1, 2]").unwrap_err();
        assert_eq!(errors[0].code(), "NOT_A_TASK_DEFINITION");
    }

    #[test]
    fn paths_are_written_as_each_format_names_them() {
        let errors = read_task_definition(r#"[{"name": "a", "image": 5}]"#).unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "`[0].image` must be a string, found a number"
        );
        let td = read_task_definition(r#"[{"name": "a", "image": "x"}]"#).unwrap();
        assert_eq!(td.source_path("containerDefinitions[0].image"), "[0].image");
        let errors = read_task_definition(
            "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Family: x\n",
        )
        .unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "`Resources.T.Properties.ContainerDefinitions` is missing"
        );
        assert!(errors[0].help().is_some());
    }
}
