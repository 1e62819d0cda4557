// Validation of admissionregistration.k8s.io webhook configurations
// (pkg/apis/admissionregistration/validation).
import { isJsonObject, type JsonObject } from '../json-value.js';
import { dns1035LabelErrors, dns1123SubdomainErrors } from '../name-rules.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { arrayAt, duplicate, invalidValue, labelSelectorErrors, notSupported, objectAt, portNumErrors, required, stringAt } from './common.js';

const OPERATIONS = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const SCOPES = ['*', 'Cluster', 'Namespaced'];
const REVIEW_VERSIONS = ['v1', 'v1beta1'];
const URL_FORM = '; desired format: https://host[/path]';

/** IsFullyQualifiedName: a DNS subdomain of at least three labels. */
function fullyQualifiedNameErrors(field: string, value: string): FieldCause[] {
  if (value === '') return [required(field)];
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  const errs = dns1123SubdomainErrors(name);
  if (errs.length > 0) return [invalidValue(field, name, errs.join(','))];
  if (name.split('.').length < 3) return [invalidValue(field, name, 'should be a domain with at least three segments separated by dots')];
  return [];
}

function resourcesErrors(resources: unknown[], path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (resources.length === 0) causes.push(required(path));
  const wildcardSub = new Set<string>();
  const wildcardRes = new Set<string>();
  let doubleWildcard = false;
  let singleWildcard = false;
  let withoutSub = false;
  for (const [i, r] of resources.entries()) {
    const res = typeof r === 'string' ? r : '';
    if (res === '') {
      causes.push(required(`${path}[${i}]`));
      continue;
    }
    if (res === '*/*') doubleWildcard = true;
    if (res === '*') singleWildcard = true;
    const slash = res.indexOf('/');
    if (slash < 0) {
      withoutSub = res !== '*';
      continue;
    }
    const resource = res.slice(0, slash);
    const sub = res.slice(slash + 1);
    if (wildcardSub.has(resource)) causes.push(invalidValue(`${path}[${i}]`, res, `if '${resource}/*' is present, must not specify ${res}`));
    if (wildcardRes.has(sub)) causes.push(invalidValue(`${path}[${i}]`, res, `if '*/${sub}' is present, must not specify ${res}`));
    if (sub === '*') wildcardSub.add(resource);
    if (resource === '*') wildcardRes.add(sub);
  }
  if (resources.length > 1 && doubleWildcard) causes.push(invalidValue(path, resources, "if '*/*' is present, must not specify other resources"));
  if (singleWildcard && withoutSub) causes.push(invalidValue(path, resources, "if '*' is present, must not specify other resources without subresources"));
  return causes;
}

function ruleErrors(rule: unknown, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const operations = arrayAt(rule, 'operations');
  if (operations.length === 0) causes.push(required(`${path}.operations`));
  if (operations.length > 1 && operations.includes('*')) causes.push(invalidValue(`${path}.operations`, operations, "if '*' is present, must not specify other operations"));
  operations.forEach((op, i) => {
    if (typeof op !== 'string' || !OPERATIONS.includes(op)) causes.push(notSupported(`${path}.operations[${i}]`, op, OPERATIONS));
  });
  const groups = arrayAt(rule, 'apiGroups');
  if (groups.length === 0) causes.push(required(`${path}.apiGroups`));
  if (groups.length > 1 && groups.includes('*')) causes.push(invalidValue(`${path}.apiGroups`, groups, "if '*' is present, must not specify other API groups"));
  const versions = arrayAt(rule, 'apiVersions');
  if (versions.length === 0) causes.push(required(`${path}.apiVersions`));
  if (versions.length > 1 && versions.includes('*')) causes.push(invalidValue(`${path}.apiVersions`, versions, "if '*' is present, must not specify other API versions"));
  versions.forEach((v, i) => {
    if (v === '') causes.push(required(`${path}.apiVersions[${i}]`));
  });
  causes.push(...resourcesErrors(arrayAt(rule, 'resources'), `${path}.resources`));
  const scope = isJsonObject(rule) ? rule.scope : undefined;
  if (typeof scope === 'string' && !SCOPES.includes(scope)) causes.push(notSupported(`${path}.scope`, scope, SCOPES));
  return causes;
}

function urlErrors(field: string, url: string): FieldCause[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [required(field, `url must be a valid URL: parse ${JSON.stringify(url)}: invalid URI for request${URL_FORM}`)];
  }
  const causes: FieldCause[] = [];
  const scheme = parsed.protocol.replace(/:$/, '');
  if (scheme !== 'https') causes.push(invalidValue(field, scheme, `'https' is the only allowed URL scheme${URL_FORM}`));
  if (parsed.host === '') causes.push(invalidValue(field, parsed.host, `host must be specified${URL_FORM}`));
  if (parsed.username !== '' || parsed.password !== '') {
    const user = parsed.password === '' ? parsed.username : `${parsed.username}:${parsed.password}`;
    causes.push(invalidValue(field, user, 'user information is not permitted in the URL'));
  }
  if (parsed.hash !== '') causes.push(invalidValue(field, parsed.hash.slice(1), 'fragments are not permitted in the URL'));
  if (parsed.search !== '') causes.push(invalidValue(field, parsed.search.slice(1), 'query parameters are not permitted in the URL'));
  return causes;
}

