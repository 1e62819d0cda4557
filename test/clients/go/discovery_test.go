package goclient

import (
	"encoding/json"
	"slices"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func findResource(lists []*metav1.APIResourceList, groupVersion, name string) *metav1.APIResource {
	for _, l := range lists {
		if l.GroupVersion != groupVersion {
			continue
		}
		for i := range l.APIResources {
			if l.APIResources[i].Name == name {
				return &l.APIResources[i]
			}
		}
	}
	return nil
}

func TestDiscovery(t *testing.T) {
	disco := clientset(t).Discovery()
	groups, resources, err := disco.ServerGroupsAndResources()
	if err != nil {
		t.Fatal(err)
	}
	var groupNames []string
	for _, g := range groups {
		groupNames = append(groupNames, g.Name)
	}
	for _, want := range []string{"", "apps", "batch", "coordination.k8s.io", "apiextensions.k8s.io"} {
		if !slices.Contains(groupNames, want) {
			t.Errorf("group %q not discovered (groups %v)", want, groupNames)
		}
	}
	allVerbs := []string{"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"}
	for _, tc := range []struct {
		gv, name, kind string
		namespaced     bool
		verbs          []string
		shortNames     []string
	}{
		{"v1", "configmaps", "ConfigMap", true, allVerbs, []string{"cm"}},
		{"v1", "namespaces", "Namespace", false, []string{"create", "delete", "get", "list", "patch", "update", "watch"}, []string{"ns"}},
		{"v1", "secrets", "Secret", true, allVerbs, nil},
		{"apps/v1", "deployments", "Deployment", true, allVerbs, []string{"deploy"}},
		{"apps/v1", "deployments/status", "Deployment", true, []string{"get", "patch", "update"}, nil},
		{"coordination.k8s.io/v1", "leases", "Lease", true, allVerbs, nil},
		{"apiextensions.k8s.io/v1", "customresourcedefinitions", "CustomResourceDefinition", false, allVerbs, []string{"crd", "crds"}},
	} {
		r := findResource(resources, tc.gv, tc.name)
		if r == nil {
			t.Errorf("%s %s not discovered", tc.gv, tc.name)
			continue
		}
		verbs := slices.Sorted(slices.Values(r.Verbs))
		if r.Kind != tc.kind || r.Namespaced != tc.namespaced || !slices.Equal(verbs, tc.verbs) || !slices.Equal(r.ShortNames, tc.shortNames) {
			t.Errorf("%s %s: kind %q namespaced %v verbs %v shortNames %v; want %q %v %v %v",
				tc.gv, tc.name, r.Kind, r.Namespaced, verbs, r.ShortNames, tc.kind, tc.namespaced, tc.verbs, tc.shortNames)
		}
	}
}

// TestOpenAPISchema: client-go asks /openapi/v2 for protobuf (kubectl explain and validation use it).
func TestOpenAPISchema(t *testing.T) {
	doc, err := clientset(t).Discovery().OpenAPISchema()
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, def := range doc.GetDefinitions().GetAdditionalProperties() {
		switch def.GetName() {
		case "io.k8s.api.apps.v1.Deployment", "io.k8s.api.core.v1.ConfigMap":
			var props []string
			for _, p := range def.GetValue().GetProperties().GetAdditionalProperties() {
				props = append(props, p.GetName())
			}
			if def.GetValue().GetDescription() == "" || !slices.Contains(props, "metadata") || !slices.Contains(props, "apiVersion") {
				t.Errorf("%s: description %q properties %v", def.GetName(), def.GetValue().GetDescription(), props)
			}
			var gvk []string
			for _, ext := range def.GetValue().GetVendorExtension() {
				gvk = append(gvk, ext.GetName())
			}
			if !slices.Contains(gvk, "x-kubernetes-group-version-kind") {
				t.Errorf("%s has no x-kubernetes-group-version-kind (extensions %v)", def.GetName(), gvk)
			}
			found[def.GetName()] = true
		}
	}
	if len(found) != 2 {
		t.Fatalf("definitions found: %v of 2", found)
	}
	paths := map[string]bool{}
	for _, p := range doc.GetPaths().GetPath() {
		paths[p.GetName()] = true
	}
	if !paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"] {
		t.Errorf("no path for a namespaced deployment among %d paths", len(paths))
	}
}

type openAPIV3Document struct {
	Components struct {
		Schemas map[string]struct {
			Description string `json:"description"`
			Properties  map[string]struct {
				Items struct {
					Ref string `json:"$ref"`
				} `json:"items"`
				ListType      string   `json:"x-kubernetes-list-type"`
				ListMapKeys   []string `json:"x-kubernetes-list-map-keys"`
				PatchStrategy string   `json:"x-kubernetes-patch-strategy"`
				PatchMergeKey string   `json:"x-kubernetes-patch-merge-key"`
			} `json:"properties"`
			Required []string `json:"required"`
		} `json:"schemas"`
	} `json:"components"`
}

func TestOpenAPIV3(t *testing.T) {
	paths, err := clientset(t).Discovery().OpenAPIV3().Paths()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"api/v1", "apis/apps/v1", "apis/coordination.k8s.io/v1"} {
		if _, ok := paths[want]; !ok {
			t.Errorf("OpenAPI v3 has no document for %s", want)
		}
	}
	apps, ok := paths["apis/apps/v1"]
	if !ok {
		t.FailNow()
	}
	raw, err := apps.Schema("application/json")
	if err != nil {
		t.Fatal(err)
	}
	var doc openAPIV3Document
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	deployment, ok := doc.Components.Schemas["io.k8s.api.apps.v1.Deployment"]
	if !ok || deployment.Description == "" {
		t.Fatalf("apps/v1 has no described Deployment schema")
	}
	spec, ok := doc.Components.Schemas["io.k8s.api.apps.v1.DeploymentSpec"]
	if !ok || !slices.Equal(spec.Required, []string{"selector", "template"}) {
		t.Fatalf("DeploymentSpec: required %v", spec.Required)
	}
	podSpec, ok := doc.Components.Schemas["io.k8s.api.core.v1.PodSpec"]
	if !ok {
		t.Fatal("apps/v1 carries no PodSpec schema")
	}
	containers := podSpec.Properties["containers"]
	if containers.ListType != "map" || !slices.Equal(containers.ListMapKeys, []string{"name"}) ||
		containers.PatchStrategy != "merge" || containers.PatchMergeKey != "name" {
		t.Errorf("PodSpec.containers: list type %q keys %v patch %q by %q", containers.ListType, containers.ListMapKeys, containers.PatchStrategy, containers.PatchMergeKey)
	}
	if containers.Items.Ref != "#/components/schemas/io.k8s.api.core.v1.Container" {
		t.Errorf("PodSpec.containers items: %+v", containers.Items)
	}
}
