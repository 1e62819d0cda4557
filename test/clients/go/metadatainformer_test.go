package goclient

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	"k8s.io/client-go/tools/cache"
)

var deploymentsResource = appsv1.SchemeGroupVersion.WithResource("deployments")

// webDeployment is a small Deployment: one container with two ports, no strategy (the server's
// defaults fill it in).
func webDeployment(name string, replicas int32) *appsv1.Deployment {
	labels := func() map[string]string { return map[string]string{"app": name} }
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels()},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr(replicas),
			Selector: &metav1.LabelSelector{MatchLabels: labels()},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels()},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{
					Name:  "app",
					Image: "registry.example/app:1",
					Ports: []corev1.ContainerPort{{ContainerPort: 8080}, {Name: "metrics", ContainerPort: 9090, Protocol: corev1.ProtocolUDP}},
				}}},
			},
		},
	}
}

// listWatchOnly is a ListerWatcher that declares it cannot do streaming lists, so that a reflector
// lists, then watches from the list's resourceVersion (what informers do against servers without
// streaming lists).
type listWatchOnly struct{ *cache.ListWatch }

func (listWatchOnly) IsWatchListSemanticsUnSupported() bool { return true }

// metadataEvent is one call of a metadata informer's handler.
type metadataEvent struct {
	kind, name, label string
	initial           bool
}

