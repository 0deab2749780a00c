//! The report: what the engine knows, in the stable JSON shape the UI and the CLI render.
//! The schema is documented in `docs/report.md`.

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Location, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LaunchType {
    Fargate,
    Ec2,
    External,
}

impl LaunchType {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fargate => "FARGATE",
            Self::Ec2 => "EC2",
            Self::External => "EXTERNAL",
        }
    }
}

/// Which role performs an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoleKind {
    /// `executionRoleArn`: the ECS agent or Fargate, before and around your containers.
    Execution,
    /// `taskRoleArn`: your application code.
    Task,
    /// The EC2 container instance role (instance profile).
    Instance,
    /// ECS's service-linked role `AWSServiceRoleForECS` (load balancers, Cloud Map).
    ServiceLinked,
    /// The legacy service scheduler role the service names in `role`.
    ServiceScheduler,
    /// The role ECS assumes for EBS volumes and Service Connect TLS.
    Infrastructure,
    /// Application Auto Scaling: its service-linked role for ECS services, or the role a
    /// scalable target names.
    Autoscaling,
    /// Nobody: the call would be made without credentials.
    None,
}

impl RoleKind {
    /// The report's name for the role (`"execution"`, `"service-linked"`…).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Execution => "execution",
            Self::Task => "task",
            Self::Instance => "instance",
            Self::ServiceLinked => "service-linked",
            Self::ServiceScheduler => "service-scheduler",
            Self::Infrastructure => "infrastructure",
            Self::Autoscaling => "autoscaling",
            Self::None => "none",
        }
    }

    /// How the playground and the text report name the role.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Execution => "task execution role",
            Self::Task => "task role",
            Self::Instance => "container instance role",
            Self::ServiceLinked => "service-linked role",
            Self::ServiceScheduler => "service scheduler role",
            Self::Infrastructure => "infrastructure role",
            Self::Autoscaling => "auto scaling role",
            Self::None => "no credentials",
        }
    }

    /// The field or place that names this role's ARN.
    #[must_use]
    pub fn named_by(self) -> &'static str {
        match self {
            Self::Execution => "executionRoleArn",
            Self::Task => "taskRoleArn",
            Self::Instance => "the EC2 instance profile",
            Self::ServiceLinked => "AWSServiceRoleForECS",
            Self::ServiceScheduler => "the service's `role`",
            Self::Infrastructure => "`managedEBSVolume.roleArn` or `tls.roleArn`",
            Self::Autoscaling => {
                "the scalable target's `RoleARN`, else AWSServiceRoleForApplicationAutoScaling_ECSService"
            }
            Self::None => "nothing",
        }
    }
}

/// The whole answer to "who does what" for one task definition.
///
/// `Eq` matters beyond tests: `Rc<T>` compares by pointer first only when `T: Eq`, and the page
/// hands its components an `Rc<Report>` that they compare on every render. Without it each
/// keystroke compared the 1,070 lines of a large report with themselves, field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Report {
    pub launch_type: LaunchType,
    pub task_definition: TaskDefinitionSummary,
    pub actions: Vec<ActionLine>,
    pub findings: Vec<Finding>,
    /// The least-privilege identity and trust policy of each role that performs a line, keyed
    /// by the role's ARN, or its kind when the input does not name it.
    pub suggested_policies:
        std::collections::BTreeMap<String, crate::ecs::suggest::SuggestedPolicy>,
}

/// What was read, for the header of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskDefinitionSummary {
    /// The detected input format, as the playground's badge says it.
    pub format: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// The account and region the task runs in, `*` where the input does not say.
    pub account: String,
    pub region: String,
    /// Where the launch type was read from, or why it was assumed.
    pub launch_type_from: String,
}

/// One AWS call that running the task implies: who makes it, on what, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ActionLine {
    pub role: RoleKind,
    /// The role's ARN when the input names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    pub action: String,
    /// The concrete ARN the call touches, with `*` only for what is unknown before run time.
    pub resource: String,
    pub reason: String,
    /// Whether the role's policies allow the call; absent when no roles were given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<LineDecision>,
    /// The statements that decided, or, for a conditional decision, those that depend on
    /// request context rolecall cannot know.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decided_by: Vec<DecidingStatement>,
    /// For a conditional decision: the condition keys it depends on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    /// Request context the call is known to carry (`Some`) or to lack (`None`), used for the
    /// decision; not part of the report.
    #[serde(skip)]
    pub context: Vec<(String, Option<String>)>,
    /// The rule of the rules table that implied this line (borrowed from the table: a large
    /// task has a thousand lines, made again on every analysis).
    pub rule: std::borrow::Cow<'static, str>,
    pub source: Source,
    /// The AWS documentation the rule comes from.
    pub docs: std::borrow::Cow<'static, str>,
}

/// Whether the performing role's policies allow an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineDecision {
    Allowed,
    Denied,
    /// Allowed or denied depending on request context unknown before run time.
    Conditional,
    /// The role is named but its policies were not given.
    NoPolicy,
}

impl LineDecision {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::Denied => "denied",
            Self::Conditional => "conditional",
            Self::NoPolicy => "no-policy",
        }
    }
}

/// A statement that decided a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecidingStatement {
    /// `identity`, `resource` or `permissionsBoundary`.
    pub policy_type: String,
    /// The inline policy's name, or the managed policy's ARN.
    pub policy: String,
    pub effect: String,
    /// The statement's `Sid`, else its position from 0.
    pub statement: String,
    /// Where it is in the roles input; absent for bundled AWS managed policies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// Where in the input an action line comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Source {
    /// The field that implies the action, e.g. `containerDefinitions[0].image`.
    pub path: String,
    /// Every container that implies it (one line stands for all of them).
    pub containers: Vec<String>,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Finding {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    /// How to fix it.
    pub help: String,
    pub docs: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}
