"""Read ``template.yaml``, run the SAM transform offline, and describe what it declares.

The template is the only description of the infrastructure. This module turns
it into plain data: the resources (raw, for :mod:`local_stack.resources` to
create), the functions (code directory, handler, resolved environment, layers),
the API routes and the schedules.

Local physical names: a DynamoDB table is named by its logical id (or its
``TableName``), a bucket ``"<stack-name>-<logicalid>"`` in lowercase (or its
``BucketName``), a function by its logical id (or ``FunctionName``). Cognito
user pools and clients get the ids the emulator hands out, so a reference to
them resolves only once they exist (see :class:`local_stack.resources.Stack`).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from local_stack.intrinsics import IntrinsicError, Resolver, UnresolvedReference

__all__ = [
    "DEFAULT_ACCOUNT_ID",
    "DEFAULT_STACK_NAME",
    "Api",
    "FunctionSpec",
    "Resource",
    "Route",
    "Schedule",
    "Template",
    "TemplateError",
    "declared_parameters",
    "load_template",
]

log = logging.getLogger(__name__)

DEFAULT_STACK_NAME = "digitization-local"
DEFAULT_ACCOUNT_ID = "123456789012"  # moto's default account
LOCAL_CODE_BUCKET = "local-stack-code"  # stands in for local CodeUri/ContentUri during the transform

# Resources whose physical id the emulator chooses: known only after creation.
DEFERRED_TYPES = frozenset({"AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient"})

_LOCAL_URI_PROPERTIES = {
    "AWS::Serverless::Function": "CodeUri",
    "AWS::Serverless::LayerVersion": "ContentUri",
}
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
_FUNCTION_ARN = re.compile(r"arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:/]+)")


class TemplateError(ValueError):
    """The template cannot be run locally as written."""


@dataclass(frozen=True)
class Resource:
    """One resource of the transformed template, properties not yet resolved."""

    logical_id: str
    type: str
    properties: dict[str, Any]
    condition: str | None = None
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class Route:
    """One API method: ``method`` is upper case (``ANY`` for any-method)."""

    method: str
    path: str
    function: str
    api: str
    authorizer: str | None = None
    auth_type: str | None = None  # "cognito_user_pools", "token", "request", "awsSigv4"...
    integration: str = "aws_proxy"
    mock_headers: tuple[tuple[str, str], ...] = ()

    @property
    def authorized(self) -> bool:
        """True when a caller must present credentials."""
        return self.authorizer is not None


@dataclass(frozen=True)
class Api:
    """A REST API of the template (an ``AWS::ApiGateway::RestApi`` with a body)."""

    logical_id: str
    api_id: str
    stage: str
    routes: tuple[Route, ...]
    authorizers: Mapping[str, Any]  # name -> raw securityDefinitions entry
    gateway_responses: Mapping[str, Any]
    binary_media_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schedule:
    """A scheduled invocation of a function (EventBridge rule or Scheduler schedule)."""

    logical_id: str
    expression: str
    function: str
    input: Any | None = None
    arn: str = ""


@dataclass(frozen=True)
class FunctionSpec:
    """A Lambda function as the local runtime needs it."""

    logical_id: str
    name: str
    code_dir: Path
    handler: str
    runtime: str
    environment: Mapping[str, str]
    layers: tuple[Path, ...] = ()
    memory_mb: int = 128
    timeout_s: int = 3
    arn: str = ""
    routes: tuple[Route, ...] = ()
    schedules: tuple[Schedule, ...] = ()


@dataclass
class Template:
    """The transformed template plus what is needed to resolve it locally."""

    path: Path
    base_dir: Path
    stack_name: str
    region: str
    account_id: str
    parameters: dict[str, Any]
    transformed: dict[str, Any]
    resources: dict[str, Resource] = field(default_factory=dict)

    # -- resolution --------------------------------------------------------

    def resolver(self, physical_ids: Mapping[str, str] | None = None) -> Resolver:
        """A resolver knowing parameters, conditions and the given physical ids.

        Resources not in ``physical_ids`` get their planned local name; a
        reference to a Cognito pool or client not yet created raises
        :class:`UnresolvedReference`.
        """
        known = dict(physical_ids or {})
        resolver: Resolver

        def ref(logical_id: str) -> str:
            return self._physical_id(logical_id, known, resolver)

        def get_att(logical_id: str, attribute: str) -> Any:
            physical = self._physical_id(logical_id, known, resolver)
            return self._attribute(self._resource(logical_id), physical, attribute)

        resolver = Resolver(
            parameters=self.parameters,
            pseudo=self.pseudo_parameters,
            mappings=self.transformed.get("Mappings", {}),
            conditions=self.transformed.get("Conditions", {}),
            ref=ref,
            get_att=get_att,
        )
        return resolver

    @property
    def pseudo_parameters(self) -> dict[str, str]:
        """``AWS::StackName``, ``AWS::Region``... for this local stack."""
        return {
            "AWS::StackName": self.stack_name,
            "AWS::StackId": (
                f"arn:aws:cloudformation:{self.region}:{self.account_id}:stack/{self.stack_name}/local"
            ),
            "AWS::Region": self.region,
            "AWS::AccountId": self.account_id,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::NotificationARNs": "",
        }

    def of_type(self, resource_type: str) -> list[Resource]:
        """The resources of one CloudFormation type, in template order."""
        return [r for r in self.resources.values() if r.type == resource_type]

    def planned_physical_id(self, logical_id: str) -> str:
        """The local physical name of a resource whose name does not come from the emulator."""
        resolver = self.resolver()
        return self._physical_id(logical_id, {}, resolver)

    def _resource(self, logical_id: str) -> Resource:
        try:
            return self.resources[logical_id]
        except KeyError:
            if logical_id in self.transformed.get("Resources", {}):
                raise IntrinsicError(f"{logical_id} is switched off by its condition") from None
            raise IntrinsicError(f"no resource or parameter named {logical_id!r}") from None

    def _physical_id(self, logical_id: str, known: Mapping[str, str], resolver: Resolver) -> str:
        if logical_id in known:
            return known[logical_id]
        resource = self._resource(logical_id)
        props = resource.properties
        name_property = {
            "AWS::DynamoDB::Table": "TableName",
            "AWS::S3::Bucket": "BucketName",
            "AWS::Lambda::Function": "FunctionName",
            "AWS::Cognito::UserPoolGroup": "GroupName",
            "AWS::SES::EmailIdentity": "EmailIdentity",
            "AWS::Logs::LogGroup": "LogGroupName",
            "AWS::SQS::Queue": "QueueName",
            "AWS::SNS::Topic": "TopicName",
            "AWS::IAM::Role": "RoleName",
        }.get(resource.type)
        if name_property and name_property in props:
            return str(resolver.resolve(props[name_property]))
        if resource.type in DEFERRED_TYPES:
            raise UnresolvedReference(
                f"{logical_id} ({resource.type}) has no id until it is created; "
                "resolve through the Stack returned by create_resources()"
            )
        if resource.type == "AWS::S3::Bucket":
            return f"{self.stack_name}-{logical_id}".lower()[:63]
        if resource.type == "AWS::ApiGateway::RestApi":
            return _short_id(f"{self.stack_name}/{logical_id}")
        if resource.type == "AWS::Lambda::LayerVersion":
            name = props.get("LayerName", logical_id)
            return f"arn:aws:lambda:{self.region}:{self.account_id}:layer:{name}:1"
        return logical_id

    def _attribute(self, resource: Resource, physical: str, attribute: str) -> Any:
        region, account = self.region, self.account_id
        by_type: dict[str, dict[str, str]] = {
            "AWS::DynamoDB::Table": {
                "Arn": f"arn:aws:dynamodb:{region}:{account}:table/{physical}",
                "StreamArn": f"arn:aws:dynamodb:{region}:{account}:table/{physical}/stream/local",
            },
            "AWS::S3::Bucket": {
                "Arn": f"arn:aws:s3:::{physical}",
                "DomainName": f"{physical}.s3.amazonaws.com",
                "RegionalDomainName": f"{physical}.s3.{region}.amazonaws.com",
                "WebsiteURL": f"http://{physical}.s3-website-{region}.amazonaws.com",
            },
            "AWS::Cognito::UserPool": {
                "Arn": f"arn:aws:cognito-idp:{region}:{account}:userpool/{physical}",
                "ProviderName": f"cognito-idp.{region}.amazonaws.com/{physical}",
                "ProviderURL": f"https://cognito-idp.{region}.amazonaws.com/{physical}",
                "UserPoolId": physical,
            },
            "AWS::Cognito::UserPoolClient": {"ClientId": physical},
            "AWS::Lambda::Function": {"Arn": f"arn:aws:lambda:{region}:{account}:function:{physical}"},
            "AWS::IAM::Role": {"Arn": f"arn:aws:iam::{account}:role/{physical}", "RoleId": physical},
            "AWS::Logs::LogGroup": {"Arn": f"arn:aws:logs:{region}:{account}:log-group:{physical}:*"},
            "AWS::ApiGateway::RestApi": {"RootResourceId": "root", "RestApiId": physical},
            "AWS::SQS::Queue": {
                "Arn": f"arn:aws:sqs:{region}:{account}:{physical}",
                "QueueName": physical,
            },
            "AWS::SNS::Topic": {"TopicArn": f"arn:aws:sns:{region}:{account}:{physical}"},
            "AWS::Events::Rule": {"Arn": f"arn:aws:events:{region}:{account}:rule/{physical}"},
            # Not created locally (local_stack.web stands in); their planned names, should anything ask.
            "AWS::CloudFront::Distribution": {
                "DomainName": f"{physical.lower()}.cloudfront.net",
                "Id": physical,
            },
            "AWS::CloudFront::OriginAccessControl": {"Id": physical},
            "AWS::CloudFront::Function": {
                "FunctionMetadata.FunctionARN": f"arn:aws:cloudfront::{account}:function/{physical}",
                "FunctionARN": f"arn:aws:cloudfront::{account}:function/{physical}",
            },
        }
        attributes = by_type.get(resource.type, {})
        if attribute not in attributes:
            raise IntrinsicError(
                f"Fn::GetAtt {resource.logical_id}.{attribute} ({resource.type}) is not known locally"
            )
        return attributes[attribute]

    # -- what the template declares -----------------------------------------

    @property
    def functions(self) -> dict[str, FunctionSpec]:
        """The functions, resolved with planned names (see :meth:`resolve_functions`)."""
        return self.resolve_functions()

    def resolve_functions(self, physical_ids: Mapping[str, str] | None = None) -> dict[str, FunctionSpec]:
        """Every ``AWS::Lambda::Function`` with local code, keyed by logical id."""
        resolver = self.resolver(physical_ids)
        routes = [route for api in self.apis() for route in api.routes]
        schedules = self.schedules
        layer_dirs = self._layer_dirs()
        specs: dict[str, FunctionSpec] = {}
        for resource in self.of_type("AWS::Lambda::Function"):
            props = resource.properties
            code = props.get("Code", {})
            if not isinstance(code, dict) or code.get("S3Bucket") != LOCAL_CODE_BUCKET:
                log.warning("%s: code is not a local CodeUri; it cannot run locally", resource.logical_id)
                continue
            runtime = str(resolver.resolve(props.get("Runtime", "")))
            if not runtime.startswith("python"):
                log.warning("%s: runtime %s is not Python; skipped", resource.logical_id, runtime)
                continue
            environment = self._environment(resolver, props, planned=physical_ids is None)
            layers: list[Path] = []
            for layer in props.get("Layers", []):
                target = layer.get("Ref") if isinstance(layer, dict) else None
                if target in layer_dirs:
                    layers.append(layer_dirs[target])
                else:
                    log.warning("%s: layer %r is not a local layer; ignored", resource.logical_id, layer)
            name = self._physical_id(resource.logical_id, dict(physical_ids or {}), resolver)
            specs[resource.logical_id] = FunctionSpec(
                logical_id=resource.logical_id,
                name=name,
                code_dir=(self.base_dir / str(code["S3Key"])).resolve(),
                handler=str(resolver.resolve(props.get("Handler", "app.lambda_handler"))),
                runtime=runtime,
                environment=environment,
                layers=tuple(layers),
                memory_mb=int(resolver.resolve(props.get("MemorySize", 128))),
                timeout_s=int(resolver.resolve(props.get("Timeout", 3))),
                arn=f"arn:aws:lambda:{self.region}:{self.account_id}:function:{name}",
                routes=tuple(r for r in routes if r.function == resource.logical_id),
                schedules=tuple(s for s in schedules if s.function == resource.logical_id),
            )
        return specs

    @staticmethod
    def _environment(resolver: Resolver, props: Mapping[str, Any], *, planned: bool) -> dict[str, str]:
        """The function's variables; planned (before creation), a Cognito id reads ``<LogicalId>``."""
        variables = (props.get("Environment") or {}).get("Variables", {})
        environment: dict[str, str] = {}
        for key, value in variables.items():
            try:
                environment[key] = _env_string(resolver.resolve(value))
            except UnresolvedReference:
                if not planned:
                    raise
                environment[key] = f"<{value.get('Ref', key) if isinstance(value, dict) else key}>"
        return environment

    def _layer_dirs(self) -> dict[str, Path]:
        """Logical id of each local layer -> the directory Lambda would mount at /opt/python."""
        dirs: dict[str, Path] = {}
        for resource in self.of_type("AWS::Lambda::LayerVersion"):
            content = resource.properties.get("Content", {})
            if isinstance(content, dict) and content.get("S3Bucket") == LOCAL_CODE_BUCKET:
                root = (self.base_dir / str(content["S3Key"])).resolve()
                # A hand-built layer has python/; a BuildMethod: python3.x layer is the package root.
                dirs[resource.logical_id] = root / "python" if (root / "python").is_dir() else root
        return dirs

    def _function_by_arn(self, resolver: Resolver) -> dict[str, str]:
        return {
            self._physical_id(r.logical_id, {}, resolver): r.logical_id
            for r in self.of_type("AWS::Lambda::Function")
        }

    def function_for_arn(self, arn: str) -> str | None:
        """Logical id of the function an ARN (possibly qualified) names, if it is in the template."""
        match = _FUNCTION_ARN.search(arn)
        if not match:
            return None
        return self._function_by_arn(self.resolver()).get(match.group(1))

    def apis(self) -> list[Api]:
        """The REST APIs with their routes; authorizer pools stay unresolved here."""
        resolver = self.resolver()
        stages = {}
        for stage in self.of_type("AWS::ApiGateway::Stage"):
            api_ref = stage.properties.get("RestApiId", {})
            if isinstance(api_ref, dict) and "Ref" in api_ref:
                stages[api_ref["Ref"]] = str(resolver.resolve(stage.properties.get("StageName", "")))
        apis: list[Api] = []
        for resource in self.of_type("AWS::ApiGateway::RestApi"):
            body = resource.properties.get("Body")
            if not isinstance(body, dict):
                log.warning("%s: a RestApi without an inline Body is not served locally", resource.logical_id)
                continue
            routes = tuple(self._routes(resource.logical_id, body, resolver))
            apis.append(
                Api(
                    logical_id=resource.logical_id,
                    api_id=self._physical_id(resource.logical_id, {}, resolver),
                    stage=stages.get(resource.logical_id, "local"),
                    routes=routes,
                    authorizers=body.get("securityDefinitions", {}),
                    gateway_responses=resolver.resolve(body.get("x-amazon-apigateway-gateway-responses", {})),
                    binary_media_types=tuple(
                        str(t).replace("~1", "/")
                        for t in body.get("x-amazon-apigateway-binary-media-types", [])
                    ),
                )
            )
        for resource in self.of_type("AWS::ApiGatewayV2::Api"):
            log.warning("%s: HTTP APIs (ApiGatewayV2) are not served locally", resource.logical_id)
        return apis

    def _routes(self, api: str, body: dict[str, Any], resolver: Resolver) -> Iterator[Route]:
        paths = resolver.resolve(body.get("paths", {}))
        definitions = body.get("securityDefinitions", {})
        functions = self._function_by_arn(resolver)
        for path, item in paths.items():
            for key, operation in item.items():
                if key == "x-amazon-apigateway-any-method":
                    method = "ANY"
                elif key in _HTTP_METHODS:
                    method = key.upper()
                else:
                    continue
                integration = operation.get("x-amazon-apigateway-integration", {})
                kind = str(integration.get("type", "")).lower()
                function = ""
                mock_headers: tuple[tuple[str, str], ...] = ()
                if kind == "aws_proxy":
                    match = _FUNCTION_ARN.search(str(integration.get("uri", "")))
                    function = functions.get(match.group(1), "") if match else ""
                    if not function:
                        log.warning(
                            "%s %s: integration %s is not a local function", method, path, integration
                        )
                        continue
                elif kind == "mock":
                    mock_headers = _mock_headers(integration)
                else:
                    log.warning("%s %s: integration type %r is not served locally", method, path, kind)
                    continue
                authorizer, auth_type = _security(
                    operation.get("security", body.get("security")), definitions
                )
                yield Route(
                    method=method,
                    path=path,
                    function=function,
                    api=api,
                    authorizer=authorizer,
                    auth_type=auth_type,
                    integration=kind,
                    mock_headers=mock_headers,
                )

    @property
    def routes(self) -> list[Route]:
        """Every API route of every REST API."""
        return [route for api in self.apis() for route in api.routes]

    @property
    def schedules(self) -> list[Schedule]:
        """EventBridge rules and Scheduler schedules that target local functions."""
        resolver = self.resolver()
        found: list[Schedule] = []
        for resource in self.of_type("AWS::Events::Rule") + self.of_type("AWS::Scheduler::Schedule"):
            props = resource.properties
            if "ScheduleExpression" not in props:
                continue  # an event-pattern rule, not a schedule
            if str(resolver.resolve(props.get("State", "ENABLED"))).upper() == "DISABLED":
                continue
            expression = str(resolver.resolve(props["ScheduleExpression"]))
            targets = props.get("Targets", []) if "Targets" in props else [props.get("Target", {})]
            for target in resolver.resolve(targets):
                function = self.function_for_arn(str(target.get("Arn", "")))
                if function is None:
                    log.warning("%s: target %s is not a local function", resource.logical_id, target)
                    continue
                raw_input = target.get("Input")
                found.append(
                    Schedule(
                        logical_id=resource.logical_id,
                        expression=expression,
                        function=function,
                        input=json.loads(raw_input) if isinstance(raw_input, str) else raw_input,
                        arn=f"arn:aws:events:{self.region}:{self.account_id}:rule/{resource.logical_id}",
                    )
                )
        return found


