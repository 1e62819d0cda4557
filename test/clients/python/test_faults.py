"""Faults injected through the kcache fake's control API, seen through the client."""

import time

from kubernetes import client

from support import ClientTestCase, control, fake_only


@fake_only("faults are injected through it")
class Throttling(ClientTestCase):
    def setUp(self):
        super().setUp()
        self.addCleanup(control, self.api, "DELETE", "faults")

    def test_429_raises_api_exception(self):
        ns = self.namespace()
        rule = control(self.api, "POST", "faults/fail", {"code": 429, "verb": "list", "resource": "configmaps", "namespace": ns, "times": 1})
        self.assertEqual(rule["rule"]["code"], 429)
        status = self.assertApiError(lambda: self.core.list_namespaced_config_map(ns), 429, "TooManyRequests")
        self.assertEqual(status["message"], "Too many requests, please try again later.")
        # Used up: the next list is served.
        self.assertEqual(self.core.list_namespaced_config_map(ns).items, [])
        # Other verbs and namespaces were never matched.
        self.core.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="after")))

    def test_429_with_retry_after_is_retried(self):
        """urllib3 (under the client) waits out a 429's Retry-After and sends the request again."""
        ns = self.namespace()
        control(self.api, "POST", "faults/fail", {"code": 429, "verb": "get", "resource": "configmaps", "namespace": ns,
                                                  "retryAfterSeconds": 1, "times": 1})
        self.core.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="c"), data={"k": "v"}))
        before = control(self.api, "GET", "requests")["next"]
        started = time.monotonic()
        self.assertEqual(self.core.read_namespaced_config_map("c", ns).data, {"k": "v"})
        self.assertGreaterEqual(time.monotonic() - started, 0.9)
        gets = [r["status"] for r in control(self.api, "GET", f"requests?since={before}")["items"] if r["verb"] == "get"]
        self.assertEqual(gets, [429, 200])

    def test_server_error_on_one_resource(self):
        ns = self.namespace()
        control(self.api, "POST", "faults/fail", {"code": 500, "verb": "create", "resource": "configmaps", "times": 1})
        self.assertApiError(lambda: self.core.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="x"))),
                            500, "InternalError")
        # The failed create changed nothing.
        self.assertEqual(self.core.list_namespaced_config_map(ns, field_selector="metadata.name=x").items, [])
