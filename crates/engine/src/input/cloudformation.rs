//! CloudFormation templates, in JSON or YAML: the first `AWS::ECS::TaskDefinition` normalised to
//! the API's camelCase, and the template's IAM roles as a [`RoleSet`].
//!
//! The properties are renamed (`ContainerDefinitions` → `containerDefinitions`, with the quirks
//! `EFSVolumeConfiguration.FilesystemId` → `efsVolumeConfiguration.fileSystemId`,
//! `AuthorizationConfig.IAM` → `authorizationConfig.iam` and
//! `FSxWindowsFileServerVolumeConfiguration`); the keys of `Options`, `DockerLabels`,
//! `DriverOpts` and `Labels` are kept, and their numbers and booleans read as strings, as
//! CloudFormation does. Every node keeps its span in the pasted text.
//!
//! Intrinsic functions are resolved symbolically: the account and region, unknown, are `*`, the
//! partition `aws`. `Ref` to a parameter gives its `Default`; `Ref` to an `AWS::IAM::Role` gives
//! its name (its `RoleName`, else its logical id: CloudFormation would generate one), and, in
//! `TaskRoleArn` and `ExecutionRoleArn`, the role ARN `arn:aws:iam::*:role/<path><name>`, as does
//! `Fn::GetAtt [Role, Arn]`. `Fn::Sub`, `Fn::Join`, `Fn::Select` and `Fn::FindInMap` are evaluated
//! on what resolves; a few other resource types' `Ref` and `Fn::GetAtt` values are known (secrets,
//! parameters, log groups, buckets, repositories, keys, file systems), with `*` for names
//! CloudFormation generates. What cannot be resolved (`Fn::If`, `Fn::ImportValue`, a parameter
//! without a default…) leaves its field unknown with a note, never an error; `Ref AWS::NoValue`
//! removes its field silently, as CloudFormation does.

use super::cluster::ExecConfig;
use super::node::{Member, Node, NodeKind};
use super::roles::{Boundary, Role, RoleSet, RolesProblem};
use super::scaling::ScalableTarget;
use super::task_definition::Spanned;
use super::{Found, InputError, InputNote};
use crate::diagnostic::{Severity, Span};
use crate::iam::policy::Policy;

const ACCOUNT: &str = "*";
const REGION: &str = "*";
const PARTITION: &str = "aws";

/// How deep references may chain (a parameter's default that is a `Fn::Sub` of a role…) before
/// they are taken for a loop.
const MAX_DEPTH: usize = 16;

/// The code of the note left where an intrinsic function could not be resolved.
const UNRESOLVED: &str = "INTRINSIC_UNRESOLVED";

/// Whether a document is a CloudFormation template.
pub(crate) fn is_template(root: &Node) -> bool {
    root.get("AWSTemplateFormatVersion").is_some() || root.get("Resources").is_some()
}

/// The first `AWS::ECS::TaskDefinition` of a template, in camelCase, with notes for what the
/// template leaves open; several task definitions are a note, and the first is read.
pub(crate) fn task_definition(root: &Node) -> Result<Found, Vec<InputError>> {
    let template = Template::new(root).map_err(|e| vec![e])?;
    let definitions: Vec<&Member> = template
        .resources
        .iter()
        .filter(|m| resource_type(&m.value) == Some("AWS::ECS::TaskDefinition"))
        .collect();
    let Some(first) = definitions.first() else {
        return Err(vec![InputError::NoTaskDefinition {
            document: "CloudFormation template",
            resource: "AWS::ECS::TaskDefinition",
            span: root.member("Resources").map_or(root.span, |m| m.key_span),
        }]);
    };
    let id = first.key.as_str();
    let base = format!("Resources.{id}.Properties");
    let prefix = format!("{base}.");
    let properties = match first.value.get("Properties") {
        Some(p) if p.as_object().is_some() => p,
        Some(p) => {
            return Err(vec![InputError::WrongType {
                path: base,
                expected: "an object",
                found: p.kind_name(),
                span: p.span,
            }]);
        }
        None => {
            return Err(vec![InputError::Missing {
                path: base,
                span: first.value.span,
            }]);
        }
    };
    let mut resolver = Resolver::new(&template);
    let mut notes = Vec::new();
    if definitions.len() > 1 {
        let names: Vec<String> = definitions.iter().map(|m| format!("`{}`", m.key)).collect();
        notes.push(InputNote {
            code: "SEVERAL_TASK_DEFINITIONS",
            severity: Severity::Info,
            message: format!(
                "the template defines {} task definitions ({}): this reads the first, `{id}`",
                definitions.len(),
                names.join(", ")
            ),
            span: first.key_span,
            field: None,
        });
    }
    let at = At {
        source: base,
        model: String::new(),
        role: false,
    };
    let body = resolver
        .tree(properties, &at, Keys::Camel)
        .unwrap_or_else(|| properties.clone());
    if properties.get("ContainerDefinitions").is_some()
        && body.get("containerDefinitions").is_none()
    {
        let (why, span) = resolver
            .unresolved
            .iter()
            .find(|(field, _, _)| field == "containerDefinitions")
            .map_or_else(
                || ("it is `AWS::NoValue`".to_owned(), properties.span),
                |(_, why, span)| (why.clone(), *span),
            );
        return Err(vec![InputError::Unresolved {
            path: format!("{prefix}ContainerDefinitions"),
            why,
            span,
        }]);
    }
    notes.append(&mut resolver.notes);
    let scalable_targets = scalable_targets(&template, &resolver);
    let exec_config = exec_config(root, &template, &resolver, &mut notes);
    Ok(Found {
        body,
        prefix,
        resource: Spanned {
            value: id.to_owned(),
            span: first.key_span,
        },
        notes,
        scalable_targets,
        exec_config,
    })
}

