//! The task definition model, read from a [`Node`] tree with the span of every field kept.

use std::collections::BTreeMap;

use super::node::{Node, NodeKind};
use super::{InputError, InputNote, TaskDefinitionFormat};
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
    /// Prefixes the paths in messages: `taskDefinition.` in describe output,
    /// `Resources.<logical id>.Properties.` in a CloudFormation template, the resource address and
    /// a dot (`aws_ecs_task_definition.app.`) in Terraform JSON, empty otherwise. What follows the
    /// prefix is the API's camelCase path; [`TaskDefinition::source_path`] writes a whole path as
    /// the pasted format names it.
    pub path_prefix: String,
    pub span: Span,
    pub task_definition_arn: Option<Spanned<String>>,
    pub family: Option<Spanned<String>>,
    pub task_role_arn: Option<Spanned<String>>,
    pub execution_role_arn: Option<Spanned<String>>,
    pub requires_compatibilities: Option<Spanned<Vec<Spanned<String>>>>,
    pub network_mode: Option<Spanned<String>>,
    pub containers: Vec<ContainerDefinition>,
    pub volumes: Vec<Volume>,
    pub proxy_configuration: Option<ProxyConfiguration>,
    /// The resource the task definition was read from in a CloudFormation template or Terraform
    /// JSON: the logical id or the resource address, at its name. `None` for the other formats.
    pub resource: Option<Spanned<String>>,
    /// What reading the format could not settle and is not an error (an intrinsic function left
    /// unresolved, a value known only after `terraform apply`, other task definitions in the same
    /// template): the analysis goes on without it.
    pub notes: Vec<InputNote>,
    /// Application Auto Scaling targets of the service, from the same CloudFormation template or
    /// Terraform JSON; empty for the other formats.
    pub scalable_targets: Vec<super::scaling::ScalableTarget>,
    /// The ECS Exec configuration (`executeCommandConfiguration`) of the service's cluster, from
    /// the same CloudFormation template or Terraform JSON; `None` for the other formats.
    pub exec_config: Option<super::cluster::ExecConfig>,
}

