import { Value } from 'typebox/value';
import { notifyProblems } from '../correlator/notify/setup.js';
import type { ConfigPath } from './config-path.js';
import { toNotifyConfig } from './notify-config.js';
import { Notify } from './notify-schema.js';

type Problem = { readonly path: ConfigPath; readonly reason: string };

/**
 * What the `notify` schema cannot say: a webhook needs a `url`, a pagerduty receiver a
 * `routingKey`; names are unique; routes name receivers that exist; templates use known
 * placeholders; matchers parse; backoffs are ordered. Both stores keep the outbox, so the store
 * kind no longer matters. Runs only when the section passed the schema.
 */
export function notifyConfigProblems(section: unknown): Problem[] {
  if (!Value.Check(Notify, section)) return [];
  const problems: Problem[] = [];
  section.receivers.forEach((r, i) => {
    if (r.kind === 'webhook' && r.url === undefined)
      problems.push({ path: ['notify', 'receivers', i], reason: 'a webhook receiver needs url' });
  });
  const config = toNotifyConfig(section);
  if (config.delivery.initialBackoffMs > config.delivery.maxBackoffMs)
    problems.push({
      path: ['notify', 'delivery', 'initialBackoff'],
      reason: 'must not be longer than notify.delivery.maxBackoff',
    });
  for (const p of notifyProblems(config)) problems.push({ path: ['notify', ...p.path], reason: p.reason });
  return problems;
}
