"""Schemathesis hooks of the contract test (scripts/contract-test.sh; schemathesis.toml loads them).

1. Every request gets its own `X-Forwarded-For` client address.

   The test server trusts `X-Forwarded-For` from 127.0.0.1 (DOMICILIA_TRUSTED_PROXIES), and it
   allows 5 sign-ins, sign-ups and password resets a minute per client address and per
   account. Without a varying address the sixth such request of a run, and every one after it
   for a minute, would be answered 429 whatever its body: the test would see only the rate
   limiter on those routes, never the validation behind it. The per-account limit still
   applies (the same generated e-mail sent six times in a minute gets its 429), which is why
   those routes document 429.

   The addresses come from 198.18.0.0/15 (RFC 2544, benchmarking): only a header value, no
   traffic goes there. The header is no parameter of any operation, so schemathesis leaves it
   out when it judges whether a request is valid; the curl commands it prints carry it, and
   replay the request as it was sent.

2. `STATE_RULES`: the refusals a schema cannot state.

   `positive_data_acceptance` does not read the document's responses: a request the schema
   calls valid must get 2xx, 3xx, 401, 403, 404, 409 or 429 (its `expected-statuses`),
   whatever the document lists. Some 422s depend on the database, not on the request's shape:
   an e-mail token that does not exist, a password that is not the account's. They are
   accepted here, precisely: a 422 to a schema-valid request passes only when every entry of
   its problem document's `errors` is listed for that operation below. Any other field in the
   same answer (a length, a format, an unknown code) still fails the run, because the schema
   could have said it.
"""

from __future__ import annotations

import itertools
import json
import threading

import schemathesis

_counter = itertools.count(1)
_lock = threading.Lock()


def _next_address() -> str:
    with _lock:
        n = next(_counter)
    # 198.18.0.1 … 198.19.255.254, then around again: 131,070 addresses.
    n = (n - 1) % (2 * 256 * 256 - 2) + 1
    return f"198.{18 + n // 65536}.{(n // 256) % 256}.{n % 256}"


@schemathesis.hook
def before_call(context, case, kwargs):
    headers = case.headers if case.headers is not None else {}
    headers["X-Forwarded-For"] = _next_address()
    case.headers = headers


# Operation -> the `errors[].field:code` pairs of a 422 that depend on stored state.
STATE_RULES: dict[str, set[str]] = {
    # Left out, the register is the one municipality the caller administers; an
    # administrator of several must name it.
    "POST /api/v1/organisations": {"tenant:required"},
    # A token is only valid if the server issued it and it is unused and unexpired.
    "POST /api/v1/auth/verify-email": {"token:invalid_or_expired", "password:incorrect"},
    "POST /api/v1/auth/password-reset/confirm": {"token:invalid_or_expired", "password:too_common"},
    "POST /api/v1/invitations/preview": {"token:invalid_or_expired"},
    "POST /api/v1/invitations/accept": {"token:invalid_or_expired"},
    # A saved search's stop link is valid only if this server signed it.
    "POST /api/v1/saved-searches/unsubscribe": {"token:invalid"},
    "POST /api/v1/saved-searches/one-click": {"token:invalid"},
    # The account's current password, asked again.
    "DELETE /api/v1/me": {"password:incorrect"},
    "POST /api/v1/me/email": {"password:incorrect"},
    "POST /api/v1/me/password": {"current_password:incorrect", "new_password:too_common"},
    # A new password may be long enough and still common ("password2024!", three or fewer
    # distinct characters, a run like "abcdefghijkl"): no schema keyword says that, and the
    # shortest strings a generator tries first ("000000000000") are exactly such passwords.
    "POST /api/v1/auth/signup": {"password:too_common"},
    # An organisation or a WeMi space is named by the id of a row, not by a fixed code.
    "POST /api/v1/invitations": {"organisation:unknown_value", "space:unknown_value"},
    # A card's first version must name a category the organisation holds an accreditation
    # type for (the organisation's stored accreditations). The content's schema is the
    # drafts' (`CardContent`), where the category may still be unset or any text.
    "POST /api/v1/cards": {"content.category:unknown_value", "content.accreditation_type:not_held"},
}


def _field_errors(response) -> list[str] | None:
    try:
        problem = json.loads(response.content)
        return [f"{e['field']}:{e['code']}" for e in problem["errors"]]
    except (ValueError, TypeError, KeyError):
        return None


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keep every failure except a 422 to valid data that only names STATE_RULES."""
    if getattr(failure, "code", None) != "ST202" or response.status_code != 422:
        return True
    allowed = STATE_RULES.get(case.operation.label)
    errors = _field_errors(response)
    return not (allowed and errors and set(errors) <= allowed)
