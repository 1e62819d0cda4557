package goclient

import (
	"context"
	"fmt"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/dynamic"
)

var crdResource = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}

// installCRD creates a namespaced Widget CRD in a group of this run's own, waits until it is
// Established and served, and deletes it after the test.
func installCRD(t *testing.T, dc dynamic.Interface) schema.GroupVersionResource {
	t.Helper()
	ctx := testContext(t)
	group := fmt.Sprintf("r%s-%d.go.kcache.dev", runID, namespaceCount.Add(1))
	name := "widgets." + group
	crd := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiextensions.k8s.io/v1",
		"kind":       "CustomResourceDefinition",
		"metadata":   map[string]any{"name": name},
		"spec": map[string]any{
			"group": group,
			"scope": "Namespaced",
			"names": map[string]any{"plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList", "shortNames": []any{"wg"}},
			"versions": []any{map[string]any{
				"name": "v1", "served": true, "storage": true,
				"subresources": map[string]any{"status": map[string]any{}},
				"schema": map[string]any{"openAPIV3Schema": map[string]any{
					"type": "object",
					"properties": map[string]any{
						"spec": map[string]any{"type": "object", "properties": map[string]any{
							"size":  map[string]any{"type": "integer", "minimum": int64(0)},
							"color": map[string]any{"type": "string"},
							"tags":  map[string]any{"type": "array", "items": map[string]any{"type": "string"}, "x-kubernetes-list-type": "set"},
						}},
						"status": map[string]any{"type": "object", "properties": map[string]any{
							"ready": map[string]any{"type": "boolean"},
						}},
					},
				}},
			}},
		},
	}}
	try(dc.Resource(crdResource).Create(ctx, crd, metav1.CreateOptions{})).must(t)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := dc.Resource(crdResource).Delete(ctx, name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			t.Errorf("deleting the CRD: %v", err)
		}
	})
	eventually(t, 30*time.Second, "the CRD to be Established", func(ctx context.Context) (bool, error) {
		got, err := dc.Resource(crdResource).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		conditions, _, _ := unstructured.NestedSlice(got.Object, "status", "conditions")
		for _, c := range conditions {
			if m, ok := c.(map[string]any); ok && m["type"] == "Established" && m["status"] == "True" {
				return true, nil
			}
		}
		return false, nil
	})
	return schema.GroupVersionResource{Group: group, Version: "v1", Resource: "widgets"}
}

func widget(group, name string, size int64, color string) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": group + "/v1",
		"kind":       "Widget",
		"metadata":   map[string]any{"name": name},
		"spec":       map[string]any{"size": size, "color": color},
	}}
}

