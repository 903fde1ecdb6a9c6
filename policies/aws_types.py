"""pulumi-aws v7 type tokens the rules look at, and which of them accept a `tags` input.

Tokens are spelled out here (rather than imported from pulumi_aws) because the policy pack runs in its own
virtualenv with only pulumi-policy installed. A test checks the taggable list against pulumi_aws.
"""

from __future__ import annotations

DYNAMODB_TABLE = "aws:dynamodb/table:Table"
DYNAMODB_RESOURCE_POLICY = "aws:dynamodb/resourcePolicy:ResourcePolicy"
KMS_KEY = "aws:kms/key:Key"
KMS_KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy"
KMS_ALIAS = "aws:kms/alias:Alias"
S3_BUCKET = "aws:s3/bucket:Bucket"
S3_PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
S3_BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
S3_OWNERSHIP_CONTROLS = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
S3_ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
S3_VERSIONING = "aws:s3/bucketVersioning:BucketVersioning"
S3_LOGGING = "aws:s3/bucketLogging:BucketLogging"
S3_OBJECT_LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration"
SQS_QUEUE = "aws:sqs/queue:Queue"
SQS_QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy"
SQS_REDRIVE_POLICY = "aws:sqs/redrivePolicy:RedrivePolicy"
SNS_TOPIC = "aws:sns/topic:Topic"
SNS_TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy"
EVENT_BUS = "aws:cloudwatch/eventBus:EventBus"
EVENT_ARCHIVE = "aws:cloudwatch/eventArchive:EventArchive"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
LAMBDA_FUNCTION = "aws:lambda/function:Function"
IAM_ROLE = "aws:iam/role:Role"
IAM_ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
IAM_POLICY = "aws:iam/policy:Policy"
IAM_USER = "aws:iam/user:User"
IAM_USER_POLICY = "aws:iam/userPolicy:UserPolicy"
IAM_GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy"
IAM_ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
APIGW_REST_API = "aws:apigateway/restApi:RestApi"
APIGW_STAGE = "aws:apigateway/stage:Stage"
APIGW_METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings"
APIGW_DOMAIN_NAME = "aws:apigateway/domainName:DomainName"
APIGW_INTEGRATION = "aws:apigateway/integration:Integration"
WAF_WEB_ACL = "aws:wafv2/webAcl:WebAcl"
WAF_WEB_ACL_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation"
WAF_LOGGING_CONFIGURATION = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
COGNITO_USER_POOL = "aws:cognito/userPool:UserPool"
COGNITO_USER_POOL_CLIENT = "aws:cognito/userPoolClient:UserPoolClient"
COGNITO_RISK_CONFIGURATION = "aws:cognito/riskConfiguration:RiskConfiguration"
OPENSEARCH_DOMAIN = "aws:opensearch/domain:Domain"
EC2_VPC = "aws:ec2/vpc:Vpc"
EC2_FLOW_LOG = "aws:ec2/flowLog:FlowLog"
EC2_INTERNET_GATEWAY = "aws:ec2/internetGateway:InternetGateway"
EC2_EGRESS_ONLY_INTERNET_GATEWAY = "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway"
EC2_NAT_GATEWAY = "aws:ec2/natGateway:NatGateway"
EC2_SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
EC2_DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
EC2_SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
VPC_SECURITY_GROUP_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
SFN_STATE_MACHINE = "aws:sfn/stateMachine:StateMachine"
BACKUP_VAULT = "aws:backup/vault:Vault"
BACKUP_VAULT_LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
BACKUP_SELECTION = "aws:backup/selection:Selection"
SECRETS_MANAGER_SECRET = "aws:secretsmanager/secret:Secret"

TAGGABLE_TYPES: frozenset[str] = frozenset(
    {
        DYNAMODB_TABLE,
        KMS_KEY,
        S3_BUCKET,
        SQS_QUEUE,
        SNS_TOPIC,
        EVENT_BUS,
        "aws:cloudwatch/eventRule:EventRule",
        LOG_GROUP,
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "aws:cloudwatch/compositeAlarm:CompositeAlarm",
        LAMBDA_FUNCTION,
        "aws:lambda/eventSourceMapping:EventSourceMapping",
        IAM_ROLE,
        IAM_POLICY,
        IAM_USER,
        APIGW_REST_API,
        APIGW_STAGE,
        APIGW_DOMAIN_NAME,
        WAF_WEB_ACL,
        COGNITO_USER_POOL,
        SECRETS_MANAGER_SECRET,
        "aws:ssm/parameter:Parameter",
        "aws:acm/certificate:Certificate",
        SFN_STATE_MACHINE,
        BACKUP_VAULT,
        "aws:backup/plan:Plan",
        OPENSEARCH_DOMAIN,
        "aws:sesv2/emailIdentity:EmailIdentity",
        "aws:sesv2/configurationSet:ConfigurationSet",
        EC2_VPC,
        "aws:ec2/subnet:Subnet",
        EC2_SECURITY_GROUP,
        EC2_DEFAULT_SECURITY_GROUP,
        VPC_SECURITY_GROUP_INGRESS_RULE,
        EC2_INTERNET_GATEWAY,
        EC2_EGRESS_ONLY_INTERNET_GATEWAY,
        EC2_NAT_GATEWAY,
        "aws:ec2/vpcEndpoint:VpcEndpoint",
        EC2_FLOW_LOG,
        "aws:pipes/pipe:Pipe",
        "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration",
    }
)
"""Types whose pulumi-aws v7 resource takes a `tags` input. Any other resource is also checked by
`required-tags` when its inputs contain `tags`, so a missing entry here only weakens the check for a
resource that sets no tags at all."""
