package goclient

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/rest"
)

// seen is one watch event, reduced to what the tests compare.
type seen struct {
	typ  watch.EventType
	name string
	data string
	rv   string
}

func (s seen) String() string { return fmt.Sprintf("%s %s %s @%s", s.typ, s.name, s.data, s.rv) }

// next reads one event, failing the test on a timeout, a closed stream or an ERROR event.
func next(t *testing.T, w watch.Interface, timeout time.Duration) seen {
	t.Helper()
	select {
	case ev, ok := <-w.ResultChan():
		if !ok {
			t.Fatal("the watch ended early")
		}
		if ev.Type == watch.Error {
			t.Fatalf("ERROR event: %v", apierrors.FromObject(ev.Object))
		}
		cm, ok := ev.Object.(*corev1.ConfigMap)
		if !ok {
			t.Fatalf("%s event carries a %T", ev.Type, ev.Object)
		}
		return seen{typ: ev.Type, name: cm.Name, data: cm.Data["v"], rv: cm.ResourceVersion}
	case <-time.After(timeout):
		t.Fatalf("no event within %s", timeout)
	}
	panic("unreachable")
}

func expectEvents(t *testing.T, w watch.Interface, want ...seen) []seen {
	t.Helper()
	var got []seen
	for i, wanted := range want {
		ev := next(t, w, 20*time.Second)
		got = append(got, ev)
		if ev.typ != wanted.typ || ev.name != wanted.name || ev.data != wanted.data {
			t.Fatalf("event %d: got %v, want %s %s %s (so far %v)", i, ev, wanted.typ, wanted.name, wanted.data, got)
		}
		if wanted.rv != "" && ev.rv != wanted.rv {
			t.Fatalf("event %d: resourceVersion %s, want %s", i, ev.rv, wanted.rv)
		}
	}
	return got
}

func rvNumber(t *testing.T, rv string) uint64 {
	t.Helper()
	n, err := strconv.ParseUint(rv, 10, 64)
	if err != nil {
		t.Fatalf("resourceVersion %q: %v", rv, err)
	}
	return n
}

func TestWatchEventsInOrder(t *testing.T) {
	ns := namespace(t)
	ctx := testContext(t)
	cms := clientset(t).CoreV1().ConfigMaps(ns)
	list := try(cms.List(ctx, metav1.ListOptions{})).must(t)
	w := try(cms.Watch(ctx, metav1.ListOptions{ResourceVersion: list.ResourceVersion})).must(t)
	defer w.Stop()

	a := try(cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "a"}, Data: map[string]string{"v": "1"}}, metav1.CreateOptions{})).must(t)
	b := try(cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "b"}, Data: map[string]string{"v": "1"}}, metav1.CreateOptions{})).must(t)
	a.Data["v"] = "2"
	a = try(cms.Update(ctx, a, metav1.UpdateOptions{})).must(t)
	b = try(cms.Patch(ctx, "b", types.MergePatchType, []byte(`{"data":{"v":"2"}}`), metav1.PatchOptions{})).must(t)
	if err := cms.Delete(ctx, "a", background); err != nil {
		t.Fatal(err)
	}
	got := expectEvents(t, w,
		seen{typ: watch.Added, name: "a", data: "1"},
		seen{typ: watch.Added, name: "b", data: "1"},
		seen{typ: watch.Modified, name: "a", data: "2", rv: a.ResourceVersion},
		seen{typ: watch.Modified, name: "b", data: "2", rv: b.ResourceVersion},
		seen{typ: watch.Deleted, name: "a", data: "2"},
	)
	for i := 1; i < len(got); i++ {
		if rvNumber(t, got[i].rv) <= rvNumber(t, got[i-1].rv) {
			t.Fatalf("resourceVersions do not increase: %v", got)
		}
	}
}

// TestWatchBookmarks: kube-apiserver sends a BOOKMARK shortly (2 s) before a watch's timeout, at
// the latest resourceVersion it has, so that the client resumes from there.
func TestWatchBookmarks(t *testing.T) {
	ns := namespace(t)
	ctx := testContext(t)
	cms := clientset(t).CoreV1().ConfigMaps(ns)
	list := try(cms.List(ctx, metav1.ListOptions{})).must(t)
	w := try(cms.Watch(ctx, metav1.ListOptions{ResourceVersion: list.ResourceVersion, AllowWatchBookmarks: true, TimeoutSeconds: ptr(int64(3))})).must(t)
	defer w.Stop()
	created := try(cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "x"}, Data: map[string]string{"v": "1"}}, metav1.CreateOptions{})).must(t)
	expectEvents(t, w, seen{typ: watch.Added, name: "x", data: "1", rv: created.ResourceVersion})

	// Then BOOKMARKs (one, or a few when the server's timer fires twice) until the watch ends at its timeout.
	bookmarks := 0
	for {
		select {
		case ev, ok := <-w.ResultChan():
			if !ok {
				if bookmarks == 0 {
					t.Fatal("the watch timed out without a BOOKMARK")
				}
				return
			}
			if ev.Type != watch.Bookmark {
				t.Fatalf("unexpected %s event: %v", ev.Type, ev.Object)
			}
			bookmarks++
			bookmark := ev.Object.(*corev1.ConfigMap)
			if bookmark.Name != "" || bookmark.Namespace != "" || len(bookmark.Data) != 0 {
				t.Fatalf("a BOOKMARK carries only a resourceVersion, got %+v", bookmark)
			}
			if rvNumber(t, bookmark.ResourceVersion) < rvNumber(t, created.ResourceVersion) {
				t.Fatalf("BOOKMARK at %s, before the last event (%s)", bookmark.ResourceVersion, created.ResourceVersion)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("the watch did not end at its timeout")
		}
	}
}

