import type { Matcher } from '../../rules/matchers.js';
import type { RuleLocation } from '../../rules/rule-types.js';
import type { LocalScript, Runbook, WebhookTarget } from './catalog.js';
import type { ArgTemplate } from './template.js';

/** A compiled action: the allow-listed thing it runs and the templates that fill it. */
export type CompiledAction =
  | {
      kind: 'ssh';
      runbook: Runbook;
      host: ArgTemplate;
      port?: number;
      user?: string;
      params: ReadonlyMap<string, ArgTemplate>;
    }
  | { kind: 'script'; script: LocalScript; args: ArgTemplate[] }
  | { kind: 'webhook'; webhook: WebhookTarget; body: TemplatedJson };

/** JSON whose strings are templates; rendered value by value, never as text. */
export type TemplatedJson =
  | null
  | boolean
  | number
  | ArgTemplate
  | TemplatedJson[]
  | { [key: string]: TemplatedJson };

/** Rate limit: at most `count` runs within `windowMs`. */
export interface RateLimit {
  count: number;
  windowMs: number;
}

/** The guardrails of one rule, defaults filled. */
export interface RuleGuardrails {
  cooldownMs: number;
  maxAttempts: number;
  perCi: RateLimit | null;
  perAction: RateLimit | null;
  approval: boolean;
  dryRun: boolean;
}

/** An automation rule ready to match incidents and render its action. */
export interface AutomationRule {
  name: string;
  description: string;
  matchers: Matcher[];
  action: CompiledAction;
  rollback: CompiledAction | null;
  /** How long the monitoring signal has to recover after the action. */
  verifyMs: number;
  guardrails: RuleGuardrails;
  origin: RuleLocation;
}

/** Defaults of a rule's optional keys. */
export const RULE_DEFAULTS = {
  verifyMs: 5 * 60_000,
  cooldownMs: 10 * 60_000,
  maxAttempts: 3,
} as const;

/** `kind:name` of an action, the key of per-action rate limits and the `action` metric label. */
export function actionKey(action: CompiledAction): string {
  switch (action.kind) {
    case 'ssh':
      return `ssh:${action.runbook.name}`;
    case 'script':
      return `script:${action.script.name}`;
    case 'webhook':
      return `webhook:${action.webhook.name}`;
  }
}
