package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/watch"
)

func ptr[T any](v T) *T { return &v }

var (
	created = metav1.NewTime(time.Date(2026, 4, 12, 9, 30, 0, 0, time.UTC))
	later   = metav1.NewTime(time.Date(2026, 4, 12, 10, 0, 5, 0, time.UTC))
	micro   = metav1.NewMicroTime(time.Date(2026, 4, 12, 9, 30, 0, 123456000, time.UTC))
	microUs = metav1.NewMicroTime(time.Date(2026, 4, 12, 9, 30, 1, 1000, time.UTC))
	microZ  = metav1.NewMicroTime(time.Date(2026, 4, 12, 9, 30, 2, 0, time.UTC))
)

func gvkOf(group, version, kind string) schema.GroupVersionKind {
	return schema.GroupVersionKind{Group: group, Version: version, Kind: kind}
}

// edgePod exercises ObjectMeta in full, empty and nil collections, pointers to zero values,
// inline volume sources, quantities and times.
func edgePod() *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name: "edge", Namespace: "default", UID: "6f1c2a4e-0000-4000-8000-000000000001", ResourceVersion: "42",
			Generation: 0, CreationTimestamp: created, DeletionTimestamp: &later, DeletionGracePeriodSeconds: ptr(int64(0)),
			Labels: map[string]string{}, Annotations: map[string]string{"empty": "", "a": "b"},
			Finalizers: []string{"example.com/keep"},
			OwnerReferences: []metav1.OwnerReference{{
				APIVersion: "apps/v1", Kind: "ReplicaSet", Name: "rs", UID: "6f1c2a4e-0000-4000-8000-000000000002",
				Controller: ptr(true), BlockOwnerDeletion: ptr(false),
			}},
			ManagedFields: []metav1.ManagedFieldsEntry{{
				Manager: "kubectl", Operation: metav1.ManagedFieldsOperationApply, APIVersion: "v1", Time: &created,
				FieldsType: "FieldsV1", FieldsV1: &metav1.FieldsV1{Raw: []byte(`{"f:metadata":{"f:annotations":{"f:a":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:name":{}}}}}`)},
			}},
		},
		Spec: corev1.PodSpec{
			InitContainers: []corev1.Container{},
			Containers: []corev1.Container{{
				Name: "c", Image: "", Args: []string{"", "x"},
				Ports: []corev1.ContainerPort{{ContainerPort: 0, Protocol: corev1.ProtocolTCP}, {Name: "http", ContainerPort: 8080}},
				Resources: corev1.ResourceRequirements{
					Limits:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("1Gi")},
					Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("0.5"), corev1.ResourceMemory: resource.MustParse("128974848"), "example.com/zero": resource.MustParse("0")},
				},
				Env: []corev1.EnvVar{{Name: "EMPTY", Value: ""}, {Name: "FROM", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}}}},
				LivenessProbe: &corev1.Probe{
					ProbeHandler:  corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromString("http")}},
					PeriodSeconds: 0, TimeoutSeconds: 1,
				},
				ReadinessProbe:  &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(8080)}}},
				SecurityContext: &corev1.SecurityContext{RunAsUser: ptr(int64(0)), RunAsNonRoot: ptr(false), Privileged: nil},
			}},
			Volumes: []corev1.Volume{
				{Name: "scratch", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
				{Name: "limited", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{Medium: corev1.StorageMediumMemory, SizeLimit: ptr(resource.MustParse("64Mi"))}}},
				{Name: "config", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
					LocalObjectReference: corev1.LocalObjectReference{Name: "cm"}, DefaultMode: ptr(int32(0o644)), Optional: ptr(false),
					Items: []corev1.KeyToPath{{Key: "a", Path: "a.txt", Mode: ptr(int32(0))}},
				}}},
			},
			TerminationGracePeriodSeconds: ptr(int64(0)), AutomountServiceAccountToken: ptr(false),
			NodeSelector: map[string]string{"": ""}, Tolerations: []corev1.Toleration{{Key: "k", Operator: corev1.TolerationOpExists, TolerationSeconds: ptr(int64(-1))}},
		},
		Status: corev1.PodStatus{
			Phase: corev1.PodRunning, StartTime: &created, PodIP: "", HostIPs: []corev1.HostIP{},
			Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastTransitionTime: later, LastProbeTime: metav1.Time{}}},
		},
	}
}

