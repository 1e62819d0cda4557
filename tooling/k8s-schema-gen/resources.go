package main

import (
	"context"
	"encoding/json"
	"fmt"
	"gopkg.in/go-jose/go-jose.v2/jwt"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"go.etcd.io/etcd/api/v3/etcdserverpb"
	"google.golang.org/grpc"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsv1beta1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1beta1"
	apiextensionsapiserver "k8s.io/apiextensions-apiserver/pkg/apiserver"
	"k8s.io/apiextensions-apiserver/pkg/registry/customresourcedefinition"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"
	"k8s.io/apiserver/pkg/authorization/authorizerfactory"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/apiserver/pkg/storage/storagebackend"
	"k8s.io/apiserver/pkg/storage/storagebackend/factory"
	utilopenapi "k8s.io/apiserver/pkg/util/openapi"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	restclient "k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	basecompatibility "k8s.io/component-base/compatibility"
	apiregistrationv1 "k8s.io/kube-aggregator/pkg/apis/apiregistration/v1"
	apiregistrationv1beta1 "k8s.io/kube-aggregator/pkg/apis/apiregistration/v1beta1"
	aggregatorapiserver "k8s.io/kube-aggregator/pkg/apiserver"
	aggregatorscheme "k8s.io/kube-aggregator/pkg/apiserver/scheme"
	apiservicerest "k8s.io/kube-aggregator/pkg/registry/apiservice/rest"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	"k8s.io/kubernetes/pkg/controlplane"
	controlplaneapiserver "k8s.io/kubernetes/pkg/controlplane/apiserver"
	"k8s.io/kubernetes/pkg/controlplane/reconcilers"
	generatedopenapi "k8s.io/kubernetes/pkg/generated/openapi"
	"k8s.io/kubernetes/pkg/kubeapiserver"
	kubeletclient "k8s.io/kubernetes/pkg/kubelet/client"
)

type subresourceOut struct {
	Name    string   `json:"name"`
	Group   string   `json:"group"`
	Version string   `json:"version"`
	Kind    string   `json:"kind"`
	Verbs   []string `json:"verbs"`
}

type resourceOut struct {
	Group              string           `json:"group"`
	Version            string           `json:"version"`
	Kind               string           `json:"kind"`
	ListKind           string           `json:"listKind"`
	Plural             string           `json:"plural"`
	Singular           string           `json:"singular"`
	Namespaced         bool             `json:"namespaced"`
	Verbs              []string         `json:"verbs"`
	ShortNames         []string         `json:"shortNames"`
	Categories         []string         `json:"categories"`
	StorageVersionHash string           `json:"storageVersionHash,omitempty"`
	Subresources       []subresourceOut `json:"subresources"`
	Schema             string           `json:"schema"`
	Protobuf           string           `json:"protobuf"`
}

// noStorage is the storage every registry gets: building the REST storage and installing it into
// an API server reads only the registries' own facts, never the backend, so nothing needs etcd.
// The registries call a few methods in the background while they live (object counts, size
// estimation); those answer harmlessly, anything else would panic.
type noStorage struct{ storage.Interface }

func (noStorage) Versioner() storage.Versioner                              { return storage.APIObjectVersioner{} }
func (noStorage) Stats(context.Context) (storage.Stats, error)              { return storage.Stats{}, nil }
func (noStorage) ReadinessCheck() error                                     { return nil }
func (noStorage) EnableResourceSizeEstimation(storage.KeysFunc) error       { return nil }
func (noStorage) GetCurrentResourceVersion(context.Context) (uint64, error) { return 0, nil }
func (noStorage) CompactRevision() int64                                    { return 0 }

func noStorageDecorator(*storagebackend.ConfigForResource, string, func(runtime.Object) (string, error),
	func() runtime.Object, func() runtime.Object, storage.AttrFunc, storage.IndexerFuncs, *cache.Indexers,
) (storage.Interface, factory.DestroyFunc, error) {
	return noStorage{}, func() {}, nil
}

type etcdStatusOnly struct {
	etcdserverpb.UnimplementedMaintenanceServer
}

func (etcdStatusOnly) Status(context.Context, *etcdserverpb.StatusRequest) (*etcdserverpb.StatusResponse, error) {
	return &etcdserverpb.StatusResponse{Header: &etcdserverpb.ResponseHeader{}, Version: "3.7.0"}, nil
}

// noTokens stands for the service account token issuer; no token is ever asked for.
type noTokens struct{}

func (noTokens) GenerateToken(context.Context, *jwt.Claims, any) (string, error) {
	return "", fmt.Errorf("no tokens")
}

type noEtcdGetter struct{ inner generic.RESTOptionsGetter }

