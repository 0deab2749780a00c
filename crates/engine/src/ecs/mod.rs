//! From a task definition to the AWS calls it implies, who makes each one, and what is wrong.

pub mod decide;
pub mod features;
pub mod findings;
pub mod image;
pub mod rules;

use crate::diagnostic::{InputName, LineIndex, Span};
use crate::input::TaskDefinition;
use crate::input::roles::RoleSet;
use crate::report::{
    ActionLine, Finding, LaunchType, Report, RoleKind, Source, TaskDefinitionSummary,
};
use features::{FeatureUse, TaskContext};
use rules::{Feature, Performer, RULES};

/// The roles and their policies, with the text they were read from.
pub struct Roles<'a> {
    pub set: &'a RoleSet,
    pub text: &'a str,
}

/// Analyses one task definition read from `text`, deciding every line when roles are given.
#[must_use]
pub fn analyze(td: &TaskDefinition, text: &str, roles: Option<Roles<'_>>) -> Report {
    let index = LineIndex::new(text);
    let at = |span: Span| Some(index.locate(InputName::TaskDefinition, span));
    let ctx = TaskContext::of(td);
    let mut findings = Vec::new();
    let (launch_type, launch_type_from) = launch_type(td, &mut findings, &at);
    let kms_keys: Vec<crate::input::Spanned<String>> = roles
        .as_ref()
        .map(|r| {
            r.set
                .resource_policies
                .iter()
                .filter(|(arn, _)| arn.value.split(':').nth(2) == Some("kms"))
                .map(|(arn, _)| arn.clone())
                .collect()
        })
        .unwrap_or_default();
    let detected = features::detect(td, &ctx, &kms_keys);
    let uses = detected.uses;
    for note in detected.notes {
        findings.push(note.kind.raise(note.message, at(note.span)));
    }

    let mut actions: Vec<ActionLine> = Vec::new();
    for u in &uses {
        for rule in RULES.iter().filter(|r| r.feature == u.feature) {
            let (role, role_arn) = performer_role(rule.performer, launch_type, td);
            let resource = rules::fill(rule.resource, &u.bindings);
            let existing = actions.iter_mut().find(|a| {
                a.role == role
                    && a.role_arn == role_arn
                    && a.action == rule.action
                    && a.resource == resource
            });
            if let Some(line) = existing {
                if !line.source.containers.contains(&u.container) {
                    line.source.containers.push(u.container.clone());
                }
                continue;
            }
            actions.push(ActionLine {
                role,
                role_arn,
                action: rule.action.into(),
                resource,
                reason: rules::fill(rule.reason, &u.bindings),
                decision: None,
                decided_by: Vec::new(),
                depends_on: Vec::new(),
                context: u.context.clone(),
                rule: rule.id.into(),
                source: Source {
                    path: u.path.clone(),
                    containers: vec![u.container.clone()],
                    location: index.locate(InputName::TaskDefinition, u.span),
                },
                docs: rule.docs.into(),
            });
        }
    }

    role_findings(td, launch_type, &uses, &mut findings, &at);
    for c in &td.containers {
        let Some(log) = &c.log_configuration else {
            continue;
        };
        if log.log_driver.value == "awslogs" && !log.options.contains_key("awslogs-region") {
            findings.push(findings::AWSLOGS_REGION_MISSING.raise(
                format!(
                    "container `{}` uses the awslogs driver without `awslogs-region`",
                    c.name.value
                ),
                at(log.span),
            ));
        }
    }

    if let Some(roles) = roles {
        let mut task_roles = Vec::new();
        if let Some(arn) = &td.execution_role_arn {
            task_roles.push((RoleKind::Execution, arn.value.as_str()));
        }
        if let Some(arn) = &td.task_role_arn {
            task_roles.push((RoleKind::Task, arn.value.as_str()));
        }
        decide::decide_all(
            &mut actions,
            &mut findings,
            &task_roles,
            roles.set,
            roles.text,
            &ctx,
        );
    }

    Report {
        launch_type,
        task_definition: TaskDefinitionSummary {
            format: td.format.label().into(),
            family: td.family.as_ref().map(|f| f.value.clone()),
            account: ctx.account.clone().unwrap_or_else(|| "*".into()),
            region: ctx.region.clone().unwrap_or_else(|| "*".into()),
            launch_type_from,
        },
        actions,
        findings,
    }
}

fn launch_type(
    td: &TaskDefinition,
    findings: &mut Vec<Finding>,
    at: &dyn Fn(Span) -> Option<crate::diagnostic::Location>,
) -> (LaunchType, String) {
    let field = format!("{}requiresCompatibilities", td.path_prefix);
    let Some(compat) = &td.requires_compatibilities else {
        findings.push(
            findings::LAUNCH_TYPE_ASSUMED.raise(
                "`requiresCompatibilities` is not set: assuming the EC2 launch type, the default"
                    .into(),
                at(Span::new(td.span.start, td.span.start + 1)),
            ),
        );
        return (
            LaunchType::Ec2,
            "assumed: EC2 is the default launch type".into(),
        );
    };
    let known: Vec<LaunchType> = compat
        .value
        .iter()
        .filter_map(|v| match v.value.as_str() {
            "FARGATE" => Some(LaunchType::Fargate),
            "EC2" => Some(LaunchType::Ec2),
            "EXTERNAL" => Some(LaunchType::External),
            _ => None,
        })
        .collect();
    match known.as_slice() {
        [one] => (*one, format!("`{field}`")),
        [] => {
            findings.push(findings::LAUNCH_TYPE_ASSUMED.raise(
                format!("`{field}` names no launch type rolecall knows: assuming EC2"),
                at(compat.span),
            ));
            (
                LaunchType::Ec2,
                "assumed: no known launch type was given".into(),
            )
        }
        several => {
            // Fargate is the strictest about roles, so its answer holds on the others too.
            let chosen = if several.contains(&LaunchType::Fargate) {
                LaunchType::Fargate
            } else {
                LaunchType::Ec2
            };
            findings.push(findings::LAUNCH_TYPE_ASSUMED.raise(
                format!(
                    "`{field}` allows several launch types: showing {}",
                    chosen.as_str()
                ),
                at(compat.span),
            ));
            (chosen, format!("assumed: `{field}` allows several"))
        }
    }
}

