package main

// A generic encoder driven only by the generated message data, run over the corpus: it proves the
// data says everything needed to write Go's exact protobuf bytes from Go's JSON.

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protowire"
	"k8s.io/apimachinery/pkg/api/resource"
)

type dataEncoder struct {
	messages map[string]*protoMessage
}

// Values stay raw JSON text until a field's type says how to read them: the JSON of a
// RawExtension or FieldsV1 is carried byte for byte, in its own key order.
func object(raw json.RawMessage) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(raw, &m)
	return m
}

func array(raw json.RawMessage) []json.RawMessage {
	var a []json.RawMessage
	_ = json.Unmarshal(raw, &a)
	return a
}

func isNull(raw json.RawMessage) bool { return raw == nil || string(raw) == "null" }

func str(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

// verifyCorpus re-encodes every corpus entry's JSON from the message data alone and compares the
// bytes with Go's.
func verifyCorpus(data protoData, entries []corpusEntry) error {
	enc := &dataEncoder{messages: data.Messages}
	var failures []string
	for _, e := range entries {
		if e.Frame {
			continue
		}
		obj := object(json.RawMessage(e.JSON))
		got, err := enc.message(e.Message, obj)
		if err == nil && e.Envelope {
			got, err = enc.envelope(obj, got)
		}
		want, _ := base64.StdEncoding.DecodeString(e.Protobuf)
		if err != nil {
			failures = append(failures, fmt.Sprintf("%s: %v", e.Name, err))
		} else if !bytes.Equal(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			failures = append(failures, fmt.Sprintf("%s: bytes differ at %d of %d/%d: got %x… want %x…", e.Name, i, len(got), len(want),
				got[i:min(len(got), i+24)], want[i:min(len(want), i+24)]))
		}
	}
	if len(failures) > 0 {
		return fmt.Errorf("the message data does not reproduce Go's bytes:\n  %s", strings.Join(failures, "\n  "))
	}
	return nil
}

func (d *dataEncoder) envelope(obj map[string]json.RawMessage, raw []byte) ([]byte, error) {
	var typeMeta []byte
	typeMeta = appendString(typeMeta, 1, str(obj["apiVersion"]))
	typeMeta = appendString(typeMeta, 2, str(obj["kind"]))
	var u []byte
	u = protowire.AppendTag(u, 1, protowire.BytesType)
	u = protowire.AppendBytes(u, typeMeta)
	u = protowire.AppendTag(u, 2, protowire.BytesType)
	u = protowire.AppendBytes(u, raw)
	u = appendString(u, 3, "")
	u = appendString(u, 4, "")
	return append([]byte("k8s\x00"), u...), nil
}

func appendString(b []byte, num protowire.Number, s string) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

func (d *dataEncoder) message(name string, obj map[string]json.RawMessage) ([]byte, error) {
	m := d.messages[name]
	if m == nil {
		return nil, fmt.Errorf("no message %s", name)
	}
	var b []byte
	for _, f := range m.Fields {
		var v json.RawMessage
		present := false
		if f.Inline {
			v, _ = json.Marshal(obj)
			present = true
		} else if obj != nil {
			v = obj[f.Name]
			present = !isNull(v)
		}
		var err error
		b, err = d.field(b, f, v, present)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", name, f.Name, err)
		}
	}
	return b, nil
}

