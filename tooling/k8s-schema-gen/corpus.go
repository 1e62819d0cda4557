package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand"
	"reflect"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/api/apitesting/fuzzer"
	genericfuzzer "k8s.io/apimachinery/pkg/apis/meta/fuzzer"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	jsonserializer "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
	"k8s.io/apimachinery/pkg/types"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	apiregistrationv1 "k8s.io/kube-aggregator/pkg/apis/apiregistration/v1"
	"sigs.k8s.io/randfill"
)

// corpusSeed fixes the fuzzer, so the corpus only changes when the Kubernetes modules do.
const corpusSeed = 20260412

// corpusEntry is one golden case: an object as the JSON Go writes for it and the protobuf bytes Go
// writes for it. See README.md for the fields.
type corpusEntry struct {
	Name     string `json:"name"`
	Message  string `json:"message"`
	JSON     string `json:"json"`
	Protobuf string `json:"protobuf"`
	Envelope bool   `json:"envelope"`
	// JSONFromProtobuf is the JSON Go writes after decoding the protobuf bytes, when it differs
	// from JSON (protobuf does not tell a nil slice or map from an empty one).
	JSONFromProtobuf string `json:"jsonFromProtobuf,omitempty"`
	// Frame marks a watch stream frame: protobuf is a 4-byte big-endian length and the message.
	Frame bool `json:"frame,omitempty"`
}

var protobufFramer = protobuf.LengthDelimitedFramer

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

type apitypesUID = types.UID

type corpusCodecs struct {
	scheme *runtime.Scheme
	json   *jsonserializer.Serializer
	proto  *protobuf.Serializer
	raw    *protobuf.RawSerializer
}

func newCorpusCodecs() (*corpusCodecs, error) {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{clientgoscheme.AddToScheme, apiextensionsv1.AddToScheme, apiregistrationv1.AddToScheme} {
		if err := add(scheme); err != nil {
			return nil, err
		}
	}
	return &corpusCodecs{
		scheme: scheme,
		json:   jsonserializer.NewSerializerWithOptions(jsonserializer.DefaultMetaFactory, scheme, scheme, jsonserializer.SerializerOptions{}),
		proto:  protobuf.NewSerializer(scheme, scheme),
		raw:    protobuf.NewRawSerializer(scheme, scheme),
	}, nil
}

