package goclient

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
)

var background = metav1.DeleteOptions{PropagationPolicy: ptr(metav1.DeletePropagationBackground)}

// recordedRequest is what went over the wire for one call.
type recordedRequest struct {
	method, path, contentType, accept, responseType string
	status                                          int
	watch                                           bool
	query                                           url.Values
}

type recorder struct {
	mu       sync.Mutex
	requests []recordedRequest
	next     http.RoundTripper
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := r.next.RoundTrip(req)
	rec := recordedRequest{method: req.Method, path: req.URL.Path, contentType: req.Header.Get("Content-Type"), accept: req.Header.Get("Accept"), watch: req.URL.Query().Get("watch") == "true", query: req.URL.Query()}
	if res != nil {
		rec.status = res.StatusCode
		rec.responseType = res.Header.Get("Content-Type")
	}
	r.mu.Lock()
	r.requests = append(r.requests, rec)
	r.mu.Unlock()
	return res, err
}

// TestDefaultClientsetSpeaksProtobuf checks the premise of the suite: a clientset made by
// kubernetes.NewForConfig sends and receives protobuf for built-in kinds, and the server answers in kind.
func TestDefaultClientsetSpeaksProtobuf(t *testing.T) {
	ns := namespace(t)
	ctx := testContext(t)
	rec := &recorder{}
	cfg := config(t)
	cfg.Wrap(func(next http.RoundTripper) http.RoundTripper { rec.next = next; return rec })
	cs := try(kubernetes.NewForConfig(cfg)).must(t)
	cms := cs.CoreV1().ConfigMaps(ns)
	created := try(cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "wire"}, Data: map[string]string{"k": "v"}}, metav1.CreateOptions{})).must(t)
	try(cms.Get(ctx, "wire", metav1.GetOptions{})).must(t)
	try(cms.List(ctx, metav1.ListOptions{})).must(t)
	// Errors come back as a protobuf Status, and client-go reads them.
	if _, err := cms.Get(ctx, "missing", metav1.GetOptions{}); !apierrors.IsNotFound(err) || err.Error() != `configmaps "missing" not found` {
		t.Fatalf("get of a missing object: %v", err)
	}
	w := try(cms.Watch(ctx, metav1.ListOptions{ResourceVersion: created.ResourceVersion})).must(t)
	defer w.Stop()
	if err := cms.Delete(ctx, "wire", background); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-w.ResultChan():
		if cm, ok := ev.Object.(*corev1.ConfigMap); ev.Type != "DELETED" || !ok || cm.Name != "wire" || cm.Data["k"] != "v" {
			t.Fatalf("watch: got %s %v", ev.Type, ev.Object)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("watch: no DELETED event within 20s")
	}
	const pb = "application/vnd.kubernetes.protobuf"
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.requests) != 6 || !rec.requests[4].watch {
		t.Fatalf("want 6 requests, got %+v", rec.requests)
	}
	for _, r := range rec.requests {
		if !strings.HasPrefix(r.accept, pb+",") {
			t.Errorf("%s %s: Accept %q does not prefer protobuf", r.method, r.path, r.accept)
		}
		if r.method == http.MethodPost || r.method == http.MethodDelete {
			if r.contentType != pb {
				t.Errorf("%s %s: sent Content-Type %q, want %q", r.method, r.path, r.contentType, pb)
			}
		}
		want := pb
		if r.watch {
			want = pb + ";stream=watch"
		}
		if r.responseType != want {
			t.Errorf("%s %s: answered %d with Content-Type %q, want %q", r.method, r.path, r.status, r.responseType, want)
		}
	}
}

