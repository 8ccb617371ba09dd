"""Make the emulator cheap where moto's cost grew with the data or with the number of calls.

Each patch leaves moto's answers as they were; only the work to reach them changes. They apply to
the local stack's emulator (``local_stack.emulator_server``), found by profiling the local API under load
(``bench/local_throughput.py``); the integration tests run moto as it comes.

- The service of a call is found by matching its host against every service's URL patterns, under
  the dispatcher's one lock: the answer for a host never changes, so it is remembered.
- DynamoDB answers are turned into JSON by walking them against botocore's model, one attribute
  value at a time; items are already in DynamoDB's wire format, so ``json.dumps`` writes them.
- Every call lists the handler class's methods (``inspect.getmembers``) to find its action; a
  class's methods do not change, so each class is listed once.
- An item's size is checked against the 400 KB limit again for every attribute as it is built (the
  whole item each time: quadratic in its attributes); it is checked once, on the whole item, which
  refuses exactly the same items (the size only grows while an item is built).
- A query started from every item of the table, sorted (``Table.all_items``: the whole table,
  compared ``DynamoType`` by ``DynamoType``, on every query, so queries slowed down as the tables
  filled), then kept those of its key and sorted them again. A query of the table itself starts
  from the items of its partition key; a query of an index from the items unsorted (its own sort
  orders them by index and table keys, which no two items share, so the first sort decided nothing).
- IAM, enforced on every call: moto found the caller's user by walking every user's access keys,
  collected the user's policies and parsed each policy's JSON, per call (and per item of a
  transaction). The user of an access key and its policies are remembered until IAM changes: any
  call to IAM's API (before and after it runs) or a reset of moto's backends forgets them, so a
  policy put or deleted applies from the next call on, as before. A policy document's parse is
  remembered by its text.
- A condition expression (every conditional write and filter) was cut into tokens by trying a list of
  regular expressions at each position, per call; the tokens depend on the expression's text alone
  (names and values are looked up after), so each text is cut once.
- Every DynamoDB request body was read against botocore's model of the operation, attribute value
  by attribute value (a seventh of the emulator's time, most of it on the items of writes). For the
  item operations that model changes nothing but blobs (``B``, ``BS``, base64 to bytes) and keys
  set to ``null`` (dropped): a body with neither is exactly its ``json.loads``; any other body
  still goes through the model.
- Flask stood between the server and moto's DynamoDB handler for every call (a request context,
  URL routing, the CORS extension): a tenth of the emulator's time. :class:`DynamoDBFirst` hands a
  DynamoDB call (POST ``/``, no ``Origin``: never a browser's) to the handler Flask would have
  called, as Flask would (moto's request class, its recorder, a client error as a 400) and adds the
  one header the CORS extension adds to such a call; every other call goes through Flask.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections import deque
from typing import Any

import moto.core.responses
from botocore.exceptions import ClientError
from flask import Response
from moto.core.responses import ActionContext
from moto.dynamodb.comparisons import ConditionExpressionParser
from moto.dynamodb.exceptions import ItemSizeTooLarge
from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
from moto.dynamodb.models.table import Table
from moto.dynamodb.models.utilities import bytesize
from moto.dynamodb.responses import DynamoHandler, DynamoResult
from moto.moto_api import recorder
from moto.moto_server.werkzeug_app import BackendRequest, DomainDispatcherApplication

#: moto's limit (between DynamoDB's documented 400 KB and the 409-410 KB it was seen to accept).
ITEM_LIMIT = 405_000


def apply() -> None:
    """Idempotent."""
    remember_backends_by_host()
    write_items_as_json()
    check_item_size_once()
    remember_method_names()
    query_from_the_key()
    remember_iam_users_and_policies()
    remember_condition_tokens()
    read_plain_dynamodb_bodies_as_json()


_REMEMBERED = "__digitization_remembered__"


def remember_backends_by_host() -> None:
    """moto finds the service of every call by matching its host against the URL patterns of every
    service it emulates, one after the other, under the dispatcher's one lock: a tenth of the
    emulator's time under load. A host's service never changes, so each is looked up once."""
    original = DomainDispatcherApplication.get_backend_for_host
    if getattr(original, _REMEMBERED, False):
        return
    found: dict[tuple[int, str | None], Any] = {}

    @functools.wraps(original)
    def get_backend_for_host(self: DomainDispatcherApplication, host: str | None) -> Any:
        key = (id(self), host)
        if key not in found:
            found[key] = original(self, host)
        return found[key]

    setattr(get_backend_for_host, _REMEMBERED, True)
    DomainDispatcherApplication.get_backend_for_host = get_backend_for_host  # type: ignore[method-assign]


#: DynamoDB operations whose answers are items (already in DynamoDB's wire format) and counts.
ITEM_OPERATIONS = frozenset(
    {"GetItem", "BatchGetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem", "TransactGetItems"}
)
_AS_JSON = "__digitization_as_json__"


def write_items_as_json() -> None:
    """moto turns every DynamoDB answer into JSON by walking it against botocore's model of the
    operation, one attribute value at a time: a third of the emulator's time under load, spent on the
    items a query or a GetItem returns. Those answers are already DynamoDB's wire format (strings,
    numbers, lists, maps), so they are written with ``json.dumps``; anything ``json`` cannot write
    (bytes, dates) goes through moto's serializer as before."""
    original = DynamoResult.execute_result
    if getattr(original, _AS_JSON, False):
        return

    @functools.wraps(original)
    def execute_result(self: DynamoResult, context: ActionContext) -> Any:
        if context.operation_model.name in ITEM_OPERATIONS and isinstance(self.result, dict):
            answer = {key: value for key, value in self.result.items() if value is not None}
            try:
                body = json.dumps(answer, separators=(",", ":"), allow_nan=False)
            except (TypeError, ValueError):
                return original(self, context)
            version = context.service_model.metadata.get("jsonVersion", "1.0")
            return 200, {"Content-Type": f"application/x-amz-json-{version}"}, body
        return original(self, context)

    setattr(execute_result, _AS_JSON, True)
    DynamoResult.execute_result = execute_result  # type: ignore[method-assign, assignment]


