package goclient

import (
	"fmt"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
)

func secretNames(list *corev1.SecretList) []string {
	names := make([]string, 0, len(list.Items))
	for _, s := range list.Items {
		names = append(names, s.Name)
	}
	return names
}

func configMapNames(list *corev1.ConfigMapList) []string {
	names := make([]string, 0, len(list.Items))
	for _, c := range list.Items {
		names = append(names, c.Name)
	}
	return names
}

// TestListPaging pages through Secrets (nothing else creates them in a fresh namespace).
func TestListPaging(t *testing.T) {
	ns := namespace(t)
	ctx := testContext(t)
	secrets := clientset(t).CoreV1().Secrets(ns)
	var all []string
	for i := range 7 {
		name := fmt.Sprintf("s%d", i)
		all = append(all, name)
		try(secrets.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name}, StringData: map[string]string{"i": name}}, metav1.CreateOptions{})).must(t)
	}

	first := try(secrets.List(ctx, metav1.ListOptions{Limit: 3})).must(t)
	if got := secretNames(first); !slices.Equal(got, all[:3]) || first.Continue == "" {
		t.Fatalf("page 1: %v continue %q", got, first.Continue)
	}
	if first.RemainingItemCount == nil || *first.RemainingItemCount != 4 {
		t.Fatalf("page 1: remainingItemCount %v, want 4", first.RemainingItemCount)
	}
	// Later pages show the snapshot of the first: a secret created now is not in them.
	try(secrets.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "s99"}}, metav1.CreateOptions{})).must(t)
	try(secrets.Patch(ctx, "s4", "application/merge-patch+json", []byte(`{"metadata":{"labels":{"changed":"yes"}}}`), metav1.PatchOptions{})).must(t)

	second := try(secrets.List(ctx, metav1.ListOptions{Limit: 3, Continue: first.Continue})).must(t)
	if got := secretNames(second); !slices.Equal(got, all[3:6]) || second.Continue == "" {
		t.Fatalf("page 2: %v continue %q", got, second.Continue)
	}
	if second.ResourceVersion != first.ResourceVersion {
		t.Fatalf("page 2 resourceVersion %s, page 1 %s", second.ResourceVersion, first.ResourceVersion)
	}
	if second.Items[1].Labels["changed"] != "" {
		t.Fatalf("page 2 shows s4 as it is now, not as it was at page 1: labels %v", second.Items[1].Labels)
	}
	if second.RemainingItemCount == nil || *second.RemainingItemCount != 1 {
		t.Fatalf("page 2: remainingItemCount %v, want 1", second.RemainingItemCount)
	}
	third := try(secrets.List(ctx, metav1.ListOptions{Limit: 3, Continue: second.Continue})).must(t)
	if got := secretNames(third); !slices.Equal(got, all[6:]) || third.Continue != "" || third.RemainingItemCount != nil {
		t.Fatalf("page 3: %v continue %q remainingItemCount %v", got, third.Continue, third.RemainingItemCount)
	}

	whole := try(secrets.List(ctx, metav1.ListOptions{})).must(t)
	if got := secretNames(whole); !slices.Equal(got, append(slices.Clone(all), "s99")) || whole.Continue != "" {
		t.Fatalf("unpaged list: %v", got)
	}
	// A continue token from another list is refused.
	if _, err := secrets.List(ctx, metav1.ListOptions{Limit: 3, Continue: "bm90LWEtdG9rZW4="}); !apierrors.IsBadRequest(err) {
		t.Fatalf("a malformed continue token: want BadRequest, got %v", err)
	}
}

func TestSelectors(t *testing.T) {
	ns := namespace(t)
	ctx := testContext(t)
	cs := clientset(t)
	cms := cs.CoreV1().ConfigMaps(ns)
	for name, labels := range map[string]map[string]string{
		"a": {"app": "web", "tier": "front"},
		"b": {"app": "web", "tier": "back"},
		"c": {"app": "db"},
		"d": nil,
	} {
		try(cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}, metav1.CreateOptions{})).must(t)
	}
	for _, tc := range []struct {
		label, field string
		want         []string
	}{
		{label: "app=web", want: []string{"a", "b"}},
		{label: "app in (web,db),tier!=back", want: []string{"a", "c"}},
		{label: "!tier", want: []string{"c", "d"}},
		{label: "app", want: []string{"a", "b", "c"}},
		{label: "app notin (web)", want: []string{"c", "d"}},
		{field: "metadata.name=b", want: []string{"b"}},
		{field: "metadata.name!=a", want: []string{"b", "c", "d"}},
		{field: "metadata.namespace=" + ns + ",metadata.name!=d", want: []string{"a", "b", "c"}},
		{label: "app=web", field: "metadata.name!=a", want: []string{"b"}},
	} {
		list := try(cms.List(ctx, metav1.ListOptions{LabelSelector: tc.label, FieldSelector: tc.field})).must(t)
		if got := configMapNames(list); !slices.Equal(got, tc.want) {
			t.Errorf("labels %q fields %q: got %v, want %v", tc.label, tc.field, got, tc.want)
		}
	}

	// A watch with a selector sees objects enter and leave it as ADDED and DELETED.
	list := try(cms.List(ctx, metav1.ListOptions{})).must(t)
	w := try(cms.Watch(ctx, metav1.ListOptions{ResourceVersion: list.ResourceVersion, LabelSelector: "app=web"})).must(t)
	defer w.Stop()
	try(cms.Patch(ctx, "a", types.MergePatchType, []byte(`{"metadata":{"labels":{"app":"db"}}}`), metav1.PatchOptions{})).must(t)
	try(cms.Patch(ctx, "c", types.MergePatchType, []byte(`{"metadata":{"labels":{"app":"web"}}}`), metav1.PatchOptions{})).must(t)
	try(cms.Patch(ctx, "b", types.MergePatchType, []byte(`{"data":{"v":"2"}}`), metav1.PatchOptions{})).must(t)
	try(cms.Patch(ctx, "d", types.MergePatchType, []byte(`{"data":{"v":"2"}}`), metav1.PatchOptions{})).must(t)
	expectEvents(t, w,
		seen{typ: watch.Deleted, name: "a"},
		seen{typ: watch.Added, name: "c"},
		seen{typ: watch.Modified, name: "b", data: "2"},
	)

	// Field selectors a kind defines for itself.
	secrets := cs.CoreV1().Secrets(ns)
	try(secrets.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "plain"}, Type: corev1.SecretTypeOpaque}, metav1.CreateOptions{})).must(t)
	try(secrets.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "auth"}, Type: corev1.SecretTypeBasicAuth, StringData: map[string]string{"username": "u"}}, metav1.CreateOptions{})).must(t)
	byType := try(secrets.List(ctx, metav1.ListOptions{FieldSelector: "type=" + string(corev1.SecretTypeBasicAuth)})).must(t)
	if got := secretNames(byType); !slices.Equal(got, []string{"auth"}) {
		t.Errorf("secrets by type: got %v", got)
	}

	if _, err := cms.List(ctx, metav1.ListOptions{FieldSelector: "data.x=1"}); !apierrors.IsBadRequest(err) {
		t.Errorf("an unsupported field label: want BadRequest, got %v", err)
	}
	if _, err := cms.List(ctx, metav1.ListOptions{LabelSelector: "app in web"}); !apierrors.IsBadRequest(err) {
		t.Errorf("a malformed label selector: want BadRequest, got %v", err)
	}
}
