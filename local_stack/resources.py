"""Create the template's resources in the AWS emulator (moto), one API call at a time.

moto's CloudFormation skips Cognito, TTL and lifecycle rules, so each resource
type is created here with the service's own API, translating CloudFormation's
property shapes where they differ. Works against a moto server (pass its
endpoint) or in-process under ``moto.mock_aws()`` (pass a session only).

Types that matter nothing locally are listed in :data:`SKIPPED_TYPES` with the
reason; any other unknown type is reported with a warning.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import boto3

from local_stack.intrinsics import Resolver
from local_stack.template import FunctionSpec, Resource, Template

if TYPE_CHECKING:
    from mypy_boto3_cloudwatch import CloudWatchClient
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_ses import SESClient
    from mypy_boto3_sns import SNSClient
    from mypy_boto3_sqs import SQSClient

__all__ = ["SKIPPED_TYPES", "Clients", "Stack", "create_resources", "lifecycle_rule"]

log = logging.getLogger(__name__)

#: Resource types deliberately not created locally, and why.
SKIPPED_TYPES: Mapping[str, str] = {
    "AWS::IAM::Role": "each function's role becomes an IAM user with the role's inline policies (local_stack.iam)",
    "AWS::IAM::Policy": "policies are read from the roles",
    "AWS::IAM::ManagedPolicy": "managed policies (logs, X-Ray) are not needed locally",
    "AWS::Logs::LogGroup": "function logs go to the local console",
    "AWS::Lambda::Function": "run by local_stack.workers from the code directory",
    "AWS::Lambda::LayerVersion": "put on the workers' sys.path from its directory",
    "AWS::Lambda::Permission": "the local gateway may call every function",
    "AWS::Lambda::Version": "there is one version locally",
    "AWS::Lambda::Alias": "there is one version locally",
    "AWS::Lambda::EventInvokeConfig": "no asynchronous invocations locally",
    "AWS::ApiGateway::RestApi": "served by local_stack.gateway from its swagger body",
    "AWS::ApiGateway::Deployment": "served by local_stack.gateway",
    "AWS::ApiGateway::Stage": "the stage name goes into requestContext.stage",
    "AWS::ApiGateway::Account": "no API Gateway logging locally",
    "AWS::Events::Rule": "schedules are fired by local_stack.schedules",
    "AWS::Scheduler::Schedule": "schedules are fired by local_stack.schedules",
    "AWS::CloudFront::Distribution": "the local stack serves the web app itself (local_stack.web)",
    "AWS::CloudFront::OriginAccessControl": "local_stack.web reads the site's folder directly",
    "AWS::CloudFront::Function": "local_stack.web answers index.html for page addresses as it does",
    "AWS::CloudFront::ResponseHeadersPolicy": "local_stack.web sends the same security headers",
    "AWS::SNS::Subscription": "no mail is delivered for alarms locally",
}

_STANDARD_ATTRIBUTES = (
    "address",
    "birthdate",
    "email",
    "email_verified",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "phone_number_verified",
    "picture",
    "preferred_username",
    "profile",
    "updated_at",
    "website",
    "zoneinfo",
)


@dataclass(frozen=True)
class Clients:
    """The AWS clients resource creation needs."""

    dynamodb: DynamoDBClient
    s3: S3Client
    cognito: CognitoIdentityProviderClient
    ses: SESClient
    sqs: SQSClient
    sns: SNSClient
    cloudwatch: CloudWatchClient

    @classmethod
    def from_session(cls, session: boto3.Session, endpoint_url: str | None = None) -> Clients:
        """Clients of ``session``, talking to ``endpoint_url`` when given."""
        return cls(
            dynamodb=session.client("dynamodb", endpoint_url=endpoint_url),
            s3=session.client("s3", endpoint_url=endpoint_url),
            cognito=session.client("cognito-idp", endpoint_url=endpoint_url),
            ses=session.client("ses", endpoint_url=endpoint_url),
            sqs=session.client("sqs", endpoint_url=endpoint_url),
            sns=session.client("sns", endpoint_url=endpoint_url),
            cloudwatch=session.client("cloudwatch", endpoint_url=endpoint_url),
        )


@dataclass(frozen=True)
class Stack:
    """The created resources: physical ids by logical id, and what derives from them."""

    template: Template
    physical_ids: Mapping[str, str]
    endpoint_url: str | None = None
    created: tuple[str, ...] = field(default=())

    @property
    def region(self) -> str:
        """The stack's region."""
        return self.template.region

    @property
    def account_id(self) -> str:
        """The account the emulator uses."""
        return self.template.account_id

    def resolve(self, value: Any) -> Any:
        """Resolve template expressions with every created resource known."""
        return self.resolver().resolve(value)

    def resolver(self) -> Resolver:
        """A resolver knowing every created resource."""
        return self.template.resolver(self.physical_ids)

    def of_type(self, resource_type: str) -> dict[str, str]:
        """Logical id -> physical id of the created resources of one type."""
        return {
            r.logical_id: self.physical_ids[r.logical_id]
            for r in self.template.of_type(resource_type)
            if r.logical_id in self.physical_ids
        }

    @property
    def tables(self) -> dict[str, str]:
        """DynamoDB table names by logical id."""
        return self.of_type("AWS::DynamoDB::Table")

    @property
    def buckets(self) -> dict[str, str]:
        """Bucket names by logical id."""
        return self.of_type("AWS::S3::Bucket")

    @property
    def user_pools(self) -> dict[str, str]:
        """User pool ids by logical id."""
        return self.of_type("AWS::Cognito::UserPool")

    @property
    def user_pool_clients(self) -> dict[str, str]:
        """App client ids by logical id."""
        return self.of_type("AWS::Cognito::UserPoolClient")

    @property
    def groups(self) -> dict[str, str]:
        """Cognito group names by logical id."""
        return self.of_type("AWS::Cognito::UserPoolGroup")

    @property
    def bucket(self) -> str:
        """The one bucket of the template."""
        return _only(self.buckets, "bucket")

    @property
    def user_pool_id(self) -> str:
        """The one user pool of the template."""
        return _only(self.user_pools, "user pool")

    @property
    def user_pool_client_id(self) -> str:
        """The one app client of the template."""
        return _only(self.user_pool_clients, "user pool client")

    def clients_of_pool(self, pool_id: str) -> list[str]:
        """App client ids belonging to a user pool."""
        resolver = self.resolver()
        return [
            self.physical_ids[r.logical_id]
            for r in self.template.of_type("AWS::Cognito::UserPoolClient")
            if r.logical_id in self.physical_ids
            and resolver.resolve(r.properties.get("UserPoolId")) == pool_id
        ]

    def skipped(self) -> dict[str, str]:
        """The template's resource types not created locally, with the reason (SKIPPED_TYPES)."""
        kinds = {resource.type for resource in self.template.resources.values()}
        return {kind: why for kind, why in SKIPPED_TYPES.items() if kind in kinds}

    @property
    def functions(self) -> dict[str, FunctionSpec]:
        """The functions, with environments resolved against the created resources."""
        return self.template.resolve_functions(self.physical_ids)

    @property
    def outputs(self) -> dict[str, Any]:
        """The template's Outputs, resolved (outputs that cannot be are left out)."""
        resolver = self.resolver()
        values: dict[str, Any] = {}
        for name, output in self.template.transformed.get("Outputs", {}).items():
            try:
                values[name] = resolver.resolve(output.get("Value"))
            except ValueError as error:
                log.debug("output %s not resolved locally: %s", name, error)
        return values