func (g noEtcdGetter) GetRESTOptions(resource schema.GroupResource, example runtime.Object) (generic.RESTOptions, error) {
	opts, err := g.inner.GetRESTOptions(resource, example)
	if err != nil {
		return opts, err
	}
	opts.Decorator = noStorageDecorator
	return opts, nil
}

// buildResources builds kube-apiserver's REST storage for every default-enabled group version —
// the control plane's storage providers, the apiextensions and the aggregator groups — installs it
// into a generic API server exactly as kube-apiserver does, and reads the server's own discovery.
func buildResources(namer *openapinamer.DefinitionNamer) ([]resourceOut, error) {
	effectiveVersion := basecompatibility.NewEffectiveVersionFromString("1.37.2", "", "")
	resourceConfig := controlplane.DefaultAPIResourceConfigSource()

	etcdOptions := genericoptions.NewEtcdOptions(storagebackend.NewDefaultConfig("/registry", nil))
	etcdOptions.DefaultStorageMediaType = "application/vnd.kubernetes.protobuf"
	// The service IP and node port allocators open an etcd client while they are built; it only
	// asks for the server's status. A gRPC server answering that lets the client connect.
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	grpcServer := grpc.NewServer()
	etcdserverpb.RegisterMaintenanceServer(grpcServer, etcdStatusOnly{})
	go func() { _ = grpcServer.Serve(lis) }()
	defer grpcServer.Stop()
	etcdOptions.StorageConfig.Transport.ServerList = []string{"http://" + lis.Addr().String()}
	sfConfig := kubeapiserver.NewStorageFactoryConfigEffectiveVersion(effectiveVersion)
	sfConfig.APIResourceConfig = resourceConfig
	storageFactory, err := sfConfig.Complete(etcdOptions).New()
	if err != nil {
		return nil, fmt.Errorf("storage factory: %w", err)
	}
	getter := noEtcdGetter{etcdOptions.CreateRESTOptionsGetter(storageFactory, nil)}

	loopback := &restclient.Config{Host: "http://127.0.0.1:1", ContentConfig: restclient.ContentConfig{ContentType: "application/vnd.kubernetes.protobuf"}}
	client, err := kubernetes.NewForConfig(loopback)
	if err != nil {
		return nil, err
	}
	sharedInformers := informers.NewSharedInformerFactory(client, 0)

	generic := genericapiserver.NewConfig(legacyscheme.Codecs)
	generic.EffectiveVersion = effectiveVersion
	generic.LoopbackClientConfig = loopback
	generic.MergedResourceConfig = resourceConfig
	generic.RESTOptionsGetter = getter
	generic.SkipOpenAPIInstallation = true
	allow := authorizerfactory.NewAlwaysAllowAuthorizer()
	generic.Authorization.Authorizer = allow
	generic.RuleResolver = allow
	getDefs := utilopenapi.GetOpenAPIDefinitionsWithoutDisabledFeatures(generatedopenapi.GetOpenAPIDefinitions)
	generic.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(getDefs, namer)
	generic.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(getDefs, namer)
	generic.ExternalAddress = "127.0.0.1:6443"
	generic.PublicAddress = net.ParseIP("127.0.0.1")

	_, serviceRange, _ := net.ParseCIDR("10.0.0.0/24")
	cp := controlplane.Config{
		ControlPlane: controlplaneapiserver.Config{
			Generic: generic,
			Extra: controlplaneapiserver.Extra{
				APIResourceConfigSource: resourceConfig,
				StorageFactory:          storageFactory,
				EventTTL:                3600e9,
				VersionedInformers:      sharedInformers,
				// kube-apiserver always has an issuer (it is a required flag); with one, service
				// accounts get their token subresource.
				ServiceAccountIssuer:        noTokens{},
				ServiceAccountMaxExpiration: 24 * time.Hour,
			},
		},
		Extra: controlplane.Extra{
			ServiceIPRange:         *serviceRange,
			APIServerServicePort:   443,
			KubeletClientConfig:    kubeletclient.KubeletClientConfig{Port: 10250},
			EndpointReconcilerType: reconcilers.NoneEndpointReconcilerType,
			EndpointReconcilerConfig: controlplane.EndpointReconcilerConfig{
				Reconciler: reconcilers.NewNoneEndpointReconciler(),
			},
		},
	}
	completed := cp.Complete()
	providers, err := completed.StorageProviders(client)
	if err != nil {
		return nil, fmt.Errorf("storage providers: %w", err)
	}
	gs, err := completed.ControlPlane.Generic.New("kube-apiserver", genericapiserver.NewEmptyDelegate())
	if err != nil {
		return nil, fmt.Errorf("generic server: %w", err)
	}
	server := &controlplaneapiserver.Server{
		GenericAPIServer:        gs,
		APIResourceConfigSource: resourceConfig,
		RESTOptionsGetter:       getter,
		VersionedInformers:      sharedInformers,
	}
	if err := server.InstallAPIs(providers...); err != nil {
		return nil, fmt.Errorf("install: %w", err)
	}

	// apiextensions.k8s.io and apiregistration.k8s.io, with the storage codecs kube-apiserver gives them.
	crdEtcd := *etcdOptions
	crdEtcd.StorageConfig.Codec = apiextensionsapiserver.Codecs.LegacyCodec(apiextensionsv1beta1.SchemeGroupVersion, apiextensionsv1.SchemeGroupVersion)
	crdEtcd.StorageConfig.EncodeVersioner = runtime.NewMultiGroupVersioner(apiextensionsv1beta1.SchemeGroupVersion, schema.GroupKind{Group: apiextensionsv1beta1.GroupName})
	crdGetter := noEtcdGetter{crdEtcd.CreateRESTOptionsGetter(&genericoptions.SimpleStorageFactory{StorageConfig: crdEtcd.StorageConfig}, nil)}
	crdConfig := apiextensionsapiserver.DefaultAPIResourceConfigSource()
	crdGroup := genericapiserver.NewDefaultAPIGroupInfo(apiextensionsv1.GroupName, apiextensionsapiserver.Scheme, metav1.ParameterCodec, apiextensionsapiserver.Codecs)
	crdStorage := map[string]rest.Storage{}
	if crdConfig.ResourceEnabled(apiextensionsv1.SchemeGroupVersion.WithResource("customresourcedefinitions")) {
		crd, err := customresourcedefinition.NewREST(apiextensionsapiserver.Scheme, crdGetter)
		if err != nil {
			return nil, err
		}
		crdStorage["customresourcedefinitions"] = crd
		crdStorage["customresourcedefinitions/status"] = customresourcedefinition.NewStatusREST(apiextensionsapiserver.Scheme, crd)
		crdGroup.VersionedResourcesStorageMap[apiextensionsv1.SchemeGroupVersion.Version] = crdStorage
	}
	if err := gs.InstallAPIGroup(&crdGroup); err != nil {
		return nil, fmt.Errorf("apiextensions: %w", err)
	}

	aggEtcd := *etcdOptions
	aggEtcd.StorageConfig.Codec = aggregatorscheme.Codecs.LegacyCodec(apiregistrationv1.SchemeGroupVersion, apiregistrationv1beta1.SchemeGroupVersion)
	aggEtcd.StorageConfig.EncodeVersioner = runtime.NewMultiGroupVersioner(apiregistrationv1.SchemeGroupVersion, schema.GroupKind{Group: apiregistrationv1beta1.GroupName})
	aggGetter := noEtcdGetter{aggEtcd.CreateRESTOptionsGetter(&genericoptions.SimpleStorageFactory{StorageConfig: aggEtcd.StorageConfig}, nil)}
	aggGroup := apiservicerest.NewRESTStorage(aggregatorapiserver.DefaultAPIResourceConfigSource(), aggGetter, false)
	if err := gs.InstallAPIGroup(&aggGroup); err != nil {
		return nil, fmt.Errorf("apiregistration: %w", err)
	}

	return readDiscovery(gs.Handler.Director, namer)
}

