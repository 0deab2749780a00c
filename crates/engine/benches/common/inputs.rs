//! Generated inputs for `analyze`, from a one-container task with a handful of statements to
//! hundreds of containers with thousands: a task definition whose containers use the features
//! that imply calls (private and cross-account ECR images, awslogs, Secrets Manager and Parameter
//! Store secrets, environment files in S3, EFS with IAM, FireLens), a service with ECS Exec and a
//! load balancer, app actions, and a roles document whose statements are spread over both roles'
//! inline policies, a customer managed policy and resource policies. Seeded: the same inputs on
//! every machine.

use rolecall_engine::Input;
use serde_json::{Map, Value, json};

use super::simulations::Rng;

const ACCOUNT: &str = "111122223333";
const OTHER: &str = "444455556666";
const REGION: &str = "us-east-1";

/// One benchmark input: its name, its size, and the analysis input.
pub struct Case {
    pub name: &'static str,
    pub containers: usize,
    pub statements: usize,
}

impl Case {
    /// `small-1x5`: the name with the size, used for file names and benchmark ids.
    pub fn id(&self) -> String {
        format!("{}-{}x{}", self.name, self.containers, self.statements)
    }

    pub fn input(&self) -> Input {
        input(self.containers, self.statements)
    }
}

/// The sizes the benchmark reports, smallest first: `typical` and `target` carry the targets
/// (≤ 1 ms in wasm; ≤ 16 ms for 200 containers with 1000 statements).
pub const CASES: &[Case] = &[
    Case {
        name: "small",
        containers: 1,
        statements: 5,
    },
    Case {
        name: "typical",
        containers: 10,
        statements: 50,
    },
    Case {
        name: "large",
        containers: 100,
        statements: 500,
    },
    Case {
        name: "target",
        containers: 200,
        statements: 1000,
    },
    Case {
        name: "huge",
        containers: 500,
        statements: 2000,
    },
];

/// The analysis input for `containers` containers and `statements` policy statements.
pub fn input(containers: usize, statements: usize) -> Input {
    let mut rng = Rng(0xA11A_1E55_0000_0001 ^ ((containers as u64) << 32) ^ statements as u64);
    Input {
        task_definition: pretty(&task_definition(&mut rng, containers)),
        service: Some(pretty(&service(containers))),
        roles: Some(pretty(&roles(&mut rng, containers, statements))),
        app_actions: Some(pretty(&app_actions(containers))),
    }
}

/// Pasted documents are indented: the parser's work grows with the text, not only the values.
fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

fn secret_arn(i: usize) -> String {
    format!("arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:shop/svc-{i}/db-AbCdEf")
}

fn parameter_arn(i: usize) -> String {
    format!("arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/shop/svc-{i}/api-key")
}

fn log_group(i: usize) -> String {
    format!("/ecs/shop/svc-{}", i % 8)
}