func (d *dataEncoder) field(b []byte, f protoField, v json.RawMessage, present bool) ([]byte, error) {
	num := protowire.Number(f.Number)
	switch {
	case f.Map != nil:
		entries := object(v)
		keys := make([]string, 0, len(entries))
		for k := range entries {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			var e []byte
			e = appendString(e, 1, k)
			val := entries[k]
			if !isNull(val) || f.Map.Value.Type == "message" {
				var err error
				e, err = d.value(e, 2, f.Map.Value, val)
				if err != nil {
					return nil, err
				}
			}
			b = protowire.AppendTag(b, num, protowire.BytesType)
			b = protowire.AppendBytes(b, e)
		}
		return b, nil
	case f.Repeated:
		for _, it := range array(v) {
			var err error
			b, err = d.value(b, num, protoValueType{Type: f.Type, Message: f.Message}, it)
			if err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	if !present {
		if f.Pointer {
			return b, nil
		}
		if f.Type == "message" && d.messages[f.Message].Special == "list" {
			return b, nil // a nil named slice is left out
		}
	}
	return d.value(b, num, protoValueType{Type: f.Type, Message: f.Message}, v)
}

func (d *dataEncoder) value(b []byte, num protowire.Number, t protoValueType, v json.RawMessage) ([]byte, error) {
	switch t.Type {
	case "message":
		m := d.messages[t.Message]
		var body []byte
		var err error
		switch m.Special {
		case "":
			body, err = d.message(t.Message, object(v))
		case "list":
			for _, it := range array(v) {
				f := m.Fields[0]
				body, err = d.value(body, 1, protoValueType{Type: f.Type, Message: f.Message}, it)
				if err != nil {
					return nil, err
				}
			}
		default:
			body, err = d.special(m, v)
		}
		if err != nil {
			return nil, err
		}
		b = protowire.AppendTag(b, num, protowire.BytesType)
		return protowire.AppendBytes(b, body), nil
	case "string":
		return appendString(b, num, str(v)), nil
	case "bytes":
		raw, err := base64.StdEncoding.DecodeString(str(v))
		if err != nil {
			return nil, err
		}
		b = protowire.AppendTag(b, num, protowire.BytesType)
		return protowire.AppendBytes(b, raw), nil
	case "bool":
		b = protowire.AppendTag(b, num, protowire.VarintType)
		return protowire.AppendVarint(b, protowire.EncodeBool(string(v) == "true")), nil
	case "int32", "int64", "uint32", "uint64":
		n := json.Number(v)
		if isNull(v) {
			n = ""
		}
		var x uint64
		if n != "" {
			if strings.HasPrefix(t.Type, "u") {
				u, err := strconv.ParseUint(string(n), 10, 64)
				if err != nil {
					return nil, err
				}
				x = u
			} else {
				i, err := strconv.ParseInt(string(n), 10, 64)
				if err != nil {
					return nil, err
				}
				x = uint64(i)
			}
		}
		b = protowire.AppendTag(b, num, protowire.VarintType)
		return protowire.AppendVarint(b, x), nil
	case "double":
		n := json.Number(v)
		if isNull(v) {
			n = ""
		}
		f := 0.0
		if n != "" {
			var err error
			if f, err = strconv.ParseFloat(string(n), 64); err != nil {
				return nil, err
			}
		}
		b = protowire.AppendTag(b, num, protowire.Fixed64Type)
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(f)), nil
	}
	return nil, fmt.Errorf("type %s", t.Type)
}

func (d *dataEncoder) special(m *protoMessage, v json.RawMessage) ([]byte, error) {
	var b []byte
	switch m.Special {
	case "Time", "MicroTime":
		s := str(v)
		if s == "" {
			return nil, nil // a zero time is an empty message
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, err
		}
		b = protowire.AppendTag(b, 1, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(t.Unix()))
		b = protowire.AppendTag(b, 2, protowire.VarintType)
		return protowire.AppendVarint(b, uint64(int64(t.Nanosecond()))), nil
	case "Quantity":
		s := "0"
		if !isNull(v) {
			s = strings.Trim(string(v), `"`)
			q, err := resource.ParseQuantity(s)
			if err != nil {
				return nil, err
			}
			s = q.String()
		}
		return appendString(b, 1, s), nil
	case "IntOrString":
		isStr := false
		var iv int64
		var sv string
		if strings.HasPrefix(string(v), `"`) {
			isStr, sv = true, str(v)
		} else if !isNull(v) {
			n, err := strconv.ParseInt(string(v), 10, 64)
			if err != nil {
				return nil, err
			}
			iv = n
		}
		typ := uint64(0)
		if isStr {
			typ = 1
		}
		b = protowire.AppendTag(b, 1, protowire.VarintType)
		b = protowire.AppendVarint(b, typ)
		b = protowire.AppendTag(b, 2, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(iv))
		return appendString(b, 3, sv), nil
	case "RawExtension", "FieldsV1", "JSON":
		if isNull(v) {
			return nil, nil
		}
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		return protowire.AppendBytes(b, v), nil
	}
	return nil, fmt.Errorf("special %s is not handled by the check", m.Special)
}
