"""Lists: paging with ``limit`` and ``_continue``, label and field selectors."""

from kubernetes import client

from support import ClientTestCase


def names(items):
    return [item.metadata.name for item in items]


class Paging(ClientTestCase):
    def test_pages_show_the_first_pages_snapshot(self):
        # Secrets: nothing else makes them in a new namespace, so the list needs no selector (with
        # one, kube-apiserver does not count the remaining items).
        ns = self.namespace()
        everything = [f"s{i}" for i in range(7)]
        for name in everything:
            self.core.create_namespaced_secret(ns, client.V1Secret(metadata=client.V1ObjectMeta(name=name), string_data={"name": name}))

        first = self.core.list_namespaced_secret(ns, limit=3)
        self.assertEqual(names(first.items), everything[:3])
        self.assertTrue(first.metadata._continue)
        self.assertEqual(first.metadata.remaining_item_count, 4)

        # Later pages show the list as it was at the first page.
        self.core.create_namespaced_secret(ns, client.V1Secret(metadata=client.V1ObjectMeta(name="s99")))
        self.core.patch_namespaced_secret("s4", ns, {"metadata": {"labels": {"changed": "yes"}}})

        second = self.core.list_namespaced_secret(ns, limit=3, _continue=first.metadata._continue)
        self.assertEqual(names(second.items), everything[3:6])
        self.assertEqual(second.metadata.resource_version, first.metadata.resource_version)
        self.assertIsNone(second.items[1].metadata.labels)
        self.assertEqual(second.metadata.remaining_item_count, 1)
        third = self.core.list_namespaced_secret(ns, limit=3, _continue=second.metadata._continue)
        self.assertEqual(names(third.items), everything[6:])
        self.assertIsNone(third.metadata._continue)
        self.assertIsNone(third.metadata.remaining_item_count)

        whole = self.core.list_namespaced_secret(ns)
        self.assertEqual(names(whole.items), everything + ["s99"])
        self.assertEqual(whole.items[4].metadata.labels, {"changed": "yes"})
        self.assertIsNone(whole.metadata._continue)

        # With a selector the remaining items are not counted.
        selected = self.core.list_namespaced_secret(ns, label_selector="!changed", limit=3)
        self.assertEqual(names(selected.items), everything[:3])
        self.assertTrue(selected.metadata._continue)
        self.assertIsNone(selected.metadata.remaining_item_count)

        # A token that is not one of the server's: 400.
        self.assertApiError(lambda: self.core.list_namespaced_secret(ns, limit=3, _continue="bm90LWEtdG9rZW4="), 400, "BadRequest")

    def test_paging_loop_across_namespaces(self):
        """The usual loop: list until no continue token is left, here over every namespace."""
        ns = self.namespace()
        for i in range(5):
            self.core.create_namespaced_config_map(ns, client.V1ConfigMap(
                metadata=client.V1ObjectMeta(name=f"item-{i}", labels={"loop": ns})))
        seen, token, pages = [], None, 0
        while True:
            page = self.core.list_config_map_for_all_namespaces(label_selector=f"loop={ns}", limit=2, _continue=token)
            pages += 1
            seen += [(cm.metadata.namespace, cm.metadata.name) for cm in page.items]
            token = page.metadata._continue
            if not token:
                break
        self.assertEqual(pages, 3)
        self.assertEqual(seen, [(ns, f"item-{i}") for i in range(5)])


class Selectors(ClientTestCase):
    def test_label_selectors(self):
        ns = self.namespace()
        for name, labels in [("a", {"app": "web", "tier": "front"}), ("b", {"app": "web"}), ("c", {"app": "db"}), ("d", None)]:
            self.core.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name, labels=labels)))
        cases = {
            "app=web": ["a", "b"],
            "app==web": ["a", "b"],
            "app!=web": ["c", "d"],
            "app in (web,db)": ["a", "b", "c"],
            "app notin (web)": ["c", "d"],
            "tier": ["a"],
            "!tier": ["b", "c", "d"],
            "app=web,tier=front": ["a"],
            "app=web,!tier": ["b"],
        }
        for selector, want in cases.items():
            with self.subTest(selector=selector):
                got = names(self.core.list_namespaced_config_map(ns, label_selector=selector).items)
                # A cluster's controller-manager adds kube-root-ca.crt to every namespace.
                self.assertEqual([n for n in got if n != "kube-root-ca.crt"], want)
        self.assertApiError(lambda: self.core.list_namespaced_config_map(ns, label_selector="app in web"), 400, "BadRequest")

    def test_field_selectors(self):
        ns = self.namespace()
        for name in ["one", "two"]:
            self.core.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name)))
        self.core.create_namespaced_secret(ns, client.V1Secret(metadata=client.V1ObjectMeta(name="basic"), type="kubernetes.io/basic-auth",
                                                               string_data={"username": "u", "password": "p"}))
        self.core.create_namespaced_secret(ns, client.V1Secret(metadata=client.V1ObjectMeta(name="plain"), type="Opaque", string_data={"k": "v"}))
        self.core.create_namespaced_secret(ns, client.V1Secret(metadata=client.V1ObjectMeta(name="untyped"), string_data={"k": "v"}))

        self.assertEqual(names(self.core.list_namespaced_config_map(ns, field_selector="metadata.name=two").items), ["two"])
        self.assertEqual(names(self.core.list_namespaced_config_map(ns, field_selector="metadata.name!=two,metadata.name!=kube-root-ca.crt").items), ["one"])
        across = self.core.list_config_map_for_all_namespaces(field_selector=f"metadata.namespace={ns},metadata.name=one")
        self.assertEqual([(cm.metadata.namespace, cm.metadata.name) for cm in across.items], [(ns, "one")])
        self.assertEqual(names(self.core.list_namespaced_secret(ns, field_selector="type=kubernetes.io/basic-auth").items), ["basic"])
        # A Secret created without a type is an Opaque one.
        self.assertEqual(names(self.core.list_namespaced_secret(ns, field_selector="type=Opaque").items), ["plain", "untyped"])
        # Both selectors at once.
        self.core.patch_namespaced_config_map("one", ns, {"metadata": {"labels": {"x": "1"}}})
        self.assertEqual(names(self.core.list_namespaced_config_map(ns, label_selector="x=1", field_selector="metadata.name=one").items), ["one"])
        self.assertEqual(names(self.core.list_namespaced_config_map(ns, label_selector="x=1", field_selector="metadata.name=two").items), [])
        # A field the kind cannot be selected by: 400 naming it, worded after whether the kind has
        # field selectors of its own (Secrets: type) or only the metadata ones (ConfigMaps).
        status = self.assertApiError(lambda: self.core.list_namespaced_secret(ns, field_selector="data.x=1"), 400, "BadRequest")
        self.assertEqual(status["message"], "field label not supported: data.x")
        status = self.assertApiError(lambda: self.core.list_namespaced_config_map(ns, field_selector="data.x=1"), 400, "BadRequest")
        self.assertEqual(status["message"], '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"')
