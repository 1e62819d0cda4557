"""Error answers: the HTTP code, and the Status ``reason`` and ``details`` clients branch on."""

from kubernetes import client

from support import ClientTestCase


class Errors(ClientTestCase):
    def test_not_found(self):
        ns = self.namespace()
        status = self.assertApiError(lambda: self.core.read_namespaced_config_map("missing", ns), 404, "NotFound")
        self.assertEqual(status["message"], 'configmaps "missing" not found')
        self.assertEqual(status["details"], {"name": "missing", "kind": "configmaps"})
        self.assertApiError(lambda: self.core.delete_namespaced_secret("missing", ns), 404, "NotFound")
        status = self.assertApiError(lambda: self.core.read_namespace(f"{ns}-missing"), 404, "NotFound")
        self.assertEqual(status["details"], {"name": f"{ns}-missing", "kind": "namespaces"})

    def test_already_exists_and_conflict(self):
        ns = self.namespace()
        cm = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="dup"))
        created = self.core.create_namespaced_config_map(ns, cm)
        status = self.assertApiError(lambda: self.core.create_namespaced_config_map(ns, cm), 409, "AlreadyExists")
        self.assertEqual(status["message"], 'configmaps "dup" already exists')
        self.assertEqual(status["details"], {"name": "dup", "kind": "configmaps"})

        stale = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="dup", resource_version=created.metadata.resource_version), data={"a": "1"})
        self.core.replace_namespaced_config_map("dup", ns, stale)
        status = self.assertApiError(lambda: self.core.replace_namespaced_config_map("dup", ns, stale), 409, "Conflict")
        self.assertEqual(status["message"],
                         'Operation cannot be fulfilled on configmaps "dup": the object has been modified; '
                         'please apply your changes to the latest version and try again')
        self.assertEqual(status["details"], {"name": "dup", "kind": "configmaps"})

    def test_invalid(self):
        ns = self.namespace()
        bad = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="Not_Valid"))
        status = self.assertApiError(lambda: self.core.create_namespaced_config_map(ns, bad), 422, "Invalid")
        self.assertEqual(status["details"]["name"], "Not_Valid")
        self.assertEqual(status["details"]["kind"], "ConfigMap")
        causes = status["details"]["causes"]
        self.assertEqual([(c["reason"], c["field"]) for c in causes], [("FieldValueInvalid", "metadata.name")])
        self.assertTrue(status["message"].startswith('ConfigMap "Not_Valid" is invalid: metadata.name: Invalid value: "Not_Valid": '),
                        status["message"])
        # A data key no environment variable or file could have.
        bad = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="ok"), data={"bad key": "x"})
        status = self.assertApiError(lambda: self.core.create_namespaced_config_map(ns, bad), 422, "Invalid")
        self.assertEqual([c["field"] for c in status["details"]["causes"]], ["data[bad key]"])