fn task_definition(rng: &mut Rng, n: usize) -> Value {
    let firelens = n >= 3;
    let containers: Vec<Value> = (0..n)
        .map(|i| {
            if firelens && i == 0 {
                return json!({
                    "name": "log-router",
                    "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
                    "essential": true,
                    "firelensConfiguration": {"type": "fluentbit", "options": {
                        "config-file-type": "s3",
                        "config-file-value": "arn:aws:s3:::shop-logging-config/fluent-bit/extra.conf"}},
                    "logConfiguration": {"logDriver": "awslogs", "options": {
                        "awslogs-group": "/ecs/shop/firelens", "awslogs-region": REGION,
                        "awslogs-stream-prefix": "firelens"}}
                });
            }
            let mut c = Map::new();
            c.insert("name".into(), json!(format!("svc-{i}")));
            let image = match rng.below(10) {
                0..=5 => format!("{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/shop/svc-{i}:1.{i}"),
                6 | 7 => format!("{OTHER}.dkr.ecr.{REGION}.amazonaws.com/base/runtime:{}", i % 4),
                _ => "docker.io/library/nginx:1.27".to_owned(),
            };
            if image.starts_with("docker.io") && rng.chance(50) {
                c.insert(
                    "repositoryCredentials".into(),
                    json!({"credentialsParameter": format!("arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:shop/dockerhub-XyZ123")}),
                );
            }
            c.insert("image".into(), json!(image));
            c.insert("essential".into(), json!(i < 2));
            c.insert("cpu".into(), json!(256));
            c.insert("memory".into(), json!(512));
            c.insert(
                "portMappings".into(),
                json!([{"containerPort": 8000 + i, "protocol": "tcp"}]),
            );
            c.insert(
                "environment".into(),
                json!([{"name": "SERVICE", "value": format!("svc-{i}")}, {"name": "STAGE", "value": "prod"}]),
            );
            let mut secrets = Vec::new();
            if rng.chance(70) {
                secrets.push(json!({"name": "DB_PASSWORD", "valueFrom": format!("{}:password::", secret_arn(i))}));
            }
            if rng.chance(50) {
                secrets.push(json!({"name": "API_KEY", "valueFrom": parameter_arn(i)}));
            }
            if rng.chance(20) {
                secrets.push(json!({"name": "SHARED", "valueFrom": "shop/shared-flag"}));
            }
            if !secrets.is_empty() {
                c.insert("secrets".into(), Value::Array(secrets));
            }
            if rng.chance(30) {
                c.insert(
                    "environmentFiles".into(),
                    json!([{"value": format!("arn:aws:s3:::shop-config/svc-{i}.env"), "type": "s3"}]),
                );
            }
            if n > 1 && rng.chance(25) {
                c.insert(
                    "mountPoints".into(),
                    json!([{"sourceVolume": format!("data-{}", i % 3), "containerPath": "/data", "readOnly": rng.chance(50)}]),
                );
            }
            let log = if firelens && rng.chance(30) {
                json!({"logDriver": "awsfirelens", "options": {"Name": "kinesis_firehose", "region": REGION, "delivery_stream": "shop-logs"}})
            } else {
                let mut options = json!({"awslogs-group": log_group(i), "awslogs-region": REGION, "awslogs-stream-prefix": format!("svc-{i}")});
                if rng.chance(20) {
                    options["awslogs-create-group"] = json!("true");
                }
                json!({"logDriver": "awslogs", "options": options})
            };
            c.insert("logConfiguration".into(), log);
            Value::Object(c)
        })
        .collect();
    let volumes: Vec<Value> = (0..3.min(n))
        .map(|v| {
            json!({"name": format!("data-{v}"), "efsVolumeConfiguration": {
                "fileSystemId": format!("fs-0a1b2c3d4e5f6071{v}"), "transitEncryption": "ENABLED",
                "authorizationConfig": {"iam": "ENABLED"}}})
        })
        .collect();
    json!({
        "family": "shop",
        "taskRoleArn": format!("arn:aws:iam::{ACCOUNT}:role/shop-task"),
        "executionRoleArn": format!("arn:aws:iam::{ACCOUNT}:role/shop-exec"),
        "networkMode": "awsvpc",
        "requiresCompatibilities": ["FARGATE"],
        "cpu": "4096",
        "memory": "8192",
        "containerDefinitions": containers,
        "volumes": volumes,
    })
}

fn service(n: usize) -> Value {
    json!({
        "cluster": format!("arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/prod"),
        "serviceName": "shop",
        "taskDefinition": "shop:12",
        "desiredCount": 2,
        "launchType": "FARGATE",
        "enableExecuteCommand": true,
        "loadBalancers": [{
            "targetGroupArn": format!("arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/shop/6d0ecf831eec9f09"),
            "containerName": if n >= 2 { "svc-1" } else { "svc-0" },
            "containerPort": if n >= 2 { 8001 } else { 8000 },
        }],
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "securityGroups": ["sg-0a1b2c3d"]}},
    })
}

