//! Application Auto Scaling of an ECS service, as a CloudFormation template or a Terraform plan
//! defines it next to the task definition: `AWS::ApplicationAutoScaling::ScalableTarget` /
//! `aws_appautoscaling_target` with the `ecs` service namespace, and the target tracking scaling
//! policies attached to it. A service definition (CreateService, describe-services) says nothing
//! of scaling, so these documents are where it can be seen.

use super::task_definition::Spanned;
use crate::diagnostic::Span;

/// A scalable target of an ECS service's desired count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScalableTarget {
    /// Where it is defined: `Resources.ServiceScaling` or `aws_appautoscaling_target.app`.
    pub path: String,
    /// The logical id or resource address, at its name.
    pub span: Span,
    /// `service/<cluster>/<service>`, with `*` for the parts the document leaves to deploy time;
    /// `None` when it cannot be read at all.
    pub resource_id: Option<String>,
    /// `RoleARN` / `role_arn`, when the document gives it.
    pub role_arn: Option<Spanned<String>>,
    /// The target tracking scaling policies of this target, where they are defined: Application
    /// Auto Scaling creates and manages their CloudWatch alarms.
    pub target_tracking: Vec<(String, Span)>,
}

impl ScalableTarget {
    /// The ECS service's ARN in `partition`, `region` and `account`, from `service/<cluster>/<name>`.
    #[must_use]
    pub fn service_arn(&self, partition: &str, region: &str, account: &str) -> String {
        let (cluster, name) = self
            .resource_id
            .as_deref()
            .and_then(|id| id.strip_prefix("service/"))
            .and_then(|rest| rest.split_once('/'))
            .unwrap_or(("*", "*"));
        format!("arn:{partition}:ecs:{region}:{account}:service/{cluster}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_arn_from_the_resource_id() {
        let mut t = ScalableTarget {
            path: "Resources.Scaling".into(),
            span: Span::default(),
            resource_id: Some("service/shop/web".into()),
            role_arn: None,
            target_tracking: Vec::new(),
        };
        assert_eq!(
            t.service_arn("aws", "us-east-1", "111122223333"),
            "arn:aws:ecs:us-east-1:111122223333:service/shop/web"
        );
        t.resource_id = None;
        assert_eq!(
            t.service_arn("aws", "*", "*"),
            "arn:aws:ecs:*:*:service/*/*"
        );
    }
}