# ---------------------------------------------------------------------------
# creation
# ---------------------------------------------------------------------------

Creator = Callable[[Clients, Resource, dict[str, Any], Template], str]


def create_resources(
    template: Template,
    session_or_clients: boto3.Session | Clients | None = None,
    *,
    endpoint_url: str | None = None,
) -> Stack:
    """Create every resource of ``template`` and return the resulting :class:`Stack`.

    ``session_or_clients``: a boto3 session (default: one for the template's
    region) or ready-made :class:`Clients`; ``endpoint_url`` points the session's
    clients at a moto server (leave it out under ``moto.mock_aws()``).
    """
    if isinstance(session_or_clients, Clients):
        clients = session_or_clients
    else:
        session = session_or_clients or boto3.Session(region_name=template.region)
        clients = Clients.from_session(session, endpoint_url)
    physical_ids: dict[str, str] = {}
    created: list[str] = []
    sites = site_buckets(template)
    for resource in _creation_order(template.resources.values()):
        if resource.logical_id in sites or _policy_of(resource) in sites:
            log.debug(
                "%s: the web app's bucket (or its policy); local_stack.web serves the site",
                resource.logical_id,
            )
            continue
        creator = _CREATORS.get(resource.type)
        if creator is None:
            if resource.type not in SKIPPED_TYPES:
                log.warning("%s: %s is not created locally", resource.logical_id, resource.type)
            continue
        props = template.resolver(physical_ids).resolve(resource.properties)
        physical_ids[resource.logical_id] = creator(clients, resource, props, template)
        created.append(resource.logical_id)
        log.debug(
            "created %s (%s) = %s", resource.logical_id, resource.type, physical_ids[resource.logical_id]
        )
    return Stack(
        template=template, physical_ids=physical_ids, endpoint_url=endpoint_url, created=tuple(created)
    )