# ---------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------


def load_template(
    path: str | Path,
    parameters: Mapping[str, str] | None = None,
    *,
    stack_name: str = DEFAULT_STACK_NAME,
    region: str | None = None,
    account_id: str = DEFAULT_ACCOUNT_ID,
) -> Template:
    """Parse and SAM-transform ``path``; ``parameters`` override the template's defaults.

    Code paths (``CodeUri``/``ContentUri``) are relative to the template's directory.
    """
    from samtranslator.yaml_helper import yaml_parse

    path = Path(path).resolve()
    region = region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    source = yaml_parse(path.read_text())
    if not isinstance(source, dict) or "Resources" not in source:
        raise TemplateError(f"{path}: not a CloudFormation template")
    effective = effective_parameters(source.get("Parameters", {}), parameters or {})
    transformed = _transform(source, effective, region) if "Transform" in source else copy.deepcopy(source)
    template = Template(
        path=path,
        base_dir=path.parent,
        stack_name=stack_name,
        region=region,
        account_id=account_id,
        parameters=effective,
        transformed=transformed,
    )
    resolver = template.resolver()
    for logical_id, raw in transformed.get("Resources", {}).items():
        condition = raw.get("Condition")
        if condition and not resolver.condition(condition):
            continue
        depends_on = raw.get("DependsOn", [])
        template.resources[logical_id] = Resource(
            logical_id=logical_id,
            type=raw["Type"],
            properties=raw.get("Properties", {}),
            condition=condition,
            depends_on=tuple([depends_on] if isinstance(depends_on, str) else depends_on),
        )
    return template


