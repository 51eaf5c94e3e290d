import { randomUUID } from 'node:crypto';
import { type Matcher, matches, matchesAll, parseMatchers } from '../../rules/matchers.js';
import type { Clock } from '../clock/clock.js';
import { VigilError } from '../errors/vigil-error.js';
import type { AlertRecord } from '../model/records.js';
import type { Page } from '../store/contract.js';
import {
  type SilenceQuery,
  type SilenceRecord,
  type SuppressionStore,
  silenceState,
} from '../store/suppression-store.js';
import { type Mute, type Muter, suppressionLabels } from './muter.js';

/** Most matchers one silence may have. */
export const MAX_SILENCE_MATCHERS = 32;
/** Longest a silence may last: a year; longer suppression belongs in configuration. */
export const MAX_SILENCE_MS = 366 * 24 * 3_600_000;

/** What an operator sends to create a silence (times as ms since epoch). */
export interface SilenceInput {
  matchers: string[];
  startsAt?: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

interface LiveSilence {
  record: SilenceRecord;
  matchers: Matcher[];
}

/**
 * Silences (Alertmanager-like): created, listed and expired through the API, stored in the
 * `SuppressionStore`, and a `Muter` that mutes alerts matching a silence while it is active. The
 * live silences are kept in memory (loaded once, updated on every write), so deciding costs no
 * store read; pending ones start and active ones end by the clock alone.
 */
export class Silences implements Muter {
  readonly kind = 'silence';
  readonly #store: SuppressionStore;
  readonly #clock: Clock;
  readonly #newId: () => string;
  #live: LiveSilence[] | null = null;

  constructor(deps: { store: SuppressionStore; clock: Clock; newId?: () => string }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#newId = deps.newId ?? randomUUID;
  }

  async refresh(now: number): Promise<void> {
    if (this.#live === null) this.#live = (await this.#store.liveSilences(now)).map(compile);
    else if (this.#live.some((s) => s.record.endsAt <= now)) {
      this.#live = this.#live.filter((s) => s.record.endsAt > now);
    }
  }

  mutes(alert: AlertRecord, now: number): Mute | null {
    if (!this.#live || this.#live.length === 0) return null;
    let labels: Record<string, string> | undefined;
    for (const silence of this.#live) {
      const { record } = silence;
      if (now < record.startsAt || now >= record.endsAt) continue;
      labels ??= suppressionLabels(alert);
      if (matchesAll(silence.matchers, labels)) {
        return {
          kind: 'silence',
          name: record.id,
          detail: `silenced by ${record.createdBy} until ${new Date(record.endsAt).toISOString()}: ${record.comment}`,
        };
      }
    }
    return null;
  }

  /** Validates and stores a new silence; VIGIL_ERR_SILENCE_INVALID or VIGIL_ERR_MATCHER_INVALID on bad input. */
  async create(input: SilenceInput): Promise<SilenceRecord> {
    const now = this.#clock.now();
    const matchers = checkMatchers(input.matchers);
    // A start in the past means now, as in Alertmanager.
    const startsAt = Math.max(input.startsAt ?? now, now);
    if (!Number.isFinite(input.endsAt) || input.endsAt <= startsAt) {
      throw invalid('endsAt must be later than startsAt and than now');
    }
    if (input.endsAt - startsAt > MAX_SILENCE_MS) throw invalid('a silence may last at most 366 days');
    const record: SilenceRecord = {
      id: this.#newId(),
      matchers: input.matchers.slice(),
      startsAt,
      endsAt: input.endsAt,
      createdBy: input.createdBy,
      comment: input.comment,
      createdAt: now,
      updatedAt: now,
    };
    await this.#store.putSilence(record);
    await this.refresh(now);
    this.#live!.push({ record, matchers });
    return record;
  }

  /** Expires a silence now (a pending one never starts); VIGIL_ERR_SILENCE_EXPIRED if it already ended. */
  async expire(id: string): Promise<SilenceRecord> {
    const now = this.#clock.now();
    const record = await this.#store.getSilence(id);
    if (!record) throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Silence', id });
    if (silenceState(record, now) === 'expired') throw new VigilError('VIGIL_ERR_SILENCE_EXPIRED', { id });
    const next: SilenceRecord = {
      ...record,
      startsAt: Math.min(record.startsAt, now),
      endsAt: now,
      updatedAt: now,
    };
    await this.#store.putSilence(next);
    await this.refresh(now);
    this.#live = this.#live!.filter((s) => s.record.id !== id);
    return next;
  }

  get(id: string): Promise<SilenceRecord | null> {
    return this.#store.getSilence(id);
  }

  list(query: Omit<SilenceQuery, 'now'>): Promise<Page<SilenceRecord>> {
    return this.#store.listSilences({ ...query, now: this.#clock.now() });
  }
}

function compile(record: SilenceRecord): LiveSilence {
  return { record, matchers: parseMatchers(record.matchers) };
}

/**
 * Parses a silence's matchers: 1 to MAX_SILENCE_MATCHERS, and at least one that does not match
 * the empty string, so no silence can mute every alert (Alertmanager's rule).
 */
function checkMatchers(texts: readonly string[]): Matcher[] {
  if (texts.length === 0) throw invalid('give at least one matcher');
  if (texts.length > MAX_SILENCE_MATCHERS) throw invalid(`give at most ${MAX_SILENCE_MATCHERS} matchers`);
  const parsed = parseMatchers(texts);
  if (parsed.every((m) => matches(m, {}))) {
    throw invalid(
      'at least one matcher must not match the empty string, or the silence would mute every alert',
    );
  }
  return parsed;
}

function invalid(reason: string): VigilError {
  return new VigilError('VIGIL_ERR_SILENCE_INVALID', { reason });
}