func (c *corpusCodecs) edgeCases() ([]corpusEntry, error) {
	type named struct {
		name string
		gvk  schema.GroupVersionKind
		obj  runtime.Object
	}
	cases := []named{
		{"edge/pod", gvkOf("", "v1", "Pod"), edgePod()},
		{"edge/pod-empty", gvkOf("", "v1", "Pod"), &corev1.Pod{}},
		{"edge/configmap-empty", gvkOf("", "v1", "ConfigMap"), &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: "", Labels: map[string]string{}}, Data: map[string]string{}, Immutable: ptr(false),
		}},
		{"edge/configmap-values", gvkOf("", "v1", "ConfigMap"), &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: "values", CreationTimestamp: created},
			Data:       map[string]string{"": "", "b": "2", "a": "1", "unicode": "h\u00e9llo \u2603 \U0001F600", "escapes": "<&>\"\\\n\t\u0001\u2028"},
			BinaryData: map[string][]byte{"bin": {0, 1, 2, 0xfe, 0xff}, "empty": {}},
		}},
		{"edge/secret", gvkOf("", "v1", "Secret"), &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{Name: "s", Namespace: "default"}, Type: corev1.SecretTypeOpaque,
			Data:       map[string][]byte{"password": []byte("s3cr3t"), "empty": {}, "binary": {0, 0xff, 0x80}},
			StringData: map[string]string{"plain": "text"},
		}},
		{"edge/service", gvkOf("", "v1", "Service"), &corev1.Service{
			ObjectMeta: metav1.ObjectMeta{Name: "svc", Namespace: "default"},
			Spec: corev1.ServiceSpec{
				Type: corev1.ServiceTypeClusterIP, ClusterIPs: []string{}, Selector: map[string]string{"app": "x"},
				Ports: []corev1.ServicePort{
					{Name: "http", Port: 80, TargetPort: intstr.FromInt32(8080)},
					{Name: "https", Port: 443, TargetPort: intstr.FromString("https"), Protocol: corev1.ProtocolTCP},
					{Name: "zero", Port: 1, TargetPort: intstr.FromInt32(0)},
					{Name: "empty", Port: 2, TargetPort: intstr.FromString("")},
				},
			},
		}},
		{"edge/deployment", gvkOf("apps", "v1", "Deployment"), &appsv1.Deployment{
			ObjectMeta: metav1.ObjectMeta{Name: "d", Namespace: "default", Generation: 3},
			Spec: appsv1.DeploymentSpec{
				Replicas: ptr(int32(0)), RevisionHistoryLimit: ptr(int32(10)), Paused: false,
				Selector: &metav1.LabelSelector{MatchLabels: map[string]string{}, MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "tier", Operator: metav1.LabelSelectorOpIn, Values: []string{}}}},
				Strategy: appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType, RollingUpdate: &appsv1.RollingUpdateDeployment{
					MaxSurge: ptr(intstr.FromString("25%")), MaxUnavailable: ptr(intstr.FromInt32(1)),
				}},
				Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "nginx"}}}},
			},
			Status: appsv1.DeploymentStatus{Replicas: 0, ObservedGeneration: 3, Conditions: []appsv1.DeploymentCondition{{
				Type: appsv1.DeploymentAvailable, Status: corev1.ConditionFalse, LastUpdateTime: created, LastTransitionTime: later, Reason: "", Message: "",
			}}},
		}},
		{"edge/events-microtime", gvkOf("events.k8s.io", "v1", "Event"), &eventsv1.Event{
			ObjectMeta: metav1.ObjectMeta{Name: "e", Namespace: "default"}, EventTime: micro, ReportingController: "x", ReportingInstance: "y",
			Action: "Pull", Reason: "Pulled", Type: "Normal", Regarding: corev1.ObjectReference{Kind: "Pod", Name: "p"},
			Series:                   &eventsv1.EventSeries{Count: 2, LastObservedTime: microUs},
			DeprecatedFirstTimestamp: created, DeprecatedCount: 0,
		}},
		{"edge/lease", gvkOf("coordination.k8s.io", "v1", "Lease"), &coordinationv1.Lease{
			ObjectMeta: metav1.ObjectMeta{Name: "l", Namespace: "kube-system"},
			Spec: coordinationv1.LeaseSpec{
				HolderIdentity: ptr(""), LeaseDurationSeconds: ptr(int32(0)), AcquireTime: &microZ, RenewTime: &microUs, LeaseTransitions: ptr(int32(0)),
			},
		}},
		{"edge/controllerrevision-rawextension", gvkOf("apps", "v1", "ControllerRevision"), &appsv1.ControllerRevision{
			ObjectMeta: metav1.ObjectMeta{Name: "r", Namespace: "default"}, Revision: 0,
			Data: runtime.RawExtension{Raw: []byte(`{"spec":{"template":{"metadata":{"labels":{"a":"b"}}}},"n":1.5,"list":[true,null,"x"]}`)},
		}},
		{"edge/resourcequota-quantities", gvkOf("", "v1", "ResourceQuota"), &corev1.ResourceQuota{
			ObjectMeta: metav1.ObjectMeta{Name: "q", Namespace: "default"},
			Spec: corev1.ResourceQuotaSpec{Hard: corev1.ResourceList{
				"cpu": resource.MustParse("2"), "memory": resource.MustParse("1.5Gi"), "pods": resource.MustParse("1e3"),
				"requests.storage": resource.MustParse("500M"), "limits.cpu": resource.MustParse("0.001"), "count/x": resource.MustParse("12345678901234"),
				"requests.nvidia.com/gpu": resource.MustParse("0"), "small": resource.MustParse("1n"),
			}},
			Status: corev1.ResourceQuotaStatus{Hard: corev1.ResourceList{}, Used: nil},
		}},
		{"edge/status", gvkOf("", "v1", "Status"), &metav1.Status{
			Status: metav1.StatusFailure, Message: `pods "missing" not found`, Reason: metav1.StatusReasonNotFound,
			Details: &metav1.StatusDetails{Name: "missing", Kind: "pods"}, Code: 404,
		}},
		{"edge/status-causes", gvkOf("", "v1", "Status"), &metav1.Status{
			Status: metav1.StatusFailure, Message: `Pod "p" is invalid`, Reason: metav1.StatusReasonInvalid, Code: 422,
			Details: &metav1.StatusDetails{Name: "p", Kind: "Pod", Causes: []metav1.StatusCause{
				{Type: metav1.CauseTypeFieldValueRequired, Message: "Required value", Field: "spec.containers"},
				{Type: metav1.CauseTypeFieldValueInvalid, Message: "", Field: ""},
			}, RetryAfterSeconds: 0},
		}},
		{"edge/deleteoptions", gvkOf("", "v1", "DeleteOptions"), &metav1.DeleteOptions{
			GracePeriodSeconds: ptr(int64(0)), PropagationPolicy: ptr(metav1.DeletePropagationForeground), DryRun: []string{metav1.DryRunAll},
			Preconditions: &metav1.Preconditions{UID: ptr(apitypesUID("6f1c2a4e-0000-4000-8000-000000000001")), ResourceVersion: ptr("42")},
		}},
		{"edge/deleteoptions-empty", gvkOf("", "v1", "DeleteOptions"), &metav1.DeleteOptions{}},
	}
	var out []corpusEntry
	for _, nc := range cases {
		e, err := c.entry(nc.name, setGVK(nc.obj, nc.gvk))
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	we, err := c.watchEvent(setGVK(edgePod(), gvkOf("", "v1", "Pod")))
	if err != nil {
		return nil, err
	}
	return append(out, we), nil
}