/// The role that performs a rule's action for this task, with its ARN when the input names it.
fn performer_role(
    performer: Performer,
    launch_type: LaunchType,
    td: &TaskDefinition,
) -> (RoleKind, Option<String>) {
    let named = |arn: &Option<crate::input::Spanned<String>>| arn.as_ref().map(|a| a.value.clone());
    match performer {
        Performer::ExecutionElseInstance => match (&td.execution_role_arn, launch_type) {
            (Some(arn), _) => (RoleKind::Execution, Some(arn.value.clone())),
            (None, LaunchType::Fargate) => (RoleKind::Execution, None),
            (None, LaunchType::Ec2 | LaunchType::External) => (RoleKind::Instance, None),
        },
        Performer::Execution => (RoleKind::Execution, named(&td.execution_role_arn)),
        Performer::Task => match (&td.task_role_arn, launch_type) {
            (Some(arn), _) => (RoleKind::Task, Some(arn.value.clone())),
            // Without task credentials, SDKs fall through to the instance metadata service.
            (None, LaunchType::Ec2 | LaunchType::External) => (RoleKind::Instance, None),
            // Fargate gives containers no instance profile: there are no credentials at all.
            (None, LaunchType::Fargate) => (RoleKind::None, None),
        },
    }
}

fn role_findings(
    td: &TaskDefinition,
    launch_type: LaunchType,
    uses: &[FeatureUse],
    findings: &mut Vec<Finding>,
    at: &dyn Fn(Span) -> Option<crate::diagnostic::Location>,
) {
    if td.execution_role_arn.is_none() {
        for u in uses {
            let c = &u.container;
            let what = match (u.feature, launch_type) {
                (Feature::EcrImage, LaunchType::Fargate) => format!(
                    "container `{c}` pulls a private ECR image on Fargate without `executionRoleArn`: \
                     registration fails with \"Fargate requires task definition to have execution \
                     role ARN to support ECR images.\""
                ),
                (Feature::AwsLogs, LaunchType::Fargate) => format!(
                    "container `{c}` logs with awslogs on Fargate without `executionRoleArn`: \
                     registration fails with \"Fargate requires task definition to have execution \
                     role ARN to support log driver awslogs.\""
                ),
                (Feature::SecretsManagerSecret | Feature::SsmParameter, _) => format!(
                    "container `{c}` references secrets without `executionRoleArn`: registration \
                     fails with \"When you are specifying container secrets, you must also specify \
                     a value for 'executionRoleArn'.\""
                ),
                (Feature::RegistryCredentials, _) => format!(
                    "container `{c}` uses private registry credentials, which the agent reads with \
                     the execution role only, and there is no `executionRoleArn`"
                ),
                (
                    Feature::EnvironmentFile
                    | Feature::FirelensS3Config
                    | Feature::FsxCredentialsSecret
                    | Feature::FsxCredentialsParameter
                    | Feature::FsxVolume,
                    _,
                ) => format!(
                    "`{}` is read by the agent with the execution role only, and there is no \
                     `executionRoleArn`: the task fails to start",
                    u.path
                ),
                _ => continue,
            };
            findings.push(findings::EXEC_ROLE_MISSING.raise(what, at(u.span)));
        }
    }
    if launch_type == LaunchType::Fargate && td.task_role_arn.is_none() {
        for u in uses.iter().filter(|u| {
            RULES
                .iter()
                .any(|r| r.feature == u.feature && r.performer == Performer::Task)
        }) {
            findings.push(findings::TASK_ROLE_MISSING_FARGATE.raise(
                format!(
                    "`{}` needs AWS credentials in the task, but there is no `taskRoleArn` and \
                     Fargate gives containers no instance role: the calls fail",
                    u.path
                ),
                at(u.span),
            ));
        }
    }
    if launch_type == LaunchType::Ec2 && td.task_role_arn.is_none() {
        findings.push(findings::TASK_ROLE_MISSING_EC2_FALLBACK.raise(
            "no `taskRoleArn` on the EC2 launch type: the containers get the EC2 instance role's \
             credentials from the instance metadata service"
                .into(),
            at(Span::new(td.span.start, td.span.start + 1)),
        ));
    }
    if let (Some(task), Some(exec)) = (&td.task_role_arn, &td.execution_role_arn)
        && task.value == exec.value
    {
        findings.push(findings::SAME_ROLE_FOR_TASK_AND_EXEC.raise(
            format!(
                "`taskRoleArn` and `executionRoleArn` are the same role `{}`: the application \
                 gets every permission the agent has",
                task.value
            ),
            at(task.span),
        ));
    }
}