/// The `ExecuteCommandConfiguration` of the template's `AWS::ECS::Cluster` that runs the service
/// (see [`super::cluster::pick`]: services name theirs with `Ref` or `Fn::GetAtt`). A value that
/// does not resolve is `*`, without a note, as for scalable targets.
fn exec_config(
    root: &Node,
    template: &Template<'_>,
    resolver: &Resolver<'_, '_>,
    notes: &mut Vec<InputNote>,
) -> Option<ExecConfig> {
    let value = |node: Option<&Node>| {
        let n = node?;
        let value = match resolver.value(n, 0) {
            Ok(Resolved::Text(t)) => t,
            Ok(Resolved::NoValue) => return None,
            Err(_) => "*".to_owned(),
        };
        Some(Spanned {
            value,
            span: n.span,
        })
    };
    let mut clusters = Vec::new();
    let mut named = Vec::new();
    for m in template.resources {
        let props = m.value.get("Properties");
        match resource_type(&m.value) {
            Some("AWS::ECS::Cluster") => {
                let path = format!(
                    "Resources.{}.Properties.Configuration.ExecuteCommandConfiguration",
                    m.key
                );
                let config = props
                    .and_then(|p| p.get("Configuration")?.get("ExecuteCommandConfiguration"))
                    .map(|c| {
                        let log = c.get("LogConfiguration");
                        let log = |key: &str| value(log.and_then(|l| l.get(key)));
                        ExecConfig {
                            path,
                            span: c.span,
                            logging: value(c.get("Logging"))
                                .map_or_else(|| "DEFAULT".to_owned(), |l| l.value),
                            kms_key_id: value(c.get("KmsKeyId")),
                            log_group: log("CloudWatchLogGroupName"),
                            s3_bucket: log("S3BucketName"),
                            s3_key_prefix: log("S3KeyPrefix").map(|p| p.value),
                        }
                    });
                clusters.push((m.key.clone(), config));
            }
            Some("AWS::ECS::Service") => {
                let id = match props.and_then(|p| p.get("Cluster")).and_then(intrinsic) {
                    Some(("Ref", arg)) => arg.as_str(),
                    Some(("Fn::GetAtt", arg)) => arg.as_str().map_or_else(
                        || arg.as_array()?.first()?.as_str(),
                        |s| s.split('.').next(),
                    ),
                    _ => None,
                };
                named.extend(id.map(str::to_owned));
            }
            _ => {}
        }
    }
    let configured = clusters.iter().any(|(_, c)| c.is_some());
    match super::cluster::pick(clusters, &named) {
        Ok(config) => config.flatten(),
        Err(ids) => {
            if configured {
                let span = root.member("Resources").map_or(root.span, |m| m.key_span);
                notes.push(super::cluster::ambiguous(&ids, span));
            }
            None
        }
    }
}

/// The template's Application Auto Scaling targets of ECS services (`ServiceNamespace: ecs`),
/// with the target tracking policies that name them (`ScalingTargetId: !Ref Target`, or the same
/// `ResourceId`). Values that do not resolve are left unknown without a note: the lines they
/// feed show `*` for them.
fn scalable_targets(template: &Template<'_>, resolver: &Resolver<'_, '_>) -> Vec<ScalableTarget> {
    let text = |node: Option<&Node>| match node.map(|n| resolver.value(n, 0)) {
        Some(Ok(Resolved::Text(t))) => Some(t),
        _ => None,
    };
    let mut targets: Vec<(&str, ScalableTarget)> = Vec::new();
    for m in template.resources {
        if resource_type(&m.value) != Some("AWS::ApplicationAutoScaling::ScalableTarget") {
            continue;
        }
        let prop = |key: &str| m.value.get("Properties").and_then(|p| p.get(key));
        if text(prop("ServiceNamespace")).as_deref() != Some("ecs") {
            continue;
        }
        let role_arn = prop("RoleARN").and_then(|n| {
            text(Some(n)).map(|value| Spanned {
                value,
                span: n.span,
            })
        });
        targets.push((
            m.key.as_str(),
            ScalableTarget {
                path: format!("Resources.{}", m.key),
                span: m.key_span,
                resource_id: text(prop("ResourceId")),
                role_arn,
                target_tracking: Vec::new(),
            },
        ));
    }
    if targets.is_empty() {
        return Vec::new();
    }
    for m in template.resources {
        if resource_type(&m.value) != Some("AWS::ApplicationAutoScaling::ScalingPolicy") {
            continue;
        }
        let prop = |key: &str| m.value.get("Properties").and_then(|p| p.get(key));
        let tracking = text(prop("PolicyType")).as_deref() == Some("TargetTrackingScaling")
            || prop("TargetTrackingScalingPolicyConfiguration").is_some();
        if !tracking {
            continue;
        }
        let index = match prop("ScalingTargetId").map(intrinsic) {
            Some(Some(("Ref", arg))) => {
                targets.iter().position(|(id, _)| Some(*id) == arg.as_str())
            }
            Some(_) => None,
            None => {
                let same = text(prop("ResourceId"));
                let ecs = text(prop("ServiceNamespace")).as_deref() == Some("ecs");
                targets
                    .iter()
                    .position(|(_, t)| same.is_some() && t.resource_id == same)
                    .or_else(|| (ecs && targets.len() == 1).then_some(0))
            }
        };
        if let Some((_, target)) = index.and_then(|i| targets.get_mut(i)) {
            target
                .target_tracking
                .push((format!("Resources.{}", m.key), m.key_span));
        }
    }
    targets.into_iter().map(|(_, t)| t).collect()
}

