// Pod and PodTemplate validation: the causes kube-apiserver v1.37.2 answers for the same objects.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types.js';
import type { JsonObject } from '../strategy.js';
import { goJson, goPodSpec, goPodTemplateSpec } from './pod-go-shape.js';
import { podTemplateValidation, podValidation, specDiff } from './pod.js';
import { causeTexts, testContext } from '../../../test/helpers/strategy-context.js';

const ctx = testContext();
const validate = (spec: JsonObject): string[] => causeTexts(podValidation.validate?.({ spec }, ctx) ?? []);
const update = (spec: JsonObject, old: JsonObject, subresource?: string): string[] =>
  causeTexts(podValidation.validateUpdate?.({ spec }, { spec: old } as unknown as KubeObject, testContext(subresource)) ?? []);

const LABEL_RULE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const base = (): JsonObject => ({
  containers: [{ name: 'a', image: 'x', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' }],
  restartPolicy: 'Always',
  dnsPolicy: 'ClusterFirst',
  terminationGracePeriodSeconds: 30,
});

describe('Pod create', () => {
  it('accepts a defaulted pod', () => {
    expect(validate(base())).toEqual([]);
  });

  it('requires containers', () => {
    expect(validate({})).toEqual(['spec.containers: Required value']);
    expect(validate({ containers: [] })).toEqual(['spec.containers: Required value']);
  });

  it('reports volumes, ports, env, mounts, resources, duplicates and policies in kube order', () => {
    const spec: JsonObject = {
      restartPolicy: 'Sometimes',
      dnsPolicy: 'Bad',
      volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }, { name: 'Bad_', emptyDir: {}, configMap: { name: 'c' } }],
      containers: [
        {
          name: 'a',
          image: 'x',
          ports: [
            { containerPort: 0, protocol: 'TCP' },
            { containerPort: 70000, protocol: 'FOO', name: 'http' },
            { containerPort: 80, name: 'http', protocol: 'TCP' },
            { containerPort: 81, name: 'Toolongportname1', protocol: 'TCP' },
          ],
          env: [{ name: '1 bad' }, { name: '' }],
          volumeMounts: [{ name: 'missing', mountPath: '/x' }, { name: 'v', mountPath: '' }],
          resources: { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1' } },
        },
        { name: 'a', image: 'y' },
      ],
    };
    expect(validate(spec)).toEqual([
      'spec.volumes[1].name: Duplicate value: "v"',
      'spec.volumes[2].configMap: Forbidden: may not specify more than 1 volume type',
      `spec.volumes[2].name: Invalid value: "Bad_": ${LABEL_RULE}`,
      'spec.containers[0].ports[0].containerPort: Required value',
      'spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].protocol: Unsupported value: "FOO": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[2].name: Duplicate value: "http"',
      'spec.containers[0].ports[3].name: Invalid value: "Toolongportname1": must be no more than 15 characters',
      'spec.containers[0].ports[3].name: Invalid value: "Toolongportname1": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].env[1].name: Required value',
      'spec.containers[0].volumeMounts[0].name: Not found: "missing"',
      'spec.containers[0].volumeMounts[1].mountPath: Required value',
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      'spec.containers[1].name: Duplicate value: "a"',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Bad": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
  });

  it('reports container policies, env names, quantities, probes, node selector, deadline and tolerations', () => {
    const spec: JsonObject = {
      activeDeadlineSeconds: 0,
      nodeSelector: { 'a b': 'c' },
      containers: [
        {
          name: 'a',
          image: 'x',
          imagePullPolicy: 'Sometimes',
          terminationMessagePolicy: 'X',
          env: [{ name: 'a=b' }],
          livenessProbe: {},
          readinessProbe: { exec: { command: ['x'] }, tcpSocket: { port: 1 } },
          resources: { limits: { memory: '-1' }, requests: { memory: '-1' } },
        },
      ],
      tolerations: [{ operator: 'Equal', value: 'x' }, { key: 'k', operator: 'Foo', effect: 'Bad' }],
    };
    expect(validate(spec)).toEqual([
      'spec.containers[0].terminationMessagePolicy: Unsupported value: "X": supported values: "File", "FallbackToLogsOnError"',
      "spec.containers[0].env[0].name: Invalid value: \"a=b\": a valid environment variable name must consist only of printable ASCII characters other than '='",
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      'spec.containers[0].resources.limits[memory]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.containers[0].resources.requests[memory]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.containers[0].livenessProbe: Required value: must specify a handler type',
      'spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
      "spec.nodeSelector: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'spec.tolerations[1].operator: Unsupported value: "Foo": supported values: "Equal", "Exists"',
      'spec.tolerations[1].effect: Unsupported value: "Bad": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });

  it('does not count a volume with errors as one a mount may name', () => {
    const spec: JsonObject = { ...base(), volumes: [{ name: 'V', emptyDir: {} }] };
    (spec.containers as JsonObject[])[0] = { name: 'a', image: 'x', volumeMounts: [{ name: 'V', mountPath: '/v' }] };
    expect(validate(spec)).toEqual([`spec.volumes[0].name: Invalid value: "V": ${LABEL_RULE}`, 'spec.containers[0].volumeMounts[0].name: Not found: "V"']);
  });
});

describe('Pod create, more rules', () => {
  it('checks volume sources, host ports, unique mount paths, probes, init containers, names, tolerations, ephemeral containers', () => {
    const spec: JsonObject = {
      nodeName: 'Bad_Node',
      hostname: 'Bad.Host',
      subdomain: 'x.y',
      volumes: [{ name: 'cm', configMap: {} }, { name: 'sec', secret: {} }, { name: 'pvc', persistentVolumeClaim: {} }, { name: 'hp', hostPath: {} }],
      initContainers: [{ name: 'init', image: 'x', livenessProbe: { exec: { command: ['a'] } } }, { name: 'c', image: 'y' }, { name: 'side', image: 'z', restartPolicy: 'Never' }],
      containers: [
        {
          name: 'c',
          image: 'x',
          ports: [{ containerPort: 80, hostPort: 70000 }],
          volumeMounts: [{ name: 'cm', mountPath: '/a' }, { name: 'sec', mountPath: '/a' }],
          livenessProbe: { exec: { command: ['a'] }, successThreshold: 2, initialDelaySeconds: -1, periodSeconds: -1 },
          startupProbe: { httpGet: { port: 80 }, failureThreshold: -1 },
        },
      ],
      tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }, { key: 'k', operator: 'Equal', value: '-bad-', tolerationSeconds: 5, effect: 'NoSchedule' }],
      ephemeralContainers: [{ name: 'e', image: 'x' }],
    };
    expect(validate(spec).map((t) => t.slice(0, 120))).toEqual([
      'spec.volumes[0].configMap.name: Required value',
      'spec.volumes[1].secret.secretName: Required value',
      'spec.volumes[2].persistentVolumeClaim.claimName: Required value',
      'spec.volumes[3].hostPath.path: Required value',
      'spec.containers[0].ports[0].hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].volumeMounts[0].name: Not found: "cm"',
      'spec.containers[0].volumeMounts[1].name: Not found: "sec"',
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/a": must be unique',
      'spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      'spec.containers[0].startupProbe.failureThreshold: Invalid value: -1: must be greater than or equal to 0',
      'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
      'spec.initContainers[1].name: Duplicate value: "c"',
      "spec.nodeName: Invalid value: \"Bad_Node\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and mu".slice(0, 120),
      "spec.hostname: Invalid value: \"Bad.Host\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start".slice(0, 120),
      'spec.subdomain: Invalid value: "x.y": must not contain dots',
      "spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'",
      "spec.tolerations[1].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
      "spec.tolerations[1].operator: Invalid value: \"-bad-\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.',".slice(0, 120),
      'spec.ephemeralContainers: Forbidden: cannot be set on create',
    ]);
  });
});

describe('security contexts', () => {
  it('checks ids, procMount, seccomp profiles, sysctls, fsGroupChangePolicy and refuses privileged containers', () => {
    const spec: JsonObject = {
      securityContext: { runAsUser: -1, runAsGroup: -2, fsGroup: -3, supplementalGroups: [-4], sysctls: [{ name: 'bad name', value: '1' }], fsGroupChangePolicy: 'Sometimes', seccompProfile: { type: 'Foo' } },
      containers: [{ name: 'c', image: 'x', securityContext: { runAsUser: -1, privileged: true, procMount: 'Weird', seccompProfile: { type: 'Localhost' } } }],
    };
    expect(validate(spec)).toEqual([
      'spec.containers[0].securityContext.privileged: Forbidden: disallowed by cluster policy',
      'spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive',
      'spec.containers[0].securityContext.procMount: Unsupported value: "Weird": supported values: "Default", "Unmasked"',
      'spec.containers[0].securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost',
      'spec.securityContext.fsGroup: Invalid value: -3: must be between 0 and 2147483647, inclusive',
      'spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive',
      'spec.securityContext.runAsGroup: Invalid value: -2: must be between 0 and 2147483647, inclusive',
      'spec.securityContext.supplementalGroups[0]: Invalid value: -4: must be between 0 and 2147483647, inclusive',
      'spec.securityContext.sysctls[0].name: Invalid value: "bad name": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$',
      'spec.securityContext.fsGroupChangePolicy: Unsupported value: "Sometimes": supported values: "Always", "OnRootMismatch"',
      'spec.securityContext.seccompProfile.type: Unsupported value: "Foo": supported values: "Localhost", "RuntimeDefault", "Unconfined"',
    ]);
  });
});

describe('scheduling fields', () => {
  it('checks node and pod affinity, DNS config for dnsPolicy None and topology spread constraints', () => {
    const spec: JsonObject = {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'Foo' }, { key: 'b', operator: 'In' }, { key: 'c', operator: 'Exists', values: ['x'] }, { key: 'd', operator: 'Gt', values: ['x'] }] }] },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }],
        },
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { a: 'b' } } }],
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, podAffinityTerm: { topologyKey: 'k' } }],
        },
      },
      topologySpreadConstraints: [{ maxSkew: 0, topologyKey: '', whenUnsatisfiable: 'Maybe', labelSelector: { matchLabels: { a: 'b' } } }],
      dnsPolicy: 'None',
      containers: [{ name: 'c', image: 'x' }],
    };
    const node = 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions';
    const anti = 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey';
    expect(validate(spec).map((t) => t.slice(0, 200))).toEqual([
      `${node}[0].operator: Invalid value: "Foo": not a valid selector operator`,
      `${node}[1].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
      `${node}[2].values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
      'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
      `${anti}: Required value: can not be empty`,
      `${anti}: Invalid value: "": name part must be non-empty`,
      `${anti}: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`.slice(0, 200),
      'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: must be in the range 1-100',
      'spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None',
      'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
      'spec.topologySpreadConstraints[0].topologyKey: Required value: can not be empty',
      'spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"',
    ]);
  });
});