func encodeWith(enc runtime.Encoder, obj runtime.Object) ([]byte, error) {
	var buf bytes.Buffer
	if err := enc.Encode(obj, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// entry makes the golden case of obj (whose apiVersion and kind are set): obj is first passed
// through Go's JSON, so that the protobuf bytes are those of what a client's JSON says.
func (c *corpusCodecs) entry(name string, obj runtime.Object) (corpusEntry, error) {
	js, err := encodeWith(c.json, obj)
	if err != nil {
		return corpusEntry{}, fmt.Errorf("%s: json: %w", name, err)
	}
	gvk := obj.GetObjectKind().GroupVersionKind()
	canonical, _, err := c.json.Decode(js, &gvk, nil)
	if err != nil {
		return corpusEntry{}, fmt.Errorf("%s: json decode: %w", name, err)
	}
	if js2, _ := encodeWith(c.json, canonical); !bytes.Equal(js, js2) {
		return corpusEntry{}, fmt.Errorf("%s: does not survive JSON:\n%s\n%s", name, js, js2)
	}
	pb, err := encodeWith(c.proto, canonical)
	if err != nil {
		return corpusEntry{}, fmt.Errorf("%s: protobuf: %w", name, err)
	}
	back, _, err := c.proto.Decode(pb, &gvk, nil)
	if err != nil {
		return corpusEntry{}, fmt.Errorf("%s: protobuf decode: %w", name, err)
	}
	if pb2, _ := encodeWith(c.proto, back); !bytes.Equal(pb, pb2) {
		return corpusEntry{}, fmt.Errorf("%s: protobuf bytes change on a round trip", name)
	}
	fromPB, err := encodeWith(c.json, back)
	if err != nil {
		return corpusEntry{}, err
	}
	e := corpusEntry{
		Name: name, Message: messageName(reflect.TypeOf(obj).Elem()), JSON: string(js),
		Protobuf: base64.StdEncoding.EncodeToString(pb), Envelope: true,
	}
	if !bytes.Equal(js, fromPB) {
		e.JSONFromProtobuf = string(fromPB)
	}
	return e, nil
}

func setGVK(obj runtime.Object, gvk schema.GroupVersionKind) runtime.Object {
	obj.GetObjectKind().SetGroupVersionKind(gvk)
	return obj
}

// buildCorpus fills one object of every resource kind kube-apiserver serves with the fuzzer the
// Kubernetes round-trip tests use for external types, adds a List, a watch event, a Status,
// DeleteOptions and hand-picked objects for each special type and edge.
func buildCorpus(resources []resourceOut) ([]corpusEntry, error) {
	c, err := newCorpusCodecs()
	if err != nil {
		return nil, err
	}
	codecs := serializer.NewCodecFactory(c.scheme)
	f := fuzzer.FuzzerFor(genericfuzzer.Funcs, rand.NewSource(corpusSeed), codecs)
	var out []corpusEntry
	seen := map[schema.GroupVersionKind]bool{}
	for _, r := range resources {
		gvk := schema.GroupVersionKind{Group: r.Group, Version: r.Version, Kind: r.Kind}
		if seen[gvk] {
			continue
		}
		seen[gvk] = true
		e, err := c.fuzzed(f, gvk)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}

	// A List of two, as a list answer carries it.
	list, err := c.fuzzedList(f, schema.GroupVersionKind{Version: "v1", Kind: "ConfigMapList"}, 2)
	if err != nil {
		return nil, err
	}
	out = append(out, list)

	edges, err := c.edgeCases()
	if err != nil {
		return nil, err
	}
	out = append(out, edges...)
	return out, nil
}

func (c *corpusCodecs) fuzzed(f *randfill.Filler, gvk schema.GroupVersionKind) (corpusEntry, error) {
	var lastErr error
	// A fuzzed object that does not survive Go's own JSON (a few fields are write-only or
	// normalised) is drawn again.
	for attempt := 0; attempt < 20; attempt++ {
		obj, err := c.scheme.New(gvk)
		if err != nil {
			return corpusEntry{}, err
		}
		f.Fill(obj)
		setGVK(obj, gvk)
		name := gvk.Kind
		if gvk.Group != "" {
			name = gvk.Group + "/" + gvk.Version + "/" + gvk.Kind
		} else {
			name = gvk.Version + "/" + gvk.Kind
		}
		e, err := c.entry(name, obj)
		if err == nil {
			return e, nil
		}
		lastErr = err
	}
	return corpusEntry{}, fmt.Errorf("no fuzzed %s survives JSON: %w", gvk, lastErr)
}

func (c *corpusCodecs) fuzzedList(f *randfill.Filler, listGVK schema.GroupVersionKind, n int) (corpusEntry, error) {
	itemGVK := listGVK.GroupVersion().WithKind(listGVK.Kind[:len(listGVK.Kind)-len("List")])
	for attempt := 0; attempt < 20; attempt++ {
		list, err := c.scheme.New(listGVK)
		if err != nil {
			return corpusEntry{}, err
		}
		items := reflect.ValueOf(list).Elem().FieldByName("Items")
		ok := true
		for i := 0; i < n; i++ {
			item, _ := c.scheme.New(itemGVK)
			f.Fill(item)
			if _, err := c.entry("item", setGVK(item, itemGVK)); err != nil {
				ok = false
				break
			}
			// Items of a list carry no apiVersion/kind of their own in Go's encoding.
			item.GetObjectKind().SetGroupVersionKind(schema.GroupVersionKind{})
			items.Set(reflect.Append(items, reflect.ValueOf(item).Elem()))
		}
		if !ok {
			continue
		}
		lm := reflect.ValueOf(list).Elem().FieldByName("ListMeta").Addr().Interface().(*metav1.ListMeta)
		lm.ResourceVersion = "12345"
		setGVK(list, listGVK)
		e, err := c.entry("list/"+listGVK.Kind, list)
		if err == nil {
			return e, nil
		}
	}
	return corpusEntry{}, fmt.Errorf("no fuzzed %s survives JSON", listGVK)
}
