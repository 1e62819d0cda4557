// CustomResourceDefinition defaulting (k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1
// SetDefaults_CustomResourceDefinitionSpec): names.singular is the lower-case kind,
// names.listKind `<Kind>List`, and the conversion strategy None; a webhook service's port is 443.
import { isJsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';

/** CustomResourceDefinition: names, conversion. */
export const customResourceDefinitionDefaulting: KindStrategy = {
  default(obj) {
    const spec = obj.spec;
    if (!isJsonObject(spec)) return;
    const names = spec.names;
    if (isJsonObject(names) && typeof names.kind === 'string' && names.kind !== '') {
      if (typeof names.singular !== 'string' || names.singular === '') names.singular = names.kind.toLowerCase();
      if (typeof names.listKind !== 'string' || names.listKind === '') names.listKind = `${names.kind}List`;
    }
    if (!isJsonObject(spec.conversion)) spec.conversion = { strategy: 'None' };
    const conversion = spec.conversion as Record<string, unknown>;
    const webhook = conversion.webhook;
    if (isJsonObject(webhook) && isJsonObject(webhook.clientConfig) && isJsonObject(webhook.clientConfig.service)) {
      const service = webhook.clientConfig.service;
      if (service.port === undefined) service.port = 443;
    }
  },
};
