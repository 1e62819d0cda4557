# Regenerates smd-merge-cases.json from structured-merge-diff's merge tests (the fixture-based
# table tests: operations, expected object, owners, conflicts), reading the Go sources as data:
#   cd $(go env GOMODCACHE)/sigs.k8s.io/structured-merge-diff/v6@v6.4.2/merge
#   python3 <this file> . conflict_test.go deduced_test.go default_keys_test.go duplicates_test.go \
#     field_level_overrides_test.go key_test.go leaf_test.go multiple_appliers_test.go nested_test.go \
#     preserve_unknown_test.go set_test.go real_test.go obsolete_versions_test.go schema_change_test.go \
#     ignore_test.go > smd-merge-cases.json
# Cases needing version converters or schema changes are listed on stderr and left out.
import re, json, sys, os

SRC = sys.argv[1]
files = sys.argv[2:]

def tokenize(s):
    toks = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c in ' \t\r\n':
            i += 1; continue
        if s.startswith('//', i):
            j = s.find('\n', i); i = n if j < 0 else j; continue
        if s.startswith('/*', i):
            i = s.find('*/', i) + 2; continue
        if c == '`':
            j = s.find('`', i + 1); toks.append(('str', s[i+1:j])); i = j + 1; continue
        if c == '"':
            j = i + 1
            while s[j] != '"':
                j += 2 if s[j] == '\\' else 1
            toks.append(('str', json.loads(s[i:j+1]))); i = j + 1; continue
        m = re.match(r'-?\d+(\.\d+)?', s[i:])
        if m and (c.isdigit() or c == '-'):
            t = m.group(0); toks.append(('num', float(t) if '.' in t else int(t))); i += len(t); continue
        m = re.match(r'[A-Za-z_][A-Za-z_0-9]*(\.[A-Za-z_][A-Za-z_0-9]*)*', s[i:])
        if m:
            toks.append(('id', m.group(0))); i += len(m.group(0)); continue
        if s.startswith('[]', i):
            toks.append(('p', '[]')); i += 2; continue
        toks.append(('p', c)); i += 1
    return toks

class P:
    def __init__(self, toks): self.t = toks; self.i = 0
    def peek(self, k=0): return self.t[self.i + k] if self.i + k < len(self.t) else ('eof', None)
    def next(self): tok = self.t[self.i]; self.i += 1; return tok
    def expect(self, v):
        tok = self.next()
        if tok[1] != v: raise Exception(f'expected {v} got {tok} at {self.i}')
    def typename(self):
        # map[string]X, []X, X, *X
        tok = self.next()
        if tok == ('p', '[]'):
            return '[]' + self.typename()
        if tok == ('p', '*'):
            return '*' + self.typename()
        if tok[1] == 'map':
            self.expect('['); k = self.typename(); self.expect(']'); v = self.typename(); return f'map[{k}]{v}'
        return tok[1]
    def expr(self):
        tok = self.peek()
        if tok == ('p', '&'):
            self.next(); return self.expr()
        if tok[0] in ('str', 'num'):
            self.next(); return tok[1]
        if tok == ('p', '{'):
            return self.composite(None)
        if tok == ('p', '[]') or tok[1] == 'map':
            tn = self.typename(); return self.composite(tn)
        if tok[0] == 'id':
            self.next()
            name = tok[1]
            if name in ('true', 'false'): return name == 'true'
            if name == 'nil': return None
            if self.peek() == ('p', '('):
                self.next(); args = []
                while self.peek() != ('p', ')'):
                    args.append(self.expr())
                    if self.peek() == ('p', ','): self.next()
                self.next()
                return call(name, args)
            if self.peek() == ('p', '{'):
                return self.composite(name)
            return ('ident', name)
        raise Exception(f'unexpected {tok}')
    def composite(self, tn):
        self.expect('{')
        fields = {}; items = []; keyed = []
        while self.peek() != ('p', '}'):
            if self.peek()[0] == 'id' and self.peek(1) == ('p', ':'):
                k = self.next()[1]; self.next(); fields[k] = self.expr()
            else:
                e = self.expr()
                if self.peek() == ('p', ':'):
                    self.next(); keyed.append((e, self.expr()))
                else:
                    items.append(e)
            if self.peek() == ('p', ','): self.next()
        self.next()
        return {'type': tn, 'fields': fields, 'items': items, 'keyed': keyed}

def pe_of(a):
    if isinstance(a, str): return {'f': a}
    if isinstance(a, int) and not isinstance(a, bool): return {'i': a}
    if isinstance(a, dict) and 'k' in a: return a
    if isinstance(a, dict) and 'v' in a: return a
    raise Exception(f'bad path arg {a}')

def call(name, args):
    if name in ('_P', 'fieldpath.MakePathOrDie'):
        return [pe_of(a) for a in args]
    if name in ('_NS', 'fieldpath.NewSet'):
        return {'set': args}
    if name in ('_KBF', 'fieldpath.KeyByFields'):
        return {'k': sorted([[args[i], args[i+1]] for i in range(0, len(args), 2)], key=lambda x: x[0])}
    if name in ('_V', '_SV', '_IV', '_BV', 'value.NewValueInterface'):
        return {'v': args[0]}
    if name == 'fieldpath.NewVersionedSet':
        return {'versioned': args[0], 'version': args[1], 'applied': args[2]}
    if name == 'fieldpath.NewExcludeSetFilter':
        return args[0]
    if name in ('typed.YAMLObject', 'fieldpath.APIVersion', 'string', 'float64', 'int64', 'int'):
        return args[0]
    raise Exception(f'unknown call {name}')

