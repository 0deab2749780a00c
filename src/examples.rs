//! The example gallery, compiled into the page from `www/examples/`.

/// One example: what the user would paste.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub task_definition: &'static str,
}

const FARGATE_WEB: Example = Example {
    id: "fargate-web",
    title: "Fargate web app: private ECR image, awslogs",
    task_definition: include_str!("../www/examples/fargate-web/task-definition.json"),
};

const EC2_NO_ROLES: Example = Example {
    id: "ec2-no-roles",
    title: "EC2 worker with no roles (describe-task-definition output)",
    task_definition: include_str!("../www/examples/ec2-no-roles/task-definition.json"),
};

pub const EXAMPLES: &[Example] = &[FARGATE_WEB, EC2_NO_ROLES];

/// The example the page opens with.
pub const DEFAULT: Example = FARGATE_WEB;