// TestMetadataInformer: client-go's metadata informer on Deployments (what garbage collectors and
// quota controllers run) fills itself with PartialObjectMetadata, follows adds, updates and
// deletes, and holds one watch: no relisting. Both ways a reflector fills itself: a streaming list
// (the factory's default in client-go v0.37, which ends at the server's initial-events-end BOOKMARK,
// a PartialObjectMetadata itself) and a list then a watch.
func TestMetadataInformer(t *testing.T) {
	for _, mode := range []string{"streaming list", "list then watch"} {
		t.Run(strings.ReplaceAll(mode, " ", "-"), func(t *testing.T) {
			ns := namespace(t)
			ctx := testContext(t)
			deployments := jsonClientset(t).AppsV1().Deployments(ns)
			try(deployments.Create(ctx, webDeployment("before", 1), metav1.CreateOptions{})).must(t)

			rec := &recorder{}
			cfg := config(t)
			cfg.Wrap(func(next http.RoundTripper) http.RoundTripper { rec.next = next; return rec })
			mc := try(metadata.NewForConfig(cfg)).must(t)
			var informer cache.SharedIndexInformer
			var lister cache.GenericNamespaceLister
			var listed atomic.Value // the list's resourceVersion, in the list-then-watch mode
			switch mode {
			case "streaming list":
				factory := metadatainformer.NewFilteredSharedInformerFactory(mc, 0, ns, nil)
				generic := factory.ForResource(deploymentsResource)
				informer, lister = generic.Informer(), generic.Lister().ByNamespace(ns)
			default:
				res := mc.Resource(deploymentsResource).Namespace(ns)
				lw := listWatchOnly{&cache.ListWatch{
					ListWithContextFunc: func(ctx context.Context, options metav1.ListOptions) (runtime.Object, error) {
						list, err := res.List(ctx, options)
						if err == nil {
							listed.Store(list.ResourceVersion)
						}
						return list, err
					},
					WatchFuncWithContext: func(ctx context.Context, options metav1.ListOptions) (watch.Interface, error) {
						return res.Watch(ctx, options)
					},
				}}
				informer = cache.NewSharedIndexInformer(lw, &metav1.PartialObjectMetadata{}, 0, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
				lister = cache.NewGenericLister(informer.GetIndexer(), deploymentsResource.GroupResource()).ByNamespace(ns)
			}
			calls := make(chan metadataEvent, 100)
			meta := func(obj any) *metav1.PartialObjectMetadata { return obj.(*metav1.PartialObjectMetadata) }
			_, err := informer.AddEventHandler(cache.ResourceEventHandlerDetailedFuncs{
				AddFunc: func(obj any, initial bool) {
					calls <- metadataEvent{kind: "add", name: meta(obj).Name, label: meta(obj).Labels["tier"], initial: initial}
				},
				UpdateFunc: func(_, obj any) {
					calls <- metadataEvent{kind: "update", name: meta(obj).Name, label: meta(obj).Labels["tier"]}
				},
				DeleteFunc: func(obj any) {
					if tomb, ok := obj.(cache.DeletedFinalStateUnknown); ok {
						calls <- metadataEvent{kind: "delete (final state unknown)", name: tomb.Key}
						return
					}
					calls <- metadataEvent{kind: "delete", name: meta(obj).Name, label: meta(obj).Labels["tier"]}
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			runCtx, stop := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() {
				informer.RunWithContext(runCtx)
				close(done)
			}()
			t.Cleanup(func() {
				stop()
				<-done
			})
			syncCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			if !cache.WaitForCacheSync(syncCtx.Done(), informer.HasSynced) {
				t.Fatal("the metadata informer did not sync")
			}
			expect := func(want metadataEvent) {
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
			expect(metadataEvent{kind: "add", name: "before", initial: true})
			obj, err := lister.Get("before")
			if err != nil {
				t.Fatalf("lister after sync: %v", err)
			}
			if m, ok := obj.(*metav1.PartialObjectMetadata); !ok || m.UID == "" || m.Labels["app"] != "before" {
				t.Fatalf("lister after sync holds %#v", obj)
			}

			try(deployments.Create(ctx, webDeployment("new", 2), metav1.CreateOptions{})).must(t)
			expect(metadataEvent{kind: "add", name: "new"})
			try(deployments.Patch(ctx, "new", types.MergePatchType, []byte(`{"metadata":{"labels":{"tier":"front"}}}`), metav1.PatchOptions{})).must(t)
			expect(metadataEvent{kind: "update", name: "new", label: "front"})
			if err := deployments.Delete(ctx, "before", background); err != nil {
				t.Fatal(err)
			}
			expect(metadataEvent{kind: "delete", name: "before"})
			if _, err := lister.Get("before"); !apierrors.IsNotFound(err) {
				t.Fatalf("lister after the delete: want NotFound, got %v", err)
			}
			select {
			case extra := <-calls:
				t.Fatalf("unexpected handler call %+v", extra)
			case <-time.After(300 * time.Millisecond):
			}

			// Every read asked for PartialObjectMetadata, and the informer read as little as its mode
			// needs: no relist, no second watch.
			rec.mu.Lock()
			defer rec.mu.Unlock()
			var reads []string
			for _, r := range rec.requests {
				if r.method != http.MethodGet {
					continue
				}
				if !strings.Contains(r.accept, "as=PartialObjectMetadata") || r.status != http.StatusOK {
					t.Errorf("a read of the informer: Accept %q, status %d", r.accept, r.status)
				}
				q := r.query
				switch {
				case r.watch && q.Get("sendInitialEvents") == "true" && q.Get("allowWatchBookmarks") == "true":
					reads = append(reads, "streaming list")
				case r.watch && q.Get("allowWatchBookmarks") == "true" && q.Get("resourceVersion") != "":
					reads = append(reads, "watch from "+q.Get("resourceVersion"))
				case !r.watch:
					reads = append(reads, "list")
				default:
					reads = append(reads, "other: "+q.Encode())
				}
			}
			want := []string{"streaming list"}
			if mode != "streaming list" {
				rv, _ := listed.Load().(string)
				want = []string{"list", "watch from " + rv}
			}
			if strings.Join(reads, "; ") != strings.Join(want, "; ") {
				t.Errorf("the informer's reads: %q, want %q", reads, want)
			}
			if informer.LastSyncResourceVersion() == "" {
				t.Error("the informer has no resourceVersion")
			}
		})
	}
}
