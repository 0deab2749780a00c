//! The task definition formats besides the API's JSON: CloudFormation templates (JSON and YAML),
//! Terraform plan and state JSON, and a bare container definitions array. Each sample under
//! `tests/formats/` is analysed end to end; the expected lines follow from the same rules as the
//! corpus, and the places point into the sample as pasted.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests fail the test by panicking"
)]

use std::fs;
use std::path::Path;

use rolecall_engine::input::cloudformation::template_roles;
use rolecall_engine::input::{TaskDefinitionFormat, read_task_definition};
use rolecall_engine::report::Report;
use rolecall_engine::{Answer, Input, analyze};

fn sample(name: &str) -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/formats")
            .join(name),
    )
    .unwrap()
}

fn report(name: &str) -> Report {
    match analyze(&Input {
        task_definition: sample(name),
        ..Input::default()
    }) {
        Answer::Success {
            report,
            diagnostics,
        } => {
            // Notes on values a plan knows only after apply ride along; no errors.
            assert!(
                diagnostics.iter().all(|d| d.code == "VALUE_UNKNOWN"),
                "{name}: {diagnostics:#?}"
            );
            report
        }
        Answer::Failure { diagnostics } => panic!("{name}: {diagnostics:#?}"),
    }
}

/// `(role, role ARN, action, resource)` of every action line.
fn lines(report: &Report) -> Vec<(&str, Option<&str>, &str, &str)> {
    report
        .actions
        .iter()
        .map(|a| {
            (
                a.role.as_str(),
                a.role_arn.as_deref(),
                a.action.as_str(),
                a.resource.as_str(),
            )
        })
        .collect()
}

/// `(code, line)` of every finding.
fn findings(report: &Report) -> Vec<(&str, usize)> {
    report
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.location.map_or(0, |l| l.line)))
        .collect()
}

/// `(code, line, column)` of the errors of an input that cannot be read.
fn errors(name: &str) -> Vec<(String, usize, usize)> {
    match analyze(&Input {
        task_definition: sample(name),
        ..Input::default()
    }) {
        Answer::Failure { diagnostics } => diagnostics
            .iter()
            .map(|d| {
                let l = d.location.unwrap();
                (d.code.clone(), l.line, l.column)
            })
            .collect(),
        Answer::Success { report, .. } => panic!("{name} was read: {report:#?}"),
    }
}

#[test]
fn cloudformation_yaml_with_short_form_intrinsics() {
    let r = report("cloudformation.yaml");
    assert_eq!(r.task_definition.format, "CloudFormation YAML");
    assert_eq!(r.task_definition.family.as_deref(), Some("web"));
    assert_eq!(r.launch_type.as_str(), "FARGATE");
    let exec = Some("arn:aws:iam::*:role/ECSTaskExecutionRole");
    let task = Some("arn:aws:iam::*:role/web-task");
    let stream = "arn:aws:logs:*:*:log-group:/ecs/web:log-stream:web/web/*";
    // The image `!Sub '${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/web:1'` reads as
    // `*.dkr.ecr.*.amazonaws.com/web:1`: an ECR image whose account and Region come at deploy time.
    let repo = "arn:aws:ecr:*:*:repository/web";
    assert_eq!(
        lines(&r),
        [
            ("execution", exec, "ecr:GetAuthorizationToken", "*"),
            ("execution", exec, "ecr:BatchCheckLayerAvailability", repo),
            ("execution", exec, "ecr:GetDownloadUrlForLayer", repo),
            ("execution", exec, "ecr:BatchGetImage", repo),
            ("execution", exec, "logs:CreateLogStream", stream),
            ("execution", exec, "logs:PutLogEvents", stream),
            (
                "execution",
                exec,
                "secretsmanager:GetSecretValue",
                "arn:aws:secretsmanager:*:*:secret:web/database-??????"
            ),
            ("task", task, "xray:PutTraceSegments", "*"),
            ("task", task, "xray:PutTelemetryRecords", "*"),
            ("task", task, "xray:GetSamplingRules", "*"),
            ("task", task, "xray:GetSamplingTargets", "*"),
            ("task", task, "xray:GetSamplingStatisticSummaries", "*"),
        ]
    );
    // Decided with the template's own roles: the task role has no X-Ray permission, and its
    // trust policy no confused-deputy condition.
    let denied = ("ACTION_DENIED", 92);
    assert_eq!(
        findings(&r),
        [
            denied,
            denied,
            denied,
            denied,
            denied,
            ("MISSING_CONFUSED_DEPUTY_CONDITION", 57)
        ]
    );
    // `ValueFrom: !Ref DatabaseSecret`, line 82.
    let secret = &r.actions[6].source.location;
    assert_eq!((secret.line, secret.column), (82, 26));

    let td = read_task_definition(&sample("cloudformation.yaml")).unwrap();
    assert_eq!(
        td.containers[0].image.as_ref().unwrap().value,
        "*.dkr.ecr.*.amazonaws.com/web:1"
    );
    assert_eq!(
        td.source_path(&format!("{}containerDefinitions[0].image", td.path_prefix)),
        "Resources.TaskDefinition.Properties.ContainerDefinitions[0].Image"
    );
}