func TestDynamicClientOnCRD(t *testing.T) {
	ns := namespace(t)
	ctx := testContext(t)
	dc := dynamicClient(t)
	gvr := installCRD(t, dc)
	widgets := dc.Resource(gvr).Namespace(ns)

	list := try(widgets.List(ctx, metav1.ListOptions{})).must(t)
	w := try(widgets.Watch(ctx, metav1.ListOptions{ResourceVersion: list.GetResourceVersion(), FieldSelector: "metadata.name=w1"})).must(t)
	defer w.Stop()

	created := try(widgets.Create(ctx, widget(gvr.Group, "w1", 3, "red"), metav1.CreateOptions{})).must(t)
	if created.GetUID() == "" || created.GetGeneration() != 1 || created.GetNamespace() != ns {
		t.Fatalf("create: %v", created.Object)
	}
	got := try(widgets.Get(ctx, "w1", metav1.GetOptions{})).must(t)
	if size, _, _ := unstructured.NestedInt64(got.Object, "spec", "size"); size != 3 {
		t.Fatalf("get: %v", got.Object)
	}
	if err := unstructured.SetNestedField(got.Object, int64(4), "spec", "size"); err != nil {
		t.Fatal(err)
	}
	updated := try(widgets.Update(ctx, got, metav1.UpdateOptions{})).must(t)
	if updated.GetGeneration() != 2 {
		t.Fatalf("update: generation %d", updated.GetGeneration())
	}
	merged := try(widgets.Patch(ctx, "w1", types.MergePatchType, []byte(`{"spec":{"color":"blue"}}`), metav1.PatchOptions{})).must(t)
	if color, _, _ := unstructured.NestedString(merged.Object, "spec", "color"); color != "blue" {
		t.Fatalf("merge patch: %v", merged.Object)
	}
	// Custom resources take no strategic merge patch.
	if _, err := widgets.Patch(ctx, "w1", types.StrategicMergePatchType, []byte(`{"spec":{"color":"green"}}`), metav1.PatchOptions{}); !apierrors.IsUnsupportedMediaType(err) {
		t.Fatalf("strategic merge patch on a custom resource: want 415, got %v", err)
	}
	jsonPatched := try(widgets.Patch(ctx, "w1", types.JSONPatchType, []byte(`[{"op":"add","path":"/spec/tags","value":["a","b"]}]`), metav1.PatchOptions{})).must(t)
	if tags, _, _ := unstructured.NestedStringSlice(jsonPatched.Object, "spec", "tags"); len(tags) != 2 {
		t.Fatalf("JSON patch: %v", jsonPatched.Object)
	}
	// The schema is enforced.
	_, err := widgets.Create(ctx, widget(gvr.Group, "bad", -1, "red"), metav1.CreateOptions{})
	if !apierrors.IsInvalid(err) {
		t.Errorf("a size below the minimum: want Invalid, got %v", err)
	}

	// The status subresource.
	if err := unstructured.SetNestedField(jsonPatched.Object, true, "status", "ready"); err != nil {
		t.Fatal(err)
	}
	if err := unstructured.SetNestedField(jsonPatched.Object, int64(99), "spec", "size"); err != nil {
		t.Fatal(err)
	}
	status := try(widgets.UpdateStatus(ctx, jsonPatched, metav1.UpdateOptions{})).must(t)
	ready, _, _ := unstructured.NestedBool(status.Object, "status", "ready")
	size, _, _ := unstructured.NestedInt64(status.Object, "spec", "size")
	if !ready || size != 4 {
		t.Fatalf("updateStatus: ready %v size %d (the spec must not change)", ready, size)
	}

	// Server-side apply on a custom resource, with the CRD's list semantics (tags are a set).
	applied := try(widgets.Apply(ctx, "w1", &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": gvr.Group + "/v1", "kind": "Widget", "metadata": map[string]any{"name": "w1"},
		"spec": map[string]any{"tags": []any{"c"}},
	}}, metav1.ApplyOptions{FieldManager: "tagger"})).must(t)
	if tags, _, _ := unstructured.NestedStringSlice(applied.Object, "spec", "tags"); fmt.Sprint(tags) != "[a b c]" {
		t.Fatalf("apply to a set: tags %v", tags)
	}
	_, err = widgets.Apply(ctx, "w1", &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": gvr.Group + "/v1", "kind": "Widget", "metadata": map[string]any{"name": "w1"},
		"spec": map[string]any{"color": "black"},
	}}, metav1.ApplyOptions{FieldManager: "painter"})
	if !apierrors.IsConflict(err) {
		t.Fatalf("conflicting apply on a custom resource: want Conflict, got %v", err)
	}

	// The watch saw every change of the main resource and of status, in order.
	wantTypes := []watch.EventType{watch.Added, watch.Modified, watch.Modified, watch.Modified, watch.Modified, watch.Modified}
	for i, want := range wantTypes {
		select {
		case ev := <-w.ResultChan():
			u, ok := ev.Object.(*unstructured.Unstructured)
			if ev.Type != want || !ok || u.GetName() != "w1" {
				t.Fatalf("watch event %d: %s %v, want %s", i, ev.Type, ev.Object, want)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("watch event %d: none within 20s", i)
		}
	}

	if err := widgets.Delete(ctx, "w1", background); err != nil {
		t.Fatal(err)
	}
	if _, err := widgets.Get(ctx, "w1", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("get after delete: want NotFound, got %v", err)
	}
	select {
	case ev := <-w.ResultChan():
		if ev.Type != watch.Deleted {
			t.Fatalf("want DELETED, got %s", ev.Type)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no DELETED event within 20s")
	}
}
