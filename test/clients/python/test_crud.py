"""Create, read, update, patch and delete ConfigMaps and Pods with the typed CoreV1Api."""

from kubernetes import client
from kubernetes.client.rest import ApiException

from support import ClientTestCase


def config_map(name, data, labels=None):
    return client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name, labels=labels), data=data)


class ConfigMapCrud(ClientTestCase):
    def test_configmap_lifecycle(self):
        ns = self.namespace()
        created = self.core.create_namespaced_config_map(ns, config_map("settings", {"mode": "fast"}, {"app": "web"}))
        self.assertEqual(created.metadata.name, "settings")
        self.assertEqual(created.metadata.namespace, ns)
        self.assertTrue(created.metadata.uid)
        self.assertTrue(created.metadata.resource_version)
        self.assertIsNotNone(created.metadata.creation_timestamp)
        self.assertEqual(created.data, {"mode": "fast"})

        read = self.core.read_namespaced_config_map("settings", ns)
        self.assertEqual((read.metadata.uid, read.metadata.resource_version, read.data),
                         (created.metadata.uid, created.metadata.resource_version, created.data))

        # replace (PUT) with the resourceVersion read: accepted, a new resourceVersion.
        read.data["mode"] = "safe"
        replaced = self.core.replace_namespaced_config_map("settings", ns, read)
        self.assertEqual(replaced.data, {"mode": "safe"})
        self.assertNotEqual(replaced.metadata.resource_version, created.metadata.resource_version)
        # The same stale resourceVersion again: 409 Conflict.
        read.data["mode"] = "lost"
        self.assertApiError(lambda: self.core.replace_namespaced_config_map("settings", ns, read), 409, "Conflict")

        # A dict body is sent as a strategic merge patch, a list as a JSON patch.
        patched = self.core.patch_namespaced_config_map("settings", ns, {"data": {"extra": "1"}, "metadata": {"labels": {"tier": "a"}}})
        self.assertEqual(patched.data, {"mode": "safe", "extra": "1"})
        self.assertEqual(patched.metadata.labels, {"app": "web", "tier": "a"})
        patched = self.core.patch_namespaced_config_map("settings", ns, [
            {"op": "test", "path": "/data/mode", "value": "safe"},
            {"op": "remove", "path": "/data/extra"},
        ])
        self.assertEqual(patched.data, {"mode": "safe"})
        # A JSON patch whose test fails changes nothing: 422.
        self.assertApiError(lambda: self.core.patch_namespaced_config_map("settings", ns, [
            {"op": "test", "path": "/data/mode", "value": "other"},
            {"op": "replace", "path": "/data/mode", "value": "x"},
        ]), 422, "Invalid")

        names = [cm.metadata.name for cm in self.core.list_namespaced_config_map(ns, label_selector="app=web").items]
        self.assertEqual(names, ["settings"])

        deleted = self.core.delete_namespaced_config_map("settings", ns)
        # A ConfigMap removed at once is answered with a Success Status naming it.
        self.assertEqual((deleted.status, deleted.details.name, deleted.details.kind, deleted.details.uid),
                         ("Success", "settings", "configmaps", created.metadata.uid))
        self.assertApiError(lambda: self.core.read_namespaced_config_map("settings", ns), 404, "NotFound")

    def test_delete_preconditions(self):
        ns = self.namespace()
        created = self.core.create_namespaced_config_map(ns, config_map("guarded", {"a": "1"}))
        wrong_uid = client.V1DeleteOptions(preconditions=client.V1Preconditions(uid="00000000-0000-0000-0000-000000000000"))
        self.assertApiError(lambda: self.core.delete_namespaced_config_map("guarded", ns, body=wrong_uid), 409, "Conflict")
        right = client.V1DeleteOptions(preconditions=client.V1Preconditions(
            uid=created.metadata.uid, resource_version=created.metadata.resource_version))
        self.core.delete_namespaced_config_map("guarded", ns, body=right)
        self.assertEqual(self.core.list_namespaced_config_map(ns, field_selector="metadata.name=guarded").items, [])


class PodCrud(ClientTestCase):
    def pod(self, name, labels=None):
        return client.V1Pod(
            metadata=client.V1ObjectMeta(name=name, labels=labels),
            spec=client.V1PodSpec(containers=[client.V1Container(name="app", image="registry.example/app:1")]),
        )

    def test_pod_lifecycle(self):
        ns = self.pod_namespace()
        created = self.core.create_namespaced_pod(ns, self.pod("web", {"app": "web"}))
        self.assertEqual(created.metadata.generation, 1)
        self.assertEqual([c.name for c in created.spec.containers], ["app"])
        self.assertEqual(created.spec.containers[0].image, "registry.example/app:1")

        # A change of the spec bumps generation; one of labels does not.
        labelled = self.core.patch_namespaced_pod("web", ns, {"metadata": {"labels": {"tier": "front"}}})
        self.assertEqual(labelled.metadata.labels, {"app": "web", "tier": "front"})
        self.assertEqual(labelled.metadata.generation, 1)
        # Containers merge by name in a strategic merge patch: the image changes, the rest stays.
        updated = self.core.patch_namespaced_pod("web", ns, {"spec": {"containers": [{"name": "app", "image": "registry.example/app:2"}]}})
        self.assertEqual([(c.name, c.image) for c in updated.spec.containers], [("app", "registry.example/app:2")])
        self.assertEqual(updated.metadata.generation, 2)

        # Status is its own subresource: a status write leaves the spec alone.
        status = self.core.patch_namespaced_pod_status("web", ns, {"status": {"phase": "Running", "podIP": "10.0.0.7"}})
        self.assertEqual((status.status.phase, status.status.pod_ip), ("Running", "10.0.0.7"))
        self.assertEqual(status.metadata.generation, 2)
        self.assertEqual(self.core.read_namespaced_pod_status("web", ns).status.pod_ip, "10.0.0.7")

        # An unscheduled pod goes at once; the answer is the pod.
        deleted = self.core.delete_namespaced_pod("web", ns)
        self.assertEqual((deleted.kind, deleted.metadata.name, deleted.metadata.uid), ("Pod", "web", created.metadata.uid))
        with self.assertRaises(ApiException) as caught:
            self.core.read_namespaced_pod("web", ns)
        self.assertEqual(caught.exception.status, 404)

    def test_pod_needs_containers(self):
        ns = self.pod_namespace()
        empty = client.V1Pod(metadata=client.V1ObjectMeta(name="empty"), spec=client.V1PodSpec(containers=[]))
        status = self.assertApiError(lambda: self.core.create_namespaced_pod(ns, empty), 422, "Invalid")
        self.assertIn("spec.containers", [c.get("field") for c in status["details"]["causes"]])