describe('env, resources, handlers, readiness gates and host aliases', () => {
  it('reports them in kube order', () => {
    const spec: JsonObject = {
      imagePullSecrets: [{ name: '' }],
      hostAliases: [{ ip: 'bad', hostnames: ['Bad_Host'] }],
      readinessGates: [{ conditionType: 'bad type!' }],
      containers: [
        {
          name: 'c',
          image: 'x',
          livenessProbe: { httpGet: { port: 0, scheme: 'FTP' } },
          readinessProbe: { tcpSocket: { port: 'Bad_Name' } },
          lifecycle: { preStop: {}, postStart: { exec: {} } },
          env: [
            { name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'B', valueFrom: {} },
            { name: 'C', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } },
            { name: 'D', valueFrom: { configMapKeyRef: { key: 'bad key!', name: '' } } },
          ],
          envFrom: [{ prefix: '1=', configMapRef: { name: '' } }, {}],
          resources: { limits: { foo: '1', 'example.com/gpu': '1500m' }, requests: { foo: '1', 'example.com/gpu': '1500m' } },
        },
      ],
    };
    const fields = validate(spec).map((t) => t.slice(0, t.indexOf(': ')));
    expect(fields).toEqual([
      'spec.containers[0].env[0].valueFrom',
      'spec.containers[0].env[1].valueFrom',
      'spec.containers[0].env[2].valueFrom.fieldRef.fieldPath',
      'spec.containers[0].env[3].valueFrom.configMapKeyRef.name',
      'spec.containers[0].env[3].valueFrom.configMapKeyRef.key',
      'spec.containers[0].envFrom[0].prefix',
      'spec.containers[0].envFrom[0].configMapRef.name',
      'spec.containers[0].envFrom',
      'spec.containers[0].resources.limits[foo]',
      'spec.containers[0].resources.limits[foo]',
      'spec.containers[0].resources.limits[example.com/gpu]',
      'spec.containers[0].resources.requests[foo]',
      'spec.containers[0].resources.requests[foo]',
      'spec.containers[0].resources.requests[example.com/gpu]',
      'spec.containers[0].lifecycle.postStart.exec.command',
      'spec.containers[0].lifecycle.preStop',
      'spec.containers[0].livenessProbe.httpGet.port',
      'spec.containers[0].livenessProbe.httpGet.scheme',
      'spec.containers[0].readinessProbe.tcpSocket.port',
      'spec.readinessGates[0].conditionType',
      'spec.hostAliases[0].ip',
      'spec.hostAliases[0].hostnames[0]',
    ]);
    expect(validate(spec).slice(0, 3)).toEqual([
      'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      'spec.containers[0].env[1].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`',
      'spec.containers[0].env[2].valueFrom.fieldRef.fieldPath: Invalid value: "spec.bogus": error converting fieldPath: field label not supported: spec.bogus',
    ]);
  });
});

describe('Pod update', () => {
  it('allows new images, a deadline and added tolerations', () => {
    const next = { ...base(), containers: [{ ...(base().containers as JsonObject[])[0], image: 'new' }], activeDeadlineSeconds: 100, tolerations: [{ key: 'a', operator: 'Exists' }] };
    expect(update(next, base())).toEqual([]);
  });

  it('refuses an added container', () => {
    const next = { ...base(), containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] };
    expect(update(next, base())).toEqual(['spec.containers: Forbidden: pod updates may not add or remove containers']);
  });

  it('refuses other changes with the list of what may change and a diff', () => {
    const [text] = update({ ...base(), nodeSelector: { a: 'b' } }, base());
    expect(text).toMatch(
      /^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\),`spec.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n@@ /,
    );
    // The spec as kube's internal Go struct, marshalled with one-space indentation.
    expect(text).toContain('\n  "DNSPolicy": "ClusterFirst",\n- "NodeSelector": null,\n+ "NodeSelector": {\n+  "a": "b"\n+ },\n  "ServiceAccountName": "",\n');
  });

  it('lets an unscheduled pod lose scheduling gates and gain node selector entries', () => {
    const gated = { ...base(), schedulingGates: [{ name: 'a' }, { name: 'b' }], nodeSelector: { x: '1' } };
    expect(update({ ...gated, schedulingGates: [{ name: 'a' }] }, gated)).toEqual([]);
    expect(update({ ...gated, nodeSelector: { x: '1', y: '2' } }, gated)).toEqual([]);
    expect(update({ ...gated, schedulingGates: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }, gated)).toEqual([
      "spec.schedulingGates[2].name: Forbidden: only deletion is allowed, but found new scheduling gate 'c'",
    ]);
    expect(update({ ...gated, nodeSelector: { x: '2' } }, gated)).toEqual([
      'spec.nodeSelector: Invalid value: {"x":"2"}: only additions to spec.nodeSelector are allowed (no mutations or deletions)',
    ]);
  });

  it('lets a pod add tolerations, not change or drop them', () => {
    const tolerated = { ...base(), tolerations: [{ key: 'k', operator: 'Exists' }] };
    expect(update({ ...tolerated, tolerations: [] }, tolerated)).toEqual(['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
    expect(update({ ...tolerated, tolerations: [...tolerated.tolerations, { key: 'x', operator: 'Exists' }] }, tolerated)).toEqual([]);
    // The defaults kube's admission adds come back when a write drops them.
    const defaults = [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }];
    expect(update({ ...base(), tolerations: [] }, { ...base(), tolerations: defaults })).toEqual([]);
    const noImage = { ...tolerated, containers: [{ ...(base().containers as JsonObject[])[0], image: '' }] };
    expect(update(noImage, tolerated)).toEqual(['spec.containers[0].image: Required value']);
  });

  it('reports the spec check and the update check of activeDeadlineSeconds, and an image with spaces', () => {
    expect(update({ ...base(), activeDeadlineSeconds: -1 }, base())).toEqual([
      'spec.activeDeadlineSeconds: Invalid value: -1: must be between 1 and 2147483647, inclusive',
      'spec.activeDeadlineSeconds: Invalid value: -1: must be between 0 and 2147483647, inclusive',
    ]);
    const spaced = { ...base(), containers: [{ ...(base().containers as JsonObject[])[0], image: ' x' }] };
    expect(update(spaced, base())).toEqual(['spec.containers[0].image: Invalid value: " x": must not have leading or trailing whitespace']);
  });

  it('does not check the spec of a status write', () => {
    expect(update({ containers: [] }, base(), 'status')).toEqual([]);
  });

  it('checks a status write: condition types, the nominated node, pod and host IPs', () => {
    const status = (st: JsonObject, old: JsonObject = {}): string[] =>
      causeTexts(podValidation.validateUpdate?.({ status: st }, { status: old } as unknown as KubeObject, testContext('status')) ?? []);
    expect(status({ podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] })).toEqual([
      'status.podIPs: Invalid value: [{"IP":"10.0.0.1"},{"IP":"10.0.0.2"}]: may specify no more than one IP for each IP family',
    ]);
    expect(status({ hostIP: 'h', hostIPs: [{ ip: 'h' }], podIPs: [{ ip: 'fd00::1' }, { ip: 'y' }] })).toEqual([
      'status.podIPs[1]: Invalid value: "y": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'status.podIPs: Internal error: failed to check for dual stack with error:invalid IP[1]: y',
      'status.podIPs: Invalid value: [{"IP":"fd00::1"},{"IP":"y"}]: may specify no more than one IP for each IP family',
      'status.hostIPs[0]: Invalid value: "h": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
    const [condition, nominated, ...rest] = status({ nominatedNodeName: 'Bad_N', conditions: [{ type: 'bad type!', status: 'x' }] });
    expect(condition).toMatch(/^status\.conditions\[0\]\.Type: Invalid value: "bad type!": name part must consist of alphanumeric characters/);
    expect(nominated).toMatch(/^status\.nominatedNodeName: Invalid value: "Bad_N": a lowercase RFC 1123 subdomain/);
    expect(rest).toEqual([]);
    expect(status({ podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }], phase: 'Running' })).toEqual([]);
  });
});

