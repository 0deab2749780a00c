//! From a task definition to the AWS calls it implies, who makes each one, and what is wrong.

#[cfg(feature = "catalog")]
pub mod broad;
pub mod context;
pub mod decide;
pub mod features;
pub mod findings;
pub mod image;
#[cfg(feature = "catalog")]
pub mod lint;
pub mod rules;
pub mod service_features;
pub mod suggest;

use crate::diagnostic::{InputName, LineIndex, Location, Span};
use crate::input::TaskDefinition;
use crate::input::app_actions::AppAction;
use crate::input::roles::RoleSet;
use crate::input::service::Service;
use crate::report::{
    ActionLine, Finding, LaunchType, Report, RoleKind, Source, TaskDefinitionSummary,
};
use features::{FeatureUse, TaskContext};
use rules::{Feature, Performer, RULES};

/// The roles and their policies, with the text they were read from.
pub struct Roles<'a> {
    pub set: &'a RoleSet,
    pub text: &'a str,
    /// The input the roles were read from: the roles input, or the task definition input for a
    /// CloudFormation template's own `AWS::IAM::Role` resources.
    pub input: InputName,
    /// Which reading of the roles this is. A [`decide::Memo`]'s answers hold while the
    /// reading, the input and the task context stay the same, so that an unchanged roles text
    /// of hundreds of kilobytes is not compared again on every analysis: give a different
    /// number to each different text (a fresh memo takes any).
    pub reading: u64,
}

/// Everything the user gave, read, with the texts for locating places.
pub struct Inputs<'a> {
    pub task_definition: &'a TaskDefinition,
    pub task_definition_text: &'a str,
    pub service: Option<(&'a Service, &'a str)>,
    pub roles: Option<Roles<'a>>,
    pub app_actions: Option<(&'a [AppAction], &'a str)>,
}

/// Line and column for places in any of the inputs.
struct Locator<'a> {
    indexes: Vec<(InputName, LineIndex<'a>)>,
}

impl Locator<'_> {
    fn locate(&self, input: InputName, span: Span) -> Location {
        self.indexes.iter().find(|(name, _)| *name == input).map_or(
            Location {
                input,
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 1,
                offset: span.start,
                length: 0,
            },
            |(_, i)| i.locate(input, span),
        )
    }
}

/// Analyses a task definition, with its service, roles and app actions when given: every implied
/// call, who makes it, and, when roles are given, whether their policies allow it.
#[must_use]
pub fn analyze(inputs: &Inputs<'_>) -> Report {
    analyze_with(inputs, &mut decide::Memo::default())
}

