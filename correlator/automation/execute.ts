import type { AutomationCatalog } from './catalog.js';
import type { ActionResult, RenderedAction } from './change.js';
import { postWebhook } from './post-webhook.js';
import type { RemoteRunner } from './remote-runner.js';
import { runScript } from './run-script.js';

/** What executing actions needs: the allow-list (webhook headers), the SSH seam and output bound. */
export interface ExecuteDeps {
  catalog: AutomationCatalog;
  /** Null until an SSH client is plugged in: runbook actions then fail with a clear reason. */
  remote: RemoteRunner | null;
  maxOutputBytes: number;
}

/** Runs a rendered action once and reports what happened; never throws. */
export async function executeAction(action: RenderedAction, deps: ExecuteDeps): Promise<ActionResult> {
  const bounds = { timeoutMs: action.timeoutMs, maxOutputBytes: deps.maxOutputBytes };
  try {
    switch (action.kind) {
      case 'script':
        return await runScript(action.path, action.argv, bounds);
      case 'webhook': {
        const webhook = deps.catalog.webhooks.get(action.webhook);
        if (!webhook) return failed(`webhook ${action.webhook} is no longer configured`);
        return await postWebhook(webhook.url, webhook.headers, action.body, bounds);
      }
      case 'ssh': {
        if (!deps.remote) return failed('no SSH runner is configured, so runbooks cannot run');
        const result = await deps.remote.run(action.target, action.argv, bounds);
        return {
          ok: result.exitCode === 0 && !result.timedOut,
          exitCode: result.exitCode,
          stdout: result.stdout.slice(0, deps.maxOutputBytes),
          stderr: result.stderr.slice(0, deps.maxOutputBytes),
          truncated: result.truncated,
          durationMs: result.durationMs,
          timedOut: result.timedOut,
          error: result.timedOut ? `timed out after ${action.timeoutMs} ms` : null,
        };
      }
    }
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  }
}

function failed(error: string): ActionResult {
  return {
    ok: false,
    exitCode: null,
    stdout: '',
    stderr: '',
    truncated: false,
    durationMs: 0,
    timedOut: false,
    error,
  };
}