// watchEvent is one frame of a watch stream as kube-apiserver writes it: in JSON a line
// {"type":…,"object":…}; in protobuf a 4-byte big-endian length, then a WatchEvent message
// (no envelope) whose object holds the object's enveloped bytes.
func (c *corpusCodecs) watchEvent(obj runtime.Object) (corpusEntry, error) {
	objJSON, err := encodeWith(c.json, obj)
	if err != nil {
		return corpusEntry{}, err
	}
	objPB, err := encodeWith(c.proto, obj)
	if err != nil {
		return corpusEntry{}, err
	}
	line, err := json.Marshal(&metav1.WatchEvent{Type: string(watch.Modified), Object: runtime.RawExtension{Raw: bytes.TrimSpace(objJSON)}})
	if err != nil {
		return corpusEntry{}, err
	}
	event := &metav1.WatchEvent{Type: string(watch.Modified), Object: runtime.RawExtension{Raw: objPB}}
	var frame bytes.Buffer
	w := protobufFramer.NewFrameWriter(&frame)
	msg, err := encodeWith(c.raw, event)
	if err != nil {
		return corpusEntry{}, err
	}
	if _, err := w.Write(msg); err != nil {
		return corpusEntry{}, err
	}
	return corpusEntry{
		Name: "watch-event/MODIFIED", Message: messageName(typeOf[metav1.WatchEvent]()), JSON: string(line) + "\n",
		Protobuf: base64.StdEncoding.EncodeToString(frame.Bytes()), Envelope: false, Frame: true,
	}, nil
}
