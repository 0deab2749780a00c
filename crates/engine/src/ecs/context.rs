//! Where the task runs: partition, account and Region, as far as the inputs tell.

use super::image::parse_ecr;
use crate::input::TaskDefinition;

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
    pub fn of(td: &TaskDefinition, service: Option<&crate::input::service::Service>) -> Self {
        let mut ctx = Self {
            partition: "aws".into(),
            account: None,
            region: None,
        };
        if let Some(arn) = &td.task_definition_arn {
            ctx.learn_from_arn(&arn.value);
        }
        if let Some(arn) = service.and_then(|s| s.service_arn.as_ref().or(s.cluster.as_ref())) {
            ctx.learn_from_arn(&arn.value);
        }
        for role in [&td.task_role_arn, &td.execution_role_arn]
            .into_iter()
            .flatten()
        {
            ctx.learn_from_arn(&role.value);
        }
        for c in &td.containers {
            if ctx.account.is_some() && ctx.region.is_some() {
                break;
            }
            if let Some(ecr) = c.image.as_ref().and_then(|i| parse_ecr(&i.value)) {
                ctx.account.get_or_insert(ecr.account);
                ctx.region.get_or_insert(ecr.region);
            }
        }
        for c in &td.containers {
            if ctx.region.is_some() {
                break;
            }
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

    #[must_use]
    pub fn bindings(&self) -> Vec<(&'static str, String)> {
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