func TestConfigMapCRUD(t *testing.T) {
	ns := namespace(t)
	ctx := testContext(t)
	cms := clientset(t).CoreV1().ConfigMaps(ns)

	created := try(cms.Create(ctx, &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "settings", Labels: map[string]string{"app": "web"}},
		Data:       map[string]string{"a": "1"},
	}, metav1.CreateOptions{})).must(t)
	if created.UID == "" || created.ResourceVersion == "" || created.CreationTimestamp.IsZero() || created.Namespace != ns {
		t.Fatalf("create did not fill the metadata: %+v", created.ObjectMeta)
	}
	if _, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "settings"}}, metav1.CreateOptions{}); !apierrors.IsAlreadyExists(err) {
		t.Fatalf("second create: want AlreadyExists, got %v", err)
	}

	got := try(cms.Get(ctx, "settings", metav1.GetOptions{})).must(t)
	if got.UID != created.UID || got.ResourceVersion != created.ResourceVersion || !maps.Equal(got.Data, map[string]string{"a": "1"}) {
		t.Fatalf("get returned %+v, created %+v", got, created)
	}

	got.Data["b"] = "2"
	updated := try(cms.Update(ctx, got, metav1.UpdateOptions{})).must(t)
	if updated.ResourceVersion == created.ResourceVersion || !maps.Equal(updated.Data, map[string]string{"a": "1", "b": "2"}) {
		t.Fatalf("update returned %+v", updated)
	}
	if _, err := cms.Update(ctx, created, metav1.UpdateOptions{}); !apierrors.IsConflict(err) {
		t.Fatalf("update from a stale resourceVersion: want Conflict, got %v", err)
	}

	merged := try(cms.Patch(ctx, "settings", types.MergePatchType, []byte(`{"data":{"c":"3","a":null}}`), metav1.PatchOptions{})).must(t)
	if !maps.Equal(merged.Data, map[string]string{"b": "2", "c": "3"}) {
		t.Fatalf("merge patch: data %v", merged.Data)
	}
	strategic := try(cms.Patch(ctx, "settings", types.StrategicMergePatchType, []byte(`{"metadata":{"labels":{"tier":"front"}},"data":{"d":"4"}}`), metav1.PatchOptions{})).must(t)
	if !maps.Equal(strategic.Data, map[string]string{"b": "2", "c": "3", "d": "4"}) || !maps.Equal(strategic.Labels, map[string]string{"app": "web", "tier": "front"}) {
		t.Fatalf("strategic merge patch: data %v labels %v", strategic.Data, strategic.Labels)
	}
	jsonPatched := try(cms.Patch(ctx, "settings", types.JSONPatchType, []byte(`[
		{"op":"test","path":"/data/b","value":"2"},
		{"op":"replace","path":"/data/b","value":"22"},
		{"op":"remove","path":"/data/c"}]`), metav1.PatchOptions{})).must(t)
	if !maps.Equal(jsonPatched.Data, map[string]string{"b": "22", "d": "4"}) {
		t.Fatalf("JSON patch: data %v", jsonPatched.Data)
	}
	if _, err := cms.Patch(ctx, "settings", types.JSONPatchType, []byte(`[{"op":"test","path":"/data/b","value":"2"}]`), metav1.PatchOptions{}); !apierrors.IsInvalid(err) {
		t.Fatalf("JSON patch with a failing test: want Invalid, got %v", err)
	}

	// DeleteOptions go in the body: a wrong UID precondition must be seen and refused.
	wrongUID := metav1.DeleteOptions{PropagationPolicy: ptr(metav1.DeletePropagationBackground), Preconditions: &metav1.Preconditions{UID: ptr(types.UID("not-the-uid"))}}
	if err := cms.Delete(ctx, "settings", wrongUID); !apierrors.IsConflict(err) {
		t.Fatalf("delete with a wrong UID precondition: want Conflict, got %v", err)
	}
	rightUID := metav1.DeleteOptions{PropagationPolicy: ptr(metav1.DeletePropagationBackground), Preconditions: &metav1.Preconditions{UID: &created.UID}}
	if err := cms.Delete(ctx, "settings", rightUID); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := cms.Get(ctx, "settings", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("get after delete: want NotFound, got %v", err)
	}
	if err := cms.Delete(ctx, "settings", background); !apierrors.IsNotFound(err) {
		t.Fatalf("second delete: want NotFound, got %v", err)
	}
}

