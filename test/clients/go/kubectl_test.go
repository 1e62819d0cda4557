package goclient

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// kubectl runs the kubectl binary against the target, with a kubeconfig written from the suite's
// connection and a discovery cache of the test's own.
type kubectl struct {
	t                        *testing.T
	binary, config, cacheDir string
}

// newKubectl finds kubectl ($KUBECTL, the PATH, /usr/bin/kubectl); the test is skipped without one,
// unless KCACHE_REQUIRE_KUBECTL=1.
func newKubectl(t *testing.T) *kubectl {
	t.Helper()
	binary := os.Getenv("KUBECTL")
	if binary == "" {
		if found, err := exec.LookPath("kubectl"); err == nil {
			binary = found
		} else if _, err := os.Stat("/usr/bin/kubectl"); err == nil {
			binary = "/usr/bin/kubectl"
		}
	}
	if binary == "" {
		if os.Getenv("KCACHE_REQUIRE_KUBECTL") == "1" {
			t.Fatal("KCACHE_REQUIRE_KUBECTL=1 but kubectl is not installed")
		}
		t.Skip("kubectl is not installed (set KUBECTL, or put it on the PATH)")
	}
	dir := t.TempDir()
	cluster := clientcmdapi.NewCluster()
	cluster.Server = baseConfig.Host
	cluster.CertificateAuthority = baseConfig.CAFile
	cluster.CertificateAuthorityData = baseConfig.CAData
	cluster.InsecureSkipTLSVerify = baseConfig.Insecure
	user := clientcmdapi.NewAuthInfo()
	user.Token = baseConfig.BearerToken
	user.TokenFile = baseConfig.BearerTokenFile
	user.ClientCertificate, user.ClientCertificateData = baseConfig.CertFile, baseConfig.CertData
	user.ClientKey, user.ClientKeyData = baseConfig.KeyFile, baseConfig.KeyData
	context := clientcmdapi.NewContext()
	context.Cluster, context.AuthInfo = "target", "target"
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["target"], cfg.AuthInfos["target"], cfg.Contexts["target"] = cluster, user, context
	cfg.CurrentContext = "target"
	path := filepath.Join(dir, "kubeconfig")
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
	return &kubectl{t: t, binary: binary, config: path, cacheDir: filepath.Join(dir, "cache")}
}

