"""Deployments with AppsV1Api: what the server fills in, and the /scale subresource."""

from kubernetes import client

from support import ClientTestCase


def deployment(name, replicas=None):
    labels = {"app": name}
    return client.V1Deployment(
        metadata=client.V1ObjectMeta(name=name, labels=dict(labels)),
        spec=client.V1DeploymentSpec(
            replicas=replicas,
            selector=client.V1LabelSelector(match_labels=dict(labels)),
            template=client.V1PodTemplateSpec(
                metadata=client.V1ObjectMeta(labels=dict(labels)),
                spec=client.V1PodSpec(containers=[client.V1Container(
                    name="app", image="registry.example/app:1", ports=[client.V1ContainerPort(container_port=8080)])]),
            ),
        ),
    )


class Deployments(ClientTestCase):
    def setUp(self):
        super().setUp()
        self.apps = client.AppsV1Api(self.api)

    def test_defaults(self):
        ns = self.namespace()
        created = self.apps.create_namespaced_deployment(ns, deployment("web"))
        self.assertEqual(created.metadata.generation, 1)
        spec, pod = created.spec, created.spec.template.spec
        got = {
            "replicas": spec.replicas,
            "strategy": spec.strategy and spec.strategy.type,
            "maxSurge": spec.strategy and spec.strategy.rolling_update and spec.strategy.rolling_update.max_surge,
            "maxUnavailable": spec.strategy and spec.strategy.rolling_update and spec.strategy.rolling_update.max_unavailable,
            "revisionHistoryLimit": spec.revision_history_limit,
            "progressDeadlineSeconds": spec.progress_deadline_seconds,
            "restartPolicy": pod.restart_policy,
            "dnsPolicy": pod.dns_policy,
            "schedulerName": pod.scheduler_name,
            "terminationGracePeriodSeconds": pod.termination_grace_period_seconds,
            "protocol": pod.containers[0].ports[0].protocol,
            "imagePullPolicy": pod.containers[0].image_pull_policy,
            "terminationMessagePath": pod.containers[0].termination_message_path,
        }
        want = {
            "replicas": 1,
            "strategy": "RollingUpdate",
            "maxSurge": "25%",
            "maxUnavailable": "25%",
            "revisionHistoryLimit": 10,
            "progressDeadlineSeconds": 600,
            "restartPolicy": "Always",
            "dnsPolicy": "ClusterFirst",
            "schedulerName": "default-scheduler",
            "terminationGracePeriodSeconds": 30,
            "protocol": "TCP",
            "imagePullPolicy": "IfNotPresent",
            "terminationMessagePath": "/dev/termination-log",
        }
        self.assertEqual(got, want)

    def test_scale_subresource(self):
        ns = self.namespace()
        self.apps.create_namespaced_deployment(ns, deployment("web", replicas=2))
        scale = self.apps.read_namespaced_deployment_scale("web", ns)
        self.assertEqual((scale.kind, scale.api_version, scale.metadata.name), ("Scale", "autoscaling/v1", "web"))
        self.assertEqual(scale.spec.replicas, 2)
        self.assertEqual(scale.status.selector, "app=web")

        patched = self.apps.patch_namespaced_deployment_scale("web", ns, {"spec": {"replicas": 5}})
        self.assertEqual(patched.spec.replicas, 5)
        after = self.apps.read_namespaced_deployment("web", ns)
        self.assertEqual((after.spec.replicas, after.metadata.generation), (5, 2))

        # A replace with the Scale's resourceVersion; a stale one is a 409.
        scale = self.apps.read_namespaced_deployment_scale("web", ns)
        scale.spec.replicas = 0
        replaced = self.apps.replace_namespaced_deployment_scale("web", ns, scale)
        self.assertIsNone(replaced.spec.replicas)  # zero is left out of the Scale
        self.assertEqual(self.apps.read_namespaced_deployment("web", ns).spec.replicas, 0)
        scale.spec.replicas = 1
        self.assertApiError(lambda: self.apps.replace_namespaced_deployment_scale("web", ns, scale), 409, "Conflict")
        # Negative replicas: 422.
        self.assertApiError(lambda: self.apps.patch_namespaced_deployment_scale("web", ns, {"spec": {"replicas": -1}}), 422, "Invalid")