def declared_parameters(path: str | Path) -> set[str]:
    """The names of a template's parameters (a plain parse, no transform)."""
    from samtranslator.yaml_helper import yaml_parse

    source = yaml_parse(Path(path).read_text())
    return set((source.get("Parameters") or {}) if isinstance(source, dict) else {})


def effective_parameters(declared: Mapping[str, Any], overrides: Mapping[str, str]) -> dict[str, Any]:
    """Parameter values as CloudFormation sees them: defaults, overrides, checks.

    Values stay strings (``Number`` included, as ``Ref`` returns them); list
    types become lists of strings.
    """
    unknown = set(overrides) - set(declared)
    if unknown:
        raise TemplateError(f"unknown template parameter(s): {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for name, spec in declared.items():
        if name in overrides:
            raw: Any = overrides[name]
        elif "Default" in spec:
            raw = spec["Default"]
        else:
            raise TemplateError(f"parameter {name} has no default; pass --param {name}=VALUE")
        kind = str(spec.get("Type", "String"))
        if kind.startswith("List<") or kind == "CommaDelimitedList":
            values[name] = raw if isinstance(raw, list) else [part.strip() for part in str(raw).split(",")]
            continue
        value = str(raw).lower() if isinstance(raw, bool) else str(raw)
        allowed = [str(v) for v in spec.get("AllowedValues", [])]
        if allowed and value not in allowed:
            raise TemplateError(f"parameter {name}={value!r} is not one of {allowed}")
        if kind == "Number":
            try:
                number = float(value)
            except ValueError:
                raise TemplateError(f"parameter {name}={value!r} is not a number") from None
            if "MinValue" in spec and number < float(spec["MinValue"]):
                raise TemplateError(f"parameter {name}={value} is below {spec['MinValue']}")
            if "MaxValue" in spec and number > float(spec["MaxValue"]):
                raise TemplateError(f"parameter {name}={value} is above {spec['MaxValue']}")
        pattern = spec.get("AllowedPattern")
        if pattern and not re.fullmatch(str(pattern), value):
            raise TemplateError(f"parameter {name}={value!r} does not match {pattern}")
        values[name] = value
    return values


def _transform(source: dict[str, Any], parameters: Mapping[str, Any], region: str) -> dict[str, Any]:
    """Run the SAM transform offline, with local code paths smuggled through as S3 URIs."""
    from samtranslator.internal.managed_policies import get_bundled_managed_policy_map
    from samtranslator.model.exceptions import InvalidDocumentException
    from samtranslator.translator.transform import transform

    class _BundledPolicies:
        def load(self) -> dict[str, str]:
            return dict(get_bundled_managed_policy_map("aws"))

    document = copy.deepcopy(source)
    sections = list(document.get("Resources", {}).values())
    global_function = document.get("Globals", {}).get("Function")
    if isinstance(global_function, dict):
        sections.append({"Type": "AWS::Serverless::Function", "Properties": global_function})
    for resource in sections:
        key = _LOCAL_URI_PROPERTIES.get(resource.get("Type", ""))
        props = resource.get("Properties") or {}
        uri = props.get(key) if key else None
        if isinstance(uri, str) and not uri.startswith("s3://"):
            props[key] = f"s3://{LOCAL_CODE_BUCKET}/{uri}"
    with _default_region(region):
        try:
            transformed: dict[str, Any] = transform(document, dict(parameters), _BundledPolicies())
        except InvalidDocumentException as error:
            messages = "; ".join(str(cause) for cause in error.causes)
            raise TemplateError(f"SAM transform failed: {messages}") from error
    return transformed


@contextlib.contextmanager
def _default_region(region: str) -> Iterator[None]:
    """samtranslator finds the partition through boto3's default region."""
    previous = os.environ.get("AWS_DEFAULT_REGION")
    os.environ["AWS_DEFAULT_REGION"] = region
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("AWS_DEFAULT_REGION", None)
        else:
            os.environ["AWS_DEFAULT_REGION"] = previous


def _security(security: Any, definitions: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(authorizer name, type) of a method's ``security``; (None, None) when open."""
    if not security:
        return None, None
    for requirement in security:
        for name in requirement:
            if name == "NONE":
                return None, None
            definition = definitions.get(name)
            if not isinstance(definition, dict):
                continue  # e.g. api_key: usage plans are not emulated
            authorizer = definition.get("x-amazon-apigateway-authorizer", {})
            kind = authorizer.get("type") or definition.get("x-amazon-apigateway-authtype") or "unknown"
            return name, str(kind).lower()
    return None, None


def _mock_headers(integration: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """Response headers of a MOCK integration (what SAM generates for CORS preflight)."""
    default = integration.get("responses", {}).get("default", {})
    headers = []
    for key, value in default.get("responseParameters", {}).items():
        prefix = "method.response.header."
        if key.startswith(prefix):
            headers.append((key[len(prefix) :], str(value).strip("'")))
    return tuple(headers)


def _env_string(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict | list):
        raise TemplateError(f"environment value {value!r} is not a string")
    return str(value)


def _short_id(seed: str) -> str:
    """A stable 10-character id shaped like an API Gateway id."""
    return hashlib.sha256(seed.encode()).hexdigest()[:10]
