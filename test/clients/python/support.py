"""What every case of the Python client suite shares: the server under test, clients for it, a
namespace per test, and the kcache fake's control API.

The target is chosen by KCACHE_PY_TARGET: ``fake`` (the kcache fake API server that run.sh starts,
reached through the KUBECONFIG it writes) or ``real`` (a kube-apiserver, through KUBECONFIG, or
REALK8S_URL and REALK8S_TOKEN when there is no kubeconfig). Without KCACHE_PY_TARGET the target is
``real`` when KUBECONFIG or REALK8S_URL is set.
"""

import itertools
import json
import os
import re
import secrets
import sys
import tempfile
import time
import unittest

import urllib3
from kubernetes import client, config
from kubernetes.client.rest import ApiException


def _target():
    chosen = os.environ.get("KCACHE_PY_TARGET", "")
    if chosen == "":
        chosen = "real" if os.environ.get("KUBECONFIG") or os.environ.get("REALK8S_URL") else "fake"
    if chosen not in ("fake", "real"):
        raise SystemExit(f"KCACHE_PY_TARGET must be fake or real, got {chosen!r}")
    return chosen


TARGET = _target()
# This run's namespaces and CRD group are its own on a shared server.
RUN_ID = secrets.token_hex(3)
_namespace_count = itertools.count(1)
# A shared server's CRD list may hold other runs' groups: discovery goes to a file of this run.
DISCOVERY_CACHE = os.path.join(tempfile.mkdtemp(prefix="kcache-py-suite-"), "discovery.json")


def new_api_client():
    """An ApiClient for the target, as its kubeconfig (or REALK8S_URL and REALK8S_TOKEN) says."""
    if os.environ.get("KUBECONFIG"):
        api = config.new_client_from_config()
        if not api.configuration.verify_ssl:
            # insecure-skip-tls-verify in the kubeconfig: said once there, not on every request.
            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        return api
    url, token = os.environ.get("REALK8S_URL"), os.environ.get("REALK8S_TOKEN")
    if TARGET == "real" and url and token:
        configuration = client.Configuration()
        configuration.host = url
        configuration.api_key = {"authorization": f"Bearer {token}"}
        # The shared test server has a self-signed certificate and its kubeconfig skips the check.
        configuration.verify_ssl = False
        urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        return client.ApiClient(configuration)
    raise SystemExit("no server: set KUBECONFIG (run.sh does for the fake), or REALK8S_URL and REALK8S_TOKEN")


def close_api_client(api):
    """Closes an ApiClient's thread pool and its kept-alive connections."""
    api.close()
    api.rest_client.pool_manager.clear()


def status_of(err):
    """The Kubernetes Status an ApiException carries (its JSON body)."""
    return json.loads(err.body)


def control(api, method, path, body=None):
    """A request to the kcache fake's control API (``/_kcache/v1/<path>``); its JSON answer."""
    if TARGET != "fake":
        raise AssertionError("the control API belongs to the kcache fake")
    return api.call_api(
        f"/_kcache/v1/{path}",
        method,
        body=body,
        header_params={"Content-Type": "application/json", "Accept": "application/json"},
        auth_settings=["BearerToken"],
        response_type="object",
        _return_http_data_only=True,
        _request_timeout=20,
    )


# Behaviours of kube-apiserver the kcache fake does not have yet. A check tied to one of them is an
# ordinary failure against a real server; against the fake it is written to stderr instead, and a
# gap that starts passing says so, so that it is taken off this list.
KNOWN_GAPS = {
    # none at the moment; for instance:
    # "defaulting": "the fake does not fill in a Deployment's strategy yet",
}


def fake_only(reason):
    """Skips a case on a real server: it needs the fake's control API."""
    return unittest.skipUnless(TARGET == "fake", f"needs the kcache fake's control API ({reason})")


def eventually(what, cond, timeout=20.0):
    """Polls cond every 50 ms until it returns a true value, which is returned; fails after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = cond()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waiting for {what}: not within {timeout}s")
        time.sleep(0.05)


class ClientTestCase(unittest.TestCase):
    """A case with an ApiClient and typed clients of its own; ``namespace()`` makes a namespace."""

    def setUp(self):
        self.api = new_api_client()
        self.addCleanup(close_api_client, self.api)
        self.core = client.CoreV1Api(self.api)

    def namespace(self):
        """Creates a namespace of this test's own (``kpy-<test>-<run>-<n>``), deleted after it."""
        slug = re.sub(r"[^a-z0-9]+", "-", self._testMethodName.lower().removeprefix("test_"))[:40].strip("-")
        name = f"kpy-{slug}-{RUN_ID}-{next(_namespace_count)}"
        self.core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=name)))

        def delete():
            try:
                self.core.delete_namespace(name)
            except ApiException as err:
                if err.status != 404:
                    raise

        self.addCleanup(delete)
        return name

    def pod_namespace(self):
        """A namespace of this test's own that takes pods: its ``default`` ServiceAccount exists.

        kube-apiserver's ServiceAccount admission refuses pods until it does, and on a server without
        a controller-manager nothing else creates it.
        """
        name = self.namespace()
        try:
            self.core.create_namespaced_service_account(name, client.V1ServiceAccount(metadata=client.V1ObjectMeta(name="default")))
        except ApiException as err:
            if err.status != 409:
                raise
        return name

    def check_gap(self, gap, ok, message):
        """Records a check that depends on a known gap of the fake: a failure on a real server, a line on stderr on the fake."""
        if gap not in KNOWN_GAPS:
            raise AssertionError(f"check_gap: {gap!r} is not a known gap")
        if TARGET == "fake":
            if ok:
                print(f"\n  {self.id()}: known gap {gap!r} passes on the fake now: take it off KNOWN_GAPS", file=sys.stderr)
            else:
                print(f"\n  {self.id()}: known gap of the fake ({KNOWN_GAPS[gap]}): {message}", file=sys.stderr)
        elif not ok:
            self.fail(message)
        return ok

    def gap_error(self, gap, call, code, reason):
        """Like assertApiError, for an error the fake does not give yet (the known gap named):
        returns the Status, or None when the call succeeded on the fake."""
        try:
            call()
        except ApiException as err:
            status = status_of(err)
            self.assertEqual((err.status, status.get("reason")), (code, reason), err.body)
            self.check_gap(gap, True, "")
            return status
        self.check_gap(gap, False, f"the call succeeded, want {code} {reason}")
        return None

    def assertApiError(self, call, code, reason):
        """Runs call; it must raise an ApiException with this HTTP code and Status reason. Returns the Status."""
        with self.assertRaises(ApiException) as caught:
            call()
        err = caught.exception
        self.assertEqual(err.status, code, f"status {err.status}, body {err.body}")
        status = status_of(err)
        self.assertEqual(status.get("kind"), "Status", err.body)
        self.assertEqual(status.get("reason"), reason, err.body)
        self.assertEqual(status.get("code"), code, err.body)
        return status
