"""The service on one machine, built from ``template.yaml`` alone (SPEC §2.1).

Modules, each holding one thing:

- :mod:`~local_stack.intrinsics` — CloudFormation intrinsic functions.
- :mod:`~local_stack.template` — parse + SAM-transform the template; functions, routes, schedules.
- :mod:`~local_stack.resources` — create tables, bucket, user pool... in moto; the resulting ``Stack``.
- :mod:`~local_stack.emulator`, :mod:`~local_stack.emulator_server` — moto in server mode, in a
  process of its own, and the AWS environment variables.
- :mod:`~local_stack.workers` — Lambda-like worker processes running the handlers.
- :mod:`~local_stack.routing`, :mod:`~local_stack.proxy`, :mod:`~local_stack.auth`,
  :mod:`~local_stack.gateway` — API Gateway (REST) emulation: routes, proxy events, Cognito authorizer.
- :mod:`~local_stack.schedules` — EventBridge schedules.
- :mod:`~local_stack.users`, :mod:`~local_stack.demo` — demo users and data.
- :mod:`~local_stack.state`, :mod:`~local_stack.banner` — ``.local/stack.json`` and the startup text.
- :mod:`~local_stack.runner` — start/stop all of it; :mod:`~local_stack.__main__` — the CLI.

In-process use (integration tests, under ``moto.mock_aws()``)::

    from local_stack.template import load_template
    from local_stack.resources import create_resources

    template = load_template("template.yaml")
    with mock_aws():
        stack = create_resources(template)  # boto3.Session for the template's region
        stack.tables["RequestsTable"], stack.bucket, stack.user_pool_id
        stack.functions["CreateRequestFunction"].environment
"""