func getJSON(h http.Handler, path string, out any) error {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", path, rec.Code, rec.Body.String())
	}
	return json.Unmarshal(rec.Body.Bytes(), out)
}

var allSchemes = []*runtime.Scheme{legacyscheme.Scheme, apiextensionsapiserver.Scheme, aggregatorscheme.Scheme}

func kindType(gvk schema.GroupVersionKind) reflect.Type {
	for _, s := range allSchemes {
		if t, ok := s.AllKnownTypes()[gvk]; ok {
			return t
		}
	}
	return nil
}

// readDiscovery asks the installed server's discovery (/api/v1 and /apis/<group>/<version>) for
// every resource, as kubectl and client-go see it.
func readDiscovery(h http.Handler, namer *openapinamer.DefinitionNamer) ([]resourceOut, error) {
	var paths []string
	var versions metav1.APIVersions
	if err := getJSON(h, "/api", &versions); err != nil {
		return nil, err
	}
	for _, v := range versions.Versions {
		paths = append(paths, "/api/"+v)
	}
	var groups metav1.APIGroupList
	if err := getJSON(h, "/apis", &groups); err != nil {
		return nil, err
	}
	for _, g := range groups.Groups {
		for _, v := range g.Versions {
			paths = append(paths, "/apis/"+v.GroupVersion)
		}
	}
	var out []resourceOut
	for _, p := range paths {
		var list metav1.APIResourceList
		if err := getJSON(h, p, &list); err != nil {
			return nil, err
		}
		gv, err := schema.ParseGroupVersion(list.GroupVersion)
		if err != nil {
			return nil, err
		}
		byName := map[string]*resourceOut{}
		var subs []metav1.APIResource
		for _, r := range list.APIResources {
			if strings.Contains(r.Name, "/") {
				subs = append(subs, r)
				continue
			}
			gvk := gv.WithKind(r.Kind)
			t := kindType(gvk)
			if t == nil {
				return nil, fmt.Errorf("%s: kind %s is in no scheme", p, gvk)
			}
			// Resources that cannot be listed (bindings, the review kinds) have no List kind.
			listKind := r.Kind + "List"
			if kindType(gv.WithKind(listKind)) == nil {
				if slices.Contains(r.Verbs, "list") {
					return nil, fmt.Errorf("%s: %s can be listed but %s is in no scheme", p, r.Name, listKind)
				}
				listKind = ""
			}
			schemaName, _ := namer.GetDefinitionName(openAPIModelName(t))
			ro := &resourceOut{
				Group: gv.Group, Version: gv.Version, Kind: r.Kind, ListKind: listKind,
				Plural: r.Name, Singular: r.SingularName, Namespaced: r.Namespaced,
				Verbs: sortedCopy(r.Verbs), ShortNames: nonNil(r.ShortNames), Categories: nonNil(r.Categories),
				StorageVersionHash: r.StorageVersionHash, Subresources: []subresourceOut{},
				Schema: schemaName, Protobuf: messageName(t),
			}
			byName[r.Name] = ro
			out = append(out, *ro)
		}
		for _, s := range subs {
			parent, name, _ := strings.Cut(s.Name, "/")
			group, version := s.Group, s.Version
			if group == "" && version == "" {
				group, version = gv.Group, gv.Version
			}
			for i := range out {
				if out[i].Group == gv.Group && out[i].Version == gv.Version && out[i].Plural == parent {
					out[i].Subresources = append(out[i].Subresources, subresourceOut{
						Name: name, Group: group, Version: version, Kind: s.Kind, Verbs: sortedCopy(s.Verbs),
					})
				}
			}
			if byName[parent] == nil {
				return nil, fmt.Errorf("%s: subresource %s without its resource", p, s.Name)
			}
		}
	}
	for i := range out {
		sort.Slice(out[i].Subresources, func(a, b int) bool { return out[i].Subresources[a].Name < out[i].Subresources[b].Name })
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Group != b.Group {
			return a.Group < b.Group
		}
		if a.Version != b.Version {
			return a.Version < b.Version
		}
		return a.Plural < b.Plural
	})
	return out, nil
}

