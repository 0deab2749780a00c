//! The simulations of the evaluator benchmark and of `tests/differential.rs` (which includes this
//! file): output the reference simulator accepts and decides as rolecall does.
//! Same seed, same simulations, on every machine.

use serde_json::{Value, json};

/// A small deterministic generator (xorshift64*), so a failure is reproducible from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const ACCOUNT: &str = "111122223333";
const OTHER: &str = "444455556666";

/// Requests the reference accepts: each action with a resource of one of its types.
const REQUESTS: &[(&str, &str)] = &[
    (
        "s3:GetObject",
        "arn:aws:s3:::media-bucket/reports/2026/q4.pdf",
    ),
    ("s3:PutObject", "arn:aws:s3:::media-bucket/uploads/a.txt"),
    ("s3:ListBucket", "arn:aws:s3:::media-bucket"),
    (
        "ecr:BatchGetImage",
        "arn:aws:ecr:us-east-1:111122223333:repository/team/web",
    ),
    (
        "ecr:GetDownloadUrlForLayer",
        "arn:aws:ecr:us-east-1:111122223333:repository/team/web",
    ),
    (
        "logs:PutLogEvents",
        "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:log-stream:web/web/abc",
    ),
    (
        "logs:CreateLogStream",
        "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:log-stream:web/web/abc",
    ),
    (
        "secretsmanager:GetSecretValue",
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf",
    ),
    (
        "ssm:GetParameters",
        "arn:aws:ssm:us-east-1:111122223333:parameter/prod/db/password",
    ),
    (
        "sqs:SendMessage",
        "arn:aws:sqs:us-east-1:111122223333:orders",
    ),
    (
        "dynamodb:GetItem",
        "arn:aws:dynamodb:us-east-1:111122223333:table/Orders",
    ),
];

const ACTION_PATTERNS: &[&str] = &[
    "*",
    "s3:*",
    "s3:Get*",
    "s3:?etObject",
    "S3:getobject",
    "s3:List*",
    "ecr:Batch*",
    "ecr:GetDownloadUrlForLayer",
    "logs:*",
    "logs:PutLogEvents",
    "secretsmanager:GetSecretValue",
    "secretsmanager:*",
    "ssm:GetParameter*",
    "sqs:Send*",
    "dynamodb:Get*",
    "dynamodb:*Item",
];

const RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "arn:aws:s3:::media-bucket/*",
    "arn:aws:s3:::media-bucket",
    "arn:aws:s3:::media-bucket/reports/*",
    "arn:aws:s3:::media-bucket/${aws:PrincipalTag/team}/*",
    "arn:aws:ecr:us-east-1:111122223333:repository/team/*",
    "arn:aws:ecr:*:111122223333:repository/*",
    "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:*",
    "arn:aws:logs:*:*:log-group:/ecs/*",
    "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-??????",
    "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/*",
    "arn:aws:ssm:us-east-1:111122223333:parameter/prod/*",
    "arn:aws:sqs:us-east-1:111122223333:orders",
    "arn:aws:sqs:*:*:*",
    "arn:aws:dynamodb:us-east-1:111122223333:table/Orders",
    "arn:aws:dynamodb:us-east-1:111122223333:table/O?ders",
];

/// Global condition keys with values the generator draws from.
const KEYS: &[(&str, &[&str])] = &[
    ("aws:PrincipalTag/team", &["web", "data", "Web"]),
    (
        "aws:SourceIp",
        &["203.0.113.7", "198.51.100.20", "2001:db8::5"],
    ),
    ("aws:SecureTransport", &["true", "false"]),
    ("aws:RequestedRegion", &["us-east-1", "eu-west-1"]),
    ("aws:SourceVpce", &["vpce-1a2b3c4d", "vpce-9z8y7x6w"]),
    (
        "aws:CurrentTime",
        &["2026-11-30T09:00:00Z", "2025-01-15T12:30:00Z"],
    ),
    ("aws:MultiFactorAuthAge", &["300", "86400"]),
    (
        "aws:PrincipalArn",
        &[
            "arn:aws:iam::111122223333:role/web-task",
            "arn:aws:iam::111122223333:role/batch",
        ],
    ),
];

