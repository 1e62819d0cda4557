package goclient

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// The server every test talks to, chosen once by TestMain.
var (
	// target is "fake" (the kcache fake API server, started here) or "real" (a kubeconfig's server).
	target string
	// baseConfig is the connection only: no content type, so clients keep their defaults.
	baseConfig *rest.Config
	// runID makes this run's namespaces and CRD group its own on a shared server.
	runID string
	// namespaces counts the namespaces made, so that repeated runs (-count) get new ones.
	namespaceCount atomic.Int64
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	runID = newRunID()
	target = os.Getenv("KCACHE_GO_TARGET")
	if target == "" {
		target = "fake"
		if os.Getenv("KUBECONFIG") != "" {
			target = "real"
		}
	}
	var stop func()
	var err error
	switch target {
	case "fake":
		baseConfig, stop, err = startFake()
	case "real":
		baseConfig, err = clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
			clientcmd.NewDefaultClientConfigLoadingRules(), &clientcmd.ConfigOverrides{}).ClientConfig()
	default:
		err = fmt.Errorf("KCACHE_GO_TARGET must be fake or real, got %q", target)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "client-go suite: %v\n", err)
		return 1
	}
	if stop != nil {
		defer stop()
	}
	// client-go's default limit (5 requests/s) would make the suite wait on itself; the content
	// types stay the clients' defaults.
	baseConfig.QPS = 100
	baseConfig.Burst = 200
	version := "unknown version"
	if dc, err := kubernetes.NewForConfig(baseConfig); err == nil {
		if v, err := dc.Discovery().ServerVersion(); err == nil {
			version = v.GitVersion
		}
	}
	fmt.Printf("client-go suite: target %s at %s (%s), run %s\n", target, baseConfig.Host, version, runID)
	return m.Run()
}

func newRunID() string {
	b := make([]byte, 3)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// repoRoot is the kcache checkout this module sits in (test/clients/go).
func repoRoot() (string, error) {
	if root := os.Getenv("KCACHE_REPO_ROOT"); root != "" {
		return root, nil
	}
	return filepath.Abs(filepath.Join("..", "..", ".."))
}

// startFake runs the fake API server's command line (https, a bearer token) and loads the
// kubeconfig it writes.
func startFake() (*rest.Config, func(), error) {
	root, err := repoRoot()
	if err != nil {
		return nil, nil, err
	}
	bin := filepath.Join(root, "packages", "fake-apiserver", "dist", "bin.js")
	if _, err := os.Stat(bin); err != nil {
		return nil, nil, fmt.Errorf("%s is missing: build the fake first (pnpm --filter @kcache/fake-apiserver build; run.sh does it)", bin)
	}
	dir, err := os.MkdirTemp("", "kcache-go-suite-")
	if err != nil {
		return nil, nil, err
	}
	kubeconfig := filepath.Join(dir, "kubeconfig")
	token := "go-suite-" + runID
	cmd := exec.Command("node", bin, "--port", "0", "--tls", "--token", token, "--kubeconfig", kubeconfig)
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = childProcAttr()
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("starting the fake: %w", err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		_ = os.RemoveAll(dir)
	}
	// The command prints its URL, then the kubeconfig's path once the file is written.
	ready := make(chan error, 1)
	go func() {
		lines := bufio.NewScanner(out)
		signalled := false
		for lines.Scan() {
			if !signalled && strings.HasPrefix(lines.Text(), "kubeconfig: ") {
				ready <- nil
				signalled = true
			}
		}
		if !signalled {
			ready <- errors.New("the fake exited before it was ready")
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case err = <-ready:
	case <-time.After(60 * time.Second):
		err = errors.New("the fake did not start within 60s")
	}
	if err != nil {
		stop()
		return nil, nil, err
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		stop()
		return nil, nil, err
	}
	return cfg, stop, nil
}

// config is a copy of the connection settings, with client-go's default content types.
func config(t *testing.T) *rest.Config {
	t.Helper()
	return rest.CopyConfig(baseConfig)
}

// clientset is kubernetes.NewForConfig with nothing changed: protobuf for built-in kinds.
func clientset(t *testing.T) *kubernetes.Clientset {
	t.Helper()
	cs, err := kubernetes.NewForConfig(config(t))
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// jsonClientset speaks JSON; only for fixtures that are not the subject of a test.
func jsonClientset(t *testing.T) *kubernetes.Clientset {
	t.Helper()
	cfg := config(t)
	cfg.ContentType = "application/json"
	cfg.AcceptContentTypes = "application/json"
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func dynamicClient(t *testing.T) *dynamic.DynamicClient {
	t.Helper()
	dc, err := dynamic.NewForConfig(config(t))
	if err != nil {
		t.Fatal(err)
	}
	return dc
}

// testContext ends with the test, and after a minute at most.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// namespace creates a namespace of the test's own (as a fixture, in JSON) and deletes it after.
func namespace(t *testing.T) string {
	t.Helper()
	slug := strings.ToLower(strings.TrimPrefix(t.Name(), "Test"))
	slug = strings.Map(func(r rune) rune {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			return r
		}
		return '-'
	}, slug)
	if len(slug) > 40 {
		slug = slug[:40]
	}
	name := fmt.Sprintf("kgo-%s-%s-%d", strings.Trim(slug, "-"), runID, namespaceCount.Add(1))
	cs := jsonClientset(t)
	ctx := testContext(t)
	if _, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating namespace %s (fixture): %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		err := cs.CoreV1().Namespaces().Delete(ctx, name, metav1.DeleteOptions{})
		if err != nil && !apierrors.IsNotFound(err) {
			t.Errorf("deleting namespace %s: %v", name, err)
		}
	})
	return name
}

// eventually polls cond every 50 ms until it holds, fails or the timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func(ctx context.Context) (bool, error)) {
	t.Helper()
	err := wait.PollUntilContextTimeout(testContext(t), 50*time.Millisecond, timeout, true, cond)
	if err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

func ptr[T any](v T) *T { return &v }

// result lets a test check a (value, error) call in one expression: try(f()).must(t).
type result[T any] struct {
	value T
	err   error
}

func try[T any](value T, err error) result[T] { return result[T]{value, err} }

// must fails the test at once on an error.
func (r result[T]) must(t *testing.T) T {
	t.Helper()
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.value
}
