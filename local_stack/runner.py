"""Start and stop the whole local service: emulator, resources, users, workers, gateway, schedules, demo data.

:class:`LocalStack` is what ``python -m local_stack`` runs, and what tests can
run in-process with a template of their own::

    with LocalStack(Options(template=path, port=0, aws_port=0, state_dir=tmp)) as running:
        requests.get(running.api_url + "/docs")
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import Any

import boto3

from local_stack import banner, iam
from local_stack.demo import seed
from local_stack.emulator import Emulator, PortInUse, apply_environment, port_is_free
from local_stack.gateway import Gateway
from local_stack.resources import Stack, create_resources
from local_stack.schedules import Scheduler
from local_stack.state import build_state, remove_state, write_state
from local_stack.template import DEFAULT_STACK_NAME, declared_parameters, load_template
from local_stack.users import DemoUsers, create_demo_users, login
from local_stack.web import WebServer, site_folder
from local_stack.workers import WorkerPool, runtime_environment

__all__ = ["DEFAULT_TEMPLATE", "LocalStack", "Options"]

CREDENTIAL_VARIABLES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")

log = logging.getLogger(__name__)

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "template.yaml"
#: Where the functions' metric records (CloudWatch EMF) go, in the state directory: not the console.
METRICS_FILE = "metrics.jsonl"


@dataclass
class Options:
    """Everything the CLI can set."""

    template: Path = DEFAULT_TEMPLATE
    host: str = "127.0.0.1"
    port: int = 3000
    aws_port: int = 4566
    web_port: int = 3001
    state_dir: Path = Path(".local")
    workers: int = 8
    schedule_seconds: float | None = None
    demo: bool = True
    parameters: dict[str, str] = field(default_factory=dict)
    quiet: bool = False
    stack_name: str = DEFAULT_STACK_NAME
    region: str = "us-east-1"
    iam: bool = True


class LocalStack:
    """The running service; :meth:`start` brings it up, :meth:`stop` takes it down (any part started)."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.emulator: Emulator | None = None
        self.stack: Stack | None = None
        self.users = DemoUsers()
        self.pool: WorkerPool | None = None
        self.gateway: Gateway | None = None
        self.web: WebServer | None = None
        self.scheduler: Scheduler | None = None
        self.state: dict[str, Any] = {}
        self.warnings: list[str] = []
        self._tokens: dict[str, str] = {}
        self.admin: iam.Credentials | None = None

    @property
    def api_url(self) -> str:
        """Base URL of the API."""
        return str(self.state["api_url"])

    @property
    def web_url(self) -> str | None:
        """The web app's address, when the template has one."""
        return self.state.get("web_url")

    def start(self) -> LocalStack:
        """Bring everything up, in dependency order; stack.json is written last."""
        options = self.options
        remove_state(options.state_dir)
        if not port_is_free(options.host, options.port):  # fail before the slow part
            raise PortInUse(f"{options.host}:{options.port} is in use; pass --port 0 or another port")
        parameters = dict(options.parameters)
        if "WebUrl" in declared_parameters(options.template) and "WebUrl" not in parameters:
            # The web server stands in for CloudFront: its address is the template's WebUrl
            # (the letters' links, the one origin CORS lets in). Its port is taken now.
            self.web = WebServer(options.host, options.web_port)
            parameters["WebUrl"] = self.web.bind()

        self.emulator = Emulator(options.host, options.aws_port)
        endpoint = self.emulator.start()
        environment = runtime_environment(endpoint, options.region)
        apply_environment(environment)
        log.info("AWS emulator (moto) at %s", endpoint)

        template = load_template(
            options.template, parameters, stack_name=options.stack_name, region=options.region
        )
        session = boto3.Session(region_name=options.region)
        self.stack = stack = create_resources(template, session, endpoint_url=endpoint)
        log.info("created %d resources from %s", len(stack.created), options.template)

        cognito = session.client("cognito-idp", endpoint_url=endpoint)
        if stack.user_pools:
            self.users = create_demo_users(cognito, stack.user_pool_id, stack.groups.values())

        functions = stack.functions
        if options.iam:
            # Each function with its own policy, moto enforcing it from here on; this process is the admin.
            self.admin, granted = iam.grant(session.client("iam", endpoint_url=endpoint), stack)
            functions = {
                logical_id: replace(
                    spec, environment={**spec.environment, **granted[logical_id].environment()}
                )
                for logical_id, spec in functions.items()
            }
            environment = {
                key: value for key, value in environment.items() if key not in CREDENTIAL_VARIABLES
            }
            apply_environment({**environment, **self.admin.environment()})
            os.environ.pop("AWS_SESSION_TOKEN", None)
            iam.enforce(endpoint)
            log.info("IAM enforced: each function runs with its own policy from the template")

        metrics = Path(options.state_dir) / METRICS_FILE
        Path(options.state_dir).mkdir(parents=True, exist_ok=True)
        metrics.unlink(missing_ok=True)
        self.pool = WorkerPool(
            functions, workers=options.workers, base_environment=environment, metrics=metrics
        )
        self.gateway = Gateway(
            stack, self.pool, host=options.host, port=options.port, aws_endpoint_url=endpoint
        )
        api_url = self.gateway.start()
        log.info("API at %s", api_url)

        self.scheduler = Scheduler(
            template.schedules,
            self.pool.invoke,
            region=stack.region,
            account_id=stack.account_id,
            override_seconds=options.schedule_seconds,
        )
        self.scheduler.start()

        web_url = None
        folder = site_folder(template)
        if self.web is not None and folder is not None:
            web_url = self.web.start(
                folder,
                {
                    "api_url": api_url,
                    "region": stack.region,
                    "user_pool_client_id": stack.user_pool_client_id if stack.user_pool_clients else None,
                    "cognito_endpoint": endpoint,
                    # moto routes unsigned Cognito calls to us-east-1 unless a credential scope names
                    # the region: the app adds a stand-in one, for the emulator only.
                    "emulator": True,
                },
            )
            log.info("web app at %s (from %s)", web_url, folder)
        self.state = build_state(
            api_url=api_url,
            aws_endpoint_url=endpoint,
            stack=stack,
            users=self.users,
            admin=self.admin,
            web_url=web_url,
        )
        self.state["metrics_file"] = str(metrics)
        if options.demo and stack.user_pools:
            self.warnings += seed(api_url, self.token)
            for warning in self.warnings:
                log.warning("%s", warning)
        write_state(options.state_dir, self.state)
        return self

    def token(self, role_or_username: str) -> str:
        """An ID token of a demo user (cached)."""
        if role_or_username not in self._tokens:
            if self.stack is None:
                raise RuntimeError("the stack is not started")
            cognito = boto3.client(
                "cognito-idp", region_name=self.stack.region, endpoint_url=self.stack.endpoint_url
            )
            user = self.users.find(role_or_username)
            self._tokens[role_or_username] = login(cognito, self.stack.user_pool_client_id, user)
        return self._tokens[role_or_username]

    def banner(self) -> str:
        """The startup text for a newcomer."""
        routes = [self.gateway.describe(r) for r in self.gateway.table.routes] if self.gateway else []
        schedules = [self.scheduler.describe(s) for s in self.scheduler.schedules] if self.scheduler else []
        skipped = self.stack.skipped() if self.stack else {}
        return banner.render(
            self.state, routes=routes, schedules=schedules, warnings=self.warnings, skipped=skipped
        )

    def stop(self) -> None:
        """Stop what was started, newest first; safe to call twice."""
        remove_state(self.options.state_dir)
        if self.scheduler is not None:
            self.scheduler.stop()
            self.scheduler = None
        if self.gateway is not None:
            self.gateway.stop()
            self.gateway = None
        if self.web is not None:
            self.web.stop()
            self.web = None
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
        if self.emulator is not None:
            self.admin = None
            self.emulator.stop()
            self.emulator = None

    def __enter__(self) -> LocalStack:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def default_region() -> str:
    """The region from the environment, us-east-1 otherwise."""
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