func TestSecretCRUD(t *testing.T) {
	ns := namespace(t)
	ctx := testContext(t)
	secrets := clientset(t).CoreV1().Secrets(ns)

	created := try(secrets.Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "creds"},
		Type:       corev1.SecretTypeOpaque,
		Data:       map[string][]byte{"user": []byte("admin")},
		StringData: map[string]string{"password": "s3cret"},
	}, metav1.CreateOptions{})).must(t)
	want := map[string][]byte{"user": []byte("admin"), "password": []byte("s3cret")}
	if !reflect.DeepEqual(created.Data, want) || created.StringData != nil || created.Type != corev1.SecretTypeOpaque {
		t.Errorf("create: stringData should be folded into data, got type %q data %q stringData %q", created.Type, created.Data, created.StringData)
	}

	got := try(secrets.Get(ctx, "creds", metav1.GetOptions{})).must(t)
	if !reflect.DeepEqual(got.Data, want) {
		t.Errorf("get: data %q", got.Data)
	}
	got.Data["token"] = []byte{0, 1, 2, 255}
	updated := try(secrets.Update(ctx, got, metav1.UpdateOptions{})).must(t)
	if !reflect.DeepEqual(updated.Data["token"], []byte{0, 1, 2, 255}) {
		t.Fatalf("update: binary data came back as %q", updated.Data["token"])
	}
	// Secret type is immutable.
	retyped := updated.DeepCopy()
	retyped.Type = corev1.SecretTypeDockerConfigJson
	_, err := secrets.Update(ctx, retyped, metav1.UpdateOptions{})
	if !apierrors.IsInvalid(err) {
		t.Errorf("changing the type: want Invalid, got %v", err)
	}

	// "dXNlcjI=" is base64 for "user2".
	merged := try(secrets.Patch(ctx, "creds", types.MergePatchType, []byte(`{"data":{"user":"dXNlcjI=","token":null}}`), metav1.PatchOptions{})).must(t)
	if string(merged.Data["user"]) != "user2" || merged.Data["token"] != nil {
		t.Fatalf("merge patch: data %q", merged.Data)
	}
	strategic := try(secrets.Patch(ctx, "creds", types.StrategicMergePatchType, []byte(`{"stringData":{"extra":"plain"}}`), metav1.PatchOptions{})).must(t)
	if string(strategic.Data["extra"]) != "plain" || strategic.StringData != nil {
		t.Fatalf("strategic merge patch with stringData: data %q stringData %q", strategic.Data, strategic.StringData)
	}
	jsonPatched := try(secrets.Patch(ctx, "creds", types.JSONPatchType, []byte(`[{"op":"remove","path":"/data/extra"},{"op":"add","path":"/metadata/annotations","value":{"rotated":"yes"}}]`), metav1.PatchOptions{})).must(t)
	if _, ok := jsonPatched.Data["extra"]; ok || jsonPatched.Annotations["rotated"] != "yes" {
		t.Fatalf("JSON patch: data %q annotations %v", jsonPatched.Data, jsonPatched.Annotations)
	}

	staleRV := metav1.DeleteOptions{PropagationPolicy: ptr(metav1.DeletePropagationBackground), Preconditions: &metav1.Preconditions{ResourceVersion: &created.ResourceVersion}}
	if err := secrets.Delete(ctx, "creds", staleRV); !apierrors.IsConflict(err) {
		t.Fatalf("delete with a stale resourceVersion precondition: want Conflict, got %v", err)
	}
	currentRV := metav1.DeleteOptions{PropagationPolicy: ptr(metav1.DeletePropagationBackground), Preconditions: &metav1.Preconditions{ResourceVersion: &jsonPatched.ResourceVersion}}
	if err := secrets.Delete(ctx, "creds", currentRV); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := secrets.Get(ctx, "creds", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("get after delete: want NotFound, got %v", err)
	}
}

func containerImages(d *appsv1.Deployment) map[string]string {
	out := map[string]string{}
	for _, c := range d.Spec.Template.Spec.Containers {
		out[c.Name] = c.Image
	}
	return out
}

