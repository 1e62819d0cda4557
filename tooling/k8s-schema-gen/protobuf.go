package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	openapiv2 "github.com/google/gnostic-models/openapiv2"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// protoValueType is how a value looks on the wire: a scalar or a message.
type protoValueType struct {
	Type    string `json:"type"`
	Message string `json:"message,omitempty"`
}

type protoMap struct {
	Key   string         `json:"key"`
	Value protoValueType `json:"value"`
}

type protoField struct {
	Name      string    `json:"name"`
	Number    int       `json:"number"`
	Type      string    `json:"type"`
	Message   string    `json:"message,omitempty"`
	Repeated  bool      `json:"repeated,omitempty"`
	Packed    bool      `json:"packed,omitempty"`
	Pointer   bool      `json:"pointer,omitempty"`
	Map       *protoMap `json:"map,omitempty"`
	OmitEmpty bool      `json:"omitEmpty,omitempty"`
	OmitZero  bool      `json:"omitZero,omitempty"`
	Inline    bool      `json:"inline,omitempty"`
	GoType    string    `json:"goType"`
}

type protoMessage struct {
	Fields []protoField `json:"fields"`
	// Special names a Go type whose JSON form is not its message fields.
	Special string `json:"special,omitempty"`
	// TypeMeta is set when the Go struct embeds TypeMeta inline: JSON carries apiVersion and kind,
	// the message does not (they travel in the runtime.Unknown envelope).
	TypeMeta bool `json:"typeMeta,omitempty"`
	// JSONOrder lists the field numbers in Go's declaration order (the order of Go's JSON) when
	// it is not the number order.
	JSONOrder []int  `json:"jsonOrder,omitempty"`
	GoType    string `json:"goType"`
}

type protoData struct {
	Messages map[string]*protoMessage `json:"messages"`
}

var (
	timeType        = reflect.TypeFor[metav1.Time]()
	microTimeType   = reflect.TypeFor[metav1.MicroTime]()
	durationType    = reflect.TypeFor[metav1.Duration]()
	quantityType    = reflect.TypeFor[resource.Quantity]()
	intOrStringType = reflect.TypeFor[intstr.IntOrString]()
	rawExtType      = reflect.TypeFor[runtime.RawExtension]()
	fieldsV1Type    = reflect.TypeFor[metav1.FieldsV1]()
	unknownType     = reflect.TypeFor[runtime.Unknown]()
	typeMetaType    = reflect.TypeFor[metav1.TypeMeta]()
	timestampType   = reflect.TypeFor[metav1.Timestamp]()
)

// specialOf names the Go types whose JSON is not their protobuf fields.
func specialOf(t reflect.Type) string {
	switch t {
	case timeType:
		return "Time"
	case microTimeType:
		return "MicroTime"
	case durationType:
		return "Duration"
	case quantityType:
		return "Quantity"
	case intOrStringType:
		return "IntOrString"
	case rawExtType:
		return "RawExtension"
	case fieldsV1Type:
		return "FieldsV1"
	case unknownType:
		return "Unknown"
	}
	return ""
}

// protoPackage is the protobuf package go-to-protobuf gives a Go package: the import path with
// '/' as '.' and '-' as '_'.
func protoPackage(pkgPath string) string {
	return strings.ReplaceAll(strings.ReplaceAll(pkgPath, "/", "."), "-", "_")
}

func messageName(t reflect.Type) string {
	return protoPackage(t.PkgPath()) + "." + t.Name()
}

type protoTag struct {
	wire   string
	number int
	rep    bool
	name   string
}

func parseProtoTag(tag string) (protoTag, bool) {
	if tag == "" || tag == "-" {
		return protoTag{}, false
	}
	parts := strings.Split(tag, ",")
	if len(parts) < 3 {
		panic("bad protobuf tag " + tag)
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil {
		panic("bad protobuf tag " + tag)
	}
	pt := protoTag{wire: parts[0], number: n, rep: parts[2] == "rep"}
	for _, p := range parts[3:] {
		if v, ok := strings.CutPrefix(p, "name="); ok {
			pt.name = v
		}
	}
	return pt, true
}

type protoBuilder struct {
	data       protoData
	warnings   []string
	customJSON []string
	lastOrder  []int
}

var jsonMarshaler = reflect.TypeFor[json.Marshaler]()

func newProtoBuilder() *protoBuilder {
	return &protoBuilder{data: protoData{Messages: map[string]*protoMessage{}}}
}

// scalar maps a Go kind (with the tag's wire type) to a protobuf scalar type.
func scalar(t reflect.Type, wire string) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "bool"
	case reflect.Int32:
		return "int32"
	case reflect.Int64, reflect.Int:
		return "int64"
	case reflect.Uint32:
		return "uint32"
	case reflect.Uint64, reflect.Uint:
		return "uint64"
	case reflect.Float64:
		return "double"
	case reflect.Float32:
		return "float"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "bytes"
		}
	}
	panic(fmt.Sprintf("no protobuf scalar for %s (wire %s)", t, wire))
}