function serviceErrors(service: JsonObject, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (stringAt(service, 'name') === '') causes.push(required(`${path}.name`, 'service name is required'));
  if (stringAt(service, 'namespace') === '') causes.push(required(`${path}.namespace`, 'service namespace is required'));
  const port = typeof service.port === 'number' ? service.port : 0;
  const portErrors = portNumErrors(port);
  if (portErrors.length > 0) causes.push(invalidValue(`${path}.port`, port, `port is not valid: ${portErrors.join(', ')}`));
  const urlPath = service.path;
  if (typeof urlPath !== 'string' || urlPath === '/' || urlPath === '') return causes;
  if (urlPath === '//') return [...causes, invalidValue(`${path}.path`, urlPath, 'segment[0] may not be empty')];
  if (!urlPath.startsWith('/')) causes.push(invalidValue(`${path}.path`, urlPath, "must start with a '/'"));
  let rest = urlPath.slice(1);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  rest.split('/').forEach((segment, i) => {
    if (segment === '') causes.push(invalidValue(`${path}.path`, urlPath, `segment[${i}] may not be empty`));
    else for (const m of dns1123SubdomainErrors(segment)) causes.push(invalidValue(`${path}.path`, urlPath, `segment[${i}]: ${m}`));
  });
  return causes;
}

function reviewVersionErrors(versions: unknown[], path: string): FieldCause[] {
  if (versions.length === 0) return [required(path, `must specify one of ${REVIEW_VERSIONS.join(', ')}`)];
  const causes: FieldCause[] = [];
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    const version = typeof v === 'string' ? v : '';
    if (seen.has(version)) {
      causes.push(invalidValue(`${path}[${i}]`, version, 'duplicate version'));
      return;
    }
    seen.add(version);
    for (const m of dns1035LabelErrors(version)) causes.push(invalidValue(`${path}[${i}]`, version, m));
  });
  if (!versions.some((v) => typeof v === 'string' && REVIEW_VERSIONS.includes(v))) causes.push(invalidValue(path, versions, `must include at least one of ${REVIEW_VERSIONS.join(', ')}`));
  return causes;
}

function webhookErrors(hook: unknown, path: string, mutating: boolean): FieldCause[] {
  const h = isJsonObject(hook) ? hook : {};
  const causes = fullyQualifiedNameErrors(`${path}.name`, stringAt(h, 'name'));
  arrayAt(h, 'rules').forEach((rule, i) => causes.push(...ruleErrors(rule, `${path}.rules[${i}]`)));
  const failurePolicy = h.failurePolicy;
  if (typeof failurePolicy === 'string' && failurePolicy !== 'Fail' && failurePolicy !== 'Ignore') causes.push(notSupported(`${path}.failurePolicy`, failurePolicy, ['Fail', 'Ignore']));
  const matchPolicy = h.matchPolicy;
  if (typeof matchPolicy === 'string' && matchPolicy !== 'Equivalent' && matchPolicy !== 'Exact') causes.push(notSupported(`${path}.matchPolicy`, matchPolicy, ['Equivalent', 'Exact']));
  const sideEffects = h.sideEffects;
  if (sideEffects === undefined || sideEffects === null) causes.push(required(`${path}.sideEffects`, 'must specify one of None, NoneOnDryRun'));
  else if (sideEffects !== 'None' && sideEffects !== 'NoneOnDryRun') causes.push(notSupported(`${path}.sideEffects`, sideEffects, ['None', 'NoneOnDryRun']));
  const timeout = h.timeoutSeconds;
  if (typeof timeout === 'number' && (timeout > 30 || timeout < 1)) causes.push(invalidValue(`${path}.timeoutSeconds`, timeout, 'the timeout value must be between 1 and 30 seconds'));
  if (mutating) {
    const reinvocation = h.reinvocationPolicy;
    if (typeof reinvocation === 'string' && reinvocation !== 'IfNeeded' && reinvocation !== 'Never') causes.push(notSupported(`${path}.reinvocationPolicy`, reinvocation, ['IfNeeded', 'Never']));
  }
  causes.push(...labelSelectorErrors(h.namespaceSelector, `${path}.namespaceSelector`), ...labelSelectorErrors(h.objectSelector, `${path}.objectSelector`));
  const config = objectAt(h, 'clientConfig') ?? {};
  const url = config.url;
  const service = objectAt(config, 'service');
  const hasUrl = typeof url === 'string';
  if (hasUrl && service === undefined) causes.push(...urlErrors(`${path}.clientConfig.url`, url));
  else if (!hasUrl && service !== undefined) causes.push(...serviceErrors(service, `${path}.clientConfig.service`));
  else causes.push(required(`${path}.clientConfig`, 'exactly one of url or service is required'));
  return causes;
}

function configurationErrors(obj: JsonObject, mutating: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  const names = new Set<string>();
  arrayAt(obj, 'webhooks').forEach((hook, i) => {
    const path = `webhooks[${i}]`;
    causes.push(...webhookErrors(hook, path, mutating));
    causes.push(...reviewVersionErrors(arrayAt(hook, 'admissionReviewVersions'), `${path}.admissionReviewVersions`));
    const name = stringAt(hook, 'name');
    if (name !== '') {
      if (names.has(name)) causes.push(duplicate(`${path}.name`, name));
      names.add(name);
    }
  });
  return causes;
}

/** ValidatingWebhookConfiguration: names, rules, policies, side effects, timeouts, client config, review versions. */
export const validatingWebhookValidation: KindStrategy = {
  validate: (obj) => configurationErrors(obj, false),
  validateUpdate: (obj) => configurationErrors(obj, false),
};

/** MutatingWebhookConfiguration: as validating ones, and the reinvocation policy. */
export const mutatingWebhookValidation: KindStrategy = {
  validate: (obj) => configurationErrors(obj, true),
  validateUpdate: (obj) => configurationErrors(obj, true),
};
