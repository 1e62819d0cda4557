// Command k8s-schema-gen writes the data the fake API server loads about Kubernetes' built-in
// kinds, from the Kubernetes Go modules of one release: their protobuf messages, their OpenAPI v3
// schemas and the resources kube-apiserver serves. See README.md.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"time"

	apiextensionsapiserver "k8s.io/apiextensions-apiserver/pkg/apiserver"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	"k8s.io/klog/v2"
	aggregatorscheme "k8s.io/kube-aggregator/pkg/apiserver/scheme"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
)

func main() {
	dataDir := flag.String("data", "", "directory for protobuf.json.gz, openapi.json.gz and resources.json")
	corpusFile := flag.String("corpus", "", "file for the protobuf golden corpus (corpus.json.gz); empty: none")
	verbose := flag.Bool("v", false, "print warnings and timings")
	flag.Parse()
	if !*verbose {
		// The API server machinery built for resources.json logs as it starts; none of it matters here.
		klog.LogToStderr(false)
		klog.SetOutput(io.Discard)
	}
	if *dataDir == "" {
		fmt.Fprintln(os.Stderr, "usage: k8s-schema-gen -data DIR [-corpus FILE]")
		os.Exit(2)
	}
	if err := run(*dataDir, *corpusFile, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "k8s-schema-gen:", err)
		os.Exit(1)
	}
}

func run(dataDir, corpusFile string, verbose bool) error {
	logf := func(format string, args ...any) {
		if verbose {
			fmt.Fprintf(os.Stderr, format+"\n", args...)
		}
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return err
	}

	t0 := time.Now()
	pb := buildProtobuf()
	for _, t := range pb.customJSON {
		logf("protobuf: %s has a JSON form of its own", t)
	}
	for _, w := range pb.warnings {
		logf("protobuf: %s", w)
	}
	if err := writeJSON(filepath.Join(dataDir, "protobuf.json.gz"), pb.data, true); err != nil {
		return err
	}
	logf("protobuf: %d messages in %s", len(pb.data.Messages), time.Since(t0))

	t0 = time.Now()
	namer := openapinamer.NewDefinitionNamer(legacyscheme.Scheme, apiextensionsapiserver.Scheme, aggregatorscheme.Scheme)
	resources, err := buildResources(namer)
	if err != nil {
		return fmt.Errorf("resources: %w", err)
	}
	t0 = time.Now()
	schemas, skipped, err := buildOpenAPI(publishedRoots(resources), servedGroupVersions(resources))
	for _, name := range skipped {
		logf("openapi: left out %s (refers to a definition kube-apiserver does not have)", name)
	}
	if err != nil {
		return fmt.Errorf("openapi: %w", err)
	}
	if err := writeJSON(filepath.Join(dataDir, "openapi.json.gz"), map[string]any{"schemas": schemas}, true); err != nil {
		return err
	}
	logf("openapi: %d schemas in %s", len(schemas), time.Since(t0))

	for _, r := range resources {
		if _, ok := pb.data.Messages[r.Protobuf]; !ok {
			return fmt.Errorf("resources: %s has no protobuf message %s", r.Kind, r.Protobuf)
		}
		if _, ok := schemas[r.Schema]; !ok {
			return fmt.Errorf("resources: %s has no schema %s", r.Kind, r.Schema)
		}
	}
	if err := writeJSON(filepath.Join(dataDir, "resources.json"), resources, false); err != nil {
		return err
	}
	logf("resources: %d in %s", len(resources), time.Since(t0))

	if corpusFile != "" {
		t0 = time.Now()
		entries, err := buildCorpus(resources)
		if err != nil {
			return fmt.Errorf("corpus: %w", err)
		}
		if err := verifyCorpus(pb.data, entries); err != nil {
			return fmt.Errorf("corpus: %w", err)
		}
		if err := os.MkdirAll(filepath.Dir(corpusFile), 0o755); err != nil {
			return err
		}
		if err := writeJSON(corpusFile, entries, true); err != nil {
			return err
		}
		logf("corpus: %d entries in %s", len(entries), time.Since(t0))
	}
	return nil
}

// buildProtobuf records the messages of every versioned type the three schemes of kube-apiserver
// register (every built-in kind and List in every version, the meta/v1 types registered beside
// them), runtime.Unknown and meta/v1's discovery and table types, plus OpenAPI v2's Document.
func buildProtobuf() *protoBuilder {
	b := newProtoBuilder()
	var roots []reflect.Type
	for _, s := range allSchemes {
		for gvk, t := range s.AllKnownTypes() {
			if gvk.Version == runtime.APIVersionInternal {
				continue
			}
			roots = append(roots, t)
		}
	}
	for _, v := range []any{
		runtime.Unknown{}, metav1.Duration{}, metav1.Status{}, metav1.DeleteOptions{}, metav1.WatchEvent{}, metav1.Table{},
		metav1.PartialObjectMetadata{}, metav1.PartialObjectMetadataList{}, metav1.APIResourceList{},
		metav1.APIGroupList{}, metav1.APIGroup{}, metav1.APIVersions{}, metav1.List{}, metav1.TableOptions{},
		metav1.GetOptions{}, metav1.ListOptions{}, metav1.CreateOptions{}, metav1.UpdateOptions{}, metav1.PatchOptions{},
	} {
		roots = append(roots, reflect.TypeOf(v))
	}
	sort.Slice(roots, func(i, j int) bool { return messageName(roots[i]) < messageName(roots[j]) })
	for _, t := range roots {
		if t.Kind() != reflect.Struct || t.PkgPath() == "" {
			continue
		}
		if !hasProtobuf(t) {
			b.warnings = append(b.warnings, "no protobuf tags: "+t.PkgPath()+"."+t.Name())
			continue
		}
		b.addStruct(t)
	}
	b.addGnostic()
	return b
}

// hasProtobuf tells whether a registered type has a protobuf form (some registered option types
// are JSON-only).
func hasProtobuf(t reflect.Type) bool {
	if specialOf(t) != "" {
		return true
	}
	for i := 0; i < t.NumField(); i++ {
		if _, ok := parseProtoTag(t.Field(i).Tag.Get("protobuf")); ok {
			return true
		}
	}
	return false
}

// writeJSON writes v as JSON with sorted keys (encoding/json sorts map keys; struct fields keep
// their declared order), gzipped with no name and a zero modification time when zipped.
func writeJSON(path string, v any, zipped bool) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var pretty bytes.Buffer
	if !zipped {
		if err := json.Indent(&pretty, raw, "", "  "); err != nil {
			return err
		}
		pretty.WriteByte('\n')
		raw = pretty.Bytes()
	}
	if zipped {
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err != nil {
			return err
		}
		zw.ModTime = time.Time{}
		if _, err := zw.Write(raw); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		raw = buf.Bytes()
	}
	return os.WriteFile(path, raw, 0o644)
}
