"""Faults injected through the kcache fake's control API, seen through the client."""

import time

import urllib3
from kubernetes import client

from support import ClientTestCase, close_api_client, control, fake_only, new_api_client


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


@fake_only("delays and resets are injected through it")
class SlowAndBrokenServer(ClientTestCase):
    def setUp(self):
        super().setUp()
        self.addCleanup(control, self.api, "DELETE", "faults")

    def test_a_slow_answer_is_asked_again_after_the_read_timeout(self):
        """urllib3 under the client retries a GET whose answer does not come within the read timeout."""
        ns = self.namespace()
        control(self.api, "POST", "faults/delay", {"delayMs": 3000, "verb": "list", "resource": "configmaps", "namespace": ns, "times": 1})
        before = control(self.api, "GET", "requests")["next"]
        started = time.monotonic()
        self.assertEqual(self.core.list_namespaced_config_map(ns, _request_timeout=(5, 0.3)).items, [])
        self.assertLess(time.monotonic() - started, 2.5)
        lists = [r for r in control(self.api, "GET", f"requests?since={before}")["items"] if r["verb"] == "list"]
        self.assertEqual(len(lists), 2, lists)

    def test_a_server_slower_than_every_try_raises(self):
        ns = self.namespace()
        control(self.api, "POST", "faults/delay", {"delayMs": 2000, "verb": "list", "resource": "configmaps", "namespace": ns})
        with self.assertRaises(urllib3.exceptions.MaxRetryError) as caught:
            self.core.list_namespaced_config_map(ns, _request_timeout=(5, 0.2))
        self.assertIsInstance(caught.exception.reason, urllib3.exceptions.ReadTimeoutError)

    def test_reset_connections_are_reopened(self):
        ns = self.namespace()
        # A client of its own, whose kept-alive connection the control request (on another) resets.
        other = new_api_client()
        self.addCleanup(close_api_client, other)
        core = client.CoreV1Api(other)
        core.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="kept")))
        control(self.api, "POST", "destroy-connections")
        # Its next request opens another connection.
        self.assertEqual([cm.metadata.name for cm in core.list_namespaced_config_map(ns).items], ["kept"])
