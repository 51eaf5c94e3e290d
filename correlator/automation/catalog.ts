/** One declared parameter of a runbook, with the pattern its value must match (fully anchored). */
export interface RunbookParameter {
  name: string;
  pattern: RegExp;
}

/** A named SSH command: argv templates over its declared parameters (`{{ service }}`). */
export interface Runbook {
  name: string;
  argv: string[];
  parameters: RunbookParameter[];
  timeoutMs: number;
}

/** An allow-listed local program, run without a shell. */
export interface LocalScript {
  name: string;
  path: string;
  timeoutMs: number;
}

/** A named webhook receiver; `headers` may hold resolved secrets, so never log it. */
export interface WebhookTarget {
  name: string;
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/**
 * What automation rules may run, from the `automation` config section: the allow-list. A rule
 * naming anything not in it is refused when the rule file loads.
 */
export interface AutomationCatalog {
  runbooks: ReadonlyMap<string, Runbook>;
  scripts: ReadonlyMap<string, LocalScript>;
  webhooks: ReadonlyMap<string, WebhookTarget>;
}

/** An empty catalog: rules can run nothing. */
export const EMPTY_CATALOG: AutomationCatalog = {
  runbooks: new Map(),
  scripts: new Map(),
  webhooks: new Map(),
};

/** Default pattern of a runbook parameter: one token of safe characters, no spaces, no leading dash. */
export const DEFAULT_PARAMETER_PATTERN = '[A-Za-z0-9_.:@/+=,][A-Za-z0-9_.:@/+=,-]{0,255}';
