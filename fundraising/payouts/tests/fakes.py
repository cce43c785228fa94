"""Fundraising's fake Stripe HTTP client, extended with the Connect endpoints (accounts, account links)."""

import json
import time

from fundraising.tests.fakes import FakeStripe


class FakeConnectStripe(FakeStripe):
    def __init__(self):
        super().__init__()
        self.accounts = {}
        self.links = []

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        from urllib.parse import parse_qs, urlparse

        from fundraising.tests.fakes import _unflatten

        path = urlparse(url).path
        if path == "/v1/accounts" and method == "post" and not self.fail:
            body = _unflatten(parse_qs(post_data.decode() if isinstance(post_data, bytes) else (post_data or "")))
            self.requests.append({"method": method, "path": path, "query": {}, "body": body, "headers": headers})
            return self.idempotent(headers, self._create_account)
        if path == "/v1/account_links" and method == "post" and not self.fail:
            body = _unflatten(parse_qs(post_data.decode() if isinstance(post_data, bytes) else (post_data or "")))
            self.requests.append({"method": method, "path": path, "query": {}, "body": body, "headers": headers})
            link = {
                "object": "account_link",
                "url": f"https://connect.stripe.com/setup/s/{body['account']}/{len(self.links) + 1}",
                "created": int(time.time()),
                "expires_at": int(time.time()) + 300,
            }
            self.links.append({**link, "params": body})
            return json.dumps(link), 200, {}
        return super().request(method, url, headers, post_data, _usage=_usage)

    def _create_account(self):
        account_id = f"acct_test_{len(self.accounts) + 1}"
        account = {
            "id": account_id,
            "object": "account",
            "charges_enabled": False,
            "payouts_enabled": False,
            "details_submitted": False,
            "requirements": {
                "currently_due": ["business_type", "external_account", "tos_acceptance.date"],
                "past_due": [],
                "eventually_due": ["business_type", "external_account", "tos_acceptance.date"],
                "pending_verification": [],
                "disabled_reason": "requirements.past_due",
                "current_deadline": None,
            },
            "created": int(time.time()),
        }
        self.accounts[account_id] = account
        return account

    def calls(self, path, method="post"):
        return [r for r in self.requests if r["path"] == path and r["method"] == method]


def account_event(account_id, created=None, event_id=None, **state):
    obj = {
        "id": account_id,
        "object": "account",
        "charges_enabled": False,
        "payouts_enabled": False,
        "details_submitted": False,
        "requirements": {
            "currently_due": [],
            "past_due": [],
            "eventually_due": [],
            "pending_verification": [],
            "disabled_reason": None,
            "current_deadline": None,
        },
    }
    requirements = state.pop("requirements", {})
    obj.update(state)
    obj["requirements"].update(requirements)
    return {
        "id": event_id or f"evt_acct_{account_id}_{time.time_ns()}",
        "object": "event",
        "type": "account.updated",
        "account": account_id,
        "created": created or int(time.time()),
        "livemode": False,
        "data": {"object": obj},
    }