describe('specDiff', () => {
  it('prints unified hunks with three lines of context', () => {
    expect(specDiff({ a: 1, b: 2 }, { a: 1, b: 3 })).toBe('@@ -1,4 +1,4 @@\n {\n  "a": 1,\n- "b": 2\n+ "b": 3\n }\n');
    expect(specDiff({ a: 1 }, { a: 1 })).toBe('');
  });
});

describe('PodTemplate', () => {
  it('validates the template at template.*', () => {
    const validateTemplate = (template: unknown): string[] => causeTexts(podTemplateValidation.validate?.({ template }, ctx) ?? []);
    expect(validateTemplate(undefined)).toEqual(['template.spec.containers: Required value']);
    expect(validateTemplate({ metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: '' }] } })).toEqual([
      'template.spec.containers[0].image: Required value',
    ]);
  });
});

describe('the Go shape of a pod spec', () => {
  it('names and orders fields as the internal struct, zero values included', () => {
    const text = goJson(goPodSpec({ containers: [{ name: 'c', image: 'y', resources: {} }], restartPolicy: 'Never', securityContext: {}, schedulerName: 'default-scheduler' }));
    expect(text).toMatch(/^\{"Volumes":null,"InitContainers":null,"Containers":\[\{"Name":"c","Image":"y","Command":null,"Args":null,"WorkingDir":"","Ports":null,/);
    expect(text).toContain('"Resources":{"Limits":null,"Requests":null,"Claims":null}');
    expect(text).toContain('"RestartPolicy":"Never","TerminationGracePeriodSeconds":null');
    expect(text).toContain('"SecurityContext":{"SELinuxOptions":null,');
    expect(text).toMatch(/"HostnameOverride":null,"SchedulingGroup":null,"EvictionResponders":null\}$/);
  });

  it('prints volumes with their embedded source, projected sources and volume mounts', () => {
    const text = goJson(goPodSpec({
      volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }], defaultMode: 420 } }, { name: 'e', emptyDir: {} }],
      containers: [{ name: 'c', image: 'x', volumeMounts: [{ name: 't', mountPath: '/t', readOnly: true }] }],
    }));
    expect(text).toContain('{"Name":"t","HostPath":null,"EmptyDir":null,"GCEPersistentDisk":null,');
    expect(text).toContain('"Projected":{"Sources":[{"Secret":null,"DownwardAPI":null,"ConfigMap":null,"ServiceAccountToken":{"Audience":"","ExpirationSeconds":3607,"Path":"token","User":null},"ClusterTrustBundle":null,"PodCertificate":null}],"DefaultMode":420,"DefaultUser":null}');
    expect(text).toContain('"EmptyDir":{"Medium":"","SizeLimit":null,"Mode":null}');
    expect(text).toContain('"VolumeMounts":[{"Name":"t","ReadOnly":true,"RecursiveReadOnly":null,"MountPath":"/t","SubPath":"","MountPropagation":null,"SubPathExpr":"","BindMountOptions":null}]');
  });

  it('sorts map keys and keeps template metadata inline', () => {
    expect(goJson(goPodTemplateSpec({ metadata: { labels: { b: '1', a: '2' } }, spec: {} }))).toMatch(/^\{"labels":\{"a":"2","b":"1"\},"Spec":\{"Volumes":null,/);
  });
});
