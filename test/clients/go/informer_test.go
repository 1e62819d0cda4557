package goclient

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
)

// handled is one call of an informer's event handler.
type handled struct {
	kind, name, data, oldData string
	initial                   bool
}

func TestSharedInformer(t *testing.T) {
	ns := namespace(t)
	ctx := testContext(t)
	rec := &recorder{}
	cfg := config(t)
	cfg.Wrap(func(next http.RoundTripper) http.RoundTripper { rec.next = next; return rec })
	cs := try(kubernetes.NewForConfig(cfg)).must(t)
	cms := cs.CoreV1().ConfigMaps(ns)
	try(cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "before"}, Data: map[string]string{"v": "0"}}, metav1.CreateOptions{})).must(t)

	factory := informers.NewSharedInformerFactoryWithOptions(cs, 0, informers.WithNamespace(ns))
	informer := factory.Core().V1().ConfigMaps()
	calls := make(chan handled, 100)
	data := func(obj any) string { return obj.(*corev1.ConfigMap).Data["v"] }
	_, err := informer.Informer().AddEventHandler(cache.ResourceEventHandlerDetailedFuncs{
		AddFunc: func(obj any, initial bool) {
			calls <- handled{kind: "add", name: obj.(*corev1.ConfigMap).Name, data: data(obj), initial: initial}
		},
		UpdateFunc: func(oldObj, newObj any) {
			calls <- handled{kind: "update", name: newObj.(*corev1.ConfigMap).Name, data: data(newObj), oldData: data(oldObj)}
		},
		DeleteFunc: func(obj any) {
			if tomb, ok := obj.(cache.DeletedFinalStateUnknown); ok {
				calls <- handled{kind: "delete (final state unknown)", name: tomb.Key}
				return
			}
			calls <- handled{kind: "delete", name: obj.(*corev1.ConfigMap).Name, data: data(obj)}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	factory.Start(stop)
	t.Cleanup(func() {
		close(stop)
		factory.Shutdown()
	})
	syncCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for typ, ok := range factory.WaitForCacheSync(syncCtx.Done()) {
		if !ok {
			t.Fatalf("the %v informer did not sync", typ)
		}
	}
	expect := func(want handled) {
		t.Helper()
		select {
		case got := <-calls:
			if got != want {
				t.Fatalf("handler call %+v, want %+v", got, want)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("no handler call within 20s, want %+v", want)
		}
	}
	expect(handled{kind: "add", name: "before", data: "0", initial: true})
	// client-go v0.37 fills an informer with a streaming list (WatchListClient is on by default):
	// one watch with sendInitialEvents, no list.
	rec.mu.Lock()
	var reads []string
	for _, r := range rec.requests {
		if r.method == http.MethodGet {
			reads = append(reads, r.query.Encode())
		}
	}
	rec.mu.Unlock()
	if len(reads) != 1 || !strings.Contains(reads[0], "sendInitialEvents=true") || !strings.Contains(reads[0], "watch=true") {
		t.Errorf("the informer's requests before it synced: %q, want one streaming list", reads)
	}
	lister := informer.Lister().ConfigMaps(ns)
	if cm, err := lister.Get("before"); err != nil || cm.Data["v"] != "0" {
		t.Fatalf("lister after sync: %v %v", cm, err)
	}

	created := try(cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "new"}, Data: map[string]string{"v": "1"}}, metav1.CreateOptions{})).must(t)
	expect(handled{kind: "add", name: "new", data: "1"})
	try(cms.Patch(ctx, "new", types.StrategicMergePatchType, []byte(`{"data":{"v":"2"}}`), metav1.PatchOptions{})).must(t)
	expect(handled{kind: "update", name: "new", data: "2", oldData: "1"})
	if cm, err := lister.Get("new"); err != nil || cm.Data["v"] != "2" || cm.UID != created.UID {
		t.Fatalf("lister after the update: %v %v", cm, err)
	}
	if err := cms.Delete(ctx, "before", background); err != nil {
		t.Fatal(err)
	}
	expect(handled{kind: "delete", name: "before", data: "0"})
	if _, err := lister.Get("before"); !apierrors.IsNotFound(err) {
		t.Fatalf("lister after the delete: want NotFound, got %v", err)
	}
	names := []string{}
	all, err := lister.List(labelsEverything())
	if err != nil {
		t.Fatal(err)
	}
	for _, cm := range all {
		names = append(names, cm.Name)
	}
	if fmt.Sprint(names) != "[new]" {
		t.Fatalf("lister holds %v, want [new]", names)
	}
	select {
	case extra := <-calls:
		t.Fatalf("unexpected handler call %+v", extra)
	case <-time.After(200 * time.Millisecond):
	}
}