/// `{"name": …, "valueFrom": …}` of `secrets` and `secretOptions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretRef {
    pub name: String,
    pub value_from: Spanned<String>,
    /// Path of the entry, e.g. `containerDefinitions[0].secrets[1]`.
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountPoint {
    pub source_volume: String,
    pub read_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volume {
    pub index: usize,
    pub name: String,
    pub span: Span,
    pub efs: Option<EfsVolume>,
    pub fsx: Option<FsxVolume>,
    /// `configuredAtLaunch`: an EBS volume given by the service or RunTask.
    pub configured_at_launch: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EfsVolume {
    pub span: Span,
    pub file_system_id: Option<Spanned<String>>,
    pub transit_encryption: Option<Spanned<String>>,
    pub iam: Option<Spanned<String>>,
    pub access_point_id: Option<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FsxVolume {
    pub span: Span,
    pub file_system_id: Option<Spanned<String>>,
    pub credentials_parameter: Option<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyConfiguration {
    pub span: Span,
    pub kind: Spanned<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirelensConfiguration {
    pub span: Span,
    pub kind: Option<Spanned<String>>,
    pub options: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerDefinition {
    /// Position in `containerDefinitions`.
    pub index: usize,
    pub span: Span,
    pub name: Spanned<String>,
    pub image: Option<Spanned<String>>,
    pub log_configuration: Option<LogConfiguration>,
    pub secrets: Vec<SecretRef>,
    /// `repositoryCredentials.credentialsParameter`.
    pub repository_credentials: Option<Spanned<String>>,
    /// `environmentFiles[].value`.
    pub environment_files: Vec<Spanned<String>>,
    pub firelens: Option<FirelensConfiguration>,
    pub mount_points: Vec<MountPoint>,
    /// `environment[]`: name → value, for the variables some features read (App Mesh's
    /// `APPMESH_RESOURCE_ARN`).
    pub environment: Vec<(String, Spanned<String>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogConfiguration {
    pub span: Span,
    pub log_driver: Spanned<String>,
    pub options: BTreeMap<String, Spanned<String>>,
    pub secret_options: Vec<SecretRef>,
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
        let secrets = self.secret_refs(node, "secrets", &path);
        let repository_credentials =
            self.object(node, "repositoryCredentials", &path)
                .and_then(|r| {
                    self.string(
                        r,
                        "credentialsParameter",
                        &format!("{path}repositoryCredentials."),
                    )
                });
        let environment_files = self
            .objects(node, "environmentFiles", &path)
            .into_iter()
            .filter_map(|(i, f)| self.string(f, "value", &format!("{path}environmentFiles[{i}].")))
            .collect();
        let firelens = self.object(node, "firelensConfiguration", &path).map(|f| {
            let fpath = format!("{path}firelensConfiguration.");
            FirelensConfiguration {
                span: f.span,
                kind: self.string(f, "type", &fpath),
                options: self.string_map(f, "options", &fpath),
            }
        });
        let mount_points = self
            .objects(node, "mountPoints", &path)
            .into_iter()
            .map(|(_, m)| MountPoint {
                source_volume: m
                    .get("sourceVolume")
                    .and_then(Node::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                read_only: matches!(
                    m.get("readOnly").map(|r| &r.kind),
                    Some(NodeKind::Bool(true))
                ),
            })
            .collect();
        let environment = self
            .objects(node, "environment", &path)
            .into_iter()
            .filter_map(|(_, e)| {
                let name = e.get("name").and_then(Node::as_str)?.to_owned();
                let value = e.get("value")?;
                Some((
                    name,
                    Spanned {
                        value: value.as_str()?.to_owned(),
                        span: value.span,
                    },
                ))
            })
            .collect();
        Some(ContainerDefinition {
            index,
            span: node.span,
            name,
            image,
            log_configuration,
            secrets,
            repository_credentials,
            environment_files,
            firelens,
            mount_points,
            environment,
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
        let options = self.string_map(node, "options", &path);
        let secret_options = self.secret_refs(node, "secretOptions", &path);
        Some(LogConfiguration {
            span: node.span,
            log_driver,
            options,
            secret_options,
        })
    }

    /// An object of string values, such as log driver options.
    fn string_map(
        &mut self,
        parent: &Node,
        key: &str,
        path: &str,
    ) -> BTreeMap<String, Spanned<String>> {
        let mut map = BTreeMap::new();
        let Some(node) = self.object(parent, key, path) else {
            return map;
        };
        for member in node.as_object().unwrap_or_default() {
            match member.value.as_str() {
                Some(s) => {
                    map.insert(
                        member.key.clone(),
                        Spanned {
                            value: s.to_owned(),
                            span: member.value.span,
                        },
                    );
                }
                None => self.wrong_type(
                    &format!("{path}{key}.{}", member.key),
                    "a string",
                    &member.value,
                ),
            }
        }
        map
    }

    /// The objects of an array, with their positions; other entries are reported.
    fn objects<'n>(&mut self, parent: &'n Node, key: &str, path: &str) -> Vec<(usize, &'n Node)> {
        let Some((_, items)) = self.array(parent, key, path) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if matches!(item.kind, NodeKind::Object(_)) {
                out.push((i, item));
            } else {
                self.wrong_type(&format!("{path}{key}[{i}]"), "an object", item);
            }
        }
        out
    }

    fn secret_refs(&mut self, parent: &Node, key: &str, path: &str) -> Vec<SecretRef> {
        let mut out = Vec::new();
        for (i, item) in self.objects(parent, key, path) {
            let entry = format!("{path}{key}[{i}]");
            let name = item
                .get("name")
                .and_then(Node::as_str)
                .unwrap_or_default()
                .to_owned();
            match self.string(item, "valueFrom", &[&entry, "."].concat()) {
                Some(value_from) => out.push(SecretRef {
                    name,
                    value_from,
                    path: entry,
                }),
                None => self.errors.push(InputError::Missing {
                    path: format!("{entry}.valueFrom"),
                    span: item.span,
                }),
            }
        }
        out
    }

    fn volume(&mut self, index: usize, node: &Node, path: &str) -> Volume {
        let vpath = format!("{path}volumes[{index}].");
        let efs = self
            .object(node, "efsVolumeConfiguration", &vpath)
            .map(|e| {
                let epath = format!("{vpath}efsVolumeConfiguration.");
                let auth = self.object(e, "authorizationConfig", &epath);
                let apath = format!("{epath}authorizationConfig.");
                EfsVolume {
                    span: e.span,
                    file_system_id: self.string(e, "fileSystemId", &epath),
                    transit_encryption: self.string(e, "transitEncryption", &epath),
                    iam: auth.and_then(|a| self.string(a, "iam", &apath)),
                    access_point_id: auth.and_then(|a| self.string(a, "accessPointId", &apath)),
                }
            });
        let fsx = self
            .object(node, "fsxWindowsFileServerVolumeConfiguration", &vpath)
            .map(|f| {
                let fpath = format!("{vpath}fsxWindowsFileServerVolumeConfiguration.");
                let auth = self.object(f, "authorizationConfig", &fpath);
                FsxVolume {
                    span: f.span,
                    file_system_id: self.string(f, "fileSystemId", &fpath),
                    credentials_parameter: auth.and_then(|a| {
                        self.string(
                            a,
                            "credentialsParameter",
                            &format!("{fpath}authorizationConfig."),
                        )
                    }),
                }
            });
        Volume {
            index,
            name: node
                .get("name")
                .and_then(Node::as_str)
                .unwrap_or_default()
                .to_owned(),
            span: node.span,
            efs,
            fsx,
            configured_at_launch: matches!(
                node.get("configuredAtLaunch").map(|c| &c.kind),
                Some(NodeKind::Bool(true))
            ),
        }
    }
}

/// Reads a task definition from a parsed document, detecting the describe-output wrapper;
/// `format` is the one of a bare request (JSON or YAML).
pub(super) fn read(
    root: &Node,
    format: TaskDefinitionFormat,
) -> Result<TaskDefinition, Vec<InputError>> {
    let (format, path_prefix, body) = match root.get("taskDefinition") {
        Some(inner) if matches!(inner.kind, NodeKind::Object(_)) => (
            if format == TaskDefinitionFormat::RegisterTaskDefinition {
                TaskDefinitionFormat::DescribeOutput
            } else {
                format
            },
            "taskDefinition.",
            inner,
        ),
        _ => (format, "", root),
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
    read_body(body, format, path_prefix.to_owned())
}

/// Reads the fields of a task definition object in the API's camelCase, which every format is
/// normalised to; `path_prefix` goes before the paths in messages.
pub(super) fn read_body(
    body: &Node,
    format: TaskDefinitionFormat,
    path_prefix: String,
) -> Result<TaskDefinition, Vec<InputError>> {
    if !matches!(body.kind, NodeKind::Object(_)) {
        return Err(vec![InputError::WrongType {
            path: path_prefix.trim_end_matches('.').to_owned(),
            expected: "an object",
            found: body.kind_name(),
            span: body.span,
        }]);
    }
    if body.get("containerDefinitions").is_none() {
        return Err(vec![InputError::Missing {
            path: format!("{path_prefix}containerDefinitions"),
            span: body.span,
        }]);
    }
    let mut reader = Reader { errors: Vec::new() };
    let p = path_prefix.as_str();
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
        path_prefix: path_prefix.clone(),
        span: body.span,
        task_definition_arn: reader.string(body, "taskDefinitionArn", p),
        family: reader.string(body, "family", p),
        task_role_arn: reader.string(body, "taskRoleArn", p),
        execution_role_arn: reader.string(body, "executionRoleArn", p),
        requires_compatibilities: reader.strings(body, "requiresCompatibilities", p),
        network_mode: reader.string(body, "networkMode", p),
        containers,
        volumes: Vec::new(),
        proxy_configuration: None,
        resource: None,
        notes: Vec::new(),
        scalable_targets: Vec::new(),
        exec_config: None,
    };
    let mut definition = definition;
    for (i, v) in reader.objects(body, "volumes", p) {
        let volume = reader.volume(i, v, p);
        definition.volumes.push(volume);
    }
    definition.proxy_configuration =
        reader
            .object(body, "proxyConfiguration", p)
            .and_then(|node| {
                let kind = reader.string(node, "type", &format!("{p}proxyConfiguration."))?;
                Some(ProxyConfiguration {
                    span: node.span,
                    kind,
                })
            });
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
    } else if body.get("format_version").is_some() {
        "it looks like Terraform JSON without `values` or `planned_values`".to_owned()
    } else if body.get("container_definitions").is_some() {
        "it looks like the arguments of a Terraform `aws_ecs_task_definition`: paste the output \
         of `terraform show -json`"
            .to_owned()
    } else if body.get("serviceName").is_some() || body.get("services").is_some() {
        "it looks like a service definition".to_owned()
    } else if body.get("eventVersion").is_some() {
        "it looks like a CloudTrail event".to_owned()
    } else if body.get("Records").is_some() {
        "it looks like a CloudTrail log file (it has `Records`)".to_owned()
    } else if body.get("roles").is_some() || body.get("RoleDetailList").is_some() {
        "it looks like roles and policies: paste them in the Roles & policies editor".to_owned()
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