func TestDeploymentCRUD(t *testing.T) {
	ns := namespace(t)
	ctx := testContext(t)
	deployments := clientset(t).AppsV1().Deployments(ns)
	labels := map[string]string{"app": "web"}

	created := try(deployments.Create(ctx, &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr(int32(2)),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{Containers: []corev1.Container{
					{Name: "web", Image: "nginx:1.27", Ports: []corev1.ContainerPort{{ContainerPort: 80}}},
					{Name: "sidecar", Image: "busybox:1"},
				}},
			},
		},
	}, metav1.CreateOptions{})).must(t)
	if created.Generation != 1 || *created.Spec.Replicas != 2 || created.Spec.Template.Spec.Containers[0].Ports[0].ContainerPort != 80 {
		t.Fatalf("create: generation %d spec %+v", created.Generation, created.Spec)
	}
	// Defaults the API server fills in.
	if created.Spec.Strategy.Type != appsv1.RollingUpdateDeploymentStrategyType || created.Spec.Template.Spec.RestartPolicy != corev1.RestartPolicyAlways {
		t.Errorf("create: defaults not applied: strategy %q restartPolicy %q", created.Spec.Strategy.Type, created.Spec.Template.Spec.RestartPolicy)
	}

	got := try(deployments.Get(ctx, "web", metav1.GetOptions{})).must(t)
	got.Spec.Template.Spec.Containers[0].Image = "nginx:1.28"
	updated := try(deployments.Update(ctx, got, metav1.UpdateOptions{})).must(t)
	if updated.Generation != 2 || containerImages(updated)["web"] != "nginx:1.28" {
		t.Fatalf("update: generation %d images %v", updated.Generation, containerImages(updated))
	}
	labelsOnly := try(deployments.Patch(ctx, "web", types.MergePatchType, []byte(`{"metadata":{"labels":{"team":"a"}}}`), metav1.PatchOptions{})).must(t)
	if labelsOnly.Generation != 2 {
		t.Fatalf("a metadata-only change bumped the generation to %d", labelsOnly.Generation)
	}

	// Strategic merge: containers merge by name; the other container stays.
	strategic := try(deployments.Patch(ctx, "web", types.StrategicMergePatchType,
		[]byte(`{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:2"}]}}}}`), metav1.PatchOptions{})).must(t)
	if want := map[string]string{"web": "nginx:1.28", "sidecar": "busybox:2"}; !maps.Equal(containerImages(strategic), want) {
		t.Fatalf("strategic merge patch: images %v, want %v", containerImages(strategic), want)
	}
	// JSON merge patch: a list is replaced whole.
	merged := try(deployments.Patch(ctx, "web", types.MergePatchType,
		[]byte(`{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.29"}]}}}}`), metav1.PatchOptions{})).must(t)
	if want := map[string]string{"web": "nginx:1.29"}; !maps.Equal(containerImages(merged), want) {
		t.Fatalf("merge patch: images %v, want %v", containerImages(merged), want)
	}
	jsonPatched := try(deployments.Patch(ctx, "web", types.JSONPatchType,
		[]byte(`[{"op":"replace","path":"/spec/replicas","value":5}]`), metav1.PatchOptions{})).must(t)
	if *jsonPatched.Spec.Replicas != 5 || jsonPatched.Generation != 5 {
		t.Fatalf("JSON patch: replicas %d generation %d", *jsonPatched.Spec.Replicas, jsonPatched.Generation)
	}
	// The status subresource ignores spec changes; the main resource ignores status changes.
	withStatus := jsonPatched.DeepCopy()
	withStatus.Status.ObservedGeneration = jsonPatched.Generation
	withStatus.Spec.Replicas = ptr(int32(9))
	status := try(deployments.UpdateStatus(ctx, withStatus, metav1.UpdateOptions{})).must(t)
	if status.Status.ObservedGeneration != jsonPatched.Generation || *status.Spec.Replicas != 5 {
		t.Fatalf("updateStatus: observedGeneration %d replicas %d", status.Status.ObservedGeneration, *status.Spec.Replicas)
	}

	// Checked after the status steps: a server that wrongly took it would leave replicas at -1.
	invalid := try(deployments.Get(ctx, "web", metav1.GetOptions{})).must(t)
	invalid.Spec.Replicas = ptr(int32(-1))
	_, err := deployments.Update(ctx, invalid, metav1.UpdateOptions{})
	if !apierrors.IsInvalid(err) {
		t.Errorf("negative replicas: want Invalid, got %v", err)
	}

	if err := deployments.Delete(ctx, "web", metav1.DeleteOptions{PropagationPolicy: ptr(metav1.DeletePropagationBackground), Preconditions: &metav1.Preconditions{UID: ptr(types.UID("other"))}}); !apierrors.IsConflict(err) {
		t.Fatalf("delete with a wrong UID precondition: want Conflict, got %v", err)
	}
	if err := deployments.Delete(ctx, "web", background); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := deployments.Get(ctx, "web", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("get after delete: want NotFound, got %v", err)
	}
}

