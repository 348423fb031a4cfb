"""Schemathesis hooks of `npm run test:fuzz` (loaded through SCHEMATHESIS_HOOKS).

- `problem_json_on_error`: every 4xx/5xx the platform emits is application/problem+json.
- String fields documented only by a date-shaped example get a date-shaped pattern,
  so generation produces near-misses (2026-02-30, 9999-99-99, zone-less times).
- Known ids of the throwaway namespace are mixed into generated path parameters, so
  some cases reach past "not found" into the use cases.
- Sign-in and client-token bodies naming the fuzzer's own credentials are dropped:
  wrong passwords there would lock the account the run depends on.
"""

import json
import os
import re

import schemathesis
from hypothesis import strategies as st

PROBLEM_JSON = "application/problem+json"

_PROTECTED = {v.lower() for v in os.environ.get("FUZZ_PROTECTED_NAMES", "").split(",") if v}
_KNOWN_IDS: dict = json.loads(os.environ.get("FUZZ_KNOWN_IDS", "{}"))


@schemathesis.check
def problem_json_on_error(ctx, response, case):
    """An error response (4xx/5xx) must be application/problem+json."""
    if response.status_code < 400:
        return None
    values = response.headers.get("content-type") or [""]
    media_type = values[0].split(";")[0].strip().lower()
    if media_type != PROBLEM_JSON:
        raise AssertionError(
            f"{response.status_code} answered with content-type '{media_type or 'none'}', not {PROBLEM_JSON}"
        )
    return None


# (example shape, pattern that generates look-alikes, impossible values included)
_SHAPES = [
    (re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"), r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})?$"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), r"^\d{4}-\d{2}-\d{2}$"),
    (re.compile(r"^\d{4}-\d{2}$"), r"^\d{4}-\d{2}$"),
]


def _date_shaped(node):
    if isinstance(node, list):
        for item in node:
            _date_shaped(item)
        return
    if not isinstance(node, dict):
        return
    example = node.get("example")
    unconstrained = not any(k in node for k in ("pattern", "format", "enum"))
    if node.get("type") == "string" and isinstance(example, str) and unconstrained:
        for shape, pattern in _SHAPES:
            if shape.match(example):
                node["pattern"] = pattern
                break
    for value in node.values():
        _date_shaped(value)


@schemathesis.hook
def before_load_schema(ctx, raw_schema):
    # Only the fuzzer's copy changes; the services' documents stay as they are.
    _date_shaped(raw_schema)


def _with_known_ids(params):
    if not isinstance(params, dict):
        return params
    return {name: _KNOWN_IDS.get(name, value) for name, value in params.items()}


@schemathesis.hook
def before_generate_path_parameters(ctx, strategy):
    if not _KNOWN_IDS:
        return strategy
    return st.one_of(strategy, strategy.map(_with_known_ids))


@schemathesis.hook
def filter_body(ctx, body):
    if not isinstance(body, dict):
        return True
    for key in ("username", "clientId"):
        value = body.get(key)
        if isinstance(value, str) and value.strip().lower() in _PROTECTED:
            return False
    return True