func TestWatchResume(t *testing.T) {
	ns := namespace(t)
	ctx := testContext(t)
	cms := clientset(t).CoreV1().ConfigMaps(ns)
	try(cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "old"}, Data: map[string]string{"v": "0"}}, metav1.CreateOptions{})).must(t)

	// Without a resourceVersion a watch starts with the current objects as ADDED.
	first := try(cms.Watch(ctx, metav1.ListOptions{})).must(t)
	expectEvents(t, first, seen{typ: watch.Added, name: "old", data: "0"})
	try(cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "x"}, Data: map[string]string{"v": "1"}}, metav1.CreateOptions{})).must(t)
	try(cms.Patch(ctx, "x", types.MergePatchType, []byte(`{"data":{"v":"2"}}`), metav1.PatchOptions{})).must(t)
	got := expectEvents(t, first,
		seen{typ: watch.Added, name: "x", data: "1"},
		seen{typ: watch.Modified, name: "x", data: "2"},
	)
	first.Stop()

	// Changes while no one watches are delivered to a watch resumed from the last resourceVersion seen.
	try(cms.Patch(ctx, "x", types.MergePatchType, []byte(`{"data":{"v":"3"}}`), metav1.PatchOptions{})).must(t)
	try(cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "y"}, Data: map[string]string{"v": "1"}}, metav1.CreateOptions{})).must(t)
	if err := cms.Delete(ctx, "old", background); err != nil {
		t.Fatal(err)
	}
	resumed := try(cms.Watch(ctx, metav1.ListOptions{ResourceVersion: got[1].rv})).must(t)
	defer resumed.Stop()
	expectEvents(t, resumed,
		seen{typ: watch.Modified, name: "x", data: "3"},
		seen{typ: watch.Added, name: "y", data: "1"},
		seen{typ: watch.Deleted, name: "old", data: "0"},
	)
	select {
	case ev := <-resumed.ResultChan():
		t.Fatalf("unexpected event after the resumed changes: %s %v", ev.Type, ev.Object)
	case <-time.After(300 * time.Millisecond):
	}
}

// TestWatchExpired: a watch from a compacted resourceVersion gets one ERROR event with a 410 Expired
// Status, then ends; the client relists and watches from the list's resourceVersion.
// Events (core/v1) have no watch cache on kube-apiserver, so resourceVersion 1 is answered from
// etcd, which has compacted it once the server has run for one compaction interval. The fake is
// compacted through its control API first.
func TestWatchExpired(t *testing.T) {
	ns := namespace(t)
	if target == "fake" {
		// After the namespace's creation, so that resourceVersion 1 is older than the compaction.
		compactFake(t)
	}
	ctx := testContext(t)
	events := clientset(t).CoreV1().Events(ns)
	w := try(events.Watch(ctx, metav1.ListOptions{ResourceVersion: "1"})).must(t)
	defer w.Stop()
	select {
	case ev, ok := <-w.ResultChan():
		if !ok {
			t.Fatal("the watch ended without an event")
		}
		if ev.Type != watch.Error {
			t.Fatalf("want an ERROR event, got %s %v", ev.Type, ev.Object)
		}
		err := apierrors.FromObject(ev.Object)
		if !apierrors.IsResourceExpired(err) {
			t.Fatalf("want 410 Expired, got %v", err)
		}
		if status, ok := err.(apierrors.APIStatus); !ok || status.Status().Code != 410 {
			t.Fatalf("want code 410, got %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no event within 20s")
	}
	if _, ok := <-w.ResultChan(); ok {
		t.Fatal("the watch went on after the ERROR event")
	}

	// Recovery: list, then watch from the list's resourceVersion.
	list := try(events.List(ctx, metav1.ListOptions{})).must(t)
	again := try(events.Watch(ctx, metav1.ListOptions{ResourceVersion: list.ResourceVersion})).must(t)
	defer again.Stop()
	try(events.Create(ctx, &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{Name: "e1"},
		InvolvedObject: corev1.ObjectReference{Kind: "ConfigMap", Namespace: ns, Name: "x"},
		Reason:         "Tested", Message: "hello", Type: corev1.EventTypeNormal,
	}, metav1.CreateOptions{})).must(t)
	select {
	case ev := <-again.ResultChan():
		e, ok := ev.Object.(*corev1.Event)
		if ev.Type != watch.Added || !ok || e.Name != "e1" {
			t.Fatalf("after relisting: got %s %v", ev.Type, ev.Object)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no event after relisting")
	}
}

// compactFake asks the fake, through its control API, to forget its history up to now.
func compactFake(t *testing.T) {
	t.Helper()
	client := try(rest.HTTPClientFor(baseConfig)).must(t)
	req := try(http.NewRequestWithContext(testContext(t), http.MethodPost, strings.TrimSuffix(baseConfig.Host, "/")+"/_kcache/v1/compact", nil)).must(t)
	res := try(client.Do(req)).must(t)
	body, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("compacting the fake: %d %s", res.StatusCode, body)
	}
}