// valueType is the wire form of one value of Go type t (not repeated).
func (b *protoBuilder) valueType(t reflect.Type, wire string) protoValueType {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Kind() == reflect.Struct:
		return protoValueType{Type: "message", Message: b.addStruct(t)}
	case t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8:
		if t.Name() == "" {
			panic(fmt.Sprintf("unnamed slice %s as a single value", t))
		}
		// A named slice type carried as a message of its own with `repeated items = 1`.
		return protoValueType{Type: "message", Message: b.addListWrapper(t)}
	}
	return protoValueType{Type: scalar(t, wire)}
}

func (b *protoBuilder) addListWrapper(t reflect.Type) string {
	if t.Name() == "" {
		panic(fmt.Sprintf("unnamed slice %s carried as a message", t))
	}
	name := messageName(t)
	if _, ok := b.data.Messages[name]; ok {
		return name
	}
	msg := &protoMessage{Special: "list", GoType: t.PkgPath() + "." + t.Name()}
	b.data.Messages[name] = msg
	elem := b.valueType(t.Elem(), "bytes")
	msg.Fields = []protoField{{
		Name: "items", Number: 1, Type: elem.Type, Message: elem.Message, Repeated: true,
		GoType: t.Elem().String(),
	}}
	return name
}

// addStruct records the message of a Go struct and of every type it reaches; it returns the
// message's name.
func (b *protoBuilder) addStruct(t reflect.Type) string {
	name := messageName(t)
	if _, ok := b.data.Messages[name]; ok {
		return name
	}
	msg := &protoMessage{Special: specialOf(t), GoType: t.PkgPath() + "." + t.Name()}
	if msg.Special == "" && (t.Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(jsonMarshaler)) {
		// Other types with a JSON form of their own (apiextensions' JSON, JSONSchemaPropsOrBool,
		// JSONSchemaPropsOrArray, JSONSchemaPropsOrStringArray): named after the Go type.
		msg.Special = t.Name()
		b.customJSON = append(b.customJSON, msg.GoType)
	}
	b.data.Messages[name] = msg

	switch t {
	case timeType, microTimeType:
		// The message is google.protobuf.Timestamp's shape, as metav1.Timestamp declares it.
		src := b.structFields(timestampType, name)
		msg.Fields = src
		return name
	case quantityType:
		// Quantity marshals itself as `optional string string = 1` (its canonical form).
		msg.Fields = []protoField{{Name: "string", Number: 1, Type: "string", GoType: "string"}}
		return name
	}
	msg.Fields = b.structFields(t, name)
	msg.JSONOrder = b.lastOrder
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Type == typeMetaType && f.Anonymous && f.Tag.Get("protobuf") == "" {
			msg.TypeMeta = true
		}
	}
	return name
}

