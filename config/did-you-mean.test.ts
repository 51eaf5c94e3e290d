import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, hintFor } from './did-you-mean.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('listen', 'listen')).toBe(0);
    expect(editDistance('lisen', 'listen')).toBe(1);
    expect(editDistance('listne', 'listen')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('didYouMean', () => {
  const keys = ['listen', 'tokens', 'metricsAuth', 'limits', 'logLevel'];

  it('suggests the closest key within distance 2, ignoring case', () => {
    expect(didYouMean('lisen', keys)).toBe('listen');
    expect(didYouMean('Token', keys)).toBe('tokens');
    expect(didYouMean('metricsauth', keys)).toBe('metricsAuth');
  });

  it('suggests nothing when no key is close or several are equally close', () => {
    expect(didYouMean('database', keys)).toBeUndefined();
    expect(didYouMean('P6', ['P1', 'P2', 'P3'])).toBeUndefined();
  });

  it('formats a hint only when there is a suggestion', () => {
    expect(hintFor('lisen', keys)).toBe(' (did you mean "listen"?)');
    expect(hintFor('zzz', keys)).toBe('');
  });
});