fn app_actions(n: usize) -> Value {
    let calls: Vec<Value> = (0..n.max(2))
        .map(|i| match i % 4 {
            0 => json!({"action": "s3:PutObject", "resource": format!("arn:aws:s3:::shop-uploads/svc-{i}/*")}),
            1 => json!({"action": "sqs:SendMessage", "resource": format!("arn:aws:sqs:{REGION}:{ACCOUNT}:shop-orders-{}", i % 5)}),
            2 => json!({"action": "dynamodb:GetItem", "resource": format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/Shop{}", i % 7)}),
            _ => json!({"action": "kms:Decrypt", "resource": format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/0000-{i}")}),
        })
        .collect();
    Value::Array(calls)
}

/// A statement of the execution role: what pulling images, logging and secrets need.
fn execution_statement(rng: &mut Rng, n: usize) -> Value {
    let i = rng.below(n);
    let (action, resource): (Value, Value) = match rng.below(8) {
        0 => (
            json!(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]),
            json!(format!(
                "arn:aws:ecr:{REGION}:{ACCOUNT}:repository/shop/svc-{i}"
            )),
        ),
        1 => (json!("ecr:GetAuthorizationToken"), json!("*")),
        2 => (
            json!(["logs:CreateLogStream", "logs:PutLogEvents"]),
            json!(format!(
                "arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{}:*",
                log_group(i)
            )),
        ),
        3 => (
            json!("secretsmanager:GetSecretValue"),
            json!(format!(
                "arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:shop/svc-{i}/*"
            )),
        ),
        4 => (json!("ssm:GetParameters"), json!(parameter_arn(i))),
        5 => (
            json!("kms:Decrypt"),
            json!(format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/*")),
        ),
        6 => (
            json!("ecr:*"),
            json!(format!("arn:aws:ecr:*:{OTHER}:repository/base/*")),
        ),
        _ => (
            json!(["logs:*"]),
            json!(format!("arn:aws:logs:*:{ACCOUNT}:log-group:/ecs/shop/*")),
        ),
    };
    statement(rng, action, resource)
}

/// A statement of the task role: the application's calls, ECS Exec, EFS, S3.
fn task_statement(rng: &mut Rng, n: usize) -> Value {
    let i = rng.below(n.max(2));
    let (action, resource): (Value, Value) = match rng.below(8) {
        0 => (
            json!(["s3:PutObject", "s3:GetObject"]),
            json!(format!("arn:aws:s3:::shop-uploads/svc-{i}/*")),
        ),
        1 => (
            json!("sqs:SendMessage"),
            json!(format!(
                "arn:aws:sqs:{REGION}:{ACCOUNT}:shop-orders-{}",
                i % 5
            )),
        ),
        2 => (
            json!(["dynamodb:GetItem", "dynamodb:Query"]),
            json!(format!(
                "arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/Shop{}",
                i % 7
            )),
        ),
        3 => (
            json!([
                "ssmmessages:CreateControlChannel",
                "ssmmessages:CreateDataChannel",
                "ssmmessages:OpenControlChannel",
                "ssmmessages:OpenDataChannel"
            ]),
            json!("*"),
        ),
        4 => (
            json!([
                "elasticfilesystem:ClientMount",
                "elasticfilesystem:ClientWrite"
            ]),
            json!(format!(
                "arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/fs-0a1b2c3d4e5f6071{}",
                i % 3
            )),
        ),
        5 => (
            json!(["firehose:PutRecordBatch"]),
            json!(format!(
                "arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/shop-logs"
            )),
        ),
        6 => (json!("s3:Get*"), json!("arn:aws:s3:::shop-config/*")),
        _ => (
            json!("kms:Decrypt"),
            json!(format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/0000-{i}")),
        ),
    };
    statement(rng, action, resource)
}

/// Mostly Allows, some Denies and conditions, as real roles have.
fn statement(rng: &mut Rng, action: Value, resource: Value) -> Value {
    let mut st = Map::new();
    if rng.chance(40) {
        st.insert("Sid".into(), json!(format!("S{}", rng.below(100_000))));
    }
    let deny = rng.chance(8);
    st.insert("Effect".into(), json!(if deny { "Deny" } else { "Allow" }));
    st.insert("Action".into(), action);
    st.insert("Resource".into(), resource);
    if rng.chance(25) {
        let condition = match rng.below(4) {
            0 => json!({"StringEquals": {"aws:ResourceAccount": ACCOUNT}}),
            1 => json!({"Bool": {"aws:SecureTransport": "true"}}),
            2 => json!({"StringEquals": {"aws:RequestedRegion": [REGION, "us-west-2"]}}),
            _ => json!({"StringLike": {"aws:PrincipalTag/team": "shop-*"}}),
        };
        st.insert("Condition".into(), condition);
    }
    Value::Object(st)
}

/// Statements in policies of at most 10, as IAM's size limits push people to write them.
fn policies(statements: Vec<Value>, prefix: &str) -> Map<String, Value> {
    statements
        .chunks(10)
        .enumerate()
        .map(|(i, chunk)| {
            (
                format!("{prefix}-{i}"),
                json!({"Version": "2012-10-17", "Statement": chunk}),
            )
        })
        .collect()
}

fn trust() -> Value {
    json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}}]})
}

fn roles(rng: &mut Rng, n: usize, total: usize) -> Value {
    // 40 % on the execution role, 45 % on the task role, 10 % in a customer managed policy,
    // 5 % in resource policies (at least one statement each).
    let execution_count = (total * 40 / 100).max(1);
    let managed_count = (total * 10 / 100).max(1);
    let resource_count = (total * 5 / 100).max(1);
    let task_count = total
        .saturating_sub(execution_count + managed_count + resource_count)
        .max(1);
    let execution: Vec<Value> = (0..execution_count)
        .map(|_| execution_statement(rng, n))
        .collect();
    let task: Vec<Value> = (0..task_count).map(|_| task_statement(rng, n)).collect();
    let managed: Vec<Value> = (0..managed_count).map(|_| task_statement(rng, n)).collect();
    let managed_arn = format!("arn:aws:iam::{ACCOUNT}:policy/shop-shared");
    let mut resource_policies = Map::new();
    for r in 0..resource_count {
        let i = r % n.max(1);
        let principal = if r % 2 == 0 { "shop-exec" } else { "shop-task" };
        let (arn, action) = if r % 2 == 0 {
            (secret_arn(i), "secretsmanager:GetSecretValue")
        } else {
            (
                format!("arn:aws:sqs:{REGION}:{ACCOUNT}:shop-orders-{}", r % 5),
                "sqs:SendMessage",
            )
        };
        let entry = resource_policies
            .entry(arn.clone())
            .or_insert_with(|| json!({"Version": "2012-10-17", "Statement": []}));
        if let Some(list) = entry.get_mut("Statement").and_then(Value::as_array_mut) {
            list.push(json!({
                "Effect": if rng.chance(10) { "Deny" } else { "Allow" },
                "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:role/{principal}")},
                "Action": action,
                "Resource": arn,
            }));
        }
    }
    json!({
        "roles": {
            format!("arn:aws:iam::{ACCOUNT}:role/shop-exec"): {
                "trustPolicy": trust(),
                "managedPolicies": ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"],
                "inlinePolicies": policies(execution, "exec"),
            },
            format!("arn:aws:iam::{ACCOUNT}:role/shop-task"): {
                "trustPolicy": trust(),
                "managedPolicies": [managed_arn.clone()],
                "inlinePolicies": policies(task, "task"),
            },
        },
        "customerManagedPolicies": {
            managed_arn: {"Version": "2012-10-17", "Statement": managed},
        },
        "resourcePolicies": resource_policies,
    })
}
