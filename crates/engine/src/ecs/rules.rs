//! The rules table: each task-definition feature → who performs which action on which resource,
//! why, and the AWS documentation that says so. Extend the product by adding rows here.

/// A task-definition feature that implies AWS calls. Detection (in `features.rs`) produces
/// one [`FeatureUse`](super::features::FeatureUse) per place the feature is used, with the values
/// the templates below refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Feature {
    /// A container image in a private Amazon ECR repository.
    EcrImage,
    /// The same image, from a repository taken to be an ECR pull-through cache.
    EcrPullThroughCache,
    /// A container that logs with the `awslogs` driver.
    AwsLogs,
    /// `awslogs-create-group` is `"true"`.
    AwsLogsCreateGroup,
    /// A `secrets` or `secretOptions` entry from Secrets Manager.
    SecretsManagerSecret,
    /// A `secrets` or `secretOptions` entry from Systems Manager Parameter Store.
    SsmParameter,
    /// A customer managed KMS key declared for the task's secrets and parameters.
    SecretsKey,
    /// `repositoryCredentials`: private registry authentication.
    RegistryCredentials,
    /// An `environmentFiles` entry in S3.
    EnvironmentFile,
    /// A FireLens configuration file in S3.
    FirelensS3Config,
    /// A FireLens output to Kinesis Data Firehose.
    FirelensFirehose,
    /// A FireLens output to Kinesis Data Streams.
    FirelensKinesis,
    /// An EFS volume with IAM authorization.
    EfsIam,
    /// The same, mounted writable by at least one container.
    EfsIamWrite,
    /// FSx for Windows File Server credentials in Secrets Manager.
    FsxCredentialsSecret,
    /// FSx for Windows File Server credentials in Parameter Store.
    FsxCredentialsParameter,
    /// An FSx for Windows File Server volume.
    FsxVolume,
    /// `proxyConfiguration` of type `APPMESH`: the Envoy proxy.
    AppMesh,
    /// An AWS X-Ray daemon or AWS Distro for OpenTelemetry sidecar.
    XrayDaemon,
    /// `enableExecuteCommand` on the service: ECS Exec.
    EcsExec,
    /// The same, with the cluster's session logs sent to CloudWatch Logs (`logging: OVERRIDE`).
    EcsExecCloudWatchLogs,
    /// The same, with the cluster's session logs sent to S3 (`logging: OVERRIDE`).
    EcsExecS3Logs,
    /// The same, with the sessions encrypted with the cluster's KMS key (`kmsKeyId`).
    EcsExecKey,
    /// A load balancer target group of the service.
    LoadBalancerTarget,
    /// A Classic Load Balancer of the service.
    ClassicLoadBalancer,
    /// A Cloud Map service of `serviceRegistries`.
    ServiceRegistry,
    /// An EBS volume configured at launch (`managedEBSVolume`).
    EbsVolume,
    /// The same, created from `snapshotId`.
    EbsSnapshot,
    /// Service Connect TLS: ECS issues, stores and rotates the service's certificates.
    ServiceConnectTls,
    /// The same, with the certificate secrets encrypted under a customer managed key (`kmsKey`).
    ServiceConnectTlsKey,
    /// An Application Auto Scaling scalable target of the service's desired count.
    ServiceAutoScaling,
    /// A target tracking scaling policy on it, whose CloudWatch alarms Application Auto Scaling
    /// manages.
    TargetTrackingScaling,
    /// A call the application's code makes (the App actions input).
    AppAction,
}

/// Who performs a rule's action, before the launch type and the task's roles are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Performer {
    /// The ECS agent (or Fargate) with the task execution role; on EC2 and External with no
    /// `executionRoleArn`, the agent or the Docker daemon falls back to the instance role.
    /// On Fargate the execution role is required.
    ExecutionElseInstance,
    /// The agent with the task execution role, which is required on every launch type: the agent
    /// has no instance-role fallback for these.
    Execution,
    /// The containers (or a volume driver) with the task role; without one, on EC2 and External
    /// the instance role's credentials, on Fargate none at all.
    Task,
    /// Amazon ECS itself with the service-linked role `AWSServiceRoleForECS`, or the legacy
    /// service scheduler role when the service names one (`role`).
    ServiceLinked,
    /// Amazon ECS with the infrastructure role the service names for the feature.
    Infrastructure,
    /// Application Auto Scaling with its service-linked role
    /// `AWSServiceRoleForApplicationAutoScaling_ECSService`, or the role the scalable target
    /// names in `RoleARN` (the legacy `ecsAutoscaleRole`).
    AutoScaling,
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
pub const DOC_PULL_THROUGH_CACHE: &str =
    "https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html";