/// (operator, key, candidate policy values).
fn condition(rng: &mut Rng) -> (String, &'static str, Vec<String>) {
    let (key, _) = *rng.pick(KEYS);
    let values: &[&str] = match key {
        "aws:PrincipalTag/team" => &["web", "data", "w*", "?eb", "ops"],
        "aws:SourceIp" => &[
            "203.0.113.0/24",
            "198.51.100.0/25",
            "2001:db8::/32",
            "10.0.0.0/8",
        ],
        "aws:SecureTransport" => &["true", "false"],
        "aws:RequestedRegion" => &["us-east-1", "eu-*", "ap-south-1"],
        "aws:SourceVpce" => &["vpce-1a2b3c4d", "vpce-*"],
        "aws:CurrentTime" => &[
            "2026-01-01T00:00:00Z",
            "2026-12-31T23:59:59Z",
            "2025-06-01T00:00:00Z",
        ],
        "aws:MultiFactorAuthAge" => &["3600", "300"],
        _ => &[
            "arn:aws:iam::111122223333:role/web-task",
            "arn:aws:iam::111122223333:role/*",
        ],
    };
    let operators: &[&str] = match key {
        "aws:SourceIp" => &["IpAddress", "NotIpAddress"],
        "aws:SecureTransport" => &["Bool"],
        "aws:CurrentTime" => &[
            "DateLessThan",
            "DateGreaterThan",
            "DateLessThanEquals",
            "DateGreaterThanEquals",
        ],
        "aws:MultiFactorAuthAge" => &[
            "NumericLessThan",
            "NumericGreaterThanEquals",
            "NumericEquals",
        ],
        "aws:PrincipalArn" => &["ArnLike", "ArnNotLike", "ArnEquals", "StringLike"],
        _ => &[
            "StringEquals",
            "StringNotEquals",
            "StringLike",
            "StringNotLike",
            "StringEqualsIgnoreCase",
        ],
    };
    let mut op = (*rng.pick(operators)).to_owned();
    if rng.chance(15) && op != "Bool" {
        op.push_str("IfExists");
    }
    if rng.chance(8) {
        op = "Null".into();
        return (op, key, vec![(*rng.pick(&["true", "false"])).to_owned()]);
    }
    let n = 1 + rng.below(2);
    let vals = (0..n).map(|_| (*rng.pick(values)).to_owned()).collect();
    (op, key, vals)
}

fn list(rng: &mut Rng, items: &[&str], max: usize) -> Value {
    let n = 1 + rng.below(max);
    let v: Vec<&str> = (0..n).map(|_| *rng.pick(items)).collect();
    if v.len() == 1 && rng.chance(50) {
        json!(v[0])
    } else {
        json!(v)
    }
}

fn statement(rng: &mut Rng, deny_percent: u64, principal: Option<Value>) -> Value {
    let mut st = serde_json::Map::new();
    if rng.chance(30) {
        st.insert("Sid".into(), json!(format!("S{}", rng.below(1000))));
    }
    st.insert(
        "Effect".into(),
        json!(if rng.chance(deny_percent) {
            "Deny"
        } else {
            "Allow"
        }),
    );
    if let Some(p) = principal {
        st.insert("Principal".into(), p);
    }
    let action_key = if rng.chance(12) {
        "NotAction"
    } else {
        "Action"
    };
    st.insert(action_key.into(), list(rng, ACTION_PATTERNS, 3));
    let resource_key = if rng.chance(10) {
        "NotResource"
    } else {
        "Resource"
    };
    st.insert(resource_key.into(), list(rng, RESOURCE_PATTERNS, 3));
    if rng.chance(35) {
        let mut block = serde_json::Map::new();
        for _ in 0..1 + rng.below(2) {
            let (op, key, values) = condition(rng);
            let entry = block.entry(op).or_insert_with(|| json!({}));
            entry[key] = if values.len() == 1 {
                json!(values[0])
            } else {
                json!(values)
            };
        }
        st.insert("Condition".into(), Value::Object(block));
    }
    Value::Object(st)
}

