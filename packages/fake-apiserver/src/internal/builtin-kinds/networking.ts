// The networking.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { AGE_COLUMN, ageCell, col, list, NAME_COLUMN, printer, rec, selectorText, str } from '../table-columns.js';
import { combineStrategies } from '../strategy.js';
import { ingressClassDefaulting, ingressDefaulting, networkPolicyDefaulting } from '../strategies/networking.js';
import { ingressClassValidation, ingressValidation, networkPolicyValidation } from '../validation/networking.js';

/** `kubectl get servicecidrs` */
const SERVICE_CIDR = printer([
  NAME_COLUMN,
  col('CIDRs', 'string', 'cidrs defines the IP blocks in CIDR notation (e.g. "192.168.0.0/24" or "2001:db8::/64") from which to assign service cluster IPs. Max of two CIDRs is allowed, one of each IP family. This field is immutable.'),
  AGE_COLUMN,
], (c, now) => [
  str(rec(c.metadata).name), Array.isArray(rec(c.spec).cidrs) ? (rec(c.spec).cidrs as unknown[]).map(String).join(',') : '', ageCell(c, now),
]);

/** `kubectl get networkpolicies`: the pod selector. */
const NETWORK_POLICY = printer([
  NAME_COLUMN,
  col('Pod-Selector', 'string', 'podSelector selects the pods to which this NetworkPolicy object applies. The array of rules is applied to any pods selected by this field. An empty selector matches all pods in the policy\'s namespace. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is optional. If it is not specified, it defaults to an empty selector.'),
  AGE_COLUMN,
], (np, now) => [str(rec(np.metadata).name), selectorText(rec(np.spec).podSelector), ageCell(np, now)]);

/** `kubectl get ingressclasses`: the controller and the parameters' `Kind[.group]/name`. */
const INGRESS_CLASS = printer([
  NAME_COLUMN,
  col('Controller', 'string', 'Controller that is responsible for handling this class'),
  col('Parameters', 'string', 'A reference to a resource with additional parameters'),
  AGE_COLUMN,
], (ic, now) => {
  const spec = rec(ic.spec);
  let parameters = '<none>';
  if (spec.parameters !== undefined && spec.parameters !== null) {
    const p = rec(spec.parameters);
    parameters = `${str(p.kind)}${typeof p.apiGroup === 'string' ? `.${p.apiGroup}` : ''}/${str(p.name)}`;
  }
  return [str(rec(ic.metadata).name), str(spec.controller), parameters, ageCell(ic, now)];
});

/** Up to three rule hosts, `*` for none. */
function ingressHosts(rules: readonly Record<string, unknown>[]): string {
  const hosts = rules.slice(0, 3).map((r) => str(r.host)).filter((h) => h !== '');
  if (hosts.length === 0) return '*';
  return rules.length > 3 ? `${hosts.join(',')} + ${rules.length - 3} more...` : hosts.join(',');
}

/** The load balancer's addresses, cut to 16 characters as `kubectl get` (not wide) shows them. */
function loadBalancerText(status: unknown): string {
  const text = list(rec(rec(status).loadBalancer).ingress).map((i) => str(i.ip, str(i.hostname))).filter((a) => a !== '').join(',');
  return text.length > 16 ? `${text.slice(0, 13)}...` : text;
}

/** `kubectl get ingresses` */
const INGRESS = printer([
  NAME_COLUMN,
  col('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
  col('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
  col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
  col('Ports', 'string', 'Ports of TLS configurations that open'),
  AGE_COLUMN,
], (ing, now) => {
  const spec = rec(ing.spec);
  return [str(rec(ing.metadata).name), str(spec.ingressClassName, '<none>'), ingressHosts(list(spec.rules)), loadBalancerText(ing.status),
    list(spec.tls).length > 0 ? '80, 443' : '80', ageCell(ing, now)];
});

/** The networking.k8s.io group's kinds. */
export const NETWORKING_KINDS: readonly KindInfo[] = [
  builtin({ group: 'networking.k8s.io', plural: 'ingressclasses', columns: INGRESS_CLASS, generation: true,
    strategy: combineStrategies(ingressClassDefaulting, ingressClassValidation) }),
  builtin({ group: 'networking.k8s.io', plural: 'ingresses', columns: INGRESS, generation: true,
    strategy: combineStrategies(ingressDefaulting, ingressValidation) }),
  builtin({ group: 'networking.k8s.io', plural: 'ipaddresses' }),
  builtin({ group: 'networking.k8s.io', plural: 'networkpolicies', columns: NETWORK_POLICY, generation: true,
    strategy: combineStrategies(networkPolicyDefaulting, networkPolicyValidation) }),
  builtin({ group: 'networking.k8s.io', plural: 'servicecidrs', columns: SERVICE_CIDR }),
];