#[test]
fn template_roles_are_the_roles_the_task_definition_names() {
    let text = sample("cloudformation.yaml");
    let td = read_task_definition(&text).unwrap();
    let (roles, problems) = template_roles(&text).unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
    let exec = roles
        .role(&td.execution_role_arn.unwrap().value)
        .expect("the execution role is in the template");
    assert_eq!(
        exec.managed[0].value,
        "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
    );
    assert_eq!(exec.inline[0].name, "read-database-secret");
    assert!(exec.trust_policy.is_some());
    assert!(roles.role(&td.task_role_arn.unwrap().value).is_some());
}

#[test]
fn cloudformation_json_from_the_user_guide() {
    let r = report("cloudformation.json");
    assert_eq!(r.task_definition.format, "CloudFormation JSON");
    assert_eq!(r.launch_type.as_str(), "EC2");
    let exec = Some("arn:aws:iam::*:role/ExecutionRole");
    let repo = "arn:aws:ecr:us-west-2:123456789012:repository/amazon-ecs-sample";
    let stream =
        "arn:aws:logs:us-west-2:123456789012:log-group:/ecs/my-app:log-stream:my-app/my-app/*";
    let fs = "arn:aws:elasticfilesystem:us-west-2:123456789012:file-system/fs-0123456789abcdef0";
    assert_eq!(
        lines(&r),
        [
            ("execution", exec, "ecr:GetAuthorizationToken", "*"),
            ("execution", exec, "ecr:BatchCheckLayerAvailability", repo),
            ("execution", exec, "ecr:GetDownloadUrlForLayer", repo),
            ("execution", exec, "ecr:BatchGetImage", repo),
            ("execution", exec, "logs:CreateLogStream", stream),
            ("execution", exec, "logs:PutLogEvents", stream),
            ("instance", None, "elasticfilesystem:ClientMount", fs),
            ("instance", None, "elasticfilesystem:ClientWrite", fs),
        ]
    );
    // The template's own execution role is used for decisions; its trust has no condition.
    assert_eq!(
        findings(&r),
        [
            ("TASK_ROLE_MISSING_EC2_FALLBACK", 20),
            ("MISSING_CONFUSED_DEPUTY_CONDITION", 11)
        ]
    );
    assert!(
        r.actions
            .iter()
            .take(6)
            .all(|a| a.decision.map(|d| d.as_str()) == Some("allowed"))
    );
    // `"IAM": "ENABLED"` inside `AuthorizationConfig`, line 59.
    assert_eq!(r.actions[6].source.location.line, 59);
}