// run returns kubectl's stdout and stderr, and its error.
func (k *kubectl) run(args ...string) (string, string, error) {
	k.t.Helper()
	ctx, cancel := context.WithTimeout(testContext(k.t), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, k.binary, append([]string{"--kubeconfig", k.config, "--cache-dir", k.cacheDir}, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+filepath.Dir(k.config), "KUBECTL_COMMAND_HEADERS=false")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err
}

// ok runs kubectl and fails the test when it fails.
func (k *kubectl) ok(args ...string) string {
	k.t.Helper()
	stdout, stderr, err := k.run(args...)
	if err != nil {
		k.t.Fatalf("kubectl %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return stdout
}

var describeField = regexp.MustCompile(`^(\s*)([A-Za-z][A-Za-z -]*):\s*(.*)$`)

// describeFields reads `kubectl describe` output as "Key: value" lines; a key seen more than
// once (Labels: of the object and of its pod template) is kept with its indentation: "  Labels".
func describeFields(out string) map[string]string {
	fields := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		m := describeField.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		key := m[1] + m[2]
		if _, seen := fields[key]; !seen {
			fields[key] = strings.TrimSpace(m[3])
		}
	}
	return fields
}

// TestKubectl: kubectl's scale, get ns and describe deploy print what they print against a cluster.
func TestKubectl(t *testing.T) {
	k := newKubectl(t)

	t.Run("scale", func(t *testing.T) {
		ns := namespace(t)
		ctx := testContext(t)
		deployments := jsonClientset(t).AppsV1().Deployments(ns)
		try(deployments.Create(ctx, webDeployment("web", 2), metav1.CreateOptions{})).must(t)
		if out := k.ok("-n", ns, "scale", "deploy/web", "--replicas=3"); out != "deployment.apps/web scaled\n" {
			t.Fatalf("kubectl scale printed %q", out)
		}
		got := try(deployments.Get(ctx, "web", metav1.GetOptions{})).must(t)
		if *got.Spec.Replicas != 3 || got.Generation != 2 {
			t.Fatalf("after kubectl scale: replicas %d generation %d, want 3 and 2", *got.Spec.Replicas, got.Generation)
		}
		// --current-replicas is checked against the Scale's replicas before writing.
		_, stderr, err := k.run("-n", ns, "scale", "deploy", "web", "--current-replicas=5", "--replicas=4")
		if err == nil || !strings.Contains(stderr, "error: Expected replicas to be 5, was 3") {
			t.Fatalf("kubectl scale --current-replicas=5: err %v, stderr %q", err, stderr)
		}
		if out := k.ok("-n", ns, "scale", "deploy", "web", "--current-replicas=3", "--replicas=0"); out != "deployment.apps/web scaled\n" {
			t.Fatalf("kubectl scale to 0 printed %q", out)
		}
		if out := k.ok("-n", ns, "get", "deploy", "web", "-o", "jsonpath={.spec.replicas} {.metadata.generation}"); out != "0 3" {
			t.Fatalf("after scaling to 0: replicas and generation %q, want \"0 3\"", out)
		}
		_, stderr, err = k.run("-n", ns, "scale", "deploy", "missing", "--replicas=1")
		if err == nil || !strings.Contains(stderr, `deployments.apps "missing" not found`) {
			t.Fatalf("kubectl scale of a missing deployment: err %v, stderr %q", err, stderr)
		}
	})

	t.Run("get-ns", func(t *testing.T) {
		ns := namespace(t)
		out := k.ok("get", "ns")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if !regexp.MustCompile(`^NAME\s+STATUS\s+AGE$`).MatchString(lines[0]) {
			t.Fatalf("kubectl get ns: header %q", lines[0])
		}
		status := map[string]string{}
		for _, line := range lines[1:] {
			if cols := strings.Fields(line); len(cols) == 3 {
				status[cols[0]] = cols[1]
			}
		}
		if status[ns] != "Active" {
			t.Fatalf("kubectl get ns: the test's namespace %s is %q\n%s", ns, status[ns], out)
		}
		var missing []string
		for _, name := range []string{"default", "kube-node-lease", "kube-public", "kube-system"} {
			if status[name] != "Active" {
				missing = append(missing, name)
			}
		}
		if len(missing) != 0 {
			t.Fatalf("kubectl get ns: no Active %v\n%s", missing, out)
		}
		own := strings.Fields(strings.Split(strings.TrimSpace(k.ok("get", "ns", ns, "--no-headers")), "\n")[0])
		if len(own) != 3 || own[0] != ns || own[1] != "Active" {
			t.Fatalf("kubectl get ns %s: %q", ns, own)
		}
	})

	t.Run("describe-deploy", func(t *testing.T) {
		ns := namespace(t)
		ctx := testContext(t)
		d := webDeployment("web", 2)
		d.Labels["team"] = "a"
		try(jsonClientset(t).AppsV1().Deployments(ns).Create(ctx, d, metav1.CreateOptions{})).must(t)
		out := k.ok("-n", ns, "describe", "deploy", "web")
		fields := describeFields(out)
		for key, want := range map[string]string{
			"Name":            "web",
			"Namespace":       ns,
			"Labels":          "app=web", // the first of two lines; team=a is on the next
			"Annotations":     "<none>",
			"Selector":        "app=web",
			"Replicas":        "2 desired | 0 updated | 0 total | 0 available | 0 unavailable",
			"MinReadySeconds": "0",
			"  Labels":        "app=web",
			"    Image":       "registry.example/app:1",
			"    Environment": "<none>",
			"Events":          "<none>",
		} {
			if fields[key] != want {
				t.Errorf("kubectl describe deploy: %q is %q, want %q", strings.TrimSpace(key), fields[key], want)
			}
		}
		if !regexp.MustCompile(`\nLabels:\s+app=web\n\s+team=a\n`).MatchString(out) {
			t.Errorf("kubectl describe deploy: no team=a label line\n%s", out)
		}
		// What the server's defaults fill in: the strategy, and the ports' protocol.
		defaults := map[string]string{
			"StrategyType":          "RollingUpdate",
			"RollingUpdateStrategy": "25% max unavailable, 25% max surge",
			"    Ports":             "8080/TCP, 9090/UDP",
			"    Host Ports":        "0/TCP, 0/UDP",
		}
		var wrong []string
		for key, want := range defaults {
			if fields[key] != want {
				wrong = append(wrong, strings.TrimSpace(key)+": "+fields[key]+" (want "+want+")")
			}
		}
		if len(wrong) != 0 {
			t.Errorf("kubectl describe deploy: %s\n%s", strings.Join(wrong, "; "), out)
		}
	})
}
