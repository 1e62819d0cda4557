"""Watches through ``kubernetes.watch.Watch``: events in order, resuming from a resourceVersion,
410 Expired after a compaction."""

from kubernetes import client, watch
from kubernetes.client.rest import ApiException

from support import TARGET, ClientTestCase, control, fake_only

# Every stream here ends by itself: the server closes it after this many seconds.
WATCH_SECONDS = 20


def config_map(name, value):
    return client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name), data={"v": value})


def seen(event):
    obj = event["object"]
    return (event["type"], obj.metadata.name, (obj.data or {}).get("v"))


class Watches(ClientTestCase):
    def test_events_in_order(self):
        ns = self.namespace()
        self.core.create_namespaced_config_map(ns, config_map("first", "0"))
        w = watch.Watch()
        events = w.stream(self.core.list_namespaced_config_map, ns, field_selector="metadata.name!=kube-root-ca.crt",
                          timeout_seconds=WATCH_SECONDS, _request_timeout=WATCH_SECONDS + 10)
        # A watch without a resourceVersion starts with ADDED for what exists: once it is here the
        # stream is open, and the changes made now are all seen.
        got = [seen(next(events))]
        self.assertEqual(got, [("ADDED", "first", "0")])
        self.core.create_namespaced_config_map(ns, config_map("second", "1"))
        self.core.patch_namespaced_config_map("second", ns, {"data": {"v": "2"}})
        self.core.patch_namespaced_config_map("first", ns, {"data": {"v": "3"}})
        self.core.delete_namespaced_config_map("second", ns)
        self.core.delete_namespaced_config_map("first", ns)
        versions = []
        for event in events:
            got.append(seen(event))
            versions.append(int(event["object"].metadata.resource_version))
            if len(got) == 6:
                w.stop()
        self.assertEqual(got, [
            ("ADDED", "first", "0"),
            ("ADDED", "second", "1"),
            ("MODIFIED", "second", "2"),
            ("MODIFIED", "first", "3"),
            ("DELETED", "second", "2"),
            ("DELETED", "first", "3"),
        ])
        self.assertEqual(versions, sorted(versions))
        self.assertEqual(len(set(versions)), len(versions))
        # Watch keeps the last resourceVersion it saw, to resume from.
        self.assertEqual(w.resource_version, str(versions[-1]))

    def test_resume_from_a_resource_version(self):
        ns = self.namespace()
        self.core.create_namespaced_config_map(ns, config_map("kept", "0"))
        self.core.create_namespaced_config_map(ns, config_map("gone", "0"))
        listed = self.core.list_namespaced_config_map(ns)
        # Changes made after the list, before the watch: a watch from the list's resourceVersion
        # gets exactly these, and nothing of what the list already showed.
        self.core.patch_namespaced_config_map("kept", ns, {"data": {"v": "1"}})
        self.core.delete_namespaced_config_map("gone", ns)
        self.core.create_namespaced_config_map(ns, config_map("new", "2"))
        w = watch.Watch()
        got = []
        for event in w.stream(self.core.list_namespaced_config_map, ns, resource_version=listed.metadata.resource_version,
                              timeout_seconds=WATCH_SECONDS, _request_timeout=WATCH_SECONDS + 10):
            got.append(seen(event))
            if len(got) == 3:
                w.stop()
        self.assertEqual(got, [("MODIFIED", "kept", "1"), ("DELETED", "gone", "0"), ("ADDED", "new", "2")])

    def test_bookmarks(self):
        """With allow_watch_bookmarks, BOOKMARKs come after the changes, before the watch's timeout;
        Watch yields them with the raw object (kind and resourceVersion only) and does not resume
        from them."""
        ns = self.namespace()
        self.core.create_namespaced_config_map(ns, config_map("seed", "0"))
        w = watch.Watch()
        got, created, last_rv, bookmarks_after_x = [], None, 0, 0
        for event in w.stream(self.core.list_namespaced_config_map, ns, field_selector="metadata.name!=kube-root-ca.crt",
                              allow_watch_bookmarks=True, timeout_seconds=3, _request_timeout=20):
            if event["type"] == "BOOKMARK":
                bookmark = event["raw_object"]
                self.assertEqual(bookmark["kind"], "ConfigMap")
                self.assertNotIn("name", bookmark["metadata"])
                self.assertNotIn("data", bookmark)
                # Not behind the events sent before it.
                self.assertGreaterEqual(int(bookmark["metadata"]["resourceVersion"]), last_rv)
                bookmarks_after_x += 1 if len(got) == 2 else 0
                continue
            got.append(seen(event))
            last_rv = int(event["object"].metadata.resource_version)
            if created is None:
                # The stream is open: a change now is one the watch sees happen.
                created = self.core.create_namespaced_config_map(ns, config_map("x", "1"))
        self.assertEqual(got, [("ADDED", "seed", "0"), ("ADDED", "x", "1")])
        self.assertGreaterEqual(bookmarks_after_x, 1, "the watch timed out without a BOOKMARK after the change")
        # Watch remembers the resourceVersion of the last object, not of a bookmark.
        self.assertEqual(w.resource_version, created.metadata.resource_version)

    @fake_only("close-watches ends the stream")
    def test_watch_resumes_after_the_stream_ends(self):
        """Watch.stream without timeout_seconds watches again from the last resourceVersion it saw
        when the server ends the stream, so nothing is seen twice or missed."""
        ns = self.namespace()
        self.core.create_namespaced_config_map(ns, config_map("one", "0"))
        listed = self.core.list_namespaced_config_map(ns)
        self.core.patch_namespaced_config_map("one", ns, {"data": {"v": "1"}})
        w = watch.Watch()
        events = w.stream(self.core.list_namespaced_config_map, ns, resource_version=listed.metadata.resource_version,
                          _request_timeout=WATCH_SECONDS)
        first = next(events)
        self.assertEqual(seen(first), ("MODIFIED", "one", "1"))
        before = control(self.api, "GET", "requests")["next"]
        control(self.api, "POST", "close-watches")
        self.core.patch_namespaced_config_map("one", ns, {"data": {"v": "2"}})
        self.assertEqual(seen(next(events)), ("MODIFIED", "one", "2"))
        w.stop()
        watches = [r for r in control(self.api, "GET", f"requests?since={before}")["items"] if r["verb"] == "watch"]
        self.assertEqual(len(watches), 1, watches)
        self.assertEqual(watches[0]["query"].get("resourceVersion"), first["object"].metadata.resource_version)

    def test_expired_after_compaction(self):
        """A watch from a compacted resourceVersion gets one ERROR event, 410 Expired: Watch tries
        once more from the same resourceVersion, then raises ApiException 410. The client relists
        and watches from the list's resourceVersion."""
        ns = self.namespace()
        if TARGET == "fake":
            # After the namespace's creation, so that resourceVersion 1 is older than the compaction.
            control(self.api, "POST", "compact")
            before = control(self.api, "GET", "requests")["next"]
        # On kube-apiserver, Events have no watch cache: resourceVersion 1 is answered from etcd,
        # which compacted it long ago.
        w = watch.Watch()
        with self.assertRaises(ApiException) as caught:
            for event in w.stream(self.core.list_namespaced_event, ns, resource_version="1", _request_timeout=WATCH_SECONDS):
                self.fail(f"an event from a compacted resourceVersion: {event['type']}")
        self.assertEqual(caught.exception.status, 410)
        self.assertTrue(caught.exception.reason.startswith("Expired: "), caught.exception.reason)
        if TARGET == "fake":
            tries = [r["query"] for r in control(self.api, "GET", f"requests?since={before}")["items"] if r["verb"] == "watch"]
            self.assertEqual([q.get("resourceVersion") for q in tries], ["1", "1"])

        listed = self.core.list_namespaced_event(ns)
        self.core.create_namespaced_event(ns, client.CoreV1Event(
            metadata=client.V1ObjectMeta(name="e1"),
            involved_object=client.V1ObjectReference(kind="ConfigMap", namespace=ns, name="x"),
            reason="Tested", message="hello", type="Normal"))
        got = []
        for event in w.stream(self.core.list_namespaced_event, ns, resource_version=listed.metadata.resource_version,
                              timeout_seconds=WATCH_SECONDS, _request_timeout=WATCH_SECONDS + 10):
            got.append((event["type"], event["object"].metadata.name, event["object"].reason))
            w.stop()
        self.assertEqual(got, [("ADDED", "e1", "Tested")])
