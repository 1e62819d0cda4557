package goclient

import (
	"slices"
	"strings"
	"sync"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
)

// warnings collects the Warning headers a client receives.
type warnings struct {
	mu   sync.Mutex
	list []string
}

func (w *warnings) HandleWarningHeader(code int, agent, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.list = append(w.list, text)
}

func (w *warnings) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.list
	w.list = nil
	return out
}

// TestFieldValidation sends a Deployment with a misspelt and a duplicated field (JSON, through the
// dynamic client, since a typed client cannot express either) under each fieldValidation level.
func TestFieldValidation(t *testing.T) {
	ns := namespace(t)
	ctx := testContext(t)
	seen := &warnings{}
	cfg := config(t)
	cfg.WarningHandler = seen
	dc := try(dynamic.NewForConfig(cfg)).must(t)
	deployments := dc.Resource(schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}).Namespace(ns)
	manifest := func(name string) *unstructured.Unstructured {
		return &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": "apps/v1", "kind": "Deployment",
			"metadata": map[string]any{"name": name},
			"spec": map[string]any{
				"replicsa": int64(1),
				"selector": map[string]any{"matchLabels": map[string]any{"app": name}},
				"template": map[string]any{
					"metadata": map[string]any{"labels": map[string]any{"app": name}},
					"spec":     map[string]any{"containers": []any{map[string]any{"name": "c", "image": "busybox", "imagePullPolicy": "Always", "colour": "red"}}},
				},
			},
		}}
	}
	const unknown1 = `unknown field "spec.replicsa"`
	const unknown2 = `unknown field "spec.template.spec.containers[0].colour"`

	_, err := deployments.Create(ctx, manifest("strict"), metav1.CreateOptions{FieldValidation: metav1.FieldValidationStrict})
	if !apierrors.IsBadRequest(err) || err.Error() != `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: `+unknown1+", "+unknown2 {
		t.Fatalf("Strict: want 400 strict decoding error, got %v", err)
	}
	if _, err := deployments.Get(ctx, "strict", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("a refused create stored the object: %v", err)
	}
	seen.take()

	warned := try(deployments.Create(ctx, manifest("warn"), metav1.CreateOptions{FieldValidation: metav1.FieldValidationWarn})).must(t)
	if got := seen.take(); !slices.Equal(got, []string{unknown1, unknown2}) {
		t.Fatalf("Warn: warnings %q", got)
	}
	if _, found, _ := unstructured.NestedFieldNoCopy(warned.Object, "spec", "replicsa"); found {
		t.Fatal("Warn: the unknown field was stored")
	}
	// Without fieldValidation the server warns (its default).
	try(deployments.Create(ctx, manifest("default"), metav1.CreateOptions{})).must(t)
	if got := seen.take(); !slices.Equal(got, []string{unknown1, unknown2}) {
		t.Fatalf("default: warnings %q", got)
	}
	try(deployments.Create(ctx, manifest("ignore"), metav1.CreateOptions{FieldValidation: metav1.FieldValidationIgnore})).must(t)
	if got := seen.take(); len(got) != 0 {
		t.Fatalf("Ignore: warnings %q", got)
	}

	// Patches are checked too: kube-apiserver answers 422 with the patched object in the message.
	_, err = deployments.Patch(ctx, "warn", "application/merge-patch+json", []byte(`{"spec":{"paused":true,"pasued":true}}`), metav1.PatchOptions{FieldValidation: metav1.FieldValidationStrict})
	if !apierrors.IsInvalid(err) || !strings.HasSuffix(err.Error(), `}": strict decoding error: unknown field "spec.pasued"`) {
		t.Fatalf("Strict merge patch: got %v", err)
	}
}
