package goclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
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
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
)

// controlFake sends a request to the fake's control API (/_kcache/v1/<path>) and decodes its
// JSON answer; the test is skipped on a real server.
func controlFake(t *testing.T, method, path string, body any) map[string]any {
	t.Helper()
	if target != "fake" {
		t.Skip("needs the kcache fake's control API")
	}
	var payload io.Reader
	if body != nil {
		payload = bytes.NewReader(try(json.Marshal(body)).must(t))
	}
	client := try(rest.HTTPClientFor(baseConfig)).must(t)
	// Not the test's context: cleanups run after it has ended.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req := try(http.NewRequestWithContext(ctx, method, strings.TrimSuffix(baseConfig.Host, "/")+"/_kcache/v1/"+path, payload)).must(t)
	req.Header.Set("Content-Type", "application/json")
	res := try(client.Do(req)).must(t)
	defer func() { _ = res.Body.Close() }()
	raw := try(io.ReadAll(res.Body)).must(t)
	if res.StatusCode/100 != 2 {
		t.Fatalf("control %s %s: %d %s", method, path, res.StatusCode, raw)
	}
	var answer map[string]any
	if err := json.Unmarshal(raw, &answer); err != nil {
		t.Fatalf("control %s %s: %v in %s", method, path, err, raw)
	}
	return answer
}

// recordingClientset is a default clientset whose requests are recorded.
func recordingClientset(t *testing.T) (*kubernetes.Clientset, *recorder) {
	t.Helper()
	rec := &recorder{}
	cfg := config(t)
	cfg.Wrap(func(next http.RoundTripper) http.RoundTripper { rec.next = next; return rec })
	return try(kubernetes.NewForConfig(cfg)).must(t), rec
}

func (r *recorder) statuses(method string) []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	var codes []int
	for _, req := range r.requests {
		if req.method == method {
			codes = append(codes, req.status)
		}
	}
	return codes
}

// TestFaults: faults injected through the fake's control API, as client-go sees them. client-go
// waits out a Retry-After on a 429 or a 5xx and sends the request again (up to 10 times); without
// one the error is the caller's.
func TestFaults(t *testing.T) {
	controlFake(t, http.MethodDelete, "faults", nil)
	t.Cleanup(func() { controlFake(t, http.MethodDelete, "faults", nil) })

	t.Run("429-with-retry-after", func(t *testing.T) {
		ns := namespace(t)
		cs, rec := recordingClientset(t)
		controlFake(t, http.MethodPost, "faults/fail", map[string]any{"code": 429, "verb": "list", "resource": "configmaps", "namespace": ns, "retryAfterSeconds": 1, "times": 1})
		started := time.Now()
		list := try(cs.CoreV1().ConfigMaps(ns).List(testContext(t), metav1.ListOptions{})).must(t)
		if len(list.Items) != 0 || time.Since(started) < 900*time.Millisecond {
			t.Fatalf("list: %d items after %v", len(list.Items), time.Since(started))
		}
		if got := rec.statuses(http.MethodGet); len(got) != 2 || got[0] != 429 || got[1] != 200 {
			t.Fatalf("the list's requests answered %v, want [429 200]", got)
		}
	})

	t.Run("429-without-retry-after", func(t *testing.T) {
		ns := namespace(t)
		cs := clientset(t)
		controlFake(t, http.MethodPost, "faults/fail", map[string]any{"code": 429, "verb": "get", "resource": "configmaps", "namespace": ns, "times": 1})
		_, err := cs.CoreV1().ConfigMaps(ns).Get(testContext(t), "any", metav1.GetOptions{})
		if !apierrors.IsTooManyRequests(err) {
			t.Fatalf("get: want TooManyRequests, got %v", err)
		}
		if _, err := cs.CoreV1().ConfigMaps(ns).Get(testContext(t), "any", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			t.Fatalf("get once the fault is used up: want NotFound, got %v", err)
		}
	})

	t.Run("503-with-retry-after", func(t *testing.T) {
		ns := namespace(t)
		cs, rec := recordingClientset(t)
		controlFake(t, http.MethodPost, "faults/fail", map[string]any{"code": 503, "verb": "create", "resource": "configmaps", "namespace": ns, "retryAfterSeconds": 1, "times": 1})
		try(cs.CoreV1().ConfigMaps(ns).Create(testContext(t), &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "c"}}, metav1.CreateOptions{})).must(t)
		if got := rec.statuses(http.MethodPost); len(got) != 2 || got[0] != 503 || got[1] != 201 {
			t.Fatalf("the create's requests answered %v, want [503 201]", got)
		}
	})

	t.Run("500-changes-nothing", func(t *testing.T) {
		ns := namespace(t)
		cs := clientset(t)
		controlFake(t, http.MethodPost, "faults/fail", map[string]any{"code": 500, "verb": "create", "resource": "configmaps", "namespace": ns, "times": 1})
		_, err := cs.CoreV1().ConfigMaps(ns).Create(testContext(t), &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "c"}}, metav1.CreateOptions{})
		if !apierrors.IsInternalError(err) {
			t.Fatalf("create: want InternalError, got %v", err)
		}
		if _, err := cs.CoreV1().ConfigMaps(ns).Get(testContext(t), "c", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			t.Fatalf("after the failed create: want NotFound, got %v", err)
		}
	})

	t.Run("delay-past-the-deadline", func(t *testing.T) {
		ns := namespace(t)
		cs := clientset(t)
		controlFake(t, http.MethodPost, "faults/delay", map[string]any{"delayMs": 3000, "verb": "list", "resource": "configmaps", "namespace": ns, "times": 1})
		ctx, cancel := context.WithTimeout(testContext(t), 200*time.Millisecond)
		defer cancel()
		if _, err := cs.CoreV1().ConfigMaps(ns).List(ctx, metav1.ListOptions{}); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("list with a 200 ms deadline: want context.DeadlineExceeded, got %v", err)
		}
		try(cs.CoreV1().ConfigMaps(ns).List(testContext(t), metav1.ListOptions{})).must(t)
	})
}

