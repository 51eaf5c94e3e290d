import { BoundedOutput } from './bounded-output.js';
import type { ActionResult } from './change.js';

/**
 * POSTs a JSON body (serialised by `JSON.stringify`, so event values are escaped JSON strings, never
 * raw text) to a configured webhook. A 2xx answer is success; the answer body is kept, bounded.
 * Redirects are not followed: the allow-listed URL is the only place the body goes.
 */
export async function postWebhook(
  url: string,
  headers: Readonly<Record<string, string>>,
  body: unknown,
  options: { timeoutMs: number; maxOutputBytes: number },
): Promise<ActionResult> {
  const started = performance.now();
  const output = new BoundedOutput(options.maxOutputBytes);
  const result = (partial: Partial<ActionResult>): ActionResult => ({
    ok: false,
    exitCode: null,
    stdout: output.text(),
    stderr: '',
    truncated: output.truncated,
    durationMs: Math.round(performance.now() - started),
    timedOut: false,
    error: null,
    ...partial,
  });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: controller.signal,
    });
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        output.push(Buffer.from(value));
        if (output.truncated) {
          await reader.cancel();
          break;
        }
      }
    }
    const ok = response.status >= 200 && response.status < 300;
    return result({
      ok,
      httpStatus: response.status,
      stdout: output.text(),
      truncated: output.truncated,
      error: ok ? null : `the webhook answered HTTP ${response.status}`,
    });
  } catch (error) {
    const timedOut = controller.signal.aborted;
    return result({
      timedOut,
      error: timedOut
        ? `timed out after ${options.timeoutMs} ms`
        : `cannot reach the webhook: ${describe(error)}`,
    });
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