_CHECKED_ONCE = "__digitization_checked_once__"


def check_item_size_once() -> None:
    """Build an item's attributes, then check its size once (moto checks the whole item per attribute)."""
    original = Item.__init__
    if getattr(original, _CHECKED_ONCE, False):
        return

    @functools.wraps(original)
    def __init__(
        self: Item, hash_key: DynamoType, range_key: DynamoType | None, attrs: dict[str, Any]
    ) -> None:
        self.hash_key = hash_key
        self.range_key = range_key
        built = LimitedSizeDict()
        for key, value in attrs.items():
            dict.__setitem__(built, key, DynamoType(value))
        if sum(bytesize(key) + value.size() for key, value in built.items()) > ITEM_LIMIT:
            raise ItemSizeTooLarge
        self.attrs = built

    setattr(__init__, _CHECKED_ONCE, True)
    Item.__init__ = __init__  # type: ignore[method-assign]


def remember_method_names() -> None:
    """List each response class's methods once (moto lists them for every call)."""
    original = getattr(moto.core.responses, "method_names_from_class")  # noqa: B009 (not re-exported)
    if isinstance(original, functools._lru_cache_wrapper):
        return
    setattr(moto.core.responses, "method_names_from_class", functools.cache(original))  # noqa: B010


_QUERY_FROM_KEY = "__digitization_query_from_key__"
_query = threading.local()