func (b *protoBuilder) structFields(t reflect.Type, owner string) []protoField {
	fields := []protoField{} // an empty message has "fields": [], not null
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		jsonTag := f.Tag.Get("json")
		jsonName, jsonOpts, _ := strings.Cut(jsonTag, ",")
		pt, ok := parseProtoTag(f.Tag.Get("protobuf"))
		if !ok {
			if f.IsExported() && jsonName != "-" && !(f.Anonymous && f.Type == typeMetaType) && f.Tag.Get("protobuf") != "-" {
				b.warnings = append(b.warnings, fmt.Sprintf("%s.%s: in JSON but has no protobuf tag", owner, f.Name))
			}
			continue
		}
		pf := protoField{Number: pt.number, GoType: f.Type.String()}
		opts := strings.Split(jsonOpts, ",")
		for _, o := range opts {
			switch o {
			case "omitempty":
				pf.OmitEmpty = true
			case "omitzero":
				pf.OmitZero = true
			case "inline":
				pf.Inline = true
			}
		}
		if f.Anonymous && jsonName == "" {
			pf.Inline = true
		}
		switch {
		case pf.Inline:
			pf.Name = f.Name
		case jsonName == "-":
			pf.Name = pt.name
		case jsonName == "":
			pf.Name = f.Name
		default:
			pf.Name = jsonName
		}
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			pf.Pointer = true
			ft = ft.Elem()
		}
		switch {
		case ft.Kind() == reflect.Map:
			kt, vt := ft.Key(), ft.Elem()
			keyTag, _ := parseProtoTag(f.Tag.Get("protobuf_key"))
			valTag, _ := parseProtoTag(f.Tag.Get("protobuf_val"))
			// On the wire a map is a repeated message of (key = 1, value = 2) entries.
			pf.Type = "message"
			pf.Map = &protoMap{Key: scalar(kt, keyTag.wire), Value: b.valueType(vt, valTag.wire)}
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() != reflect.Uint8 && (pt.rep || ft.Name() == ""):
			// go-to-protobuf goes by the Go type: an unnamed slice is repeated whatever the tag
			// says; a named slice type is repeated when tagged so, else a message of its own.
			v := b.valueType(ft.Elem(), pt.wire)
			pf.Type, pf.Message, pf.Repeated = v.Type, v.Message, true
		default:
			v := b.valueType(ft, pt.wire)
			pf.Type, pf.Message = v.Type, v.Message
			if v.Type == "bytes" {
				// Go writes a []byte only when it is not nil, like a pointer.
				pf.Pointer = true
			}
		}
		fields = append(fields, pf)
	}
	b.lastOrder = nil
	for i := 1; i < len(fields); i++ {
		if fields[i].Number < fields[i-1].Number {
			// Go writes JSON in declaration order, which here is not the number order.
			for _, f := range fields {
				b.lastOrder = append(b.lastOrder, f.Number)
			}
			break
		}
	}
	sort.Slice(fields, func(i, j int) bool { return fields[i].Number < fields[j].Number })
	return fields
}

// addGnostic records the messages of a protoc-generated file (OpenAPI v2's Document and what it
// reaches) from their descriptors. Proto3 semantics: scalars are left out when zero, oneof members
// and messages when unset, repeated numbers are packed.
func (b *protoBuilder) addGnostic() {
	b.addDescriptor((&openapiv2.Document{}).ProtoReflect().Descriptor())
}

func descScalar(k protoreflect.Kind) string {
	switch k {
	case protoreflect.StringKind:
		return "string"
	case protoreflect.BytesKind:
		return "bytes"
	case protoreflect.BoolKind:
		return "bool"
	case protoreflect.Int32Kind, protoreflect.EnumKind:
		return "int32"
	case protoreflect.Int64Kind:
		return "int64"
	case protoreflect.Uint32Kind:
		return "uint32"
	case protoreflect.Uint64Kind:
		return "uint64"
	case protoreflect.DoubleKind:
		return "double"
	case protoreflect.FloatKind:
		return "float"
	}
	panic("unsupported protobuf kind " + k.String())
}

func (b *protoBuilder) descValue(fd protoreflect.FieldDescriptor) protoValueType {
	if fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind {
		return protoValueType{Type: "message", Message: b.addDescriptor(fd.Message())}
	}
	return protoValueType{Type: descScalar(fd.Kind())}
}

func (b *protoBuilder) addDescriptor(md protoreflect.MessageDescriptor) string {
	name := string(md.FullName())
	if _, ok := b.data.Messages[name]; ok {
		return name
	}
	goType := name
	if mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName()); err == nil {
		rt := reflect.TypeOf(mt.Zero().Interface()).Elem()
		goType = rt.PkgPath() + "." + rt.Name()
	}
	msg := &protoMessage{GoType: goType, Fields: []protoField{}}
	b.data.Messages[name] = msg
	fds := md.Fields()
	for i := 0; i < fds.Len(); i++ {
		fd := fds.Get(i)
		pf := protoField{Name: string(fd.Name()), Number: int(fd.Number())}
		switch {
		case fd.IsMap():
			pf.Type = "message"
			pf.Map = &protoMap{Key: descScalar(fd.MapKey().Kind()), Value: b.descValue(fd.MapValue())}
			pf.GoType = "map"
		case fd.IsList():
			v := b.descValue(fd)
			pf.Type, pf.Message, pf.Repeated = v.Type, v.Message, true
			pf.Packed = fd.IsPacked()
			pf.GoType = "[]" + fd.Kind().String()
		default:
			v := b.descValue(fd)
			pf.Type, pf.Message = v.Type, v.Message
			pf.GoType = fd.Kind().String()
			if fd.ContainingOneof() != nil || fd.HasPresence() {
				pf.Pointer = true
			} else {
				pf.OmitEmpty = true
			}
		}
		msg.Fields = append(msg.Fields, pf)
	}
	sort.Slice(msg.Fields, func(i, j int) bool { return msg.Fields[i].Number < msg.Fields[j].Number })
	return name
}
