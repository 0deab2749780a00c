//! Finds where a task definition uses each feature of the rules table, with the values the rule
//! templates need.

use super::image::parse_ecr;
use super::rules::Feature;
use crate::diagnostic::Span;
use crate::input::{ContainerDefinition, TaskDefinition};

/// Where the task runs, as far as the input tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskContext {
    pub partition: String,
    pub account: Option<String>,
    pub region: Option<String>,
}

impl TaskContext {
    /// Reads the account and region from `taskDefinitionArn`, else the role ARNs, else the ECR
    /// image hosts and `awslogs-region`.
    #[must_use]
    pub fn of(td: &TaskDefinition) -> Self {
        let mut ctx = Self {
            partition: "aws".into(),
            account: None,
            region: None,
        };
        if let Some(arn) = &td.task_definition_arn {
            ctx.learn_from_arn(&arn.value);
        }
        for role in [&td.task_role_arn, &td.execution_role_arn]
            .into_iter()
            .flatten()
        {
            ctx.learn_from_arn(&role.value);
        }
        for c in &td.containers {
            if let Some(ecr) = c.image.as_ref().and_then(|i| parse_ecr(&i.value)) {
                ctx.account.get_or_insert(ecr.account);
                ctx.region.get_or_insert(ecr.region);
            }
        }
        for c in &td.containers {
            if let Some(region) = c
                .log_configuration
                .as_ref()
                .and_then(|l| l.options.get("awslogs-region"))
            {
                ctx.region.get_or_insert(region.value.clone());
            }
        }
        ctx
    }

    /// Takes what is not known yet from `arn:partition:service:region:account:…`.
    fn learn_from_arn(&mut self, arn: &str) {
        let mut parts = arn.split(':');
        if parts.next() != Some("arn") {
            return;
        }
        let (Some(partition), Some(_service), Some(region), Some(account)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return;
        };
        if self.account.is_none() && !partition.is_empty() {
            partition.clone_into(&mut self.partition);
        }
        if !region.is_empty() {
            self.region.get_or_insert_with(|| region.to_owned());
        }
        if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
            self.account.get_or_insert_with(|| account.to_owned());
        }
    }

    fn bindings(&self) -> Vec<(&'static str, String)> {
        let mut b = vec![("partition", self.partition.clone())];
        if let Some(account) = &self.account {
            b.push(("account", account.clone()));
        }
        if let Some(region) = &self.region {
            b.push(("region", region.clone()));
        }
        b
    }
}

/// One place where the task definition uses a feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureUse {
    pub feature: Feature,
    pub container: String,
    /// Path of the field in the input, e.g. `containerDefinitions[0].image`.
    pub path: String,
    pub span: Span,
    /// Values for the rule templates (`image`, `repository`, `group`…).
    pub bindings: Vec<(&'static str, String)>,
}

/// Every feature use of every container, in container order.
#[must_use]
pub fn detect(td: &TaskDefinition, ctx: &TaskContext) -> Vec<FeatureUse> {
    let mut uses = Vec::new();
    for c in &td.containers {
        let path = format!("{}containerDefinitions[{}]", td.path_prefix, c.index);
        ecr_image(c, &path, &mut uses);
        awslogs(c, ctx, &path, &mut uses);
    }
    uses
}

fn ecr_image(c: &ContainerDefinition, path: &str, uses: &mut Vec<FeatureUse>) {
    let Some(image) = &c.image else { return };
    let Some(ecr) = parse_ecr(&image.value) else {
        return;
    };
    uses.push(FeatureUse {
        feature: Feature::EcrImage,
        container: c.name.value.clone(),
        path: format!("{path}.image"),
        span: image.span,
        bindings: vec![
            ("image", image.value.clone()),
            ("reference", ecr.reference()),
            ("container", c.name.value.clone()),
            ("partition", ecr.partition.to_owned()),
            ("region", ecr.region),
            ("account", ecr.account),
            ("repository", ecr.repository),
        ],
    });
}

fn awslogs(c: &ContainerDefinition, ctx: &TaskContext, path: &str, uses: &mut Vec<FeatureUse>) {
    let Some(log) = &c.log_configuration else {
        return;
    };
    if log.log_driver.value != "awslogs" {
        return;
    }
    let mut bindings = ctx.bindings();
    bindings.push(("container", c.name.value.clone()));
    if let Some(region) = log.options.get("awslogs-region") {
        bindings.retain(|(k, _)| *k != "region");
        bindings.push(("region", region.value.clone()));
    }
    if let Some(group) = log.options.get("awslogs-group") {
        bindings.push(("group", group.value.clone()));
    }
    // Streams are named `prefix/container/task-id`; without a prefix, after the Docker
    // container ID: unknown before run time either way, but the prefix narrows it.
    if let Some(prefix) = log.options.get("awslogs-stream-prefix") {
        bindings.push(("stream", format!("{}/{}/*", prefix.value, c.name.value)));
    }
    uses.push(FeatureUse {
        feature: Feature::AwsLogs,
        container: c.name.value.clone(),
        path: format!("{path}.logConfiguration"),
        span: log.span,
        bindings: bindings.clone(),
    });
    if let Some(create) = log.options.get("awslogs-create-group")
        && parse_bool(&create.value)
    {
        uses.push(FeatureUse {
            feature: Feature::AwsLogsCreateGroup,
            container: c.name.value.clone(),
            path: format!("{path}.logConfiguration.options.awslogs-create-group"),
            span: create.span,
            bindings,
        });
    }
}

/// The Docker daemon reads driver options with Go's `strconv.ParseBool`.
fn parse_bool(value: &str) -> bool {
    matches!(value, "1" | "t" | "T" | "true" | "TRUE" | "True")
}