/// [`analyze`], answering the questions an earlier analysis of the same roles already decided
/// from `memo`, and leaving this analysis's answers in it.
#[must_use]
pub fn analyze_with(inputs: &Inputs<'_>, memo: &mut decide::Memo) -> Report {
    let td = inputs.task_definition;
    let service = inputs.service.map(|(s, _)| s);
    let mut locator = Locator {
        indexes: vec![(
            InputName::TaskDefinition,
            LineIndex::new(inputs.task_definition_text),
        )],
    };
    if let Some((_, text)) = inputs.service {
        locator
            .indexes
            .push((InputName::Service, LineIndex::new(text)));
    }
    if let Some((_, text)) = inputs.app_actions {
        locator
            .indexes
            .push((InputName::AppActions, LineIndex::new(text)));
    }
    let at = |span: Span| Some(locator.locate(InputName::TaskDefinition, span));
    let ctx = TaskContext::of(td, service);
    let mut findings = Vec::new();
    let (launch_type, launch_type_from) = launch_type(td, service, &mut findings, &at);
    let kms_keys: Vec<crate::input::Spanned<String>> = inputs
        .roles
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
    let mut detected = features::detect(td, &ctx, &kms_keys);
    if let Some(service) = service {
        let awsvpc = td
            .network_mode
            .as_ref()
            .is_some_and(|m| m.value == "awsvpc");
        let more = service_features::detect(service, &ctx, awsvpc);
        detected.uses.extend(more.uses);
        detected.notes.extend(more.notes);
    }
    if detected.uses.iter().any(|u| u.feature == Feature::EcsExec) {
        let more = service_features::exec_logging(td, &ctx);
        detected.uses.extend(more.uses);
        detected.notes.extend(more.notes);
    }
    if !td.scalable_targets.is_empty() {
        let more = service_features::scaling(td, &ctx);
        detected.uses.extend(more.uses);
        detected.notes.extend(more.notes);
    }
    if let Some((actions, _)) = inputs.app_actions {
        detected.uses.extend(service_features::app_actions(actions));
    }
    let uses = detected.uses;
    for note in detected.notes {
        findings.push(
            note.kind
                .raise(note.message, Some(locator.locate(note.input, note.span))),
        );
    }

    let mut actions: Vec<ActionLine> = Vec::new();
    // One line per distinct (resource, action, role, role ARN): where each one is, keyed by
    // the four joined (one map of strings, as elsewhere, keeps the page's bundle small).
    let mut lines: decide::HashMap<String, usize> = decide::HashMap::default();
    for u in &uses {
        for rule in RULES.iter().filter(|r| r.feature == u.feature) {
            let (role, role_arn) =
                performer_role(rule.performer, u, launch_type, td, service, &ctx);
            let action = rules::fill(rule.action, &u.bindings);
            let resource = rules::fill(rule.resource, &u.bindings);
            // The resource first: it tells lines apart soonest.
            let key = [
                &resource,
                &action,
                role.as_str(),
                role_arn.as_deref().unwrap_or_default(),
            ]
            .join("\n");
            if let Some(line) = lines.get(&key).and_then(|&i| actions.get_mut(i)) {
                if !u.container.is_empty() && !line.source.containers.contains(&u.container) {
                    line.source.containers.push(u.container.clone());
                }
                continue;
            }
            lines.insert(key, actions.len());
            actions.push(ActionLine {
                role,
                role_arn,
                action,
                resource,
                reason: rules::fill(rule.reason, &u.bindings),
                decision: None,
                decided_by: Vec::new(),
                depends_on: Vec::new(),
                context: rules::known_absent(rule.id, launch_type)
                    .iter()
                    .map(|k| ((*k).to_owned(), None))
                    .chain(u.context.iter().cloned())
                    .collect(),
                rule: rule.id.into(),
                source: Source {
                    path: if u.input == InputName::TaskDefinition {
                        td.source_path(&u.path)
                    } else {
                        u.path.clone()
                    },
                    containers: if u.container.is_empty() {
                        Vec::new()
                    } else {
                        vec![u.container.clone()]
                    },
                    location: locator.locate(u.input, u.span),
                },
                docs: rule.docs.into(),
            });
        }
    }

    if td.containers.is_empty() {
        findings.push(findings::NO_CONTAINERS.raise(
            "the task definition has no containers, so it implies no AWS calls".into(),
            at(Span::new(td.span.start, td.span.start + 1)),
        ));
    }
    role_findings(td, launch_type, &uses, &mut findings, &|input, span| {
        Some(locator.locate(input, span))
    });
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

    if let Some(roles) = &inputs.roles {
        let mut task_roles = Vec::new();
        if let Some(arn) = &td.execution_role_arn {
            task_roles.push((RoleKind::Execution, arn.value.as_str()));
        }
        if let Some(arn) = &td.task_role_arn {
            task_roles.push((RoleKind::Task, arn.value.as_str()));
        }
        for line in &actions {
            if matches!(
                line.role,
                RoleKind::Infrastructure | RoleKind::ServiceScheduler | RoleKind::Autoscaling
            ) && let Some(arn) = line.role_arn.as_deref()
                && !is_service_linked(arn)
                // The same role may be named for two jobs (a task role given as infrastructure
                // role): each job is checked.
                && !task_roles.iter().any(|(k, a)| *a == arn && *k == line.role)
            {
                task_roles.push((line.role, arn));
            }
        }
        let task_roles: Vec<(RoleKind, String)> = task_roles
            .into_iter()
            .map(|(k, a)| (k, a.to_owned()))
            .collect();
        let task_roles: Vec<(RoleKind, &str)> =
            task_roles.iter().map(|(k, a)| (*k, a.as_str())).collect();
        let unresolved: Vec<RoleKind> = [
            ("executionRoleArn", RoleKind::Execution),
            ("taskRoleArn", RoleKind::Task),
        ]
        .into_iter()
        .filter(|(field, _)| td.is_unknown(field))
        .map(|(_, kind)| kind)
        .collect();
        decide::decide_all(
            &mut actions,
            &mut findings,
            &task_roles,
            &unresolved,
            roles,
            &ctx,
            memo,
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
        suggested_policies: suggest::suggest(&actions, &ctx),
        actions,
        findings,
    }
}

fn launch_type(
    td: &TaskDefinition,
    service: Option<&Service>,
    findings: &mut Vec<Finding>,
    at: &dyn Fn(Span) -> Option<crate::diagnostic::Location>,
) -> (LaunchType, String) {
    if let Some(service) = service {
        if let Some(lt) = &service.launch_type {
            match lt.value.as_str() {
                "FARGATE" => return (LaunchType::Fargate, "the service's `launchType`".into()),
                "EC2" => return (LaunchType::Ec2, "the service's `launchType`".into()),
                "EXTERNAL" => return (LaunchType::External, "the service's `launchType`".into()),
                _ => {}
            }
        }
        if let Some(first) = service.capacity_providers.first() {
            let fargate = first.value.starts_with("FARGATE");
            return (
                if fargate {
                    LaunchType::Fargate
                } else {
                    LaunchType::Ec2
                },
                format!("the service's capacity provider `{}`", first.value),
            );
        }
    }
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

/// Application Auto Scaling's service-linked role for ECS services, after `role/`.
pub const AUTOSCALING_SERVICE_LINKED_ROLE: &str = "aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService";

/// Whether a role ARN is a service-linked role's (`role/aws-service-role/…`), whose policy is
/// AWS's.
#[must_use]
pub fn is_service_linked(role_arn: &str) -> bool {
    role_arn.contains(":role/aws-service-role/")
}

/// The role that performs a rule's action for this task, with its ARN when the input names it.
fn performer_role(
    performer: Performer,
    u: &FeatureUse,
    launch_type: LaunchType,
    td: &TaskDefinition,
    service: Option<&Service>,
    ctx: &TaskContext,
) -> (RoleKind, Option<String>) {
    let named = |arn: &Option<crate::input::Spanned<String>>| arn.as_ref().map(|a| a.value.clone());
    match performer {
        Performer::ExecutionElseInstance => match (&td.execution_role_arn, launch_type) {
            (Some(arn), _) => (RoleKind::Execution, Some(arn.value.clone())),
            (None, _) if td.is_unknown("executionRoleArn") => (RoleKind::Execution, None),
            (None, LaunchType::Fargate) => (RoleKind::Execution, None),
            (None, LaunchType::Ec2 | LaunchType::External) => (RoleKind::Instance, None),
        },
        Performer::Execution => (RoleKind::Execution, named(&td.execution_role_arn)),
        Performer::Task => match (&td.task_role_arn, launch_type) {
            (Some(arn), _) => (RoleKind::Task, Some(arn.value.clone())),
            (None, _) if td.is_unknown("taskRoleArn") => (RoleKind::Task, None),
            // Without task credentials, SDKs fall through to the instance metadata service.
            (None, LaunchType::Ec2 | LaunchType::External) => (RoleKind::Instance, None),
            // Fargate gives containers no instance profile: there are no credentials at all.
            (None, LaunchType::Fargate) => (RoleKind::None, None),
        },
        Performer::ServiceLinked => {
            // A service role is used for load balancers only without `awsvpc`; with it, ECS
            // uses its service-linked role whatever the service names.
            let awsvpc = td
                .network_mode
                .as_ref()
                .is_some_and(|m| m.value == "awsvpc");
            let legacy = service.and_then(|s| s.role.as_ref()).filter(|_| !awsvpc);
            match (legacy, u.feature) {
                (Some(role), Feature::LoadBalancerTarget | Feature::ClassicLoadBalancer) => {
                    // `role` takes a name or an ARN.
                    let arn = if role.value.starts_with("arn:") {
                        Some(role.value.clone())
                    } else {
                        ctx.account.as_ref().map(|account| {
                            format!("arn:{}:iam::{account}:role/{}", ctx.partition, role.value)
                        })
                    };
                    (RoleKind::ServiceScheduler, arn)
                }
                _ => (
                    RoleKind::ServiceLinked,
                    ctx.account.as_ref().map(|account| {
                        format!(
                            "arn:{}:iam::{account}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
                            ctx.partition
                        )
                    }),
                ),
            }
        }
        Performer::Infrastructure => (
            RoleKind::Infrastructure,
            u.bindings
                .iter()
                .find(|(k, _)| *k == "role")
                .map(|(_, v)| v.clone()),
        ),
        // The service-linked role unless the scalable target names another; its account is the
        // task's, `*` when unknown, so that its AWS-maintained policy can still decide.
        Performer::AutoScaling => (
            RoleKind::Autoscaling,
            Some(u.bindings.iter().find(|(k, _)| *k == "role").map_or_else(
                || {
                    format!(
                        "arn:{}:iam::{}:role/{AUTOSCALING_SERVICE_LINKED_ROLE}",
                        ctx.partition,
                        ctx.account.as_deref().unwrap_or("*")
                    )
                },
                |(_, v)| v.clone(),
            )),
        ),
    }
}

fn role_findings(
    td: &TaskDefinition,
    launch_type: LaunchType,
    uses: &[FeatureUse],
    findings: &mut Vec<Finding>,
    locate: &dyn Fn(InputName, Span) -> Option<Location>,
) {
    let at = |span: Span| locate(InputName::TaskDefinition, span);
    // A role field a template or plan leaves unresolved is not missing: it is unknown.
    let exec_unknown = td.is_unknown("executionRoleArn");
    let task_unknown = td.is_unknown("taskRoleArn");
    if td.execution_role_arn.is_none() && !exec_unknown {
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
            findings.push(findings::EXEC_ROLE_MISSING.raise(what, locate(u.input, u.span)));
        }
    }
    if launch_type == LaunchType::Fargate && td.task_role_arn.is_none() && !task_unknown {
        let mut seen = Vec::new();
        for u in uses.iter().filter(|u| {
            RULES
                .iter()
                .any(|r| r.feature == u.feature && r.performer == Performer::Task)
        }) {
            // One finding per place: an EFS volume implies two calls at the same field.
            if seen.contains(&(u.input, u.span)) {
                continue;
            }
            seen.push((u.input, u.span));
            let what = match u.feature {
                Feature::AppAction => format!(
                    "the application's call `{}`",
                    u.bindings
                        .iter()
                        .find(|(k, _)| *k == "action")
                        .map_or("", |(_, v)| v.as_str())
                ),
                Feature::EcsExec => "ECS Exec (`enableExecuteCommand`)".to_owned(),
                _ => format!("`{}`", u.path),
            };
            findings.push(findings::TASK_ROLE_MISSING_FARGATE.raise(
                format!(
                    "{what} needs AWS credentials in the task, but there is no `taskRoleArn` and \
                     Fargate gives containers no instance role: the calls fail"
                ),
                locate(u.input, u.span),
            ));
        }
    }
    if launch_type == LaunchType::Ec2 && td.task_role_arn.is_none() && !task_unknown {
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
