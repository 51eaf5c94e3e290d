import { describe, expect, it } from 'vitest';
import { decideGuardrails, type GuardrailHistory } from './guardrails.js';
import type { RuleGuardrails } from './rule.js';

const MINUTE = 60_000;
const NOW = 1_000 * MINUTE;

const rule = (overrides: Partial<RuleGuardrails> = {}): RuleGuardrails => ({
  cooldownMs: 10 * MINUTE,
  maxAttempts: 3,
  perCi: { count: 2, windowMs: 60 * MINUTE },
  perAction: { count: 5, windowMs: 60 * MINUTE },
  approval: false,
  dryRun: false,
  ...overrides,
});

const quiet: GuardrailHistory = {
  inFlight: 0,
  attempts: 0,
  lastRunAt: null,
  recentOnCi: 0,
  recentOfAction: 0,
  running: 0,
};

const decide = (history: Partial<GuardrailHistory>, guardrails = rule(), options = {}) =>
  decideGuardrails(guardrails, { ...quiet, ...history }, NOW, {
    maxConcurrent: 2,
    dryRun: false,
    ...options,
  });

describe('decideGuardrails', () => {
  it('allows a first run that executes at once', () => {
    expect(decide({})).toEqual({ allow: true, dryRun: false, approval: false });
  });

  it('refuses while a change of the rule for the incident is still open', () => {
    expect(decide({ inFlight: 1 })).toMatchObject({ allow: false, guardrail: 'in_flight' });
  });

  it('refuses after maxAttempts runs for the incident, allows the one before', () => {
    expect(decide({ attempts: 2 })).toMatchObject({ allow: true });
    expect(decide({ attempts: 3 })).toMatchObject({
      allow: false,
      guardrail: 'max_attempts',
      detail: '3 of 3 attempts for this incident used',
    });
  });

  it('refuses within the cooldown and allows exactly at its end', () => {
    expect(decide({ lastRunAt: NOW - 10 * MINUTE + 1 })).toMatchObject({
      allow: false,
      guardrail: 'cooldown',
    });
    expect(decide({ lastRunAt: NOW - 10 * MINUTE })).toMatchObject({ allow: true });
    expect(decide({ lastRunAt: NOW }, rule({ cooldownMs: 0 }))).toMatchObject({ allow: true });
  });

  it('applies the per-CI rate limit at its count, and not at all without one', () => {
    expect(decide({ recentOnCi: 1 })).toMatchObject({ allow: true });
    expect(decide({ recentOnCi: 2 })).toMatchObject({ allow: false, guardrail: 'rate_limit_ci' });
    expect(decide({ recentOnCi: 1000 }, rule({ perCi: null }))).toMatchObject({ allow: true });
  });

  it('applies the per-action rate limit at its count, and not at all without one', () => {
    expect(decide({ recentOfAction: 4 })).toMatchObject({ allow: true });
    expect(decide({ recentOfAction: 5 })).toMatchObject({ allow: false, guardrail: 'rate_limit_action' });
    expect(decide({ recentOfAction: 1000 }, rule({ perAction: null }))).toMatchObject({ allow: true });
  });

  it('applies the concurrency limit only to runs that execute at once', () => {
    expect(decide({ running: 1 })).toMatchObject({ allow: true });
    expect(decide({ running: 2 })).toMatchObject({ allow: false, guardrail: 'concurrency' });
    expect(decide({ running: 2 }, rule({ approval: true }))).toEqual({
      allow: true,
      dryRun: false,
      approval: true,
    });
    expect(decide({ running: 2 }, rule({ dryRun: true }))).toEqual({
      allow: true,
      dryRun: true,
      approval: false,
    });
  });

  it('turns any rule into a dry run when the global dry run is on, and a dry run needs no approval', () => {
    expect(decide({}, rule({ approval: true }), { dryRun: true })).toEqual({
      allow: true,
      dryRun: true,
      approval: false,
    });
  });

  it('checks a dry run against the same guardrails, so its record says what would have happened', () => {
    expect(decide({ attempts: 3 }, rule({ dryRun: true }))).toMatchObject({
      allow: false,
      guardrail: 'max_attempts',
    });
  });

  it('reports the first guardrail in order when several refuse', () => {
    expect(decide({ inFlight: 1, attempts: 9, lastRunAt: NOW, recentOnCi: 9, running: 9 })).toMatchObject({
      guardrail: 'in_flight',
    });
    expect(decide({ attempts: 9, lastRunAt: NOW, recentOnCi: 9 })).toMatchObject({
      guardrail: 'max_attempts',
    });
    expect(decide({ lastRunAt: NOW, recentOnCi: 9, recentOfAction: 9 })).toMatchObject({
      guardrail: 'cooldown',
    });
    expect(decide({ recentOnCi: 9, recentOfAction: 9 })).toMatchObject({ guardrail: 'rate_limit_ci' });
  });
});
