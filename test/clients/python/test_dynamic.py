"""The dynamic client (``kubernetes.dynamic``) on a CustomResourceDefinition of this run's own."""

from kubernetes import dynamic
from kubernetes.client.rest import ApiException

from support import DISCOVERY_CACHE, RUN_ID, ClientTestCase, eventually

GROUP = f"kpy{RUN_ID}.example.com"


def widget_crd():
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"widgets.{GROUP}"},
        "spec": {
            "group": GROUP,
            "scope": "Namespaced",
            "names": {"kind": "Widget", "listKind": "WidgetList", "plural": "widgets", "singular": "widget"},
            "versions": [{
                "name": "v1",
                "served": True,
                "storage": True,
                "subresources": {"status": {}},
                "schema": {"openAPIV3Schema": {
                    "type": "object",
                    "properties": {
                        "spec": {"type": "object", "properties": {
                            "size": {"type": "integer"},
                            "colour": {"type": "string"},
                        }},
                        "status": {"type": "object", "properties": {"ready": {"type": "boolean"}}},
                    },
                }},
            }],
        },
    }


class DynamicClient(ClientTestCase):
    def test_crud_on_a_crd(self):
        dyn = dynamic.DynamicClient(self.api, cache_file=DISCOVERY_CACHE)
        crds = dyn.resources.get(api_version="apiextensions.k8s.io/v1", kind="CustomResourceDefinition")
        crd = crds.create(body=widget_crd())
        self.addCleanup(crds.delete, name=crd.metadata.name)

        def established():
            conditions = crds.get(name=crd.metadata.name).status.conditions or []
            return any(c.type == "Established" and c.status == "True" for c in conditions)

        eventually("the CRD to be Established", established)
        ns = self.namespace()
        # Discovery was cached before the CRD existed; the client finds the new kind by discovering again.
        widgets = eventually("the Widget kind in discovery", lambda: self._resource(dyn))
        self.assertTrue(widgets.namespaced)
        self.assertEqual((widgets.group, widgets.api_version, widgets.name), (GROUP, "v1", "widgets"))

        body = {"apiVersion": f"{GROUP}/v1", "kind": "Widget", "metadata": {"name": "w1", "labels": {"app": "x"}},
                "spec": {"size": 3, "colour": "red"}}
        created = widgets.create(body=body, namespace=ns)
        self.assertEqual((created.kind, created.metadata.name, created.spec.size), ("Widget", "w1", 3))
        self.assertEqual(created.metadata.generation, 1)

        got = widgets.get(name="w1", namespace=ns)
        self.assertEqual(got.metadata.uid, created.metadata.uid)
        listed = widgets.get(namespace=ns, label_selector="app=x")
        self.assertEqual([w.metadata.name for w in listed.items], ["w1"])
        self.assertEqual(listed.kind, "WidgetList")

        merged = widgets.patch(name="w1", namespace=ns, body={"spec": {"size": 4}}, content_type="application/merge-patch+json")
        self.assertEqual((merged.spec.size, merged.spec.colour, merged.metadata.generation), (4, "red", 2))
        patched = widgets.patch(name="w1", namespace=ns, body=[{"op": "replace", "path": "/spec/colour", "value": "blue"}],
                                content_type="application/json-patch+json")
        self.assertEqual(patched.spec.colour, "blue")
        # Custom resources take no strategic merge patch: 415.
        with self.assertRaises(ApiException) as caught:
            widgets.patch(name="w1", namespace=ns, body={"spec": {"size": 5}}, content_type="application/strategic-merge-patch+json")
        self.assertEqual(caught.exception.status, 415)

        # The status subresource: a write there changes status only, and no generation.
        status = widgets.subresources["status"].patch(name="w1", namespace=ns, body={"status": {"ready": True}, "spec": {"size": 9}},
                                                      content_type="application/merge-patch+json")
        self.assertEqual((status.status.ready, status.spec.size, status.metadata.generation), (True, 4, 3))

        # Unknown fields are pruned as the schema says.
        pruned = widgets.create(body={**body, "metadata": {"name": "w2"}, "spec": {"size": 1, "extra": "dropped"}}, namespace=ns)
        self.assertEqual(pruned.to_dict()["spec"], {"size": 1})

        # A replace with a stale resourceVersion: 409.
        stale = got.to_dict()
        with self.assertRaises(ApiException) as caught:
            widgets.replace(body=stale, namespace=ns)
        self.assertEqual(caught.exception.status, 409)

        widgets.delete(name="w1", namespace=ns)
        widgets.delete(name="w2", namespace=ns)
        self.assertEqual(widgets.get(namespace=ns).items, [])

    def _resource(self, dyn):
        try:
            return dyn.resources.get(api_version=f"{GROUP}/v1", kind="Widget")
        except dynamic.exceptions.ResourceNotFoundError:
            dyn.resources.invalidate_cache()
            return None