#[test]
fn terraform_plan_with_a_role_created_in_the_same_apply() {
    let r = report("terraform-plan.json");
    assert_eq!(r.task_definition.format, "Terraform plan JSON");
    assert_eq!(r.launch_type.as_str(), "FARGATE");
    let exec = Some("arn:aws:iam::123456789012:role/service-execution");
    // `task_role_arn` is unknown in the plan; the configuration references `aws_iam_role.task`,
    // which the plan names `service-task`.
    let task = Some("arn:aws:iam::123456789012:role/service-task");
    let repo = "arn:aws:ecr:us-east-1:123456789012:repository/service-first";
    let stream =
        "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/service:log-stream:first/first/*";
    // The file system is created in the same apply: its id is unknown.
    let fs = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/*";
    assert_eq!(
        lines(&r),
        [
            ("execution", exec, "ecr:GetAuthorizationToken", "*"),
            ("execution", exec, "ecr:BatchCheckLayerAvailability", repo),
            ("execution", exec, "ecr:GetDownloadUrlForLayer", repo),
            ("execution", exec, "ecr:BatchGetImage", repo),
            ("execution", exec, "logs:CreateLogStream", stream),
            ("execution", exec, "logs:PutLogEvents", stream),
            (
                "execution",
                exec,
                "ssm:GetParameters",
                "arn:aws:ssm:us-east-1:123456789012:parameter/service/api-key"
            ),
            ("task", task, "elasticfilesystem:ClientMount", fs),
            ("task", task, "elasticfilesystem:ClientWrite", fs),
        ]
    );
    assert_eq!(findings(&r), []);
    // The image, inside the escaped `container_definitions` string on line 34.
    let image = &r.actions[0].source.location;
    assert_eq!((image.line, image.column), (34, 70));

    let td = read_task_definition(&sample("terraform-plan.json")).unwrap();
    assert_eq!(td.format, TaskDefinitionFormat::TerraformPlan);
    let notes: Vec<_> = td.notes.iter().map(|n| n.message.as_str()).collect();
    assert_eq!(
        notes,
        [
            "`aws_ecs_task_definition.service.task_role_arn` is known only after `terraform \
             apply`: read as `arn:aws:iam::123456789012:role/service-task`, the ARN of \
             `aws_iam_role.task`, planned with it",
            "`aws_ecs_task_definition.service.volume[0].efs_volume_configuration[0].file_system_id` \
             is known only after `terraform apply`: it is left unknown",
        ]
    );
}

#[test]
fn terraform_state_from_the_registry_example() {
    let r = report("terraform-state.json");
    assert_eq!(r.task_definition.format, "Terraform state JSON");
    assert_eq!(r.launch_type.as_str(), "EC2");
    let exec = Some("arn:aws:iam::123456789012:role/service-execution");
    let task = Some("arn:aws:iam::123456789012:role/service-task");
    let fs = "arn:aws:elasticfilesystem:us-west-2:123456789012:file-system/fs-0123456789abcdef0";
    assert_eq!(
        lines(&r),
        [
            (
                "execution",
                exec,
                "s3:GetObject",
                "arn:aws:s3:::service-config-bucket/second.env"
            ),
            (
                "execution",
                exec,
                "s3:GetBucketLocation",
                "arn:aws:s3:::service-config-bucket"
            ),
            ("task", task, "elasticfilesystem:ClientMount", fs),
            ("task", task, "elasticfilesystem:ClientWrite", fs),
        ]
    );
    // `requires_compatibilities` is `[]` in the state: not set, so EC2 is assumed.
    assert_eq!(findings(&r), [("LAUNCH_TYPE_ASSUMED", 17)]);
    let td = read_task_definition(&sample("terraform-state.json")).unwrap();
    assert_eq!(
        td.source_path(&format!(
            "{}containerDefinitions[1].environmentFiles[0]",
            td.path_prefix
        )),
        "module.service.aws_ecs_task_definition.service.container_definitions[1].environmentFiles[0]"
    );
}

#[test]
fn a_bare_container_definitions_array() {
    let r = report("container-definitions.json");
    assert_eq!(r.task_definition.format, "container definitions array");
    assert_eq!(r.launch_type.as_str(), "EC2");
    let repo = "arn:aws:ecr:eu-west-1:123456789012:repository/service-first";
    let stream =
        "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/service:log-stream:first/first/*";
    assert_eq!(
        lines(&r),
        [
            ("instance", None, "ecr:GetAuthorizationToken", "*"),
            ("instance", None, "ecr:BatchCheckLayerAvailability", repo),
            ("instance", None, "ecr:GetDownloadUrlForLayer", repo),
            ("instance", None, "ecr:BatchGetImage", repo),
            ("instance", None, "logs:CreateLogStream", stream),
            ("instance", None, "logs:PutLogEvents", stream),
        ]
    );
    assert_eq!(
        findings(&r),
        [
            ("LAUNCH_TYPE_ASSUMED", 1),
            ("TASK_ROLE_MISSING_EC2_FALLBACK", 1)
        ]
    );
}

#[test]
fn a_tab_in_yaml_indentation_is_an_error_at_the_tab() {
    assert_eq!(errors("tab-error.yaml"), [("YAML_SYNTAX".to_owned(), 8, 1)]);
}

#[test]
fn a_template_without_a_task_definition() {
    assert_eq!(
        errors("no-task-definition.yaml"),
        [("NO_TASK_DEFINITION".to_owned(), 3, 1)]
    );
}

/// Cut short anywhere, every sample is read or refused with located errors, never a panic.
#[test]
fn truncated_samples_never_panic() {
    for name in [
        "cloudformation.yaml",
        "cloudformation.json",
        "container-definitions.json",
        "terraform-plan.json",
        "terraform-state.json",
    ] {
        let text = sample(name);
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(5).collect();
        for cut in cuts {
            let prefix = &text[..cut];
            if let Answer::Failure { diagnostics } = analyze(&Input {
                task_definition: prefix.to_owned(),
                ..Input::default()
            }) {
                assert!(!diagnostics.is_empty(), "{name} cut at {cut}");
                for d in diagnostics {
                    let l = d.location.unwrap();
                    assert!(l.offset <= prefix.len(), "{name} cut at {cut}: {d}");
                }
            }
        }
    }
}