def find_matching(s, i):
    depth = 0
    while True:
        c = s[i]
        if c == '`':
            i = s.find('`', i + 1)
        elif c == '"':
            i += 1
            while s[i] != '"': i += 2 if s[i] == '\\' else 1
        elif c == '{': depth += 1
        elif c == '}':
            depth -= 1
            if depth == 0: return i
        i += 1

def parsers(src):
    out = {}
    for m in re.finditer(r'var (\w+) = func\(\) (?:fixture\.)?(Parser|\*typed\.Parser) \{\s*(\w+), err := typed\.NewParser\(`(.*?)`\)(.*?)return (SameVersionParser\{T: \w+\.Type\("(\w+)"\)\}|\w+)', src, re.S):
        out[m.group(1)] = {'yaml': m.group(4), 'root': m.group(7)}
    out['DeducedParser'] = 'deduced'
    return out

def fixtabs(y):
    if y is None: return None
    lines = y.split('\n')
    if len(lines[0]) == 0 and len(lines) > 1: lines = lines[1:]
    prefix = len(lines[0]) - len(lines[0].lstrip('\t'))
    out = []
    for i, line in enumerate(lines):
        if i == len(lines) - 1 and line.strip() == '':
            out.append(''); break
        if not line.startswith('\t' * prefix): raise Exception('tabs')
        out.append(line[prefix:])
    return '\n'.join(out)

def opconv(o):
    kinds = {'Apply': 'apply', 'ForceApply': 'forceApply', 'Update': 'update', 'ExtractApply': 'extractApply'}
    if o['type'] not in kinds: raise Exception('unsupported op ' + str(o['type']))
    f = o['fields']
    out = {'op': kinds[o['type']], 'manager': f.get('Manager'), 'version': f.get('APIVersion'), 'object': fixtabs(f.get('Object'))}
    if 'Conflicts' in f and f['Conflicts'] is not None:
        out['conflicts'] = [{'manager': c['fields']['Manager'], 'path': c['fields']['Path']} for c in f['Conflicts']['items']]
    return out

cases = []
skipped = []
ps = {}
for fn in os.listdir(SRC):
    if fn.endswith('_test.go'): ps.update(parsers(open(os.path.join(SRC, fn)).read()))
for fn in files:
    src = open(os.path.join(SRC, fn)).read()
    for m in re.finditer(r'func (Test\w+)\(t \*testing\.T\) \{', src):
        fstart = m.end() - 1
        fend = find_matching(src, fstart)
        body = src[fstart:fend]
        run = re.search(r'\.Test\((\w+)\)', body)
        if not run:
            skipped.append(f'{fn}:{m.group(1)} (converter)'); continue
        pname = run.group(1)
        if pname not in ps:
            skipped.append(f'{fn}:{m.group(1)} (parser {pname})'); continue
        blocks = []
        for tm in re.finditer(r'map\[string\]TestCase\{', body):
            lstart = tm.end() - 1
            lend = find_matching(body, lstart)
            try:
                tree = P(tokenize(body[lstart:lend + 1])).composite('map')
                blocks.extend(tree['keyed'])
            except Exception as e:
                skipped.append(f'{fn}:{m.group(1)} ({e})')
        for tm in re.finditer(r'(?<!\])\bTestCase\{', body):
            lstart = tm.end() - 1
            lend = find_matching(body, lstart)
            try:
                tree = P(tokenize(body[lstart:lend + 1])).composite('TestCase')
                blocks.append((m.group(1), tree))
            except Exception as e:
                skipped.append(f'{fn}:{m.group(1)} ({e})')
        for (name, tc) in blocks:
            if tc.get('type') not in (None, 'TestCase'): continue
            f = tc['fields']
            try:
                unsupported = [k for k in f if k not in ('Ops', 'Object', 'APIVersion', 'Managed', 'IgnoredFields', 'IgnoreFilter')]
                if unsupported: raise Exception('fields ' + ','.join(unsupported))
                case = {'file': fn, 'test': m.group(1), 'name': name, 'schema': pname,
                        'expectError': bool(re.search(r'\.Test\(\w+\)(; err)? == nil', body)),
                        'ops': [opconv(o) for o in f['Ops']['items']]}
                if 'Object' in f: case['object'] = fixtabs(f['Object'])
                if 'APIVersion' in f: case['version'] = f['APIVersion']
                for key in ('IgnoredFields', 'IgnoreFilter'):
                    if key in f: case['ignored'] = {k: v['set'] for (k, v) in f[key]['keyed']}
                if 'Managed' in f and f['Managed'] is not None:
                    mg = {}
                    for (k, vs) in f['Managed']['keyed']:
                        mg[k] = {'version': vs['version'], 'paths': vs['versioned']['set']}
                    case['managed'] = mg
                cases.append(case)
            except Exception as e:
                skipped.append(f'{fn}:{m.group(1)}/{name} ({e})')
used = sorted({c['schema'] for c in cases})
json.dump({'source': 'sigs.k8s.io/structured-merge-diff/v6 v6.4.2 merge/*_test.go (Apache-2.0)', 'schemas': {k: ps[k] for k in used}, 'cases': cases}, sys.stdout, separators=(',', ':'))
print('\n'.join(['skipped:'] + skipped), file=sys.stderr)
print(f'{len(cases)} cases', file=sys.stderr)
