package goclient

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/events"
	"k8s.io/client-go/tools/record"
)

// eventSubject creates the ConfigMap the events of a test are about.
func eventSubject(t *testing.T, ns string) *corev1.ConfigMap {
	t.Helper()
	return try(clientset(t).CoreV1().ConfigMaps(ns).Create(testContext(t), &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "subject"}}, metav1.CreateOptions{})).must(t)
}

// onlyEvent waits until the namespace holds exactly one events.k8s.io/v1 Event and cond holds for it.
func onlyEvent(t *testing.T, ns, what string, cond func(*eventsv1.Event) bool) *eventsv1.Event {
	t.Helper()
	var last *eventsv1.Event
	eventually(t, 20*time.Second, what, func(ctx context.Context) (bool, error) {
		list, err := clientset(t).EventsV1().Events(ns).List(ctx, metav1.ListOptions{})
		if err != nil || len(list.Items) != 1 {
			return false, err
		}
		last = &list.Items[0]
		return cond(last), nil
	})
	return last
}

// TestEventsRecorder: the events.k8s.io/v1 recorder of k8s.io/client-go/tools/events (what
// kube-scheduler and newer controllers use) writes an Event about an object, and turns the same
// event recorded again into a series: a strategic merge patch of the Event setting series.count 2.
func TestEventsRecorder(t *testing.T) {
	ns := namespace(t)
	cs := clientset(t)
	if _, err := cs.Discovery().ServerResourcesForGroupVersion("events.k8s.io/v1"); err != nil {
		t.Fatalf("events.k8s.io/v1 is not served: %v", err)
	}
	subject := eventSubject(t, ns)
	broadcaster := events.NewBroadcaster(&events.EventSinkImpl{Interface: cs.EventsV1()})
	if err := broadcaster.StartRecordingToSinkWithContext(testContext(t)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(broadcaster.Shutdown)
	recorder := broadcaster.NewRecorder(scheme.Scheme, "kcache-suite")

	recorder.Eventf(subject, nil, corev1.EventTypeNormal, "Tested", "Testing", "note %d", 1)
	first := onlyEvent(t, ns, "the event", func(*eventsv1.Event) bool { return true })
	hostname, _ := os.Hostname()
	got := fmt.Sprintf("%s %s/%s/%s %s %s %q %s %s", first.Type, first.Regarding.Kind, first.Regarding.Name, first.Regarding.UID,
		first.Reason, first.Action, first.Note, first.ReportingController, first.ReportingInstance)
	want := fmt.Sprintf("Normal ConfigMap/subject/%s Tested Testing %q kcache-suite kcache-suite-%s", subject.UID, "note 1", hostname)
	if got != want {
		t.Fatalf("the event: %s\nwant             %s", got, want)
	}
	if first.Series != nil || first.EventTime.IsZero() || !strings.HasPrefix(first.Name, "subject.") {
		t.Fatalf("the event: name %q series %v eventTime %v", first.Name, first.Series, first.EventTime)
	}

	// The same event again: the recorder patches the first into a series.
	recorder.Eventf(subject, nil, corev1.EventTypeNormal, "Tested", "Testing", "note %d", 1)
	second := onlyEvent(t, ns, "a series of two", func(e *eventsv1.Event) bool { return e.Series != nil })
	if second.Name != first.Name || second.UID != first.UID || second.Series.Count != 2 || second.Series.LastObservedTime.IsZero() {
		t.Fatalf("after the same event again: name %q uid %s series %+v, want %q %s with count 2", second.Name, second.UID, second.Series, first.Name, first.UID)
	}
	// The same Event through core/v1 (one resource, two versions of it), where the series keeps its count.
	core := try(cs.CoreV1().Events(ns).Get(testContext(t), first.Name, metav1.GetOptions{})).must(t)
	if core.Reason != "Tested" || core.Series == nil || core.Series.Count != 2 || core.ReportingController != "kcache-suite" || core.InvolvedObject.UID != subject.UID {
		t.Fatalf("the event through core/v1: reason %q series %+v reportingComponent %q involvedObject %+v", core.Reason, core.Series, core.ReportingController, core.InvolvedObject)
	}
}

// TestRecordEventRecorder: the older core/v1 recorder of k8s.io/client-go/tools/record (most
// controllers) writes an Event, and counts the same event recorded again on that Event
// (count 2, a later or equal lastTimestamp) instead of writing a second one.
func TestRecordEventRecorder(t *testing.T) {
	ns := namespace(t)
	cs := clientset(t)
	subject := eventSubject(t, ns)
	broadcaster := record.NewBroadcaster()
	broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: cs.CoreV1().Events("")})
	t.Cleanup(broadcaster.Shutdown)
	recorder := broadcaster.NewRecorder(scheme.Scheme, corev1.EventSource{Component: "kcache-suite"})

	only := func(what string, cond func(*corev1.Event) bool) *corev1.Event {
		t.Helper()
		var last *corev1.Event
		eventually(t, 20*time.Second, what, func(ctx context.Context) (bool, error) {
			list, err := cs.CoreV1().Events(ns).List(ctx, metav1.ListOptions{})
			if err != nil || len(list.Items) != 1 {
				return false, err
			}
			last = &list.Items[0]
			return cond(last), nil
		})
		return last
	}
	recorder.Eventf(subject, corev1.EventTypeWarning, "Failed", "it failed: %s", "disk full")
	first := only("the event", func(*corev1.Event) bool { return true })
	got := fmt.Sprintf("%s %s/%s/%s %s %q %s count=%d", first.Type, first.InvolvedObject.Kind, first.InvolvedObject.Name, first.InvolvedObject.UID,
		first.Reason, first.Message, first.Source.Component, first.Count)
	want := fmt.Sprintf("Warning ConfigMap/subject/%s Failed %q kcache-suite count=1", subject.UID, "it failed: disk full")
	if got != want {
		t.Fatalf("the event: %s\nwant             %s", got, want)
	}
	if !strings.HasPrefix(first.Name, "subject.") || first.FirstTimestamp.IsZero() || !first.FirstTimestamp.Equal(&first.LastTimestamp) {
		t.Fatalf("the event: name %q firstTimestamp %v lastTimestamp %v", first.Name, first.FirstTimestamp, first.LastTimestamp)
	}

	recorder.Eventf(subject, corev1.EventTypeWarning, "Failed", "it failed: %s", "disk full")
	second := only("a count of two", func(e *corev1.Event) bool { return e.Count == 2 })
	if second.Name != first.Name || second.UID != first.UID || !second.FirstTimestamp.Equal(&first.FirstTimestamp) || second.LastTimestamp.Before(&first.LastTimestamp) {
		t.Fatalf("after the same event again: name %q uid %s first %v last %v, want %q %s first %v", second.Name, second.UID,
			second.FirstTimestamp, second.LastTimestamp, first.Name, first.UID, first.FirstTimestamp)
	}
	// A different message is another event.
	recorder.Eventf(subject, corev1.EventTypeNormal, "Recovered", "space freed")
	eventually(t, 20*time.Second, "a second event", func(ctx context.Context) (bool, error) {
		list, err := cs.CoreV1().Events(ns).List(ctx, metav1.ListOptions{FieldSelector: "reason=Recovered,involvedObject.name=subject"})
		if apierrors.IsBadRequest(err) {
			return false, err
		}
		return err == nil && len(list.Items) == 1 && list.Items[0].Count == 1, nil
	})
}
