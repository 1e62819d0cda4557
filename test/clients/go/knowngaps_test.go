package goclient

import "testing"

// knownGaps are behaviours of kube-apiserver the kcache fake does not have yet. A check tied to
// one of them is an ordinary failure against a real server; against the fake it is reported in
// the test log instead, and a gap that starts passing says so, so that it is taken off this list.
var knownGaps = map[string]string{
	// none at the moment; for instance:
	// "defaulting": "the fake fills in no defaults of workloads yet (Deployment strategy)",
}

// checkGap records the outcome of a check that depends on the known gap named: an error on a
// real server (or for a gap not listed), a log line on the fake. It returns ok.
func checkGap(t *testing.T, gap string, ok bool, format string, args ...any) bool {
	t.Helper()
	why, listed := knownGaps[gap]
	if !listed {
		t.Fatalf("checkGap: %q is not a known gap", gap)
	}
	switch {
	case ok && target == "fake":
		t.Logf("known gap %q passes on the fake now: take it off knownGaps", gap)
	case !ok && target == "fake":
		t.Logf("known gap of the fake (%s): "+format, append([]any{why}, args...)...)
	case !ok:
		t.Errorf(format, args...)
	}
	return ok
}