pub const DOC_EXECUTION_ROLE: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html";
pub const DOC_AWSLOGS: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html";
pub const DOC_TASK_ROLE: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html";
pub const DOC_SECRETS_MANAGER: &str = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html";
pub const DOC_SSM: &str = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html";
pub const DOC_PRIVATE_AUTH: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html";
pub const DOC_ENV_FILES: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/taskdef-envfiles.html";
pub const DOC_FIRELENS: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_firelens.html";
pub const DOC_EFS: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html";
pub const DOC_FSX: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/wfsx-volumes.html";
pub const DOC_APPMESH: &str =
    "https://docs.aws.amazon.com/app-mesh/latest/userguide/proxy-authorization.html";
pub const DOC_XRAY: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/trace-data.html";
pub const DOC_ECS_EXEC: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html";
pub const DOC_SERVICE_LINKED_ROLE: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using-service-linked-roles.html";
pub const DOC_INFRASTRUCTURE_ROLE: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html";

pub const DOC_SERVICE_AUTO_SCALING: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/auto-scaling-IAM.html";
pub const DOC_AUTO_SCALING_SERVICE_LINKED_ROLE: &str = "https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-service-linked-roles.html";
pub const DOC_TARGET_TRACKING: &str = "https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html";
pub const DOC_SERVICE_CONNECT_TLS: &str =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-tls.html";
/// The policy ECS documents for the Service Connect TLS infrastructure role: its statements are
/// the calls ECS makes with the role.
pub const DOC_SERVICE_CONNECT_TLS_POLICY: &str = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSInfrastructureRolePolicyForServiceConnectTransportLayerSecurity.html";

const ECR_REPOSITORY: &str = "arn:{partition}:ecr:{region}:{account}:repository/{repository}";
const LOG_STREAM: &str =
    "arn:{partition}:logs:{region}:{account}:log-group:{group}:log-stream:{stream}";
/// The log streams of the ECS Exec log group, as AWS's example policy scopes them.
const EXEC_LOG_GROUP: &str = "arn:{partition}:logs:{region}:{account}:log-group:{group}:*";
const CLASSIC_LB: &str =
    "arn:{partition}:elasticloadbalancing:{region}:{account}:loadbalancer/{name}";
const VOLUMES: &str = "arn:{partition}:ec2:{region}:{account}:volume/*";
const INSTANCES: &str = "arn:{partition}:ec2:{region}:{account}:instance/*";
/// Application Auto Scaling chooses the names of the alarms it creates for target tracking.
const ALARMS: &str = "arn:{partition}:cloudwatch:{region}:{account}:alarm:*";
/// The secrets ECS creates for Service Connect certificates are named `ecs-sc!…`.
const SC_SECRETS: &str = "arn:{partition}:secretsmanager:{region}:{account}:secret:ecs-sc!*";
const EFS: &str = "arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{fs}";

macro_rules! rule {
    ($id:literal, $feature:ident, $performer:ident, $action:literal, $resource:expr, $reason:literal, $docs:expr) => {
        Rule {
            id: $id,
            feature: Feature::$feature,
            performer: Performer::$performer,
            action: $action,
            resource: $resource,
            reason: $reason,
            docs: $docs,
        }
    };
}