def site_buckets(template: Template) -> set[str]:
    """Buckets that hold a web site (``Metadata: Content: <folder>``): in AWS, CloudFront's origin; locally
    not created, since local_stack.web serves the folder itself."""
    return {
        logical_id
        for logical_id, raw in template.transformed.get("Resources", {}).items()
        if raw.get("Type") == "AWS::S3::Bucket" and (raw.get("Metadata") or {}).get("Content")
    }


def _policy_of(resource: Resource) -> str | None:
    """The logical id of the bucket a bucket policy is for (when it names it by Ref)."""
    if resource.type != "AWS::S3::BucketPolicy":
        return None
    bucket = resource.properties.get("Bucket")
    return str(bucket["Ref"]) if isinstance(bucket, dict) and "Ref" in bucket else None


def _creation_order(resources: Iterable[Resource]) -> list[Resource]:
    """Template order, moved so that each resource comes after the ones it refers to."""
    pending = {r.logical_id: r for r in resources}
    needs = {
        logical_id: (_references(r.properties) | set(r.depends_on)) & pending.keys() - {logical_id}
        for logical_id, r in pending.items()
    }
    ordered: list[Resource] = []
    done: set[str] = set()
    while pending:
        ready = [lid for lid in pending if needs[lid] <= done]
        if not ready:
            raise ValueError(f"circular references between {', '.join(sorted(pending))}")
        for logical_id in ready:
            ordered.append(pending.pop(logical_id))
            done.add(logical_id)
    return ordered


