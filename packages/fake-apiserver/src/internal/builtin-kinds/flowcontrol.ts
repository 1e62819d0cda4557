// The flowcontrol.apiserver.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { AGE_COLUMN, ageCell, col, list, NAME_COLUMN, printer, rec, str } from '../table-columns.js';
import { combineStrategies } from '../strategy.js';
import { flowSchemaDefaulting, priorityLevelDefaulting } from '../strategies/flowcontrol.js';
import { flowSchemaValidation, priorityLevelValidation } from '../validation/flowcontrol.js';

/** `kubectl get flowschemas`: MissingPL is the Dangling condition's status (`?` until kube-apiserver sets it). */
const FLOW_SCHEMA = printer([
  NAME_COLUMN,
  col('PriorityLevel', 'string', '`name` is the name of the priority level configuration being referenced Required.'),
  col('MatchingPrecedence', 'string', '`matchingPrecedence` is used to choose among the FlowSchemas that match a given request. The chosen FlowSchema is among those with the numerically lowest (which we take to be logically highest) MatchingPrecedence.  Each MatchingPrecedence value must be ranged in [1,10000]. Note that if the precedence is not specified, it will be set to 1000 as default.'),
  col('DistinguisherMethod', 'string', '`distinguisherMethod` defines how to compute the flow distinguisher for requests that match this schema. `nil` specifies that the distinguisher is disabled and thus will always be the empty string.'),
  AGE_COLUMN,
  col('MissingPL', 'string', 'references a broken or non-existent PriorityLevelConfiguration'),
], (fs, now) => {
  const spec = rec(fs.spec);
  const dangling = list(rec(fs.status).conditions).find((c) => c.type === 'Dangling');
  return [str(rec(fs.metadata).name), str(rec(spec.priorityLevelConfiguration).name), typeof spec.matchingPrecedence === 'number' ? spec.matchingPrecedence : 0,
    str(rec(spec.distinguisherMethod).type, '<none>'), ageCell(fs, now), dangling === undefined ? '?' : str(dangling.status)];
});

/** `kubectl get prioritylevelconfigurations`: shares and queuing of a Limited level, `<none>` otherwise. */
const PRIORITY_LEVEL = printer([
  NAME_COLUMN,
  col('Type', 'string', '`type` indicates whether this priority level is subject to limitation on request execution.  A value of `"Exempt"` means that requests of this priority level are not subject to a limit (and thus are never queued) and do not detract from the capacity made available to other priority levels.  A value of `"Limited"` means that (a) requests of this priority level _are_ subject to limits and (b) some of the server\'s limited capacity is made available exclusively to this priority level. Required.'),
  col('NominalConcurrencyShares', 'string', '`nominalConcurrencyShares` (NCS) contributes to the computation of the NominalConcurrencyLimit (NominalCL) of this level. This is the number of execution seats available at this priority level. This is used both for requests dispatched from this priority level as well as requests dispatched from other priority levels borrowing seats from this level. The server\'s concurrency limit (ServerCL) is divided among the Limited priority levels in proportion to their NCS values:\n\nNominalCL(i)  = ceil( ServerCL * NCS(i) / sum_ncs ) sum_ncs = sum[priority level k] NCS(k)\n\nBigger numbers mean a larger nominal concurrency limit, at the expense of every other priority level.\n\nIf not specified, this field defaults to a value of 30.\n\nSetting this field to zero supports the construction of a "jail" for this priority level that is used to hold some request(s)'),
  col('Queues', 'string', '`queues` is the number of queues for this priority level. The queues exist independently at each apiserver. The value must be positive.  Setting it to 1 effectively precludes shufflesharding and thus makes the distinguisher method of associated flow schemas irrelevant.  This field has a default value of 64.'),
  col('HandSize', 'string', '`handSize` is a small positive number that configures the shuffle sharding of requests into queues.  When enqueuing a request at this priority level the request\'s flow identifier (a string pair) is hashed and the hash value is used to shuffle the list of queues and deal a hand of the size specified here.  The request is put into one of the shortest queues in that hand. `handSize` must be no larger than `queues`, and should be significantly smaller (so that a few heavy flows do not saturate most of the queues).  See the user-facing documentation for more extensive guidance on setting this field.  This field has a default value of 8.'),
  col('QueueLengthLimit', 'string', '`queueLengthLimit` is the maximum number of requests allowed to be waiting in a given queue of this priority level at a time; excess requests are rejected.  This value must be positive.  If not specified, it will be defaulted to 50.'),
  AGE_COLUMN,
], (pl, now) => {
  const spec = rec(pl.spec);
  const limited = spec.limited === undefined || spec.limited === null ? undefined : rec(spec.limited);
  const response = limited === undefined ? {} : rec(limited.limitResponse);
  const queuing = response.queuing === undefined || response.queuing === null ? undefined : rec(response.queuing);
  const value = (v: unknown): unknown => (typeof v === 'number' ? v : '<none>');
  return [str(rec(pl.metadata).name), str(spec.type), limited === undefined ? '<none>' : value(limited.nominalConcurrencyShares),
    queuing === undefined ? '<none>' : value(queuing.queues), queuing === undefined ? '<none>' : value(queuing.handSize),
    queuing === undefined ? '<none>' : value(queuing.queueLengthLimit), ageCell(pl, now)];
});

/** The flowcontrol.apiserver.k8s.io group's kinds. */
export const FLOWCONTROL_KINDS: readonly KindInfo[] = [
  builtin({ group: 'flowcontrol.apiserver.k8s.io', plural: 'flowschemas', columns: FLOW_SCHEMA, generation: true,
    strategy: combineStrategies(flowSchemaDefaulting, flowSchemaValidation) }),
  builtin({ group: 'flowcontrol.apiserver.k8s.io', plural: 'prioritylevelconfigurations', columns: PRIORITY_LEVEL, generation: true,
    strategy: combineStrategies(priorityLevelDefaulting, priorityLevelValidation) }),
];
