"""local_stack.speed leaves moto's answers as they were: queries, compared with moto's own.

The comparison runs in a child process, so this test process keeps moto as it comes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from local_stack import speed

ROOT = Path(__file__).resolve().parents[2]

COMPARE = r"""
import json, os, random, sys
os.environ.update(AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x", AWS_DEFAULT_REGION="eu-west-1")
import boto3
from moto import mock_aws

def keys(*names):
    return [{"AttributeName": n, "AttributeType": "S"} for n in names]

def answers(patched):
    random.seed(7)
    with mock_aws():
        if patched:
            from local_stack import speed
            speed.query_from_the_key()
        db = boto3.client("dynamodb")
        db.create_table(
            TableName="paired",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=keys("pk", "sk", "g", "gs"),
            GlobalSecondaryIndexes=[
                {"IndexName": "by-g-gs", "Projection": {"ProjectionType": "ALL"},
                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "gs", "KeyType": "RANGE"}]},
                {"IndexName": "by-g", "Projection": {"ProjectionType": "KEYS_ONLY"},
                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        db.create_table(
            TableName="single",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=keys("pk", "g"),
            GlobalSecondaryIndexes=[{"IndexName": "by-g", "Projection": {"ProjectionType": "ALL"},
                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}],
            BillingMode="PAY_PER_REQUEST",
        )
        for i in range(300):
            item = {"pk": {"S": f"p{random.randint(0, 20)}"}, "sk": {"S": f"s{random.randint(0, 50)}"}, "v": {"N": str(i)}}
            if random.random() < 0.8:
                item["g"] = {"S": f"g{random.randint(0, 5)}"}
            if random.random() < 0.7:
                item["gs"] = {"S": f"x{random.randint(0, 9)}"}
            db.put_item(TableName="paired", Item=item)
            single = {"pk": {"S": f"p{i}"}}
            if random.random() < 0.7:
                single["g"] = {"S": f"g{random.randint(0, 5)}"}
            db.put_item(TableName="single", Item=single)
        out = []
        def query(**kwargs):
            page = db.query(**kwargs)
            out.append(page)
            while "LastEvaluatedKey" in page:
                page = db.query(**kwargs, ExclusiveStartKey=page["LastEvaluatedKey"])
                out.append(page)
        for p in range(22):
            for forward in (True, False):
                for limit in ({}, {"Limit": 3}):
                    key = {":p": {"S": f"p{p}"}}
                    query(TableName="paired", KeyConditionExpression="pk = :p", ExpressionAttributeValues=key,
                          ScanIndexForward=forward, **limit)
                    query(TableName="paired", KeyConditionExpression="pk = :p AND sk > :s",
                          ExpressionAttributeValues={**key, ":s": {"S": "s2"}}, ScanIndexForward=forward, **limit)
                    query(TableName="single", KeyConditionExpression="pk = :p", ExpressionAttributeValues=key,
                          ScanIndexForward=forward, **limit)
        for g in range(7):
            key = {":g": {"S": f"g{g}"}}
            for forward in (True, False):
                for index in ("by-g-gs", "by-g"):
                    query(TableName="paired", IndexName=index, KeyConditionExpression="g = :g",
                          ExpressionAttributeValues=key, ScanIndexForward=forward, Limit=7)
                query(TableName="paired", IndexName="by-g-gs", KeyConditionExpression="g = :g AND gs BETWEEN :a AND :b",
                      ExpressionAttributeValues={**key, ":a": {"S": "x2"}, ":b": {"S": "x6"}}, ScanIndexForward=forward)
                query(TableName="single", IndexName="by-g", KeyConditionExpression="g = :g",
                      ExpressionAttributeValues=key, ScanIndexForward=forward, Limit=5)
        out.append(db.scan(TableName="paired"))
        for page in out:
            page.pop("ResponseMetadata")
        return out

moto_answers, patched_answers = answers(False), answers(True)
print(json.dumps({"same": moto_answers == patched_answers, "pages": len(moto_answers),
                  "items": sum(len(page.get("Items", [])) for page in moto_answers)}))
"""


def test_queries_answer_as_moto_does() -> None:
    done = subprocess.run(
        [sys.executable, "-c", COMPARE], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["items"] > 1000, result
    assert result["same"], result


CONDITIONS = r"""
import json, os, sys
os.environ.update(AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x", AWS_DEFAULT_REGION="eu-west-1")
import boto3
from botocore.exceptions import ClientError
from moto import mock_aws

EXPRESSIONS = [
    "attribute_not_exists(pk)", "attribute_exists(pk) AND #v = :one", "#v <> :one OR size(#l) > :one",
    "NOT (#v BETWEEN :one AND :two)", "#v IN (:one, :two)", "begins_with(#s, :p) AND contains(#l, :one)",
    "#m.#n = :one", "#l[0] = :one", "(#v = :one)", "#v = :one AND", "#v === :one", "#v = :missing",
    "attribute_type(#s, :t)", "#v<:two", "  #v   =   :one  ",
]

def answers(patched):
    with mock_aws():
        if patched:
            from local_stack import speed
            speed.remember_condition_tokens()
        db = boto3.client("dynamodb")
        db.create_table(TableName="t", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                        BillingMode="PAY_PER_REQUEST")
        names = {"#v": "v", "#l": "l", "#s": "s", "#m": "m", "#n": "n"}
        values = {":one": {"N": "1"}, ":two": {"N": "2"}, ":p": {"S": "ab"}, ":t": {"S": "S"}}
        out = []
        for round in range(2):  # the second round answers from what the first remembered
            for n, expression in enumerate(EXPRESSIONS):
                item = {"pk": {"S": f"k{n}"}, "v": {"N": str(n % 3)}, "s": {"S": "abc"},
                        "l": {"L": [{"N": "1"}]}, "m": {"M": {"n": {"N": "1"}}}}
                db.put_item(TableName="t", Item=item)
                used_names = {k: v for k, v in names.items() if k in expression}
                used_values = {k: v for k, v in values.items() if k in expression}
                extra = {"ExpressionAttributeNames": used_names} if used_names else {}
                if used_values:
                    extra["ExpressionAttributeValues"] = used_values
                for call in ("put", "scan"):
                    try:
                        if call == "put":
                            db.put_item(TableName="t", Item=item, ConditionExpression=expression, **extra)
                            out.append([round, n, call, "ok"])
                        else:
                            page = db.scan(TableName="t", FilterExpression=expression, **extra)
                            out.append([round, n, call, sorted(i["pk"]["S"] for i in page["Items"])])
                    except ClientError as error:
                        out.append([round, n, call, error.response["Error"]["Code"], error.response["Error"]["Message"]])
                    except Exception as error:  # moto lets some refusals escape as exceptions
                        out.append([round, n, call, type(error).__name__, str(error)])
        return out

moto_answers, patched_answers = answers(False), answers(True)
print(json.dumps({"same": moto_answers == patched_answers, "answers": moto_answers}))
"""


def test_conditions_answer_as_moto_does() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CONDITIONS], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    answers = result["answers"]
    assert {str(answer[3]) for answer in answers} >= {
        "ok",
        "ConditionalCheckFailedException",
        "ValidationException",
    }
    assert result["same"], result


ITEM = {
    "pk": {"S": "REQUEST#1"},
    "count": {"N": "12"},
    "ratio": {"N": "0.25"},
    "ok": {"BOOL": True},
    "nothing": {"NULL": True},
    "tags": {"SS": ["a", "b"]},
    "numbers": {"NS": ["1", "2.5"]},
    "doc": {"M": {"nested": {"L": [{"S": "x"}, {"M": {"deep": {"N": "1"}}}, {"L": []}]}, "empty": {"M": {}}}},
    "text": {"S": 'quotes " and \\ and unicode \u00e9\u4e2d and the word nothing'},
}
CORPUS: list[tuple[str, dict[str, Any]]] = [
    ("GetItem", {"TableName": "t", "Key": {"pk": {"S": "a"}}, "ConsistentRead": True}),
    ("PutItem", {"TableName": "t", "Item": ITEM, "ConditionExpression": "attribute_not_exists(pk)"}),
    (
        "UpdateItem",
        {
            "TableName": "t",
            "Key": {"pk": {"S": "a"}},
            "UpdateExpression": "SET #v = #v + :one, #m.#k = :doc",
            "ExpressionAttributeNames": {"#v": "v", "#m": "m", "#k": "k"},
            "ExpressionAttributeValues": {":one": {"N": "1"}, ":doc": ITEM["doc"]},
            "ReturnValues": "ALL_NEW",
        },
    ),
    (
        "Query",
        {
            "TableName": "t",
            "IndexName": "by-g",
            "KeyConditionExpression": "g = :g",
            "ExpressionAttributeValues": {":g": {"S": "g1"}},
            "ExclusiveStartKey": {"pk": {"S": "a"}, "g": {"S": "g1"}},
            "Limit": 25,
            "ScanIndexForward": False,
        },
    ),
    (
        "TransactWriteItems",
        {
            "TransactItems": [
                {
                    "Put": {
                        "TableName": "t",
                        "Item": ITEM,
                        "ConditionExpression": "#v = :v",
                        "ExpressionAttributeNames": {"#v": "v"},
                        "ExpressionAttributeValues": {":v": {"N": "3"}},
                    }
                },
                {"Delete": {"TableName": "c", "Key": {"pk": {"S": "x"}, "sk": {"S": "y"}}}},
                {
                    "Update": {
                        "TableName": "c",
                        "Key": {"pk": {"S": "x"}, "sk": {"S": "z"}},
                        "UpdateExpression": "REMOVE parts.#id",
                        "ExpressionAttributeNames": {"#id": "r1"},
                    }
                },
            ],
            "ClientRequestToken": "token",
        },
    ),
    ("TransactGetItems", {"TransactItems": [{"Get": {"TableName": "t", "Key": {"pk": {"S": "a"}}}}]}),
    ("BatchGetItem", {"RequestItems": {"t": {"Keys": [{"pk": {"S": "a"}}], "ConsistentRead": True}}}),
    ("BatchWriteItem", {"RequestItems": {"t": [{"PutRequest": {"Item": ITEM}}]}}),
    ("PutItem", {"TableName": "t", "Item": {**ITEM, "blob": {"B": b"\x00\x01"}, "blobs": {"BS": [b"a"]}}}),
    ("PutItem", {"TableName": "t", "Item": {**ITEM, "text": {"S": "a null in the text"}}}),
    ("DeleteItem", {"TableName": "t", "Key": {"pk": {"S": "a"}}, "ReturnValues": "ALL_OLD"}),
]


def test_plain_dynamodb_bodies_read_as_the_model_reads_them() -> None:
    from types import SimpleNamespace

    import botocore.session
    from botocore import serialize
    from moto.dynamodb.responses import DynamoHandler

    model = botocore.session.get_session().get_service_model("dynamodb")
    serializer = serialize.create_serializer(model.metadata["protocol"])
    original = DynamoHandler.parse_parameters
    try:
        speed.read_plain_dynamodb_bodies_as_json()
        patched = DynamoHandler.parse_parameters
        assert patched is not original
        for operation, params in CORPUS:
            wire = serializer.serialize_to_request(params, model.operation_model(operation))
            headers = {**wire["headers"], "X-Amz-Target": f"DynamoDB_20120810.{operation}"}
            request: Any = SimpleNamespace(  # what parse_parameters reads of moto's request
                data=wire["body"],
                method="POST",
                values={},
                headers=headers,
                path="/",
                content_type=headers["Content-Type"],
            )
            read = []
            for parse in (original, patched):
                handler = DynamoHandler()
                handler.headers, handler.querystring, handler.uri_match = headers, {}, {}
                handler.body, handler.method = wire["body"].decode(), "POST"
                parse(handler, request)
                read.append(handler.params)
            assert read[1] == read[0], operation
            if "Item" in params:  # an item's attributes in the order sent (a structure's members may not be)
                assert list(read[1]["Item"]) == list(read[0]["Item"]) == list(params["Item"])
    finally:
        DynamoHandler.parse_parameters = original  # type: ignore[method-assign]


WITHOUT_FLASK = r"""
import json, os, re, sys
os.environ.update(AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x", AWS_DEFAULT_REGION="eu-west-1")
from werkzeug.test import Client
from moto.moto_api import _internal
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from local_stack import speed

AUTH = "AWS4-HMAC-SHA256 Credential=x/20261130/eu-west-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0"
KEY = {"pk": {"S": "a"}}
CALLS = [
    ("CreateTable", {"TableName": "t", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                     "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                     "BillingMode": "PAY_PER_REQUEST"}),
    ("PutItem", {"TableName": "t", "Item": {**KEY, "v": {"N": "1"}}}),
    ("PutItem", {"TableName": "t", "Item": KEY, "ConditionExpression": "attribute_not_exists(pk)"}),
    ("GetItem", {"TableName": "t", "Key": KEY}),
    ("GetItem", {"TableName": "missing", "Key": KEY}),
    ("UpdateItem", {"TableName": "t", "Key": KEY, "UpdateExpression": "SET v = v + :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}}, "ReturnValues": "ALL_NEW"}),
    ("UpdateItem", {"TableName": "t", "Key": KEY, "UpdateExpression": "SET = broken"}),
    ("Query", {"TableName": "t", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "a"}}}),
    ("TransactWriteItems", {"TransactItems": [{"Put": {"TableName": "t", "Item": KEY,
                                                       "ConditionExpression": "attribute_not_exists(pk)"}}]}),
    ("TransactGetItems", {"TransactItems": [{"Get": {"TableName": "t", "Key": KEY}}]}),
    ("DeleteItem", {"TableName": "t", "Key": KEY, "ReturnValues": "ALL_OLD"}),
    ("NoSuchOperation", {}),
]

def answers(app):
    _internal.moto_api_backend.reset()
    client, out = Client(app), []
    for operation, body in CALLS + [("GetItem", "{not json")]:
        for extra in ({}, {"Origin": "http://localhost:3001"}):
            try:
                reply = client.post("/", data=body if isinstance(body, str) else json.dumps(body), headers={
                    "X-Amz-Target": f"DynamoDB_20120810.{operation}", "Authorization": AUTH,
                    "Content-Type": "application/x-amz-json-1.0", "Host": "localhost:4566", **extra})
            except Exception as error:  # moto lets some escape (the server then answers 500)
                out.append([operation, extra, type(error).__name__])
                continue
            raw = reply.get_data()
            # a table's creation time varies in length, so Content-Length is checked against the body, not compared
            headers = sorted(
                (k, v == str(len(raw)) if k == "Content-Length" else v)
                for k, v in reply.headers.items() if k.lower() != "x-amzn-requestid"
            )
            text = re.sub(r'"(CreationDateTime|TableId|LatestStreamLabel)": ?[^,}]+', "", reply.get_data(as_text=True))
            if "x-amz-crc32" in dict(headers):
                headers = [(k, v) for k, v in headers if k != "x-amz-crc32"]
            out.append([operation, extra, reply.status_code, headers, text])
    return out

plain = answers(DomainDispatcherApplication(create_backend_app))
fast = answers(speed.DynamoDBFirst(DomainDispatcherApplication(create_backend_app)))
print(json.dumps({"same": plain == fast, "plain": plain, "fast": fast}))
"""


def test_dynamodb_without_flask_answers_as_flask_does() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_FLASK],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    statuses = {answer[2] for answer in result["plain"]}
    assert any(len(answer) == 3 for answer in result["plain"]), "an escaping error is compared too"
    assert {200, 400} <= statuses, statuses
    for plain, fast in zip(result["plain"], result["fast"], strict=True):
        assert fast == plain