/// `{arn}`, `{object}`, `{bucket}` are whole ARNs worked out by feature detection.
#[rustfmt::skip]
pub const RULES: &[Rule] = &[
    // Private ECR images. GetAuthorizationToken has no resource type: only `*` grants it.
    rule!("ecr-auth-token", EcrImage, ExecutionElseInstance, "ecr:GetAuthorizationToken", "*",
        "gets a registry token to pull `{repository}` from the ECR registry of account {account} (container `{container}`)", DOC_ECR_ON_ECS),
    rule!("ecr-layer-availability", EcrImage, ExecutionElseInstance, "ecr:BatchCheckLayerAvailability", ECR_REPOSITORY,
        "checks which image layers of `{repository}` are already present before pulling (container `{container}`)", DOC_EXECUTION_ROLE),
    rule!("ecr-layer-download", EcrImage, ExecutionElseInstance, "ecr:GetDownloadUrlForLayer", ECR_REPOSITORY,
        "downloads the image layers of `{repository}` (container `{container}`)", DOC_ECR_ON_ECS),
    rule!("ecr-image-manifest", EcrImage, ExecutionElseInstance, "ecr:BatchGetImage", ECR_REPOSITORY,
        "reads the image manifest of `{reference}` (container `{container}`)", DOC_ECR_ON_ECS),
    // ECR pull-through cache: on a cache miss ECR imports the upstream image with the puller's
    // credentials, and creates the cache repository the first time.
    rule!("ecr-pull-through-import", EcrPullThroughCache, ExecutionElseInstance, "ecr:BatchImportUpstreamImage", ECR_REPOSITORY,
        "lets ECR fetch `{reference}` from {upstream} into the pull-through cache when it is not cached yet (container `{container}`); `{repository}` is taken to be a pull-through cache repository because its name starts with `{namespace}/`, the namespace the ECR console gives {upstream} by default", DOC_PULL_THROUGH_CACHE),
    rule!("ecr-pull-through-create-repository", EcrPullThroughCache, ExecutionElseInstance, "ecr:CreateRepository", ECR_REPOSITORY,
        "only the first time: lets ECR create the cache repository `{repository}` when it does not exist yet (container `{container}`); once the repository exists this permission is no longer used", DOC_PULL_THROUGH_CACHE),
    // The awslogs log driver.
    rule!("awslogs-create-stream", AwsLogs, ExecutionElseInstance, "logs:CreateLogStream", LOG_STREAM,
        "creates the log stream of container `{container}` in log group `{group}` (awslogs driver)", DOC_AWSLOGS),
    rule!("awslogs-put-events", AwsLogs, ExecutionElseInstance, "logs:PutLogEvents", LOG_STREAM,
        "sends the output of container `{container}` to log group `{group}` (awslogs driver)", DOC_AWSLOGS),
    rule!("awslogs-create-group", AwsLogsCreateGroup, ExecutionElseInstance, "logs:CreateLogGroup", "arn:{partition}:logs:{region}:{account}:log-group:{group}",
        "creates log group `{group}` because `awslogs-create-group` is `\"true\"`", DOC_AWSLOGS),
    // Sensitive data: the agent fetches secrets and parameters before the container starts.
    rule!("secrets-manager-secret", SecretsManagerSecret, Execution, "secretsmanager:GetSecretValue", "{arn}",
        "reads secret `{name}` into `{variable}` of container `{container}`{note}", DOC_SECRETS_MANAGER),
    rule!("ssm-parameter", SsmParameter, Execution, "ssm:GetParameters", "{arn}",
        "reads parameter `{name}` into `{variable}` of container `{container}` (with decryption)", DOC_SSM),
    rule!("secrets-kms-decrypt", SecretsKey, Execution, "kms:Decrypt", "{arn}",
        "decrypts the task's secrets and SecureString parameters encrypted with the customer managed key `{arn}`", DOC_SECRETS_MANAGER),
    rule!("private-registry-credentials", RegistryCredentials, Execution, "secretsmanager:GetSecretValue", "{arn}",
        "reads the private registry credentials `{name}` to pull `{image}` (container `{container}`)", DOC_PRIVATE_AUTH),
    // Environment files and FireLens configuration in S3.
    rule!("environment-file-object", EnvironmentFile, Execution, "s3:GetObject", "{object}",
        "downloads the environment file `{object}` for container `{container}`", DOC_ENV_FILES),
    rule!("environment-file-bucket", EnvironmentFile, Execution, "s3:GetBucketLocation", "{bucket}",
        "finds the Region of the bucket holding the environment file of container `{container}`", DOC_ENV_FILES),
    rule!("firelens-config-object", FirelensS3Config, Execution, "s3:GetObject", "{object}",
        "downloads the FireLens configuration file `{object}` (container `{container}`)", DOC_FIRELENS),
    rule!("firelens-config-bucket", FirelensS3Config, Execution, "s3:GetBucketLocation", "{bucket}",
        "finds the Region of the bucket holding the FireLens configuration file (container `{container}`)", DOC_FIRELENS),
    // FireLens outputs are sent by the log router with the task's own credentials.
    rule!("firelens-firehose", FirelensFirehose, Task, "firehose:PutRecordBatch", "arn:{partition}:firehose:{region}:{account}:deliverystream/{stream}",
        "the FireLens log router sends the logs of container `{container}` to delivery stream `{stream}`", DOC_FIRELENS),
    rule!("firelens-kinesis", FirelensKinesis, Task, "kinesis:PutRecords", "arn:{partition}:kinesis:{region}:{account}:stream/{stream}",
        "the FireLens log router sends the logs of container `{container}` to stream `{stream}`", DOC_FIRELENS),
    // EFS with IAM authorization: the mount helper uses the task's credentials.
    rule!("efs-client-mount", EfsIam, Task, "elasticfilesystem:ClientMount", EFS,
        "mounts EFS file system `{fs}` (volume `{volume}`) with IAM authorization", DOC_EFS),
    rule!("efs-client-write", EfsIamWrite, Task, "elasticfilesystem:ClientWrite", EFS,
        "writes to EFS file system `{fs}`: volume `{volume}` is mounted writable by container `{container}`", DOC_EFS),
    // FSx for Windows File Server: credentials and the file system's DNS name.
    rule!("fsx-credentials-secret", FsxCredentialsSecret, Execution, "secretsmanager:GetSecretValue", "{arn}",
        "reads the domain credentials of FSx volume `{volume}`", DOC_FSX),
    rule!("fsx-credentials-parameter", FsxCredentialsParameter, Execution, "ssm:GetParameters", "{arn}",
        "reads the domain credentials of FSx volume `{volume}`", DOC_FSX),
    rule!("fsx-describe", FsxVolume, Execution, "fsx:DescribeFileSystems", "arn:{partition}:fsx:{region}:{account}:file-system/{fs}",
        "looks up the DNS name of FSx file system `{fs}` (volume `{volume}`); the ECS agent makes this call, though AWS's FSx tutorial does not list the permission", DOC_FSX),
    // App Mesh: Envoy authenticates to the mesh with the task role.
    rule!("appmesh-envoy", AppMesh, Task, "appmesh:StreamAggregatedResources", "{mesh_resource}",
        "the Envoy proxy fetches its configuration from App Mesh (proxy authorization)", DOC_APPMESH),
    // X-Ray daemon or ADOT collector: these actions have no resource type.
    rule!("xray-put-segments", XrayDaemon, Task, "xray:PutTraceSegments", "*",
        "the X-Ray daemon in container `{container}` uploads trace segments", DOC_XRAY),
    rule!("xray-put-telemetry", XrayDaemon, Task, "xray:PutTelemetryRecords", "*",
        "the X-Ray daemon in container `{container}` uploads its telemetry", DOC_XRAY),
    rule!("xray-sampling-rules", XrayDaemon, Task, "xray:GetSamplingRules", "*",
        "the X-Ray daemon in container `{container}` reads sampling rules", DOC_XRAY),
    rule!("xray-sampling-targets", XrayDaemon, Task, "xray:GetSamplingTargets", "*",
        "the X-Ray daemon in container `{container}` reads sampling targets", DOC_XRAY),
    rule!("xray-sampling-summaries", XrayDaemon, Task, "xray:GetSamplingStatisticSummaries", "*",
        "the X-Ray daemon in container `{container}` reads sampling statistics", DOC_XRAY),
    // ECS Exec: the SSM agent in the task talks to Session Manager with the task's credentials.
    rule!("ecs-exec-create-control", EcsExec, Task, "ssmmessages:CreateControlChannel", "*",
        "ECS Exec: the SSM agent in the task creates its control channel (`enableExecuteCommand`)", DOC_ECS_EXEC),
    rule!("ecs-exec-create-data", EcsExec, Task, "ssmmessages:CreateDataChannel", "*",
        "ECS Exec: the SSM agent in the task creates a data channel for a session", DOC_ECS_EXEC),
    rule!("ecs-exec-open-control", EcsExec, Task, "ssmmessages:OpenControlChannel", "*",
        "ECS Exec: the SSM agent in the task opens its control channel", DOC_ECS_EXEC),
    rule!("ecs-exec-open-data", EcsExec, Task, "ssmmessages:OpenDataChannel", "*",
        "ECS Exec: the SSM agent in the task opens a session's data channel", DOC_ECS_EXEC),
    // ECS Exec logging and encryption, from the cluster's `executeCommandConfiguration`: the
    // SSM agent writes session logs and decrypts sessions with the task's credentials too.
    rule!("ecs-exec-logs-describe-groups", EcsExecCloudWatchLogs, Task, "logs:DescribeLogGroups", "*",
        "ECS Exec: the SSM agent in the task looks up log group `{group}` for session logs (cluster `{cluster}`, logging `{logging}`)", DOC_ECS_EXEC),
    rule!("ecs-exec-logs-create-stream", EcsExecCloudWatchLogs, Task, "logs:CreateLogStream", EXEC_LOG_GROUP,
        "ECS Exec: the SSM agent in the task creates a log stream for each session in log group `{group}`", DOC_ECS_EXEC),
    rule!("ecs-exec-logs-describe-streams", EcsExecCloudWatchLogs, Task, "logs:DescribeLogStreams", EXEC_LOG_GROUP,
        "ECS Exec: the SSM agent in the task reads the session log streams of log group `{group}`", DOC_ECS_EXEC),
    rule!("ecs-exec-logs-put-events", EcsExecCloudWatchLogs, Task, "logs:PutLogEvents", EXEC_LOG_GROUP,
        "ECS Exec: the SSM agent in the task sends session logs to log group `{group}`", DOC_ECS_EXEC),
    rule!("ecs-exec-s3-bucket-location", EcsExecS3Logs, Task, "s3:GetBucketLocation", "*",
        "ECS Exec: the SSM agent in the task finds the Region of bucket `{bucket}` for session logs (cluster `{cluster}`, logging `{logging}`)", DOC_ECS_EXEC),
    rule!("ecs-exec-s3-encryption", EcsExecS3Logs, Task, "s3:GetEncryptionConfiguration", "arn:{partition}:s3:::{bucket}",
        "ECS Exec: the SSM agent in the task checks the encryption of bucket `{bucket}` before uploading session logs", DOC_ECS_EXEC),
    rule!("ecs-exec-s3-put", EcsExecS3Logs, Task, "s3:PutObject", "arn:{partition}:s3:::{bucket}/{prefix}*",
        "ECS Exec: the SSM agent in the task uploads session logs to bucket `{bucket}`{scope}", DOC_ECS_EXEC),
    rule!("ecs-exec-kms-decrypt", EcsExecKey, Task, "kms:Decrypt", "{key}",
        "ECS Exec: the SSM agent in the task decrypts sessions encrypted with the cluster's key `{key}` (`kmsKeyId`); the user who runs `execute-command` needs `kms:GenerateDataKey` on it", DOC_ECS_EXEC),
    // Load balancers and service discovery, which ECS manages for the service.
    rule!("lb-register-targets", LoadBalancerTarget, ServiceLinked, "elasticloadbalancing:RegisterTargets", "{target_group}",
        "registers the service's tasks in target group `{target_group}`", DOC_SERVICE_LINKED_ROLE),
    rule!("lb-deregister-targets", LoadBalancerTarget, ServiceLinked, "elasticloadbalancing:DeregisterTargets", "{target_group}",
        "deregisters stopping tasks from target group `{target_group}`", DOC_SERVICE_LINKED_ROLE),
    rule!("clb-register-instances", ClassicLoadBalancer, ServiceLinked, "elasticloadbalancing:RegisterInstancesWithLoadBalancer", CLASSIC_LB,
        "registers container instances with Classic Load Balancer `{name}`", DOC_SERVICE_LINKED_ROLE),
    rule!("clb-deregister-instances", ClassicLoadBalancer, ServiceLinked, "elasticloadbalancing:DeregisterInstancesFromLoadBalancer", CLASSIC_LB,
        "deregisters container instances from Classic Load Balancer `{name}`", DOC_SERVICE_LINKED_ROLE),
    rule!("cloudmap-register", ServiceRegistry, ServiceLinked, "servicediscovery:RegisterInstance", "{registry}",
        "registers the service's tasks in Cloud Map service `{registry}`", DOC_SERVICE_LINKED_ROLE),
    rule!("cloudmap-deregister", ServiceRegistry, ServiceLinked, "servicediscovery:DeregisterInstance", "{registry}",
        "deregisters stopping tasks from Cloud Map service `{registry}`", DOC_SERVICE_LINKED_ROLE),
    // EBS volumes configured at launch: ECS manages their lifecycle with the infrastructure role.
    rule!("ebs-create-volume", EbsVolume, Infrastructure, "ec2:CreateVolume", VOLUMES,
        "creates EBS volume `{volume}` for each task, tagged as created by ECS", DOC_INFRASTRUCTURE_ROLE),
    rule!("ebs-create-from-snapshot", EbsSnapshot, Infrastructure, "ec2:CreateVolume", "arn:{partition}:ec2:{region}::snapshot/{snapshot}",
        "creates EBS volume `{volume}` from snapshot `{snapshot}`", DOC_INFRASTRUCTURE_ROLE),
    rule!("ebs-tag-volume", EbsVolume, Infrastructure, "ec2:CreateTags", VOLUMES,
        "tags EBS volume `{volume}` as managed by ECS when creating it", DOC_INFRASTRUCTURE_ROLE),
    rule!("ebs-attach-volume", EbsVolume, Infrastructure, "ec2:AttachVolume", VOLUMES,
        "attaches EBS volume `{volume}` to the task's host", DOC_INFRASTRUCTURE_ROLE),
    rule!("ebs-attach-instance", EbsVolume, Infrastructure, "ec2:AttachVolume", INSTANCES,
        "attaches EBS volume `{volume}` to the task's host", DOC_INFRASTRUCTURE_ROLE),
    rule!("ebs-detach-volume", EbsVolume, Infrastructure, "ec2:DetachVolume", VOLUMES,
        "detaches EBS volume `{volume}` when the task stops", DOC_INFRASTRUCTURE_ROLE),
    rule!("ebs-detach-instance", EbsVolume, Infrastructure, "ec2:DetachVolume", INSTANCES,
        "detaches EBS volume `{volume}` when the task stops", DOC_INFRASTRUCTURE_ROLE),
    rule!("ebs-delete-volume", EbsVolume, Infrastructure, "ec2:DeleteVolume", VOLUMES,
        "deletes EBS volume `{volume}` after the task stops", DOC_INFRASTRUCTURE_ROLE),
    // Service Connect TLS: ECS keeps each service's certificate and key in a Secrets Manager
    // secret it creates and rotates, and issues certificates from the AWS Private CA. The calls
    // are those of the managed policy AWS provides for the role (its Sids in parentheses).
    rule!("sc-tls-create-secret", ServiceConnectTls, Infrastructure, "secretsmanager:CreateSecret", SC_SECRETS,
        "creates the secret that holds the TLS certificate and private key of Service Connect service `{name}`, tagged as created by ECS (`CreateSecret` in AWS's managed policy for the role)", DOC_SERVICE_CONNECT_TLS_POLICY),
    rule!("sc-tls-tag-secret", ServiceConnectTls, Infrastructure, "secretsmanager:TagResource", SC_SECRETS,
        "tags the certificate secret of `{name}` as managed by ECS when creating it (`TagOnCreateSecret`)", DOC_SERVICE_CONNECT_TLS_POLICY),
    rule!("sc-tls-describe-secret", ServiceConnectTls, Infrastructure, "secretsmanager:DescribeSecret", SC_SECRETS,
        "reads the metadata of the certificate secret of `{name}` (`DescribeTLSCertificateSecret` in AWS's managed policy for the role)", DOC_SERVICE_CONNECT_TLS_POLICY),
    rule!("sc-tls-get-secret", ServiceConnectTls, Infrastructure, "secretsmanager:GetSecretValue", SC_SECRETS,
        "rotates the certificate of `{name}` (every five days by default); AWS's managed policy for the role allows this call for it (`RotateTLSCertificateSecret`)", DOC_SERVICE_CONNECT_TLS_POLICY),
    rule!("sc-tls-put-secret", ServiceConnectTls, Infrastructure, "secretsmanager:PutSecretValue", SC_SECRETS,
        "rotates the certificate of `{name}` (every five days by default); AWS's managed policy for the role allows this call for it (`RotateTLSCertificateSecret`)", DOC_SERVICE_CONNECT_TLS_POLICY),
    rule!("sc-tls-update-secret", ServiceConnectTls, Infrastructure, "secretsmanager:UpdateSecret", SC_SECRETS,
        "rotates the certificate of `{name}` (every five days by default); AWS's managed policy for the role allows this call for it (`RotateTLSCertificateSecret`)", DOC_SERVICE_CONNECT_TLS_POLICY),
    rule!("sc-tls-rotate-secret", ServiceConnectTls, Infrastructure, "secretsmanager:RotateSecret", SC_SECRETS,
        "rotates the certificate of `{name}` (every five days by default); AWS's managed policy for the role allows this call for it (`RotateTLSCertificateSecret`)", DOC_SERVICE_CONNECT_TLS),
    rule!("sc-tls-version-stage", ServiceConnectTls, Infrastructure, "secretsmanager:UpdateSecretVersionStage", SC_SECRETS,
        "rotates the certificate of `{name}` (every five days by default); AWS's managed policy for the role allows this call for it (`RotateTLSCertificateSecret`)", DOC_SERVICE_CONNECT_TLS_POLICY),
    rule!("sc-tls-delete-secret", ServiceConnectTls, Infrastructure, "secretsmanager:DeleteSecret", SC_SECRETS,
        "rotates the certificate of `{name}` (every five days by default); AWS's managed policy for the role allows this call for it (`RotateTLSCertificateSecret`)", DOC_SERVICE_CONNECT_TLS_POLICY),
    rule!("sc-tls-issue-certificate", ServiceConnectTls, Infrastructure, "acm-pca:IssueCertificate", "{ca}",
        "issues the TLS certificates of `{name}` from the private CA", DOC_SERVICE_CONNECT_TLS),
    rule!("sc-tls-get-certificate", ServiceConnectTls, Infrastructure, "acm-pca:GetCertificate", "{ca}",
        "uses the private CA that signs the certificates of `{name}`; AWS's managed policy for the role allows this call (`ManagePrivateCertificateAuthority`)", DOC_SERVICE_CONNECT_TLS_POLICY),
    rule!("sc-tls-ca-certificate", ServiceConnectTls, Infrastructure, "acm-pca:GetCertificateAuthorityCertificate", "{ca}",
        "uses the private CA that signs the certificates of `{name}`; AWS's managed policy for the role allows this call (`ManagePrivateCertificateAuthority`)", DOC_SERVICE_CONNECT_TLS_POLICY),
    rule!("sc-tls-describe-ca", ServiceConnectTls, Infrastructure, "acm-pca:DescribeCertificateAuthority", "{ca}",
        "uses the private CA that signs the certificates of `{name}`; AWS's managed policy for the role allows this call (`ManagePrivateCertificateAuthority`)", DOC_SERVICE_CONNECT_TLS_POLICY),
    // A customer managed key for the certificate secrets: AWS's managed policy has no KMS
    // permission, and its Service Connect pages do not list one. These two are what Secrets
    // Manager asks of a caller for a secret under a customer managed key; the reasons say so.
    rule!("sc-tls-kms-generate", ServiceConnectTlsKey, Infrastructure, "kms:GenerateDataKey", "{key}",
        "encrypts the certificate secrets of `{name}` under the customer managed key `{key}` (unverified: inferred from how Secrets Manager uses a customer managed key; AWS's Service Connect pages do not list the KMS permissions)", DOC_SERVICE_CONNECT_TLS),
    rule!("sc-tls-kms-decrypt", ServiceConnectTlsKey, Infrastructure, "kms:Decrypt", "{key}",
        "decrypts the certificate secrets of `{name}` encrypted under `{key}` (unverified: inferred from how Secrets Manager uses a customer managed key; AWS's Service Connect pages do not list the KMS permissions)", DOC_SERVICE_CONNECT_TLS),
    // Service auto scaling: Application Auto Scaling watches and sets the service's desired count
    // (the calls of AWSApplicationAutoscalingECSServicePolicy, its service-linked role's policy).
    rule!("autoscaling-describe-service", ServiceAutoScaling, AutoScaling, "ecs:DescribeServices", "{service}",
        "Application Auto Scaling reads the desired and running counts of the service (scalable target `{target}`)", DOC_SERVICE_AUTO_SCALING),
    rule!("autoscaling-update-service", ServiceAutoScaling, AutoScaling, "ecs:UpdateService", "{service}",
        "Application Auto Scaling changes the service's desired count within the capacity of scalable target `{target}`", DOC_SERVICE_AUTO_SCALING),
    rule!("autoscaling-put-alarm", TargetTrackingScaling, AutoScaling, "cloudwatch:PutMetricAlarm", ALARMS,
        "Application Auto Scaling creates and updates the CloudWatch alarms of target tracking policy `{policy}`, named by it", DOC_TARGET_TRACKING),
    rule!("autoscaling-describe-alarms", TargetTrackingScaling, AutoScaling, "cloudwatch:DescribeAlarms", ALARMS,
        "Application Auto Scaling reads the alarms of target tracking policy `{policy}`", DOC_TARGET_TRACKING),
    rule!("autoscaling-delete-alarms", TargetTrackingScaling, AutoScaling, "cloudwatch:DeleteAlarms", ALARMS,
        "Application Auto Scaling deletes the alarms of target tracking policy `{policy}` when the policy changes or goes away", DOC_TARGET_TRACKING),
    // The application's own calls, with the task's credentials.
    rule!("app-action", AppAction, Task, "{action}", "{resource}",
        "your application calls it (listed under App actions)", DOC_TASK_ROLE),
];

