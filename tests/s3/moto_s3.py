"""A real S3-compatible server for the deploy tests: moto's standalone
server on a free loopback port, with request signing enforced.

Setup (unsigned, before enforcement): an IAM user with an access key allowed
everything, and the buckets named on the command line. From then on every
request must be signed with that key (moto checks the key and the SigV4
signature), so wrong credentials fail as they would on AWS.

Protocol: prints one JSON line {"endpoint", "key_id", "secret"}, then reads
one JSON command per line on stdin and answers with one JSON line, through
boto3 (an independent client): list, head, get. EOF on stdin stops it.
Installed by .ci/install-deps (tests/s3/requirements.txt).
"""

import base64
import json
import socket
import sys
from urllib.parse import quote, unquote

import boto3
from botocore.config import Config
from moto import settings
from moto.iam import access_control
from moto.server import ThreadedMotoServer


def _query_decoded(create_aws_request):
    """moto 5.2 checks a signature against the query string with its
    percent-encoding lost (`prefix=www/` where the client signed
    `prefix=www%2F`), so any request with an encoded query value (a prefix,
    a continuation token) fails its check, from boto3 as from any client.
    Encode each key and value as SigV4's canonical request does: the
    signature is still computed and compared, as AWS does."""

    def encode(text):
        return quote(unquote(text), safe="-_.~")

    def patched(self):
        path, mark, query = self._path.partition("?")
        if mark:
            pairs = (pair.partition("=") for pair in query.split("&"))
            query = "&".join(encode(k) + eq + encode(v) for k, eq, v in pairs)
            self._path = path + "?" + query
        return create_aws_request(self)

    return patched


access_control.IAMRequestBase._create_aws_request = _query_decoded(
    access_control.IAMRequestBase._create_aws_request
)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def client(service, endpoint, key_id, secret):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )


def main():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    iam = client("iam", endpoint, "setup", "setup")
    iam.create_user(UserName="deployer")
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    iam.put_user_policy(UserName="deployer", PolicyName="everything", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="deployer")["AccessKey"]
    s3 = client("s3", endpoint, key["AccessKeyId"], key["SecretAccessKey"])
    for bucket in sys.argv[1:]:
        s3.create_bucket(Bucket=bucket)
    # From here on, every request must carry a valid signature of a known key.
    settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
    print(json.dumps({"endpoint": endpoint, "key_id": key["AccessKeyId"], "secret": key["SecretAccessKey"]}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        try:
            answer = run(s3, command)
        except Exception as e:  # reported to the test, which fails with it
            answer = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(answer), flush=True)
    server.stop()


def run(s3, command):
    op, bucket = command["op"], command["bucket"]
    if op == "list":
        objects = {}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for o in page.get("Contents", []):
                objects[o["Key"]] = {"size": o["Size"], "etag": o["ETag"]}
        return {"objects": objects}
    if op == "head":
        h = s3.head_object(Bucket=bucket, Key=command["key"])
        return {
            "content_type": h.get("ContentType"),
            "cache_control": h.get("CacheControl"),
            "content_encoding": h.get("ContentEncoding"),
            "metadata": h.get("Metadata", {}),
        }
    if op == "get":
        body = s3.get_object(Bucket=bucket, Key=command["key"])["Body"].read()
        return {"base64": base64.b64encode(body).decode()}
    raise ValueError(f"unknown op {op}")


if __name__ == "__main__":
    main()
