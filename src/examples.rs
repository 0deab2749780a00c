//! The example gallery, compiled into the page from `www/examples/<id>/`: each example is what
//! a person would paste into the four editors. Every one is analysed in a test.

/// One example: the texts of the editors it fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub task_definition: &'static str,
    pub service: Option<&'static str>,
    pub roles: Option<&'static str>,
    pub app_actions: Option<&'static str>,
}

const FARGATE_WEB: Example = Example {
    id: "fargate-web",
    title: "Fargate web app: ECR image, awslogs, secrets",
    task_definition: include_str!("../www/examples/fargate-web/task-definition.json"),
    service: None,
    roles: Some(include_str!("../www/examples/fargate-web/roles.json")),
    app_actions: Some(include_str!("../www/examples/fargate-web/app-actions.json")),
};

const EC2_NO_ROLES: Example = Example {
    id: "ec2-no-roles",
    title: "EC2 worker without a task role (describe-task-definition output)",
    task_definition: include_str!("../www/examples/ec2-no-roles/task-definition.json"),
    service: None,
    roles: None,
    app_actions: None,
};

const ECS_EXEC: Example = Example {
    id: "ecs-exec",
    title: "ECS Exec on a Fargate service behind a load balancer",
    task_definition: include_str!("../www/examples/ecs-exec/task-definition.json"),
    service: Some(include_str!("../www/examples/ecs-exec/service.json")),
    roles: Some(include_str!("../www/examples/ecs-exec/roles.json")),
    app_actions: None,
};

const EFS_IAM: Example = Example {
    id: "efs-iam",
    title: "EFS volumes with IAM authorization and an access point",
    task_definition: include_str!("../www/examples/efs-iam/task-definition.json"),
    service: None,
    roles: Some(include_str!("../www/examples/efs-iam/roles.json")),
    app_actions: None,
};

const FIRELENS: Example = Example {
    id: "firelens",
    title: "FireLens: Fluent Bit config from S3, logs to Firehose",
    task_definition: include_str!("../www/examples/firelens/task-definition.json"),
    service: None,
    roles: Some(include_str!("../www/examples/firelens/roles.json")),
    app_actions: None,
};

const CROSS_ACCOUNT_ECR: Example = Example {
    id: "cross-account-ecr",
    title: "Cross-account ECR pull with a repository policy",
    task_definition: include_str!("../www/examples/cross-account-ecr/task-definition.json"),
    service: None,
    roles: Some(include_str!("../www/examples/cross-account-ecr/roles.json")),
    app_actions: None,
};

const CLOUDFORMATION_YAML: Example = Example {
    id: "cloudformation-yaml",
    title: "CloudFormation YAML template with its roles",
    task_definition: include_str!("../www/examples/cloudformation-yaml/task-definition.json"),
    service: None,
    roles: None,
    app_actions: None,
};

const TERRAFORM_PLAN: Example = Example {
    id: "terraform-plan",
    title: "Terraform plan (terraform show -json)",
    task_definition: include_str!("../www/examples/terraform-plan/task-definition.json"),
    service: None,
    roles: None,
    app_actions: None,
};

/// The gallery, in the order the picker lists it. The last two are formats the engine is
/// learning (CloudFormation YAML, Terraform plan JSON).
pub const EXAMPLES: &[Example] = &[
    FARGATE_WEB,
    EC2_NO_ROLES,
    ECS_EXEC,
    EFS_IAM,
    FIRELENS,
    CROSS_ACCOUNT_ECR,
    CLOUDFORMATION_YAML,
    TERRAFORM_PLAN,
];

/// The example the page opens with.
pub const DEFAULT: Example = FARGATE_WEB;

#[cfg(test)]
mod tests {
    use super::*;
    use rolecall_engine::{Answer, Input};

    /// Formats the engine does not read yet; their examples are kept ready for when it does.
    const NEW_FORMATS: &[&str] = &["cloudformation-yaml", "terraform-plan"];

    #[test]
    fn every_example_is_analysed_without_input_errors() {
        assert!(EXAMPLES.len() >= 8);
        for example in EXAMPLES {
            let answer = rolecall_engine::analyze(&Input {
                task_definition: example.task_definition.to_owned(),
                service: example.service.map(str::to_owned),
                roles: example.roles.map(str::to_owned),
                app_actions: example.app_actions.map(str::to_owned),
            });
            match answer {
                Answer::Success {
                    report,
                    diagnostics,
                } => {
                    assert!(diagnostics.is_empty(), "{}: {diagnostics:#?}", example.id);
                    assert!(!report.actions.is_empty(), "{}: no actions", example.id);
                }
                Answer::Failure { diagnostics } => assert!(
                    NEW_FORMATS.contains(&example.id),
                    "{}: {diagnostics:#?}",
                    example.id
                ),
            }
        }
    }
}