def query_from_the_key() -> None:
    """A query starts from its partition's items (table) or the items unsorted (index), not the sorted table.

    ``Table.query`` asks ``all_items`` once for the items to filter; inside a query (this thread,
    this table, the first call) that call answers from the query's key instead. Every other use of
    ``all_items`` (scans, exports...) is as before.
    """
    original_query = Table.query
    if getattr(original_query, _QUERY_FROM_KEY, False):
        return
    original_all_items = Table.all_items

    @functools.wraps(original_query)
    def query(self: Table, hash_key: DynamoType | None, *args: Any, **kwargs: Any) -> Any:
        index_name = kwargs.get("index_name", args[6] if len(args) > 6 else None)
        _query.pending = (self, hash_key, index_name)
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            _query.pending = None

    @functools.wraps(original_all_items)
    def all_items(self: Table) -> list[Item]:
        pending = getattr(_query, "pending", None)
        if pending is None or pending[0] is not self:
            return original_all_items(self)
        _query.pending = None
        _, hash_key, index_name = pending
        if index_name:
            if self.range_key_attr:
                return [item for partition in self.items.values() for item in partition.values()]
            return list(self.items.values())
        partition: Any = self.items.get(hash_key) if hash_key is not None else None
        if partition is None:
            return []
        return list(partition.values()) if self.range_key_attr else [partition]

    setattr(query, _QUERY_FROM_KEY, True)
    Table.query = query  # type: ignore[method-assign]
    Table.all_items = all_items  # type: ignore[method-assign]


_IAM_REMEMBERED = "__digitization_iam_remembered__"
_iam_lock = threading.Lock()
_iam_generation = [0]


def _iam_changed() -> None:
    with _iam_lock:
        _iam_generation[0] += 1


def _iam_state(account_id: str, partition: str) -> tuple[int, Any, Any]:
    """(generation, backend, its users) now: a remembered answer holds while all three are the same."""
    from moto.iam.models import iam_backends

    backend = iam_backends[account_id][partition]
    return _iam_generation[0], backend, backend.users


def _same(a: tuple[int, Any, Any], b: tuple[int, Any, Any]) -> bool:
    return a[0] == b[0] and a[1] is b[1] and a[2] is b[2]


@functools.lru_cache(maxsize=4096)
def _policy_json(document: str) -> Any:
    return json.loads(document)


def remember_iam_users_and_policies() -> None:
    """Remember an access key's user and the user's policies until IAM changes; parse a document once."""
    import moto.iam.access_control as access_control
    from moto.iam.access_control import IAMPolicy, IAMUserAccessKey
    from moto.iam.models import Policy
    from moto.iam.responses import IamResponse

    original_create = access_control.create_access_key
    if getattr(original_create, _IAM_REMEMBERED, False):
        return
    original_collect = IAMUserAccessKey.collect_policies
    original_call = IamResponse.call_action
    keys: dict[tuple[str, str, str], tuple[tuple[int, Any, Any], Any]] = {}

    @functools.wraps(original_create)
    def create_access_key(
        account_id: str, partition: str, access_key_id: str, headers: dict[str, str]
    ) -> Any:
        if "X-Amz-Security-Token" in headers:  # a role's session (or refused): as moto does it
            return original_create(account_id, partition, access_key_id, headers)
        state = _iam_state(account_id, partition)
        key = (account_id, partition, access_key_id)
        known = keys.get(key)
        if known is not None and _same(known[0], state):
            return known[1]
        found = original_create(account_id, partition, access_key_id, headers)
        keys[key] = (state, found)
        return found

    @functools.wraps(original_collect)
    def collect_policies(self: IAMUserAccessKey) -> list[Any]:
        state = _iam_state(self.account_id, self.partition)
        known = getattr(self, "_digitization_policies", None)
        if known is not None and _same(known[0], state):
            return list(known[1])
        policies = original_collect(self)
        self._digitization_policies = (state, policies)  # type: ignore[attr-defined]
        return list(policies)

    def policy_init(self: IAMPolicy, policy: Any) -> None:
        if isinstance(policy, Policy):
            document = next(v for v in policy.versions if v.is_default).document
        elif isinstance(policy, str):
            document = policy
        else:
            document = policy["policy_document"]
        self._policy_json = _policy_json(document) if isinstance(document, str) else json.loads(document)

    @functools.wraps(original_call)
    def call_action(self: IamResponse) -> Any:
        _iam_changed()
        try:
            return original_call(self)
        finally:
            _iam_changed()

    setattr(create_access_key, _IAM_REMEMBERED, True)
    access_control.create_access_key = create_access_key
    IAMUserAccessKey.collect_policies = collect_policies  # type: ignore[method-assign]
    IAMPolicy.__init__ = policy_init  # type: ignore[method-assign]
    IamResponse.call_action = call_action  # type: ignore[method-assign, assignment]