/// The IAM roles a CloudFormation template defines, as a roles document would give them.
///
/// Returns `None` when `text` is not a CloudFormation template (JSON or YAML, detected as
/// [`super::read_task_definition`] does), and otherwise every `AWS::IAM::Role` resource, in
/// template order, with the problems found on the way. Spans point into `text`: locate the
/// problems, and pass `text` as the roles text to the analysis, as the task definition input.
///
/// - The role's ARN is `arn:aws:iam::*:role/<Path><RoleName>`, with the logical id when
///   `RoleName` is not set: the same string that the task definition's `TaskRoleArn` /
///   `ExecutionRoleArn` resolve to when they `Ref` or `Fn::GetAtt` the role, so that the roles are
///   found by ARN. Its span is the logical id.
/// - `AssumeRolePolicyDocument` is the trust policy; `Policies[]` (`PolicyName`,
///   `PolicyDocument`) the inline policies; `ManagedPolicyArns[]` the managed policy ARNs (with
///   `!Sub 'arn:${AWS::Partition}:iam::aws:policy/…'` resolved); `PermissionsBoundary` the
///   boundary's ARN.
/// - `AWS::IAM::Policy` (`Roles`) and `AWS::IAM::RolePolicy` (`RoleName`) resources add inline
///   policies to the template's roles they name; `AWS::IAM::ManagedPolicy` resources are
///   customer managed policies under `arn:aws:iam::*:policy/<Path><ManagedPolicyName or logical
///   id>`, attached to the roles in their `Roles`.
/// - Intrinsic functions inside policy documents are resolved as in the task definition; one
///   that cannot be is left out of its document with an `INTRINSIC_UNRESOLVED` warning. Policy
///   problems are reported as `input::roles::read` reports them.
#[must_use]
pub fn template_roles(text: &str) -> Option<(RoleSet, Vec<RolesProblem>)> {
    let (root, _) = super::parse_document(text).ok()?;
    if root.as_object().is_none() || !is_template(&root) {
        return None;
    }
    let template = Template::new(&root).ok()?;
    let mut resolver = Resolver::new(&template);
    let mut problems = Vec::new();
    let mut set = RoleSet {
        roles: Vec::new(),
        customer_managed: Vec::new(),
        resource_policies: Vec::new(),
    };
    let mut ids: Vec<&str> = Vec::new();
    for m in template.resources {
        if resource_type(&m.value) != Some("AWS::IAM::Role") {
            continue;
        }
        let at = At::properties(&m.key);
        let props = m.value.get("Properties");
        let arn = match resolver.role_arn(&m.key, props, 0) {
            Ok(arn) => arn,
            Err(why) => {
                problems.push(warning(
                    UNRESOLVED,
                    format!(
                        "role `{}` is left out: its ARN cannot be resolved: {why}",
                        m.key
                    ),
                    m.key_span,
                ));
                continue;
            }
        };
        let mut role = Role {
            arn: Spanned {
                value: arn,
                span: m.key_span,
            },
            trust_policy: None,
            managed: Vec::new(),
            inline: Vec::new(),
            boundary: None,
        };
        let name = role.name().to_owned();
        if let Some(props) = props {
            if let Some(doc) = props.get("AssumeRolePolicyDocument") {
                role.trust_policy = resolver.policy(
                    &format!("trust policy of {name}"),
                    doc,
                    &at.key("AssumeRolePolicyDocument", ""),
                    &mut problems,
                );
            }
            for (i, p) in props
                .get("Policies")
                .and_then(Node::as_array)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let pat = at.key("Policies", "").index(i);
                let policy_name = p
                    .get("PolicyName")
                    .and_then(|n| resolver.text(n, &pat.key("PolicyName", "")))
                    .unwrap_or_else(|| format!("{name} policy #{}", i + 1));
                if let Some(doc) = p.get("PolicyDocument")
                    && let Some(policy) = resolver.policy(
                        &policy_name,
                        doc,
                        &pat.key("PolicyDocument", ""),
                        &mut problems,
                    )
                {
                    role.inline.push(policy);
                }
            }
            for (i, item) in props
                .get("ManagedPolicyArns")
                .and_then(Node::as_array)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let iat = at.key("ManagedPolicyArns", "").index(i);
                if let Some(arn) = resolver.text(item, &iat) {
                    role.managed.push(Spanned {
                        value: arn,
                        span: item.span,
                    });
                }
            }
            if let Some(b) = props.get("PermissionsBoundary")
                && let Some(arn) = resolver.text(b, &at.key("PermissionsBoundary", ""))
            {
                role.boundary = Some(Boundary::Arn(Spanned {
                    value: arn,
                    span: b.span,
                }));
            }
        }
        set.roles.push(role);
        ids.push(&m.key);
    }
    for m in template.resources {
        let props = m.value.get("Properties");
        let at = At::properties(&m.key);
        match resource_type(&m.value) {
            Some("AWS::IAM::Policy" | "AWS::IAM::RolePolicy") => {
                let Some(props) = props else { continue };
                let name = props
                    .get("PolicyName")
                    .and_then(|n| resolver.text(n, &at.key("PolicyName", "")))
                    .unwrap_or_else(|| m.key.clone());
                let Some(doc) = props.get("PolicyDocument") else {
                    continue;
                };
                let targets: Vec<&Node> = match props.get("Roles") {
                    Some(roles) => roles.as_array().unwrap_or_default().iter().collect(),
                    None => props.get("RoleName").into_iter().collect(),
                };
                let indexes: Vec<usize> = targets
                    .into_iter()
                    .filter_map(|t| resolver.role_index(t, &ids, &set))
                    .collect();
                if indexes.is_empty() {
                    continue;
                }
                let Some(policy) =
                    resolver.policy(&name, doc, &at.key("PolicyDocument", ""), &mut problems)
                else {
                    continue;
                };
                for i in indexes {
                    if let Some(role) = set.roles.get_mut(i) {
                        role.inline.push(policy.clone());
                    }
                }
            }
            Some("AWS::IAM::ManagedPolicy") => {
                let Ok(arn) = resolver.managed_policy_arn(&m.key, props, 0) else {
                    continue;
                };
                if let Some(doc) = props.and_then(|p| p.get("PolicyDocument"))
                    && let Some(policy) =
                        resolver.policy(&arn, doc, &at.key("PolicyDocument", ""), &mut problems)
                {
                    set.customer_managed.push((arn.clone(), policy));
                }
                for t in props
                    .and_then(|p| p.get("Roles"))
                    .and_then(Node::as_array)
                    .unwrap_or_default()
                {
                    if let Some(i) = resolver.role_index(t, &ids, &set)
                        && let Some(role) = set.roles.get_mut(i)
                    {
                        role.managed.push(Spanned {
                            value: arn.clone(),
                            span: t.span,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    problems.extend(
        resolver
            .notes
            .into_iter()
            .map(|n| warning(n.code, n.message, n.span)),
    );
    Some((set, problems))
}

/// Writes a camelCase path of the task definition model (after the prefix) with the template's
/// property names: `containerDefinitions[0].logConfiguration.options.awslogs-group` →
/// `ContainerDefinitions[0].LogConfiguration.Options.awslogs-group`.
pub(crate) fn source_path(model: &str) -> String {
    let mut out = String::new();
    let mut parent = "";
    let mut segments = model.split('.');
    while let Some(segment) = segments.next() {
        if !out.is_empty() {
            out.push('.');
        }
        if MAPS.contains(&parent) {
            // The keys of a map are the user's: keep the rest as written.
            out.push_str(segment);
            for rest in segments.by_ref() {
                out.push('.');
                out.push_str(rest);
            }
            break;
        }
        let (name, index) = segment.split_at(segment.find('[').unwrap_or(segment.len()));
        out.push_str(&pascal(parent, name));
        out.push_str(index);
        parent = name;
    }
    out
}

/// camelCase keys whose values are maps of the user's keys, kept as written.
const MAPS: [&str; 4] = ["options", "dockerLabels", "driverOpts", "labels"];

/// Members that their object cannot do without: when an intrinsic leaves one unknown, the object
/// (a secret, a log configuration) is left out with it.
const REQUIRED: [&str; 2] = ["valueFrom", "logDriver"];

/// A CloudFormation property name in the API's camelCase.
fn camel(key: &str) -> String {
    match key {
        "FSxWindowsFileServerVolumeConfiguration" => {
            return "fsxWindowsFileServerVolumeConfiguration".into();
        }
        "FilesystemId" => return "fileSystemId".into(),
        _ => {}
    }
    // Lower the leading capitals, but the last of several when it starts the next word:
    // `EFSVolumeConfiguration` → `efsVolumeConfiguration`, `IAM` → `iam`.
    let upper = key.chars().take_while(char::is_ascii_uppercase).count();
    let total = key.chars().count();
    let lower = match upper {
        0 => return key.to_owned(),
        n if n == total || n == 1 => n,
        n => n - 1,
    };
    key.chars()
        .enumerate()
        .map(|(i, c)| if i < lower { c.to_ascii_lowercase() } else { c })
        .collect()
}

/// The inverse of [`camel`] for the names the model reads, given the parent's camelCase name.
fn pascal(parent: &str, key: &str) -> String {
    match (parent, key) {
        (_, "efsVolumeConfiguration") => "EFSVolumeConfiguration".into(),
        (_, "fsxWindowsFileServerVolumeConfiguration") => {
            "FSxWindowsFileServerVolumeConfiguration".into()
        }
        (_, "iam") => "IAM".into(),
        ("efsVolumeConfiguration", "fileSystemId") => "FilesystemId".into(),
        _ => {
            let mut chars = key.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        }
    }
}

fn resource_type(resource: &Node) -> Option<&str> {
    resource.get("Type").and_then(Node::as_str)
}

/// The name and argument of an intrinsic function: an object with one `Ref`, `Condition` or
/// `Fn::…` member.
fn intrinsic(node: &Node) -> Option<(&str, &Node)> {
    match node.as_object()? {
        [m] if m.key == "Ref" || m.key == "Condition" || m.key.starts_with("Fn::") => {
            Some((m.key.as_str(), &m.value))
        }
        _ => None,
    }
}

fn warning(code: &'static str, message: String, span: Span) -> RolesProblem {
    RolesProblem {
        code,
        severity: Severity::Warning,
        message,
        span,
    }
}

/// The parts of a template that references are resolved against.
struct Template<'t> {
    resources: &'t [Member],
    parameters: &'t [Member],
    mappings: Option<&'t Node>,
}

impl<'t> Template<'t> {
    fn new(root: &'t Node) -> Result<Self, InputError> {
        let resources = match root.get("Resources") {
            None => {
                return Err(InputError::NoTaskDefinition {
                    document: "CloudFormation template",
                    resource: "AWS::ECS::TaskDefinition",
                    span: root.span,
                });
            }
            Some(r) => r.as_object().ok_or_else(|| InputError::WrongType {
                path: "Resources".into(),
                expected: "an object",
                found: r.kind_name(),
                span: r.span,
            })?,
        };
        Ok(Self {
            resources,
            parameters: root
                .get("Parameters")
                .and_then(Node::as_object)
                .unwrap_or_default(),
            mappings: root.get("Mappings"),
        })
    }

    fn resource(&self, id: &str) -> Option<&'t Node> {
        self.resources
            .iter()
            .find(|m| m.key == id)
            .map(|m| &m.value)
    }

    fn parameter(&self, id: &str) -> Option<&'t Node> {
        self.parameters
            .iter()
            .find(|m| m.key == id)
            .map(|m| &m.value)
    }
}

/// A place in the template, with the model field it becomes.
#[derive(Debug, Clone)]
struct At {
    /// `Resources.TaskDef.Properties.ContainerDefinitions[0].Image`.
    source: String,
    /// `containerDefinitions[0].image`; empty outside the task definition's properties.
    model: String,
    /// Whether the value names a role of the task (`TaskRoleArn`, `ExecutionRoleArn`).
    role: bool,
}

impl At {
    fn properties(id: &str) -> Self {
        Self {
            source: format!("Resources.{id}.Properties"),
            model: String::new(),
            role: false,
        }
    }

    fn key(&self, source: &str, model: &str) -> Self {
        Self {
            source: format!("{}.{source}", self.source),
            model: match (self.model.as_str(), model) {
                (_, "") => String::new(),
                ("", m) => m.to_owned(),
                (p, m) => format!("{p}.{m}"),
            },
            role: false,
        }
    }

    fn index(&self, i: usize) -> Self {
        Self {
            source: format!("{}[{i}]", self.source),
            model: if self.model.is_empty() {
                String::new()
            } else {
                format!("{}[{i}]", self.model)
            },
            role: false,
        }
    }
}

/// How the keys of an object are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keys {
    /// Task definition properties: renamed to camelCase.
    Camel,
    /// A map of the user's keys (`Options`): kept, with scalar values read as strings.
    Map,
    /// Kept as written (policy documents, and what is inside maps).
    Keep,
}

/// A resolved value: text, or `AWS::NoValue`, which removes the property.
enum Resolved {
    Text(String),
    NoValue,
}

/// The reason a value cannot be resolved, for the note.
type Resolution = Result<Resolved, String>;

struct Resolver<'a, 't> {
    template: &'a Template<'t>,
    notes: Vec<InputNote>,
    /// `(model field, why, span)` of every value left unknown.
    unresolved: Vec<(String, String, Span)>,
}

impl<'a, 't> Resolver<'a, 't> {
    fn new(template: &'a Template<'t>) -> Self {
        Self {
            template,
            notes: Vec::new(),
            unresolved: Vec::new(),
        }
    }

    /// A copy of `node` with its intrinsics resolved (and, with [`Keys::Camel`], its keys
    /// renamed); `None` when the node itself resolves to nothing.
    fn tree(&mut self, node: &Node, at: &At, keys: Keys) -> Option<Node> {
        if intrinsic(node).is_some() {
            let resolution = if at.role {
                self.role_value(node)
            } else {
                self.value(node, 0)
            };
            return self.settle(node, resolution, at);
        }
        match &node.kind {
            NodeKind::Object(members) => {
                let mut out = Vec::with_capacity(members.len());
                for m in members {
                    let (key, child_keys) = match keys {
                        Keys::Camel => {
                            let key = camel(&m.key);
                            let child = if MAPS.contains(&key.as_str()) {
                                Keys::Map
                            } else {
                                Keys::Camel
                            };
                            (key, child)
                        }
                        Keys::Map | Keys::Keep => (m.key.clone(), Keys::Keep),
                    };
                    // Policy documents have no model path.
                    let model_key = if keys == Keys::Keep && at.model.is_empty() {
                        ""
                    } else {
                        key.as_str()
                    };
                    let mut child_at = at.key(&m.key, model_key);
                    child_at.role = keys == Keys::Camel
                        && at.model.is_empty()
                        && matches!(key.as_str(), "taskRoleArn" | "executionRoleArn");
                    let value = if keys == Keys::Map {
                        self.map_value(&m.value, &child_at)
                    } else {
                        self.tree(&m.value, &child_at, child_keys)
                    };
                    match value {
                        Some(value) => out.push(Member {
                            key,
                            key_span: m.key_span,
                            value,
                        }),
                        None if keys == Keys::Camel && REQUIRED.contains(&key.as_str()) => {
                            return None;
                        }
                        None => {}
                    }
                }
                Some(Node {
                    span: node.span,
                    kind: NodeKind::Object(out),
                })
            }
            NodeKind::Array(items) => Some(Node {
                span: node.span,
                kind: NodeKind::Array(
                    items
                        .iter()
                        .enumerate()
                        .filter_map(|(i, item)| self.tree(item, &at.index(i), keys))
                        .collect(),
                ),
            }),
            _ => Some(node.clone()),
        }
    }

    /// A value of a map of strings (`Options`): numbers and booleans become their text.
    fn map_value(&mut self, node: &Node, at: &At) -> Option<Node> {
        let text = match &node.kind {
            NodeKind::Number(n) => n.clone(),
            NodeKind::Bool(b) => b.to_string(),
            _ => return self.tree(node, at, Keys::Keep),
        };
        Some(Node {
            span: node.span,
            kind: NodeKind::String(text),
        })
    }

    /// A resolution as a node, or a note when it failed.
    fn settle(&mut self, node: &Node, resolution: Resolution, at: &At) -> Option<Node> {
        match resolution {
            Ok(Resolved::Text(text)) => Some(Node {
                span: node.span,
                kind: NodeKind::String(text),
            }),
            Ok(Resolved::NoValue) => None,
            Err(why) => {
                self.notes.push(InputNote {
                    code: UNRESOLVED,
                    severity: Severity::Warning,
                    message: format!("`{}` is left unknown: {why}", at.source),
                    span: node.span,
                    field: (!at.model.is_empty()).then(|| at.model.clone()),
                });
                self.unresolved.push((at.model.clone(), why, node.span));
                None
            }
        }
    }

    /// A value as text, or `None` with a note.
    fn text(&mut self, node: &Node, at: &At) -> Option<String> {
        let resolution = self.value(node, 0);
        self.settle(node, resolution, at)
            .and_then(|n| n.as_str().map(str::to_owned))
    }

    /// A role of the task: `Ref` to a role of the template gives its ARN, not its name.
    fn role_value(&self, node: &Node) -> Resolution {
        match intrinsic(node) {
            Some(("Ref", arg)) => match arg.as_str() {
                Some(name) => self.reference(name, true, 0),
                None => Err("`Ref` takes a name".into()),
            },
            _ => self.value(node, 0),
        }
    }

    fn value(&self, node: &Node, depth: usize) -> Resolution {
        if depth > MAX_DEPTH {
            return Err("its references loop or chain too deeply".into());
        }
        match &node.kind {
            NodeKind::String(s) | NodeKind::Number(s) => Ok(Resolved::Text(s.clone())),
            NodeKind::Bool(b) => Ok(Resolved::Text(b.to_string())),
            NodeKind::Null => Err("it is null".into()),
            NodeKind::Array(_) => Err("it is a list where one value belongs".into()),
            NodeKind::Object(_) => match intrinsic(node) {
                Some((name, arg)) => self.call(name, arg, depth + 1),
                None => Err("it is an object where one value belongs".into()),
            },
        }
    }

    fn text_of(&self, node: &Node, depth: usize) -> Result<String, String> {
        match self.value(node, depth)? {
            Resolved::Text(t) => Ok(t),
            Resolved::NoValue => Err("it is `AWS::NoValue`".into()),
        }
    }

    fn call(&self, name: &str, arg: &Node, depth: usize) -> Resolution {
        match name {
            "Ref" => match arg.as_str() {
                Some(target) => self.reference(target, false, depth),
                None => Err("`Ref` takes a name".into()),
            },
            "Fn::GetAtt" => {
                let (id, attribute) = self.get_att_arguments(arg, depth)?;
                self.attribute(&id, &attribute, depth)
            }
            "Fn::Sub" => self.sub(arg, depth),
            "Fn::Join" => self.join(arg, depth),
            "Fn::Select" => self.select(arg, depth),
            "Fn::FindInMap" => self.find_in_map(arg, depth),
            "Fn::If" => {
                Err("`Fn::If` picks its value by a condition known only at deploy time".into())
            }
            "Fn::ImportValue" => Err("`Fn::ImportValue` reads another stack's export".into()),
            "Condition" => Err("a `Condition` is known only at deploy time".into()),
            other => Err(format!("rolecall does not evaluate `{other}`")),
        }
    }

    fn get_att_arguments(&self, arg: &Node, depth: usize) -> Result<(String, String), String> {
        match &arg.kind {
            NodeKind::String(s) => s
                .split_once('.')
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
                .ok_or_else(|| "`Fn::GetAtt` takes `Resource.Attribute`".to_owned()),
            NodeKind::Array(items) => match items.as_slice() {
                [id, attribute] => Ok((self.text_of(id, depth)?, self.text_of(attribute, depth)?)),
                _ => Err("`Fn::GetAtt` takes a resource and an attribute".into()),
            },
            _ => Err("`Fn::GetAtt` takes a resource and an attribute".into()),
        }
    }

    /// `Ref name`: a pseudo parameter, a parameter or a resource; `role_arn` asks for a role's
    /// ARN rather than its name.
    fn reference(&self, name: &str, role_arn: bool, depth: usize) -> Resolution {
        let text = |s: &str| Ok(Resolved::Text(s.to_owned()));
        match name {
            "AWS::AccountId" | "AWS::StackName" | "AWS::StackId" => return text(ACCOUNT),
            "AWS::Region" => return text(REGION),
            "AWS::Partition" => return text(PARTITION),
            "AWS::URLSuffix" => return text("amazonaws.com"),
            "AWS::NoValue" => return Ok(Resolved::NoValue),
            "AWS::NotificationARNs" => {
                return Err("`AWS::NotificationARNs` is a list known at deploy time".into());
            }
            _ => {}
        }
        if let Some(parameter) = self.template.parameter(name) {
            let kind = parameter.get("Type").and_then(Node::as_str).unwrap_or("");
            if kind.starts_with("AWS::SSM::Parameter::Value") {
                return Err(format!(
                    "parameter `{name}` is read from Systems Manager at deploy time"
                ));
            }
            return match parameter.get("Default") {
                Some(default) => self.value(default, depth + 1),
                None => Err(format!(
                    "parameter `{name}` has no `Default`: its value is given at deploy time"
                )),
            };
        }
        let Some(resource) = self.template.resource(name) else {
            return Err(format!(
                "`{name}` is neither a parameter nor a resource of this template"
            ));
        };
        let kind = resource_type(resource).unwrap_or("");
        let props = resource.get("Properties");
        let named = |property: &str| self.named(props, property, depth);
        let value = match kind {
            "AWS::IAM::Role" if role_arn => self.role_arn(name, props, depth)?,
            "AWS::IAM::Role" => self.role_name(name, props, depth)?,
            "AWS::IAM::ManagedPolicy" => self.managed_policy_arn(name, props, depth)?,
            "AWS::IAM::InstanceProfile" => named("InstanceProfileName")?.unwrap_or(name.into()),
            "AWS::SecretsManager::Secret" => self.secret_arn(name, props, depth)?,
            "AWS::SSM::Parameter" => named("Name")?.unwrap_or("*".into()),
            "AWS::Logs::LogGroup" => named("LogGroupName")?.unwrap_or("*".into()),
            "AWS::S3::Bucket" => named("BucketName")?.unwrap_or("*".into()),
            "AWS::ECR::Repository" => named("RepositoryName")?.unwrap_or("*".into()),
            "AWS::ECS::Cluster" => named("ClusterName")?.unwrap_or("*".into()),
            // A service's `Ref` is its ARN; without `Cluster` it runs in `default`.
            "AWS::ECS::Service" => {
                let cluster = named("Cluster")?.unwrap_or_else(|| "default".into());
                let cluster = cluster.rsplit('/').next().unwrap_or("*").to_owned();
                let name = named("ServiceName")?.unwrap_or_else(|| "*".into());
                format!("arn:{PARTITION}:ecs:{REGION}:{ACCOUNT}:service/{cluster}/{name}")
            }
            "AWS::KMS::Alias" => named("AliasName")?.unwrap_or("*".into()),
            "AWS::KMS::Key"
            | "AWS::EFS::FileSystem"
            | "AWS::EFS::AccessPoint"
            | "AWS::FSx::FileSystem" => "*".into(),
            _ => {
                return Err(format!(
                    "rolecall does not know what `Ref` gives for `{name}`, a `{kind}`"
                ));
            }
        };
        Ok(Resolved::Text(value))
    }

    /// `Fn::GetAtt [id, attribute]`.
    fn attribute(&self, id: &str, attribute: &str, depth: usize) -> Resolution {
        let Some(resource) = self.template.resource(id) else {
            return Err(format!("`{id}` is not a resource of this template"));
        };
        let kind = resource_type(resource).unwrap_or("");
        let props = resource.get("Properties");
        let named = |property: &str| -> Result<String, String> {
            Ok(self
                .named(props, property, depth)?
                .unwrap_or_else(|| "*".into()))
        };
        let (p, r, a) = (PARTITION, REGION, ACCOUNT);
        let value = match (kind, attribute) {
            ("AWS::IAM::Role", "Arn") => self.role_arn(id, props, depth)?,
            ("AWS::IAM::ManagedPolicy", "PolicyArn") => {
                self.managed_policy_arn(id, props, depth)?
            }
            ("AWS::SecretsManager::Secret", "Id") => self.secret_arn(id, props, depth)?,
            ("AWS::Logs::LogGroup", "Arn") => {
                format!(
                    "arn:{p}:logs:{r}:{a}:log-group:{}:*",
                    named("LogGroupName")?
                )
            }
            ("AWS::S3::Bucket", "Arn") => format!("arn:{p}:s3:::{}", named("BucketName")?),
            ("AWS::ECR::Repository", "Arn") => {
                format!(
                    "arn:{p}:ecr:{r}:{a}:repository/{}",
                    named("RepositoryName")?
                )
            }
            ("AWS::ECR::Repository", "RepositoryUri") => {
                format!("{a}.dkr.ecr.{r}.amazonaws.com/{}", named("RepositoryName")?)
            }
            ("AWS::ECS::Service", "Name") => named("ServiceName")?,
            ("AWS::ECS::Cluster", "Arn") => {
                format!("arn:{p}:ecs:{r}:{a}:cluster/{}", named("ClusterName")?)
            }
            ("AWS::KMS::Key", "Arn") => format!("arn:{p}:kms:{r}:{a}:key/*"),
            ("AWS::EFS::FileSystem", "Arn") => {
                format!("arn:{p}:elasticfilesystem:{r}:{a}:file-system/*")
            }
            ("AWS::EFS::AccessPoint", "Arn") => {
                format!("arn:{p}:elasticfilesystem:{r}:{a}:access-point/*")
            }
            ("AWS::KMS::Key", "KeyId")
            | ("AWS::EFS::FileSystem", "FileSystemId")
            | ("AWS::EFS::AccessPoint", "AccessPointId") => "*".into(),
            ("AWS::SSM::Parameter", "Value") => match props.and_then(|p| p.get("Value")) {
                Some(v) => self.text_of(v, depth + 1)?,
                None => return Err(format!("parameter `{id}` has no `Value`")),
            },
            _ => {
                return Err(format!(
                    "rolecall does not know attribute `{attribute}` of `{id}`, a `{kind}`"
                ));
            }
        };
        Ok(Resolved::Text(value))
    }

    /// A naming property's value, `None` when it is not set.
    fn named(
        &self,
        props: Option<&Node>,
        property: &str,
        depth: usize,
    ) -> Result<Option<String>, String> {
        match props.and_then(|p| p.get(property)) {
            None => Ok(None),
            Some(node) => match self.value(node, depth + 1)? {
                Resolved::Text(t) => Ok(Some(t)),
                Resolved::NoValue => Ok(None),
            },
        }
    }

    /// `Path` of a role or policy, with its slashes: `/` when not set.
    fn iam_path(&self, props: Option<&Node>, depth: usize) -> Result<String, String> {
        let path = self
            .named(props, "Path", depth)?
            .unwrap_or_else(|| "/".into());
        let path = if path.starts_with('/') {
            path
        } else {
            format!("/{path}")
        };
        Ok(if path.ends_with('/') {
            path
        } else {
            format!("{path}/")
        })
    }

    fn role_name(&self, id: &str, props: Option<&Node>, depth: usize) -> Result<String, String> {
        Ok(self
            .named(props, "RoleName", depth)?
            .unwrap_or_else(|| id.to_owned()))
    }

    fn role_arn(&self, id: &str, props: Option<&Node>, depth: usize) -> Result<String, String> {
        let name = self.role_name(id, props, depth)?;
        let path = self.iam_path(props, depth)?;
        Ok(format!("arn:{PARTITION}:iam::{ACCOUNT}:role{path}{name}"))
    }

    fn managed_policy_arn(
        &self,
        id: &str,
        props: Option<&Node>,
        depth: usize,
    ) -> Result<String, String> {
        let name = self
            .named(props, "ManagedPolicyName", depth)?
            .unwrap_or_else(|| id.to_owned());
        let path = self.iam_path(props, depth)?;
        Ok(format!("arn:{PARTITION}:iam::{ACCOUNT}:policy{path}{name}"))
    }

    /// A secret's ARN, without the six random characters Secrets Manager adds (the analysis
    /// matches them with `-??????`): its `Name`, else the logical id.
    fn secret_arn(&self, id: &str, props: Option<&Node>, depth: usize) -> Result<String, String> {
        let name = self
            .named(props, "Name", depth)?
            .unwrap_or_else(|| id.to_owned());
        // The secret's ARN ends with six random characters chosen at creation.
        Ok(format!(
            "arn:{PARTITION}:secretsmanager:{REGION}:{ACCOUNT}:secret:{name}-??????"
        ))
    }

    fn sub(&self, arg: &Node, depth: usize) -> Resolution {
        let (template, variables) = match &arg.kind {
            NodeKind::String(s) => (s.as_str(), None),
            NodeKind::Array(items) => match items.as_slice() {
                [t, v] => (
                    t.as_str()
                        .ok_or_else(|| "`Fn::Sub` takes a string first".to_owned())?,
                    Some(v),
                ),
                _ => return Err("`Fn::Sub` takes a string and a map of variables".into()),
            },
            _ => return Err("`Fn::Sub` takes a string".into()),
        };
        let mut out = String::new();
        let mut rest = template;
        while let Some(i) = rest.find("${") {
            out.push_str(rest.get(..i).unwrap_or_default());
            let after = rest.get(i + 2..).unwrap_or_default();
            let Some(close) = after.find('}') else {
                return Err("`Fn::Sub` has a `${` without its `}`".into());
            };
            let name = after.get(..close).unwrap_or_default();
            rest = after.get(close + 1..).unwrap_or_default();
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
                continue;
            }
            let name = name.trim();
            let value = match variables.and_then(|v| v.get(name)) {
                Some(v) => self.value(v, depth)?,
                None => match name.split_once('.') {
                    Some((id, attribute)) if !name.starts_with("AWS::") => {
                        self.attribute(id, attribute, depth)?
                    }
                    _ => self.reference(name, false, depth)?,
                },
            };
            match value {
                Resolved::Text(t) => out.push_str(&t),
                Resolved::NoValue => return Err("`Fn::Sub` uses `AWS::NoValue`".into()),
            }
        }
        out.push_str(rest);
        Ok(Resolved::Text(out))
    }

    fn join(&self, arg: &Node, depth: usize) -> Resolution {
        let Some([delimiter, list]) = arg.as_array() else {
            return Err("`Fn::Join` takes a delimiter and a list".into());
        };
        let delimiter = self.text_of(delimiter, depth)?;
        let Some(items) = list.as_array() else {
            return Err("`Fn::Join` joins a list that rolecall cannot evaluate".into());
        };
        let mut parts = Vec::with_capacity(items.len());
        for item in items {
            if let Resolved::Text(t) = self.value(item, depth)? {
                parts.push(t);
            }
        }
        Ok(Resolved::Text(parts.join(&delimiter)))
    }

    fn select(&self, arg: &Node, depth: usize) -> Resolution {
        let Some([index, list]) = arg.as_array() else {
            return Err("`Fn::Select` takes an index and a list".into());
        };
        let index: usize = self
            .text_of(index, depth)?
            .parse()
            .map_err(|_| "`Fn::Select` takes a number".to_owned())?;
        let Some(items) = list.as_array() else {
            return Err("`Fn::Select` picks from a list that rolecall cannot evaluate".into());
        };
        match items.get(index) {
            Some(item) => self.value(item, depth),
            None => Err(format!("`Fn::Select` index {index} is past the list's end")),
        }
    }

    fn find_in_map(&self, arg: &Node, depth: usize) -> Resolution {
        let Some([map, top, second, ..]) = arg.as_array() else {
            return Err("`Fn::FindInMap` takes a map and two keys".into());
        };
        let map = self.text_of(map, depth)?;
        let top = self.text_of(top, depth)?;
        let second = self.text_of(second, depth)?;
        if top.contains('*') || second.contains('*') {
            return Err("`Fn::FindInMap` looks up a key known only at deploy time".into());
        }
        match self
            .template
            .mappings
            .and_then(|m| m.get(&map))
            .and_then(|m| m.get(&top))
            .and_then(|m| m.get(&second))
        {
            Some(value) => self.value(value, depth),
            None => Err(format!("mapping `{map}` has no `{top}.{second}`")),
        }
    }

    /// The index in `set.roles` of the template role that a `Roles` / `RoleName` entry names.
    fn role_index(&self, target: &Node, ids: &[&str], set: &RoleSet) -> Option<usize> {
        if let Some(("Ref", arg)) = intrinsic(target)
            && let Some(i) = arg
                .as_str()
                .and_then(|id| ids.iter().position(|x| *x == id))
        {
            return Some(i);
        }
        let Ok(Resolved::Text(name)) = self.value(target, 0) else {
            return None;
        };
        set.roles.iter().position(|r| r.name() == name)
    }

    /// A policy document with its intrinsics resolved, read as `input::roles` reads one.
    fn policy(
        &mut self,
        name: &str,
        doc: &Node,
        at: &At,
        problems: &mut Vec<RolesProblem>,
    ) -> Option<Policy> {
        let doc = self.tree(doc, at, Keys::Keep)?;
        super::roles::read_policy(name, &doc, problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{TaskDefinitionFormat, read_task_definition};

    const YAML: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Image:
    Type: String
    Default: nginx:1.25
  SharedRole:
    Type: String
Resources:
  TaskRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: web-task
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: {Service: ecs-tasks.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: bucket
          PolicyDocument:
            Version: 2012-10-17
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: !Sub 'arn:${AWS::Partition}:s3:::${Bucket}/*'
  ExecutionRole:
    Type: AWS::IAM::Role
    Properties:
      Path: /service/
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: {Service: ecs-tasks.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub 'arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: web-assets
  Logs:
    Type: AWS::Logs::LogGroup
  TaskDef:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: !Sub '${AWS::StackName}-web'
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      TaskRoleArn: !Ref TaskRole
      ExecutionRoleArn: !GetAtt ExecutionRole.Arn
      ContainerDefinitions:
        - Name: web
          Image: !Ref Image
          Secrets:
            - Name: TOKEN
              ValueFrom: !ImportValue shared-token
            - Name: DB
              ValueFrom: !Join [':', [arn, !Ref AWS::Partition, ssm, !Ref AWS::Region, !Ref AWS::AccountId, parameter/db]]
          LogConfiguration:
            LogDriver: awslogs
            Options:
              awslogs-group: !Ref Logs
              awslogs-region: !Ref AWS::Region
              awslogs-create-group: true
      Volumes:
        - Name: data
          EFSVolumeConfiguration:
            FilesystemId: fs-1234
            TransitEncryption: ENABLED
            AuthorizationConfig:
              IAM: ENABLED
  Other:
    Type: AWS::ECS::TaskDefinition
    Properties:
      TaskRoleArn: !Ref SharedRole
      ContainerDefinitions: []
"#;

    #[test]
    fn reads_the_first_task_definition_of_a_yaml_template() {
        let td = read_task_definition(YAML).unwrap();
        assert_eq!(td.format, TaskDefinitionFormat::CloudFormationYaml);
        assert_eq!(td.path_prefix, "Resources.TaskDef.Properties.");
        assert_eq!(td.resource.as_ref().unwrap().value, "TaskDef");
        assert_eq!(td.family.as_ref().unwrap().value, "*-web");
        assert_eq!(
            td.task_role_arn.as_ref().unwrap().value,
            "arn:aws:iam::*:role/web-task"
        );
        let exec = td.execution_role_arn.as_ref().unwrap();
        assert_eq!(exec.value, "arn:aws:iam::*:role/service/ExecutionRole");
        assert_eq!(
            &YAML[exec.span.start..exec.span.end],
            "!GetAtt ExecutionRole.Arn"
        );
        let c = &td.containers[0];
        assert_eq!(c.image.as_ref().unwrap().value, "nginx:1.25");
        // The secret whose ARN is imported is left out; the joined one is read.
        assert_eq!(c.secrets.len(), 1);
        assert_eq!(
            c.secrets[0].value_from.value,
            "arn:aws:ssm:*:*:parameter/db"
        );
        let log = c.log_configuration.as_ref().unwrap();
        assert_eq!(log.options["awslogs-group"].value, "*");
        assert_eq!(log.options["awslogs-create-group"].value, "true");
        let efs = td.volumes[0].efs.as_ref().unwrap();
        assert_eq!(efs.file_system_id.as_ref().unwrap().value, "fs-1234");
        assert_eq!(efs.iam.as_ref().unwrap().value, "ENABLED");
        let codes: Vec<_> = td.notes.iter().map(|n| (n.code, n.severity)).collect();
        assert_eq!(
            codes,
            [
                ("SEVERAL_TASK_DEFINITIONS", Severity::Info),
                (UNRESOLVED, Severity::Warning)
            ]
        );
        assert_eq!(
            td.notes[1].message,
            "`Resources.TaskDef.Properties.ContainerDefinitions[0].Secrets[0].ValueFrom` is left \
             unknown: `Fn::ImportValue` reads another stack's export"
        );
        assert!(td.is_unknown("containerDefinitions[0].secrets[0].valueFrom"));
        assert_eq!(
            td.source_path(
                "Resources.TaskDef.Properties.volumes[0].efsVolumeConfiguration.fileSystemId"
            ),
            "Resources.TaskDef.Properties.Volumes[0].EFSVolumeConfiguration.FilesystemId"
        );
    }

    #[test]
    fn template_roles_match_the_task_definition_arns() {
        let (set, problems) = template_roles(YAML).unwrap();
        assert!(problems.is_empty(), "{problems:#?}");
        let arns: Vec<_> = set.roles.iter().map(|r| r.arn.value.as_str()).collect();
        assert_eq!(
            arns,
            [
                "arn:aws:iam::*:role/web-task",
                "arn:aws:iam::*:role/service/ExecutionRole"
            ]
        );
        let task = &set.roles[0];
        assert!(task.trust_policy.is_some());
        assert_eq!(task.inline[0].name, "bucket");
        let exec = &set.roles[1];
        assert_eq!(
            exec.managed[0].value,
            "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
        );
        assert!(template_roles(r#"{"family": "x", "containerDefinitions": []}"#).is_none());
    }

    #[test]
    fn policy_resources_attach_to_template_roles() {
        let text = r#"{"Resources": {
            "R": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}},
            "P": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "Roles": [{"Ref": "R"}],
                  "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": {"Fn::ImportValue": "queue"}}]}}},
            "M": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"Roles": [{"Ref": "R"}],
                  "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}}}}}"#;
        let (set, problems) = template_roles(text).unwrap();
        let role = &set.roles[0];
        assert_eq!(role.arn.value, "arn:aws:iam::*:role/R");
        assert_eq!(role.inline.len(), 1);
        assert_eq!(role.managed[0].value, "arn:aws:iam::*:policy/M");
        assert!(set.customer_managed("arn:aws:iam::*:policy/M").is_some());
        assert!(
            problems
                .iter()
                .any(|p| p.code == UNRESOLVED && p.message.contains("Fn::ImportValue")),
            "{problems:#?}"
        );
    }

    #[test]
    fn reads_a_json_template_and_names_paths_in_pascal_case() {
        let text = r#"{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"TD": {
            "Type": "AWS::ECS::TaskDefinition",
            "Properties": {"ContainerDefinitions": [{"Name": "app", "Image": ["x"]}]}}}}"#;
        let errors = read_task_definition(text).unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "`Resources.TD.Properties.ContainerDefinitions[0].Image` must be a string, found an array"
        );
    }

    #[test]
    fn a_template_without_a_task_definition_says_so() {
        let text = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n";
        let errors = read_task_definition(text).unwrap_err();
        assert_eq!(errors[0].code(), "NO_TASK_DEFINITION");
        assert_eq!(
            errors[0].to_string(),
            "the CloudFormation template has no `AWS::ECS::TaskDefinition` resource"
        );
        assert_eq!(errors[0].span(), Span::new(0, 9));
    }

    #[test]
    fn unresolvable_container_definitions_are_an_error() {
        let text = "Resources:\n  TD:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions: !If [Prod, [], []]\n";
        let errors = read_task_definition(text).unwrap_err();
        assert_eq!(errors[0].code(), "VALUE_UNRESOLVED");
        assert!(errors[0].to_string().contains("`Fn::If`"));
    }

    #[test]
    fn no_value_removes_a_property_without_a_note() {
        let text = r#"{"Resources": {"TD": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
            "TaskRoleArn": {"Ref": "AWS::NoValue"}, "ContainerDefinitions": [{"Name": "a", "Image": "x"}]}}}}"#;
        let td = read_task_definition(text).unwrap();
        assert!(td.task_role_arn.is_none());
        assert!(td.notes.is_empty());
        assert_eq!(td.format, TaskDefinitionFormat::CloudFormationJson);
    }

    #[test]
    fn sub_with_variables_literals_and_attributes() {
        let text = r#"{"Resources": {
            "Repo": {"Type": "AWS::ECR::Repository", "Properties": {"RepositoryName": "web"}},
            "TD": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": [
              {"Name": "a", "Image": {"Fn::Sub": ["${Repo.RepositoryUri}:${Tag}", {"Tag": "1"}]}},
              {"Name": "b", "Image": {"Fn::Sub": "${!Literal}-${AWS::Region}"}},
              {"Name": "c", "Image": {"Fn::Select": [1, ["x", {"Fn::GetAtt": ["Repo", "Arn"]}]]}}]}}}}"#;
        let td = read_task_definition(text).unwrap();
        let images: Vec<_> = td
            .containers
            .iter()
            .map(|c| c.image.as_ref().unwrap().value.as_str())
            .collect();
        assert_eq!(
            images,
            [
                "*.dkr.ecr.*.amazonaws.com/web:1",
                "${Literal}-*",
                "arn:aws:ecr:*:*:repository/web"
            ]
        );
    }

    #[test]
    fn camel_and_pascal_round_trip() {
        for (pascal_name, camel_name) in [
            ("ContainerDefinitions", "containerDefinitions"),
            ("EFSVolumeConfiguration", "efsVolumeConfiguration"),
            ("IAM", "iam"),
            (
                "FSxWindowsFileServerVolumeConfiguration",
                "fsxWindowsFileServerVolumeConfiguration",
            ),
            ("DNSServers", "dnsServers"),
            ("awslogs-group", "awslogs-group"),
        ] {
            assert_eq!(camel(pascal_name), camel_name);
        }
        assert_eq!(camel("FilesystemId"), "fileSystemId");
        assert_eq!(
            source_path("containerDefinitions[1].logConfiguration.options.awslogs.group"),
            "ContainerDefinitions[1].LogConfiguration.Options.awslogs.group"
        );
        assert_eq!(
            source_path("volumes[0].fsxWindowsFileServerVolumeConfiguration.fileSystemId"),
            "Volumes[0].FSxWindowsFileServerVolumeConfiguration.FileSystemId"
        );
    }

    #[test]
    fn ecs_scalable_targets_and_their_target_tracking_policies() {
        let yaml = r#"Resources:
  Cluster:
    Type: AWS::ECS::Cluster
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions: [{Name: a, Image: nginx}]
  Service:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: web
      Cluster: !Ref Cluster
  Target:
    Type: AWS::ApplicationAutoScaling::ScalableTarget
    Properties:
      ServiceNamespace: ecs
      ResourceId: !Sub service/${Cluster}/${Service.Name}
      RoleARN: !Sub arn:aws:iam::${AWS::AccountId}:role/ecsAutoscaleRole
  TableTarget:
    Type: AWS::ApplicationAutoScaling::ScalableTarget
    Properties:
      ServiceNamespace: dynamodb
      ResourceId: table/orders
  Cpu:
    Type: AWS::ApplicationAutoScaling::ScalingPolicy
    Properties:
      PolicyType: TargetTrackingScaling
      ServiceNamespace: ecs
      ResourceId: service/*/web
  Steps:
    Type: AWS::ApplicationAutoScaling::ScalingPolicy
    Properties:
      PolicyType: StepScaling
      ScalingTargetId: !Ref Target
"#;
        let td = read_task_definition(yaml).unwrap();
        assert_eq!(td.scalable_targets.len(), 1);
        let target = &td.scalable_targets[0];
        assert_eq!(target.path, "Resources.Target");
        assert_eq!(target.resource_id.as_deref(), Some("service/*/web"));
        assert_eq!(
            target.role_arn.as_ref().unwrap().value,
            "arn:aws:iam::*:role/ecsAutoscaleRole"
        );
        let policies: Vec<&str> = target
            .target_tracking
            .iter()
            .map(|(p, _)| p.as_str())
            .collect();
        assert_eq!(policies, ["Resources.Cpu"]);
    }
}
