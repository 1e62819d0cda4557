package goclient

import (
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/metadata"
)

// TestMetadataClient: the metadata-only client (garbage collectors and metadata informers use it)
// asks for PartialObjectMetadata(List) in protobuf, and for metadata-only watch events.
func TestMetadataClient(t *testing.T) {
	ns := namespace(t)
	ctx := testContext(t)
	cms := clientset(t).CoreV1().ConfigMaps(ns)
	try(cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "m1", Labels: map[string]string{"app": "x"}}, Data: map[string]string{"big": "payload"}}, metav1.CreateOptions{})).must(t)
	try(cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "m2"}}, metav1.CreateOptions{})).must(t)

	mc := try(metadata.NewForConfig(config(t))).must(t)
	res := mc.Resource(schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}).Namespace(ns)
	one := try(res.Get(ctx, "m1", metav1.GetOptions{})).must(t)
	if one.Name != "m1" || one.Labels["app"] != "x" || one.UID == "" {
		t.Fatalf("get: %+v", one)
	}
	list := try(res.List(ctx, metav1.ListOptions{})).must(t)
	var names []string
	for _, item := range list.Items {
		names = append(names, item.Name)
	}
	if !slices.Equal(names, []string{"m1", "m2"}) || list.ResourceVersion == "" {
		t.Fatalf("list: items %v resourceVersion %q", names, list.ResourceVersion)
	}

	w := try(res.Watch(ctx, metav1.ListOptions{ResourceVersion: list.ResourceVersion})).must(t)
	defer w.Stop()
	try(cms.Patch(ctx, "m2", "application/merge-patch+json", []byte(`{"metadata":{"annotations":{"seen":"yes"}}}`), metav1.PatchOptions{})).must(t)
	select {
	case ev := <-w.ResultChan():
		m, ok := ev.Object.(*metav1.PartialObjectMetadata)
		if ev.Type != watch.Modified || !ok || m.Name != "m2" || m.Annotations["seen"] != "yes" {
			t.Fatalf("watch: %s %#v", ev.Type, ev.Object)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("watch: no event within 20s")
	}
	if err := res.Delete(ctx, "m1", background); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-w.ResultChan():
		m, ok := ev.Object.(*metav1.PartialObjectMetadata)
		if ev.Type != watch.Deleted || !ok || m.Name != "m1" {
			t.Fatalf("watch: %s %#v", ev.Type, ev.Object)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("watch: no DELETED event within 20s")
	}
}
