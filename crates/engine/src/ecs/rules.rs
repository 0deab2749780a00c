//! The rules table: each task-definition feature → who performs which action on which resource,
//! why, and the AWS documentation that says so. Extend the product by adding rows here.

/// A task-definition feature that implies AWS calls. Detection (in `features.rs`) produces
/// one [`FeatureUse`](super::features::FeatureUse) per place the feature is used, with the values
/// the templates below refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Feature {
    /// A container image in a private Amazon ECR repository.
    EcrImage,
    /// A container that logs with the `awslogs` driver.
    AwsLogs,
    /// `awslogs-create-group` is `"true"`.
    AwsLogsCreateGroup,
}

/// Who performs a rule's action, before the launch type and the task's roles are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Performer {
    /// The ECS agent (or Fargate) with the task execution role; on EC2 and External with no
    /// `executionRoleArn`, the agent or the Docker daemon falls back to the instance role.
    /// On Fargate the execution role is required.
    ExecutionElseInstance,
}

/// One row: a feature implies one action by one performer on one resource.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable identifier, shown in reports.
    pub id: &'static str,
    pub feature: Feature,
    pub performer: Performer,
    pub action: &'static str,
    /// An ARN template; `{name}` is filled from the feature use, and becomes `*` when unknown.
    pub resource: &'static str,
    /// Why the call is made; the same placeholders as `resource`.
    pub reason: &'static str,
    pub docs: &'static str,
}

pub const DOC_ECR_ON_ECS: &str =
    "https://docs.aws.amazon.com/AmazonECR/latest/userguide/ECR_on_ECS.html";
pub const DOC_EXECUTION_ROLE: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html";
pub const DOC_AWSLOGS: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html";
pub const DOC_TASK_ROLE: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html";

const ECR_REPOSITORY: &str = "arn:{partition}:ecr:{region}:{account}:repository/{repository}";
const LOG_STREAM: &str =
    "arn:{partition}:logs:{region}:{account}:log-group:{group}:log-stream:{stream}";

pub const RULES: &[Rule] = &[
    Rule {
        id: "ecr-auth-token",
        feature: Feature::EcrImage,
        performer: Performer::ExecutionElseInstance,
        action: "ecr:GetAuthorizationToken",
        // The action has no resource type: only `*` can grant it.
        resource: "*",
        reason: "gets a registry token to pull `{repository}` from the ECR registry of account {account} (container `{container}`)",
        docs: DOC_ECR_ON_ECS,
    },
    Rule {
        id: "ecr-layer-availability",
        feature: Feature::EcrImage,
        performer: Performer::ExecutionElseInstance,
        action: "ecr:BatchCheckLayerAvailability",
        resource: ECR_REPOSITORY,
        reason: "checks which image layers of `{repository}` are already present before pulling (container `{container}`)",
        docs: DOC_EXECUTION_ROLE,
    },
    Rule {
        id: "ecr-layer-download",
        feature: Feature::EcrImage,
        performer: Performer::ExecutionElseInstance,
        action: "ecr:GetDownloadUrlForLayer",
        resource: ECR_REPOSITORY,
        reason: "downloads the image layers of `{repository}` (container `{container}`)",
        docs: DOC_ECR_ON_ECS,
    },
    Rule {
        id: "ecr-image-manifest",
        feature: Feature::EcrImage,
        performer: Performer::ExecutionElseInstance,
        action: "ecr:BatchGetImage",
        resource: ECR_REPOSITORY,
        reason: "reads the image manifest of `{reference}` (container `{container}`)",
        docs: DOC_ECR_ON_ECS,
    },
    Rule {
        id: "awslogs-create-stream",
        feature: Feature::AwsLogs,
        performer: Performer::ExecutionElseInstance,
        action: "logs:CreateLogStream",
        resource: LOG_STREAM,
        reason: "creates the log stream of container `{container}` in log group `{group}` (awslogs driver)",
        docs: DOC_AWSLOGS,
    },
    Rule {
        id: "awslogs-put-events",
        feature: Feature::AwsLogs,
        performer: Performer::ExecutionElseInstance,
        action: "logs:PutLogEvents",
        resource: LOG_STREAM,
        reason: "sends the output of container `{container}` to log group `{group}` (awslogs driver)",
        docs: DOC_AWSLOGS,
    },
    Rule {
        id: "awslogs-create-group",
        feature: Feature::AwsLogsCreateGroup,
        performer: Performer::ExecutionElseInstance,
        action: "logs:CreateLogGroup",
        resource: "arn:{partition}:logs:{region}:{account}:log-group:{group}",
        reason: "creates log group `{group}` because `awslogs-create-group` is `\"true\"`",
        docs: DOC_AWSLOGS,
    },
];

/// Fills `{name}` placeholders from `bindings`; a name with no binding becomes `*`, the part of
/// the ARN that is unknown before run time.
#[must_use]
pub fn fill(template: &str, bindings: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest.get(open..).and_then(|r| r.find('}')) else {
            break;
        };
        out.push_str(rest.get(..open).unwrap_or_default());
        let name = rest.get(open + 1..open + close).unwrap_or_default();
        match bindings.iter().find(|(k, _)| *k == name) {
            Some((_, value)) => out.push_str(value),
            None => out.push('*'),
        }
        rest = rest.get(open + close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_substitutes_and_stars_the_unknown() {
        let b = [
            ("region", "us-east-1".to_owned()),
            ("group", "/ecs/web".to_owned()),
        ];
        assert_eq!(
            fill("arn:aws:logs:{region}:{account}:log-group:{group}", &b),
            "arn:aws:logs:us-east-1:*:log-group:/ecs/web"
        );
        assert_eq!(fill("no placeholders", &b), "no placeholders");
        assert_eq!(fill("dangling {brace", &b), "dangling {brace");
    }

    #[test]
    fn every_rule_cites_aws_documentation_and_has_a_unique_id() {
        let mut ids = std::collections::HashSet::new();
        for rule in RULES {
            assert!(
                rule.docs.starts_with("https://docs.aws.amazon.com/"),
                "{}",
                rule.id
            );
            assert!(ids.insert(rule.id), "duplicate rule id {}", rule.id);
            assert!(rule.action.contains(':'), "{}", rule.id);
        }
    }
}