func sortedCopy(s []string) []string {
	c := append([]string{}, s...)
	sort.Strings(c)
	return c
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// openAPIModelName is the name of a Go type's OpenAPI definition.
func openAPIModelName(t reflect.Type) string {
	if m, ok := reflect.New(t).Interface().(interface{ OpenAPIModelName() string }); ok {
		return m.OpenAPIModelName()
	}
	return t.PkgPath() + "." + t.Name()
}

// publishedRoots names the definitions kube-apiserver's /openapi/v3 documents start from: every
// served kind, its List, the kinds its subresources take, and the meta/v1 types of the routes
// (discovery, options, Status, WatchEvent). The documents hold these and what they refer to.
func publishedRoots(resources []resourceOut) []string {
	roots := map[string]bool{}
	add := func(gvk schema.GroupVersionKind) {
		if t := kindType(gvk); t != nil {
			roots[openAPIModelName(t)] = true
		}
	}
	for _, r := range resources {
		add(schema.GroupVersionKind{Group: r.Group, Version: r.Version, Kind: r.Kind})
		if r.ListKind != "" {
			add(schema.GroupVersionKind{Group: r.Group, Version: r.Version, Kind: r.ListKind})
		}
		for _, s := range r.Subresources {
			// Connect subresources (exec, attach, proxy, …) take their options as query
			// parameters, so their kinds are in no document.
			if !strings.HasSuffix(s.Kind, "Options") {
				add(schema.GroupVersionKind{Group: s.Group, Version: s.Version, Kind: s.Kind})
			}
		}
	}
	for _, v := range []any{
		metav1.APIGroup{}, metav1.APIGroupList{}, metav1.APIResourceList{}, metav1.APIVersions{},
		metav1.DeleteOptions{}, metav1.Status{}, metav1.WatchEvent{}, metav1.Patch{}, version.Info{},
	} {
		roots[openAPIModelName(reflect.TypeOf(v))] = true
	}
	out := make([]string, 0, len(roots))
	for name := range roots {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

func servedGroupVersions(resources []resourceOut) map[schema.GroupVersion]bool {
	served := map[schema.GroupVersion]bool{}
	for _, r := range resources {
		served[schema.GroupVersion{Group: r.Group, Version: r.Version}] = true
	}
	return served
}