func TestNamespaceCRUD(t *testing.T) {
	ctx := testContext(t)
	namespaces := clientset(t).CoreV1().Namespaces()
	name := fmt.Sprintf("kgo-crud-%s-%d", runID, namespaceCount.Add(1))
	t.Cleanup(func() { _ = namespaces.Delete(context.Background(), name, background) })

	created := try(namespaces.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"team": "a"}}}, metav1.CreateOptions{})).must(t)
	if created.Status.Phase != corev1.NamespaceActive || !slices.Equal(created.Spec.Finalizers, []corev1.FinalizerName{corev1.FinalizerKubernetes}) {
		t.Errorf("create: phase %q finalizers %v", created.Status.Phase, created.Spec.Finalizers)
	}
	want := map[string]string{"team": "a", "kubernetes.io/metadata.name": name}
	if !maps.Equal(created.Labels, want) {
		t.Errorf("create: labels %v, want %v", created.Labels, want)
	}

	got := try(namespaces.Get(ctx, name, metav1.GetOptions{})).must(t)
	got.Labels["env"] = "test"
	updated := try(namespaces.Update(ctx, got, metav1.UpdateOptions{})).must(t)
	if updated.Labels["env"] != "test" {
		t.Fatalf("update: labels %v", updated.Labels)
	}
	merged := try(namespaces.Patch(ctx, name, types.MergePatchType, []byte(`{"metadata":{"labels":{"env":null},"annotations":{"owner":"me"}}}`), metav1.PatchOptions{})).must(t)
	if _, ok := merged.Labels["env"]; ok || merged.Annotations["owner"] != "me" {
		t.Fatalf("merge patch: labels %v annotations %v", merged.Labels, merged.Annotations)
	}
	strategic := try(namespaces.Patch(ctx, name, types.StrategicMergePatchType, []byte(`{"metadata":{"labels":{"tier":"gold"}}}`), metav1.PatchOptions{})).must(t)
	if strategic.Labels["tier"] != "gold" || strategic.Labels["team"] != "a" {
		t.Fatalf("strategic merge patch: labels %v", strategic.Labels)
	}
	jsonPatched := try(namespaces.Patch(ctx, name, types.JSONPatchType, []byte(`[{"op":"remove","path":"/metadata/labels/tier"}]`), metav1.PatchOptions{})).must(t)
	if _, ok := jsonPatched.Labels["tier"]; ok {
		t.Fatalf("JSON patch: labels %v", jsonPatched.Labels)
	}

	if err := namespaces.Delete(ctx, name, background); err != nil {
		t.Fatalf("delete: %v", err)
	}
	// A namespace is deleted gracefully: it is Terminating until its contents and finalizers are gone.
	after, err := namespaces.Get(ctx, name, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
	case err != nil:
		t.Fatalf("get after delete: %v", err)
	case after.DeletionTimestamp == nil || after.Status.Phase != corev1.NamespaceTerminating:
		t.Fatalf("get after delete: deletionTimestamp %v phase %q, want a Terminating namespace or NotFound", after.DeletionTimestamp, after.Status.Phase)
	}
}