fn policy(
    rng: &mut Rng,
    deny_percent: u64,
    principal: Option<&dyn Fn(&mut Rng) -> Value>,
) -> Value {
    let n = 1 + rng.below(3);
    let statements: Vec<Value> = (0..n)
        .map(|_| {
            let p = principal.map(|f| f(rng));
            statement(rng, deny_percent, p)
        })
        .collect();
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn resource_principal(rng: &mut Rng) -> Value {
    match rng.below(6) {
        0 => json!("*"),
        1 => json!({"AWS": format!("arn:aws:iam::{ACCOUNT}:role/web-task")}),
        2 => json!({"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}),
        3 => json!({"AWS": ACCOUNT}),
        4 => json!({"AWS": format!("arn:aws:iam::{OTHER}:root")}),
        _ => {
            json!({"AWS": [format!("arn:aws:iam::{ACCOUNT}:role/batch"), format!("arn:aws:iam::{OTHER}:role/web-task")]})
        }
    }
}

pub fn simulation(rng: &mut Rng) -> Value {
    let (action, resource) = *rng.pick(REQUESTS);
    let identity: Vec<Value> = (0..rng.below(4))
        .map(|i| json!({"name": format!("identity{i}"), "policy": policy(rng, 20, None)}))
        .collect();
    let scps: Vec<Value> = if rng.chance(25) {
        (0..1 + rng.below(2))
            .map(|l| {
                let policies = if rng.chance(50) {
                    vec![json!({"name": "FullAWSAccess", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}})]
                } else {
                    vec![json!({"name": format!("scp{l}"), "policy": policy(rng, 30, None)})]
                };
                json!({"orgIdentifier": format!("ou-{l}"), "policies": policies})
            })
            .collect()
    } else {
        Vec::new()
    };
    let principal_arn = if rng.chance(70) {
        format!("arn:aws:sts::{ACCOUNT}:assumed-role/web-task/session-1")
    } else {
        format!("arn:aws:iam::{ACCOUNT}:role/web-task")
    };
    let resource_account = if rng.chance(80) { ACCOUNT } else { OTHER };
    let mut sim = json!({
        "identityPolicies": identity,
        "serviceControlPolicies": scps,
        "resourceControlPolicies": [],
        "request": {
            "principal": principal_arn,
            "action": action,
            "resource": {"resource": resource, "accountId": resource_account},
            "contextVariables": {},
        }
    });
    if rng.chance(35) {
        sim["resourcePolicy"] = policy(rng, 20, Some(&resource_principal));
    }
    if rng.chance(15) {
        sim["permissionBoundaryPolicies"] =
            json!([{"name": "boundary", "policy": policy(rng, 10, None)}]);
    }
    let mut ctx = serde_json::Map::new();
    for (key, values) in KEYS {
        if rng.chance(55) {
            ctx.insert((*key).to_owned(), json!(*rng.pick(values)));
        }
    }
    sim["request"]["contextVariables"] = Value::Object(ctx);
    sim
}

/// The seed and size of `tests/differential.rs`: the benchmark runs the set that the
/// differential test checks against the reference.
pub const SEED: u64 = 0x5EED_1234_ABCD_0001;
pub const COUNT: usize = 3000;

/// The benchmark's simulations, one JSON text each.
pub fn simulations(count: usize) -> Vec<String> {
    let mut rng = Rng(SEED);
    (0..count)
        .map(|_| simulation(&mut rng).to_string())
        .collect()
}