/// Condition keys a rule's call is known not to carry on a launch type. GetAuthorizationToken on
/// Fargate "cannot have the aws:sourceVpc or aws:sourceVpce condition keys applied to it because
/// the GetAuthorizationToken API call goes through the elastic network interface owned by AWS
/// Fargate" (task execution role page).
#[must_use]
pub fn known_absent(rule: &str, launch_type: crate::report::LaunchType) -> &'static [&'static str] {
    const TABLE: &[(&str, crate::report::LaunchType, &[&str])] = &[(
        "ecr-auth-token",
        crate::report::LaunchType::Fargate,
        &["aws:SourceVpce", "aws:SourceVpc"],
    )];
    TABLE
        .iter()
        .find(|(id, lt, _)| *id == rule && *lt == launch_type)
        .map_or(&[], |(_, _, keys)| keys)
}

/// Fills `{name}` placeholders from `bindings`; a name with no binding becomes `*`, the part of
/// the ARN that is unknown before run time.
#[must_use]
pub fn fill(template: &str, bindings: &[(&str, String)]) -> String {
    // Thousands of lines are filled on each analysis: the string is made large enough for every
    // value once (values are often longer than the names they replace, and growing the string
    // copied it again), and braces are found with a byte search (`str::find` sets up a searcher
    // for each call, which costs more than these short templates).
    let values: usize = bindings.iter().map(|(_, v)| v.len()).sum();
    let mut out = String::with_capacity(template.len() + values);
    let mut rest = template;
    loop {
        let open = rest.bytes().position(|b| b == b'{');
        let after = open.and_then(|o| rest.get(o + 1..)).unwrap_or_default();
        let (Some(open), Some(close)) = (open, after.bytes().position(|b| b == b'}')) else {
            out.push_str(rest);
            return out;
        };
        out.push_str(rest.get(..open).unwrap_or_default());
        let name = after.get(..close).unwrap_or_default();
        out.push_str(
            bindings
                .iter()
                .find(|(k, _)| *k == name)
                .map_or("*", |(_, value)| value.as_str()),
        );
        rest = after.get(close + 1..).unwrap_or_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Filling as one reads a template: find a brace, then its closing brace.
    fn fill_by_hand(template: &str, bindings: &[(&str, String)]) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            out.push_str(&rest[..open]);
            let name = &rest[open + 1..open + close];
            out.push_str(
                bindings
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map_or("*", |(_, v)| v),
            );
            rest = &rest[open + close + 1..];
        }
        out + rest
    }

    #[test]
    fn every_template_fills_as_by_hand() {
        let names: Vec<&str> = RULES
            .iter()
            .flat_map(|r| [r.action, r.resource, r.reason])
            .flat_map(|t| t.split('{').skip(1))
            .filter_map(|p| p.split_once('}').map(|(name, _)| name))
            .collect();
        // Every other name bound, to a value longer than any name.
        let bindings: Vec<(&str, String)> = names
            .iter()
            .step_by(2)
            .map(|n| (*n, format!("value-of-{n}-{}", "x".repeat(40))))
            .collect();
        for rule in RULES {
            for template in [rule.action, rule.resource, rule.reason] {
                assert_eq!(
                    fill(template, &bindings),
                    fill_by_hand(template, &bindings),
                    "{template}"
                );
            }
        }
    }

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
        assert_eq!(fill("{region}{group}", &b), "us-east-1/ecs/web");
        assert_eq!(fill("a {x} b {", &b), "a * b {");
        assert_eq!(fill("", &b), "");
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
            assert!(
                rule.action.contains(':') || rule.action == "{action}",
                "{}",
                rule.id
            );
        }
    }
}
