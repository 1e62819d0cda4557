package goclient

import (
	"context"
	"sync"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
)

func labelsEverything() labels.Selector { return labels.Everything() }

// candidate runs one leader elector and reports what it is told.
type candidate struct {
	id      string
	started chan struct{}
	stopped chan struct{}
	done    chan struct{}
	cancel  context.CancelFunc
}

func runCandidate(t *testing.T, cs kubernetes.Interface, ns, id string) *candidate {
	t.Helper()
	c := &candidate{id: id, started: make(chan struct{}), stopped: make(chan struct{}), done: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	var once sync.Once
	elector, err := leaderelection.NewLeaderElector(leaderelection.LeaderElectionConfig{
		Lock: &resourcelock.LeaseLock{
			LeaseMeta:  metav1.ObjectMeta{Namespace: ns, Name: "controller"},
			Client:     cs.CoordinationV1(),
			LockConfig: resourcelock.ResourceLockConfig{Identity: id},
		},
		LeaseDuration:   15 * time.Second,
		RenewDeadline:   10 * time.Second,
		RetryPeriod:     250 * time.Millisecond,
		ReleaseOnCancel: true,
		Name:            "kcache-go-suite",
		Callbacks: leaderelection.LeaderCallbacks{
			OnStartedLeading: func(context.Context) { close(c.started) },
			OnStoppedLeading: func() { once.Do(func() { close(c.stopped) }) },
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(c.done)
		elector.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-c.done
	})
	return c
}

func waitClosed(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not happen within 30s", what)
	}
}

func TestLeaderElectionWithLeaseLock(t *testing.T) {
	ns := namespace(t)
	ctx := testContext(t)
	cs := clientset(t)
	leases := cs.CoordinationV1().Leases(ns)

	a := runCandidate(t, cs, ns, "candidate-a")
	waitClosed(t, a.started, "a leading")
	lease := try(leases.Get(ctx, "controller", metav1.GetOptions{})).must(t)
	if lease.Spec.HolderIdentity == nil || *lease.Spec.HolderIdentity != "candidate-a" || *lease.Spec.LeaseDurationSeconds != 15 {
		t.Fatalf("lease after a acquired it: %+v", lease.Spec)
	}
	if lease.Spec.LeaseTransitions == nil || *lease.Spec.LeaseTransitions != 0 {
		t.Fatalf("a new lease has leaseTransitions %v, want 0", lease.Spec.LeaseTransitions)
	}
	acquired := lease.Spec.AcquireTime.Time

	b := runCandidate(t, cs, ns, "candidate-b")
	// a renews (renewTime moves on, at the API's microsecond precision); b stays a follower.
	firstRenew := lease.Spec.RenewTime.Time
	eventually(t, 20*time.Second, "a renewing its lease", func(ctx context.Context) (bool, error) {
		l, err := leases.Get(ctx, "controller", metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		return *l.Spec.HolderIdentity == "candidate-a" && l.Spec.RenewTime.After(firstRenew), nil
	})
	select {
	case <-b.started:
		t.Fatal("b leads while a holds the lease")
	default:
	}

	// Cancelling a releases the lease at once, and b takes over well before it would have expired.
	released := time.Now()
	a.cancel()
	waitClosed(t, a.stopped, "a stopping")
	waitClosed(t, a.done, "a's elector returning")
	waitClosed(t, b.started, "b leading")
	if took := time.Since(released); took > 10*time.Second {
		t.Fatalf("b took over %s after a released the lease; a release should not wait for the lease to expire", took)
	}
	lease = try(leases.Get(ctx, "controller", metav1.GetOptions{})).must(t)
	if *lease.Spec.HolderIdentity != "candidate-b" || *lease.Spec.LeaseTransitions != 1 || !lease.Spec.AcquireTime.After(acquired) {
		t.Fatalf("lease after b took over: holder %v transitions %v acquired %v (a acquired %v)", *lease.Spec.HolderIdentity, *lease.Spec.LeaseTransitions, lease.Spec.AcquireTime, acquired)
	}
	b.cancel()
	waitClosed(t, b.stopped, "b stopping")
	waitClosed(t, b.done, "b's elector returning")
	lease = try(leases.Get(ctx, "controller", metav1.GetOptions{})).must(t)
	if lease.Spec.HolderIdentity != nil && *lease.Spec.HolderIdentity != "" {
		t.Fatalf("b did not release the lease on cancel: holder %q", *lease.Spec.HolderIdentity)
	}
}
