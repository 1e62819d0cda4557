package main

import (
	"encoding/json"
	"fmt"
	"sort"

	apiextensionsapiserver "k8s.io/apiextensions-apiserver/pkg/apiserver"
	"k8s.io/apimachinery/pkg/runtime/schema"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	genericapiserver "k8s.io/apiserver/pkg/server"
	utilopenapi "k8s.io/apiserver/pkg/util/openapi"
	aggregatorscheme "k8s.io/kube-aggregator/pkg/apiserver/scheme"
	"k8s.io/kube-openapi/pkg/builder3"
	"k8s.io/kube-openapi/pkg/validation/spec"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	generatedopenapi "k8s.io/kubernetes/pkg/generated/openapi"
)

// buildOpenAPI turns every definition kube-apiserver knows (its generated definitions, which
// include the apiextensions and aggregator types, minus the fields of disabled features) into the
// OpenAPI v3 component schemas the server publishes, with the server's namer (which adds
// x-kubernetes-group-version-kind) and kube-openapi's v3 builder (which wraps sibling refs in allOf).
func buildOpenAPI(roots []string, served map[schema.GroupVersion]bool) (_ map[string]json.RawMessage, skipped []string, _ error) {
	getDefs := utilopenapi.GetOpenAPIDefinitionsWithoutDisabledFeatures(generatedopenapi.GetOpenAPIDefinitions)
	namer := openapinamer.NewDefinitionNamer(legacyscheme.Scheme, apiextensionsapiserver.Scheme, aggregatorscheme.Scheme)
	config := genericapiserver.DefaultOpenAPIV3Config(getDefs, namer)
	config.Info.Title = "Kubernetes"

	names := roots
	if names == nil {
		for name := range config.Definitions {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	// Definitions are built one by one: a few (component configurations that no API serves) refer
	// to definitions the table lacks, and are left out.
	schemas := map[string]*spec.Schema{}
	for _, name := range names {
		built, err := builder3.BuildOpenAPIDefinitionsForResources(config, name)
		if err != nil {
			skipped = append(skipped, name)
			continue
		}
		for k, v := range built {
			schemas[k] = v
		}
	}
	out := make(map[string]json.RawMessage, len(schemas))
	for name, s := range schemas {
		servedKinds(s, served)
		raw, err := json.Marshal((*spec.Schema)(s))
		if err != nil {
			return nil, nil, fmt.Errorf("schema %s: %w", name, err)
		}
		out[name] = raw
	}
	return out, skipped, nil
}

// servedKinds keeps, in a definition's x-kubernetes-group-version-kind, the group versions the
// server serves. Each published document lists those of its own group version for the meta types
// registered in every group (DeleteOptions, WatchEvent); here they are the union over documents.
func servedKinds(s *spec.Schema, served map[schema.GroupVersion]bool) {
	if served == nil {
		return
	}
	gvks, ok := s.Extensions[extensionGVK].([]any)
	if !ok {
		return
	}
	kept := []any{}
	for _, g := range gvks {
		m, _ := g.(map[string]any)
		gv := schema.GroupVersion{Group: fmt.Sprint(m["group"]), Version: fmt.Sprint(m["version"])}
		if served[gv] {
			kept = append(kept, g)
		}
	}
	s.Extensions[extensionGVK] = kept
}

const extensionGVK = "x-kubernetes-group-version-kind"
