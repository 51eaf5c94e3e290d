import type { OutboxEntry } from '../store/outbox-store.js';
import type { Receiver } from './setup.js';

/** Bounded reasons a delivery failed, used as metric labels and shown in the API. */
export type FailureReason =
  | 'http_5xx'
  | 'http_429'
  | 'http_408'
  | 'http_4xx'
  | 'http_3xx'
  | 'timeout'
  | 'connection'
  | 'receiver_removed'
  | 'max_age';

/** What one attempt came to. */
export type DeliveryResult =
  | { ok: true; status: number }
  | { ok: false; retryable: boolean; reason: FailureReason; message: string };

/** Sends one notification to its receiver; injectable so tests can add faults a real server cannot make. */
export type Sender = (receiver: Receiver, entry: OutboxEntry) => Promise<DeliveryResult>;

/** Bytes of a receiver's answer read at most (the rest is dropped). */
const MAX_ANSWER_BYTES = 4096;

/**
 * POSTs a notification with `Idempotency-Key: <entry id>` (receivers that honour it drop a repeat
 * after a crash between their 2xx and vigil recording it). 2xx is delivered; 5xx, 408, 429, a
 * timeout or a refused connection are retried; other answers (4xx, redirects, which are not
 * followed) go to the dead letters at once. PagerDuty's `routing_key` is added here, never stored.
 * Messages name the receiver's origin only, never its path, headers or key.
 */
export const httpSender: Sender = async (receiver, entry) => {
  const body =
    receiver.kind === 'pagerduty'
      ? { ...(entry.body as Record<string, unknown>), routing_key: receiver.routingKey }
      : entry.body;
  const headers: Record<string, string> = {
    ...(receiver.kind === 'webhook' ? receiver.headers : {}),
    'content-type': 'application/json',
    'user-agent': 'vigil-notify',
    'idempotency-key': entry.id,
  };
  const origin = new URL(receiver.url).origin;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), receiver.timeoutMs);
  try {
    const response = await fetch(receiver.url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: controller.signal,
    });
    const answer = await readBounded(response);
    const status = response.status;
    if (status >= 200 && status < 300) return { ok: true, status };
    const reason: FailureReason =
      status >= 500
        ? 'http_5xx'
        : status === 429
          ? 'http_429'
          : status === 408
            ? 'http_408'
            : status >= 400
              ? 'http_4xx'
              : 'http_3xx';
    const retryable = reason === 'http_5xx' || reason === 'http_429' || reason === 'http_408';
    const said = answer.trim() ? `: ${answer.trim().slice(0, 200)}` : '';
    return { ok: false, retryable, reason, message: `${origin} answered HTTP ${status}${said}` };
  } catch (error) {
    if (controller.signal.aborted)
      return {
        ok: false,
        retryable: true,
        reason: 'timeout',
        message: `${origin} did not answer within ${receiver.timeoutMs} ms`,
      };
    return {
      ok: false,
      retryable: true,
      reason: 'connection',
      message: `cannot reach ${origin}: ${describe(error)}`,
    };
  } finally {
    clearTimeout(timer);
  }
};

async function readBounded(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
    size += value.byteLength;
    if (size >= MAX_ANSWER_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
