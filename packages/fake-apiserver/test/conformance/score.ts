// The conformance score as the fake's README keeps it: per area, the scenarios identical to their
// goldens out of all. The suite fails on any difference not listed in known-differences.ts, so
// while it passes, every scenario not listed there is identical.
import type { Scenario } from './scenario.js';

/** How each area is titled in the README; an area without a title is shown by its name. */
const AREA_TITLES: Readonly<Record<string, string>> = {
  protobuf: 'protobuf',
  apply: 'server-side apply',
  managedFields: 'managedFields',
  fieldValidation: 'fieldValidation',
  openapi: 'OpenAPI',
  wireShapes: 'wire shapes',
  subresources: 'subresources',
  kinds: 'built-in kinds',
  defaulting: 'defaulting',
  validation: 'validation',
  lifecycles: 'lifecycles',
  crds: 'custom resources',
};

export const SCORE_START = '<!-- conformance-score -->';
export const SCORE_END = '<!-- /conformance-score -->';

/** The README's score table (between the markers), areas in the order scenarios first name them. */
export function scoreTable(scenarios: readonly Scenario[], known: Readonly<Record<string, string>>): string {
  const areas = new Map<string, { identical: number; total: number }>();
  for (const scenario of scenarios) {
    const area = areas.get(scenario.area) ?? { identical: 0, total: 0 };
    area.total++;
    if (known[scenario.name] === undefined) area.identical++;
    areas.set(scenario.area, area);
  }
  let identical = 0;
  const rows = [...areas].map(([area, s]) => {
    identical += s.identical;
    return `| ${AREA_TITLES[area] ?? area} | ${s.identical} / ${s.total} |`;
  });
  return ['| area | identical |', '|:--|:--|', ...rows, `| **all** | **${identical} / ${scenarios.length}** |`].join('\n');
}