def _references(value: Any) -> set[str]:
    """Logical ids a value refers to through Ref, Fn::GetAtt or Fn::Sub."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, arg in value.items():
            if key == "Ref" and isinstance(arg, str):
                found.add(arg)
            elif key == "Fn::GetAtt":
                found.add(arg.split(".")[0] if isinstance(arg, str) else str(arg[0]))
            elif key == "Fn::Sub":
                text = arg if isinstance(arg, str) else arg[0]
                found |= {name.split(".")[0] for name in re.findall(r"\$\{([^!}][^}]*)\}", str(text))}
            found |= _references(arg)
    elif isinstance(value, list):
        for item in value:
            found |= _references(item)
    return found


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


def _only(values: Mapping[str, str], what: str) -> str:
    if len(values) != 1:
        raise LookupError(f"the template has {len(values)} {what}s: {sorted(values)}; pick one by logical id")
    return next(iter(values.values()))


def _ignored(resource: Resource, props: Mapping[str, Any], handled: Iterable[str]) -> None:
    extra = sorted(set(props) - set(handled))
    if extra:
        log.info("%s: ignored locally: %s", resource.logical_id, ", ".join(extra))


# -- DynamoDB ------------------------------------------------------------------

_TABLE_PROPERTIES = (
    "TableName",
    "AttributeDefinitions",
    "KeySchema",
    "GlobalSecondaryIndexes",
    "LocalSecondaryIndexes",
    "BillingMode",
    "ProvisionedThroughput",
    "SSESpecification",
    "StreamSpecification",
    "TimeToLiveSpecification",
    "PointInTimeRecoverySpecification",
    "DeletionProtectionEnabled",
    "TableClass",
    "Tags",
)


def _throughput(value: Mapping[str, Any]) -> dict[str, int]:
    return {
        "ReadCapacityUnits": int(value["ReadCapacityUnits"]),
        "WriteCapacityUnits": int(value["WriteCapacityUnits"]),
    }


def _index(index: Mapping[str, Any], provisioned: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "IndexName": index["IndexName"],
        "KeySchema": index["KeySchema"],
        "Projection": index["Projection"],
    }
    if provisioned and "ProvisionedThroughput" in index:
        out["ProvisionedThroughput"] = _throughput(index["ProvisionedThroughput"])
    return out


def _create_table(clients: Clients, resource: Resource, props: dict[str, Any], template: Template) -> str:
    name = str(props.get("TableName", resource.logical_id))
    billing = str(props.get("BillingMode", "PROVISIONED"))
    provisioned = billing == "PROVISIONED"
    kwargs: dict[str, Any] = {
        "TableName": name,
        "AttributeDefinitions": props["AttributeDefinitions"],
        "KeySchema": props["KeySchema"],
        "BillingMode": billing,
    }
    if provisioned:
        kwargs["ProvisionedThroughput"] = _throughput(props["ProvisionedThroughput"])
    if props.get("GlobalSecondaryIndexes"):
        kwargs["GlobalSecondaryIndexes"] = [_index(i, provisioned) for i in props["GlobalSecondaryIndexes"]]
    if props.get("LocalSecondaryIndexes"):
        kwargs["LocalSecondaryIndexes"] = [_index(i, False) for i in props["LocalSecondaryIndexes"]]
    if "SSESpecification" in props:
        sse = props["SSESpecification"]
        kwargs["SSESpecification"] = {"Enabled": _bool(sse.get("SSEEnabled", False))} | {
            k: sse[k] for k in ("SSEType", "KMSMasterKeyId") if k in sse
        }
    if "StreamSpecification" in props:
        view = props["StreamSpecification"]["StreamViewType"]
        kwargs["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": view}
    for key in ("TableClass", "Tags"):
        if key in props:
            kwargs[key] = props[key]
    if "DeletionProtectionEnabled" in props:
        kwargs["DeletionProtectionEnabled"] = _bool(props["DeletionProtectionEnabled"])
    clients.dynamodb.create_table(**kwargs)

    ttl = props.get("TimeToLiveSpecification")
    if ttl and _bool(ttl.get("Enabled", False)):
        clients.dynamodb.update_time_to_live(
            TableName=name,
            TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": True},
        )
    pitr = props.get("PointInTimeRecoverySpecification", {})
    if _bool(pitr.get("PointInTimeRecoveryEnabled", False)):
        clients.dynamodb.update_continuous_backups(
            TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
        )
    _ignored(resource, props, _TABLE_PROPERTIES)
    return name


# -- S3 ------------------------------------------------------------------------

_BUCKET_PROPERTIES = (
    "BucketName",
    "PublicAccessBlockConfiguration",
    "BucketEncryption",
    "OwnershipControls",
    "LifecycleConfiguration",
    "VersioningConfiguration",
    "CorsConfiguration",
    "Tags",
)


def lifecycle_rule(rule: Mapping[str, Any]) -> dict[str, Any]:
    """Translate one CloudFormation ``LifecycleConfiguration.Rules`` item to the S3 API shape."""
    out: dict[str, Any] = {"Status": rule["Status"]}
    if "Id" in rule:
        out["ID"] = rule["Id"]

    conditions: dict[str, Any] = {}
    if rule.get("Prefix") is not None:
        conditions["Prefix"] = rule["Prefix"]
    tags = [{"Key": t["Key"], "Value": t["Value"]} for t in rule.get("TagFilters", [])]
    for key in ("ObjectSizeGreaterThan", "ObjectSizeLessThan"):
        if key in rule:
            conditions[key] = int(rule[key])
    if len(conditions) + len(tags) > 1:
        out["Filter"] = {"And": conditions | ({"Tags": tags} if tags else {})}
    elif tags:
        out["Filter"] = {"Tag": tags[0]}
    else:
        out["Filter"] = conditions  # {} applies the rule to every object

    expiration: dict[str, Any] = {}
    if "ExpirationInDays" in rule:
        expiration["Days"] = int(rule["ExpirationInDays"])
    if "ExpirationDate" in rule:
        expiration["Date"] = rule["ExpirationDate"]
    if "ExpiredObjectDeleteMarker" in rule:
        expiration["ExpiredObjectDeleteMarker"] = _bool(rule["ExpiredObjectDeleteMarker"])
    if expiration:
        out["Expiration"] = expiration

    if "AbortIncompleteMultipartUpload" in rule:
        days = rule["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"]
        out["AbortIncompleteMultipartUpload"] = {"DaysAfterInitiation": int(days)}

    noncurrent: dict[str, Any] = {}
    if "NoncurrentVersionExpirationInDays" in rule:
        noncurrent["NoncurrentDays"] = int(rule["NoncurrentVersionExpirationInDays"])
    if "NoncurrentVersionExpiration" in rule:
        spec = rule["NoncurrentVersionExpiration"]
        noncurrent["NoncurrentDays"] = int(spec["NoncurrentDays"])
        if "NewerNoncurrentVersions" in spec:
            noncurrent["NewerNoncurrentVersions"] = int(spec["NewerNoncurrentVersions"])
    if noncurrent:
        out["NoncurrentVersionExpiration"] = noncurrent

    transitions = list(rule.get("Transitions", [])) + ([rule["Transition"]] if "Transition" in rule else [])
    if transitions:
        out["Transitions"] = [_transition(t) for t in transitions]
    noncurrent_transitions = list(rule.get("NoncurrentVersionTransitions", []))
    if "NoncurrentVersionTransition" in rule:
        noncurrent_transitions.append(rule["NoncurrentVersionTransition"])
    if noncurrent_transitions:
        out["NoncurrentVersionTransitions"] = [
            {"StorageClass": t["StorageClass"], "NoncurrentDays": int(t["TransitionInDays"])}
            | (
                {"NewerNoncurrentVersions": int(t["NewerNoncurrentVersions"])}
                if "NewerNoncurrentVersions" in t
                else {}
            )
            for t in noncurrent_transitions
        ]
    return out


def _transition(transition: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"StorageClass": transition["StorageClass"]}
    if "TransitionInDays" in transition:
        out["Days"] = int(transition["TransitionInDays"])
    if "TransitionDate" in transition:
        out["Date"] = transition["TransitionDate"]
    return out


def _create_bucket(clients: Clients, resource: Resource, props: dict[str, Any], template: Template) -> str:
    name = str(props.get("BucketName") or template.planned_physical_id(resource.logical_id))
    calls: list[tuple[Callable[..., Any], dict[str, Any]]] = []
    create: dict[str, Any] = {"Bucket": name}
    if template.region != "us-east-1":
        create["CreateBucketConfiguration"] = {"LocationConstraint": template.region}
    calls.append((clients.s3.create_bucket, create))
    if "OwnershipControls" in props:
        calls.append(
            (clients.s3.put_bucket_ownership_controls, {"OwnershipControls": props["OwnershipControls"]})
        )
    if "PublicAccessBlockConfiguration" in props:
        block = props["PublicAccessBlockConfiguration"]
        flags = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
        configuration = {key: _bool(block.get(key, False)) for key in flags}
        calls.append((clients.s3.put_public_access_block, {"PublicAccessBlockConfiguration": configuration}))
    if "BucketEncryption" in props:
        rules = []
        for rule in props["BucketEncryption"]["ServerSideEncryptionConfiguration"]:
            api_rule: dict[str, Any] = {}
            if "ServerSideEncryptionByDefault" in rule:
                api_rule["ApplyServerSideEncryptionByDefault"] = rule["ServerSideEncryptionByDefault"]
            if "BucketKeyEnabled" in rule:
                api_rule["BucketKeyEnabled"] = _bool(rule["BucketKeyEnabled"])
            rules.append(api_rule)
        calls.append(
            (clients.s3.put_bucket_encryption, {"ServerSideEncryptionConfiguration": {"Rules": rules}})
        )
    if "VersioningConfiguration" in props:
        status = props["VersioningConfiguration"]["Status"]
        calls.append((clients.s3.put_bucket_versioning, {"VersioningConfiguration": {"Status": status}}))
    if "CorsConfiguration" in props:
        cors_rules = [_cors_rule(rule) for rule in props["CorsConfiguration"]["CorsRules"]]
        calls.append((clients.s3.put_bucket_cors, {"CORSConfiguration": {"CORSRules": cors_rules}}))
    if "LifecycleConfiguration" in props:
        lifecycle = [lifecycle_rule(rule) for rule in props["LifecycleConfiguration"]["Rules"]]
        calls.append(
            (clients.s3.put_bucket_lifecycle_configuration, {"LifecycleConfiguration": {"Rules": lifecycle}})
        )
    if props.get("Tags"):
        calls.append((clients.s3.put_bucket_tagging, {"Tagging": {"TagSet": props["Tags"]}}))
    for call, kwargs in calls:
        call(**({"Bucket": name} | kwargs))
    _ignored(resource, props, _BUCKET_PROPERTIES)
    return name


def _cors_rule(rule: Mapping[str, Any]) -> dict[str, Any]:
    """One CloudFormation ``CorsRules`` item in the S3 API shape."""
    cors: dict[str, Any] = {
        "AllowedMethods": rule["AllowedMethods"],
        "AllowedOrigins": rule["AllowedOrigins"],
    }
    renames = {"Id": "ID", "AllowedHeaders": "AllowedHeaders", "ExposedHeaders": "ExposeHeaders"}
    cors |= {api: rule[cfn] for cfn, api in renames.items() if cfn in rule}
    if "MaxAge" in rule:
        cors["MaxAgeSeconds"] = int(rule["MaxAge"])
    return cors


def _create_bucket_policy(
    clients: Clients, resource: Resource, props: dict[str, Any], template: Template
) -> str:
    bucket = str(props["Bucket"])
    clients.s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(props["PolicyDocument"]))
    return bucket


# -- Cognito -------------------------------------------------------------------

_POOL_PASSTHROUGH = (
    "Policies",
    "AutoVerifiedAttributes",
    "AliasAttributes",
    "UsernameAttributes",
    "UsernameConfiguration",
    "SmsVerificationMessage",
    "EmailVerificationMessage",
    "EmailVerificationSubject",
    "VerificationMessageTemplate",
    "SmsAuthenticationMessage",
    "MfaConfiguration",
    "DeviceConfiguration",
    "EmailConfiguration",
    "SmsConfiguration",
    "AdminCreateUserConfig",
    "UserPoolAddOns",
    "AccountRecoverySetting",
    "DeletionProtection",
    "UserAttributeUpdateSettings",
    "UserPoolTags",
)

_CLIENT_PASSTHROUGH = (
    "ClientName",
    "GenerateSecret",
    "RefreshTokenValidity",
    "AccessTokenValidity",
    "IdTokenValidity",
    "TokenValidityUnits",
    "ReadAttributes",
    "WriteAttributes",
    "ExplicitAuthFlows",
    "SupportedIdentityProviders",
    "CallbackURLs",
    "LogoutURLs",
    "DefaultRedirectURI",
    "AllowedOAuthFlows",
    "AllowedOAuthScopes",
    "AllowedOAuthFlowsUserPoolClient",
    "PreventUserExistenceErrors",
    "EnableTokenRevocation",
    "EnablePropagateAdditionalUserContextData",
    "AuthSessionValidity",
)


def _schema_attribute(attribute: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(attribute)
    for key in ("StringAttributeConstraints", "NumberAttributeConstraints"):
        if key in out:  # the API wants strings here, YAML gives numbers
            out[key] = {k: str(v) for k, v in out[key].items()}
    return out


def _create_user_pool(clients: Clients, resource: Resource, props: dict[str, Any], template: Template) -> str:
    kwargs: dict[str, Any] = {"PoolName": str(props.get("UserPoolName", resource.logical_id))}
    kwargs |= {key: props[key] for key in _POOL_PASSTHROUGH if key in props}
    if "Schema" in props:
        kwargs["Schema"] = [_schema_attribute(a) for a in props["Schema"]]
    if "LambdaConfig" in props:
        log.warning("%s: Cognito Lambda triggers are not run locally", resource.logical_id)
    pool_id = clients.cognito.create_user_pool(**kwargs)["UserPool"]["Id"]
    _ignored(resource, props, (*_POOL_PASSTHROUGH, "UserPoolName", "Schema", "LambdaConfig"))
    return pool_id


def _create_user_pool_client(
    clients: Clients, resource: Resource, props: dict[str, Any], template: Template
) -> str:
    kwargs: dict[str, Any] = {"UserPoolId": str(props["UserPoolId"])}
    kwargs |= {key: props[key] for key in _CLIENT_PASSTHROUGH if key in props}
    kwargs.setdefault("ClientName", resource.logical_id)
    if "ReadAttributes" not in kwargs:
        # Cognito lets a client without ReadAttributes read every standard attribute (the
        # ID token carries email, email_verified...); moto reads none unless told.
        kwargs["ReadAttributes"] = list(_STANDARD_ATTRIBUTES)
    client = clients.cognito.create_user_pool_client(**kwargs)["UserPoolClient"]
    _ignored(resource, props, (*_CLIENT_PASSTHROUGH, "UserPoolId"))
    return client["ClientId"]


def _create_group(clients: Clients, resource: Resource, props: dict[str, Any], template: Template) -> str:
    name = str(props.get("GroupName", resource.logical_id))
    kwargs: dict[str, Any] = {"GroupName": name, "UserPoolId": str(props["UserPoolId"])}
    if "Description" in props:
        kwargs["Description"] = str(props["Description"])
    if "Precedence" in props:
        kwargs["Precedence"] = int(props["Precedence"])
    if "RoleArn" in props:
        kwargs["RoleArn"] = str(props["RoleArn"])
    clients.cognito.create_group(**kwargs)
    return name


# -- SES -----------------------------------------------------------------------


def _create_email_identity(
    clients: Clients, resource: Resource, props: dict[str, Any], template: Template
) -> str:
    identity = str(props["EmailIdentity"])
    if "@" in identity:
        clients.ses.verify_email_identity(EmailAddress=identity)
    else:
        clients.ses.verify_domain_identity(Domain=identity)
    _ignored(resource, props, ("EmailIdentity",))
    return identity


# -- Operations: queues, topics, alarms, dashboards ---------------------------------------


def _local_name(template: Template, resource: Resource) -> str:
    return f"{template.stack_name}-{resource.logical_id}"


def _create_queue(clients: Clients, resource: Resource, props: dict[str, Any], template: Template) -> str:
    name = str(props.get("QueueName") or _local_name(template, resource))
    attributes: dict[Any, str] = {
        key: str(props[key]).lower() if isinstance(props[key], bool) else str(props[key])
        for key in ("MessageRetentionPeriod", "VisibilityTimeout", "DelaySeconds", "SqsManagedSseEnabled")
        if key in props
    }
    clients.sqs.create_queue(QueueName=name, Attributes=attributes)
    _ignored(
        resource,
        props,
        ("QueueName", "MessageRetentionPeriod", "VisibilityTimeout", "DelaySeconds", "SqsManagedSseEnabled"),
    )
    return name


def _create_topic(clients: Clients, resource: Resource, props: dict[str, Any], template: Template) -> str:
    name = str(props.get("TopicName") or _local_name(template, resource))
    arn = clients.sns.create_topic(Name=name)["TopicArn"]
    _ignored(resource, props, ("TopicName", "DisplayName", "KmsMasterKeyId"))
    return arn


_ALARM_KEYS = (
    "AlarmDescription",
    "ActionsEnabled",
    "AlarmActions",
    "OKActions",
    "InsufficientDataActions",
    "MetricName",
    "Namespace",
    "Statistic",
    "ExtendedStatistic",
    "Dimensions",
    "Period",
    "Unit",
    "EvaluationPeriods",
    "DatapointsToAlarm",
    "Threshold",
    "ComparisonOperator",
    "TreatMissingData",
    "Metrics",
)


def _create_alarm(clients: Clients, resource: Resource, props: dict[str, Any], template: Template) -> str:
    name = str(props.get("AlarmName") or _local_name(template, resource))
    kwargs: dict[str, Any] = {key: props[key] for key in _ALARM_KEYS if key in props}
    for key in ("Period", "EvaluationPeriods", "DatapointsToAlarm"):
        if key in kwargs:
            kwargs[key] = int(kwargs[key])
    if "Threshold" in kwargs:
        kwargs["Threshold"] = float(kwargs["Threshold"])
    clients.cloudwatch.put_metric_alarm(AlarmName=name, **kwargs)
    _ignored(resource, props, ("AlarmName", *_ALARM_KEYS))
    return name


def _create_dashboard(clients: Clients, resource: Resource, props: dict[str, Any], template: Template) -> str:
    name = str(props.get("DashboardName") or _local_name(template, resource))
    clients.cloudwatch.put_dashboard(DashboardName=name, DashboardBody=str(props["DashboardBody"]))
    return name


_CREATORS: dict[str, Creator] = {
    "AWS::DynamoDB::Table": _create_table,
    "AWS::S3::Bucket": _create_bucket,
    "AWS::S3::BucketPolicy": _create_bucket_policy,
    "AWS::Cognito::UserPool": _create_user_pool,
    "AWS::Cognito::UserPoolClient": _create_user_pool_client,
    "AWS::Cognito::UserPoolGroup": _create_group,
    "AWS::SES::EmailIdentity": _create_email_identity,
    "AWS::SQS::Queue": _create_queue,
    "AWS::SNS::Topic": _create_topic,
    "AWS::CloudWatch::Alarm": _create_alarm,
    "AWS::CloudWatch::Dashboard": _create_dashboard,
}
