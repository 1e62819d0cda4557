// Defaulting of flowcontrol.apiserver.k8s.io kinds (pkg/apis/flowcontrol/v1/defaults.go).
import type { JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import { childObject, defaultField, ensureObject } from './json-fields.js';

/** FlowSchema: matchingPrecedence 1000; a new schema's status is empty. */
export const flowSchemaDefaulting: KindStrategy = {
  default(obj) {
    defaultField(ensureObject(obj, 'spec'), 'matchingPrecedence', 1000);
  },
  prepareForCreate(obj) {
    obj.status = {};
  },
};

function defaultQueuing(limitResponse: JsonObject | undefined): void {
  const queuing = childObject(limitResponse, 'queuing');
  if (queuing === undefined) return;
  defaultField(queuing, 'queues', 64);
  defaultField(queuing, 'handSize', 8);
  defaultField(queuing, 'queueLengthLimit', 50);
}

/** PriorityLevelConfiguration: concurrency shares (30 limited, 0 exempt), lendable percent 0, queuing 64/8/50. */
export const priorityLevelDefaulting: KindStrategy = {
  default(obj) {
    const spec = ensureObject(obj, 'spec');
    const limited = childObject(spec, 'limited');
    if (limited !== undefined) {
      defaultField(limited, 'nominalConcurrencyShares', 30);
      defaultField(limited, 'lendablePercent', 0);
      defaultQueuing(childObject(limited, 'limitResponse'));
    }
    const exempt = childObject(spec, 'exempt');
    if (exempt !== undefined) {
      defaultField(exempt, 'nominalConcurrencyShares', 0);
      defaultField(exempt, 'lendablePercent', 0);
    }
  },
  prepareForCreate(obj) {
    obj.status = {};
  },
};