_TOKENS = "__digitization_tokens__"


def remember_condition_tokens() -> None:
    """Cut each condition expression's text into tokens once (moto cuts it on every call).

    The tokens are the lexer's own, copied out for each parse (the parser consumes its deque, and a
    token's ``children`` is a list); an expression the lexer refuses is refused again each time.
    """
    original = ConditionExpressionParser._lex_condition_expression
    if getattr(original, _TOKENS, False):
        return

    @functools.lru_cache(maxsize=4096)
    def tokens(expression: str) -> tuple[Any, ...]:
        return tuple(original(ConditionExpressionParser(expression, None, None)))

    @functools.wraps(original)
    def lex(self: ConditionExpressionParser) -> deque[Any]:
        if not isinstance(self.condition_expression, str):
            return original(self)
        return deque(
            token._replace(children=list(token.children)) for token in tokens(self.condition_expression)
        )

    setattr(lex, _TOKENS, True)
    ConditionExpressionParser._lex_condition_expression = lex  # type: ignore[method-assign]


_PLAIN = "__digitization_plain_json__"
#: Operations whose input shapes hold no timestamps: only blobs and nulls read differently.
PLAIN_JSON_OPERATIONS = frozenset(
    {
        "GetItem",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "Query",
        "BatchGetItem",
        "BatchWriteItem",
        "TransactGetItems",
        "TransactWriteItems",
    }
)
#: A blob attribute value (``"B":`` or ``"BS":``, any spacing) or a ``null`` anywhere; a false
#: alarm (the text inside a string) only sends the body through the model.
_NEEDS_MODEL = re.compile(rb'"BS?"\s*:|null')


def read_plain_dynamodb_bodies_as_json() -> None:
    """Read an item operation's body with ``json.loads`` when the model would read it the same."""
    original = DynamoHandler.parse_parameters
    if getattr(original, _PLAIN, False):
        return

    @functools.wraps(original)
    def parse_parameters(self: DynamoHandler, request: Any) -> None:
        body = request.data
        if self._get_action() in PLAIN_JSON_OPERATIONS and body and not _NEEDS_MODEL.search(body):
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = None
            if isinstance(parsed, dict):
                self.params = parsed
                return
        original(self, request)

    setattr(parse_parameters, _PLAIN, True)
    DynamoHandler.parse_parameters = parse_parameters  # type: ignore[method-assign, assignment]


class DynamoDBFirst:
    """moto's dispatcher as a WSGI application, DynamoDB's calls answered without Flask."""

    def __init__(self, dispatcher: DomainDispatcherApplication) -> None:
        self.dispatcher = dispatcher

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        app = self.dispatcher.get_application(environ)
        if (
            getattr(app, "service", None) != "dynamodb"
            or environ.get("REQUEST_METHOD") != "POST"
            or environ.get("PATH_INFO") != "/"
            or "HTTP_ORIGIN" in environ
        ):
            return app(environ, start_response)
        request = BackendRequest(environ)
        recorder._record_request(request)
        try:  # what moto.core.utils.convert_to_flask_response does around the handler
            result = DynamoHandler.dispatch(request, request.raw_url, dict(request.headers))
        except ClientError as exc:
            result = 400, {}, exc.response["Error"]["Message"]
        status, headers, content = result if len(result) == 3 else (200, {}, result)
        response = Response(response=content, status=status, headers=headers)
        response.headers["Access-Control-Allow-Origin"] = "*"  # the CORS extension's, without an Origin
        return response(environ, start_response)