// TestInformerAfterCutWatches: a shared informer whose watch the server ends (close-watches) or
// whose connections it resets (destroy-connections) watches again from the last resourceVersion
// it saw: no relist, no event twice, and the changes made meanwhile arrive.
func TestInformerAfterCutWatches(t *testing.T) {
	controlFake(t, http.MethodGet, "requests?since=0", nil) // skips on a real server
	ns := namespace(t)
	ctx := testContext(t)
	cs, rec := recordingClientset(t)
	cms := cs.CoreV1().ConfigMaps(ns)
	factory := informers.NewSharedInformerFactoryWithOptions(cs, 0, informers.WithNamespace(ns))
	informer := factory.Core().V1().ConfigMaps().Informer()
	seen := make(chan string, 100)
	_, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) { seen <- "add " + obj.(*corev1.ConfigMap).Name },
		UpdateFunc: func(_, obj any) {
			seen <- "update " + obj.(*corev1.ConfigMap).Name + " " + obj.(*corev1.ConfigMap).Data["v"]
		},
		DeleteFunc: func(obj any) {
			if cm, ok := obj.(*corev1.ConfigMap); ok {
				seen <- "delete " + cm.Name
			} else {
				seen <- "delete (final state unknown)"
			}
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
	if !cache.WaitForCacheSync(syncCtx.Done(), informer.HasSynced) {
		t.Fatal("the informer did not sync")
	}
	expect := func(want string) {
		t.Helper()
		select {
		case got := <-seen:
			if got != want {
				t.Fatalf("handler call %q, want %q", got, want)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("no handler call within 20s, want %q", want)
		}
	}
	try(cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "a"}, Data: map[string]string{"v": "1"}}, metav1.CreateOptions{})).must(t)
	expect("add a")
	watches := func() int {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		n := 0
		for _, r := range rec.requests {
			if r.method == http.MethodGet && r.watch && r.status == http.StatusOK {
				n++
			}
		}
		return n
	}
	writer := jsonClientset(t).CoreV1().ConfigMaps(ns)
	for i, cut := range []string{"close-watches", "destroy-connections"} {
		before := watches()
		controlFake(t, http.MethodPost, cut, nil)
		// A change made while the informer may be between watches: it comes with the next one. The
		// writer's own kept-alive connection may be among those reset: a write that never reached
		// the server (no Status came back) is sent again.
		eventually(t, 20*time.Second, "a patch after "+cut, func(ctx context.Context) (bool, error) {
			_, err := writer.Patch(ctx, "a", types.MergePatchType, []byte(`{"data":{"v":"`+cut+`"}}`), metav1.PatchOptions{})
			var status apierrors.APIStatus
			if errors.As(err, &status) {
				return false, err
			}
			return err == nil, nil
		})
		expect("update a " + cut)
		eventually(t, 20*time.Second, "a new watch after "+cut, func(context.Context) (bool, error) { return watches() > before, nil })
		rec.mu.Lock()
		var last recordedRequest
		for _, r := range rec.requests {
			if r.method == http.MethodGet && r.watch {
				last = r
			}
		}
		rec.mu.Unlock()
		if last.query.Get("sendInitialEvents") == "true" || last.query.Get("resourceVersion") == "" {
			t.Fatalf("after %s (%d): the informer watched with %s, want a watch from its last resourceVersion", cut, i, last.query.Encode())
		}
	}
	if err := cms.Delete(ctx, "a", background); err != nil {
		t.Fatal(err)
	}
	expect("delete a")
	select {
	case extra := <-seen:
		t.Fatalf("unexpected handler call %q", extra)
	case <-time.After(300 * time.Millisecond):
	}
	// Filled once: one streaming list, and no list.
	rec.mu.Lock()
	defer rec.mu.Unlock()
	streaming, lists := 0, 0
	for _, r := range rec.requests {
		switch {
		case r.method != http.MethodGet:
		case r.watch && r.query.Get("sendInitialEvents") == "true":
			streaming++
		case !r.watch:
			lists++
		}
	}
	if streaming != 1 || lists != 0 {
		t.Fatalf("the informer filled itself %d times by a streaming list and %d by a list, want once and none", streaming, lists)
	}
}
