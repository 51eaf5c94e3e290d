import { describe, expect, it } from 'vitest';
import { VigilError } from '../correlator/errors/vigil-error.js';
import { formatListen, listenProblem, parseListen } from './listen.js';

describe('parseListen', () => {
  it.each([
    ['127.0.0.1:9860', { host: '127.0.0.1', port: 9860 }],
    ['0.0.0.0:1', { host: '0.0.0.0', port: 1 }],
    ['localhost:65535', { host: 'localhost', port: 65535 }],
    ['vigil.example.com:443', { host: 'vigil.example.com', port: 443 }],
    ['[::1]:9860', { host: '::1', port: 9860 }],
    ['[::]:80', { host: '::', port: 80 }],
  ])('parses %s', (value, expected) => {
    expect(parseListen(value)).toEqual(expected);
  });

  it.each([
    ['9860', 'expected HOST:PORT'],
    [':9860', 'the host is missing'],
    ['127.0.0.1:0', 'outside 1..65535'],
    ['127.0.0.1:65536', 'outside 1..65535'],
    ['127.0.0.1:http', 'expected HOST:PORT'],
    ['::1:9860', 'expected HOST:PORT'],
    ['[fe80::zz]:9860', 'not an IPv6 address'],
    ['bad_host!:80', 'neither an IPv4 address nor a host name'],
    ['-leading.example:80', 'neither an IPv4 address nor a host name'],
  ])('rejects %s', (value, reason) => {
    expect(listenProblem(value)).toContain(reason);
    expect(() => parseListen(value)).toThrow(VigilError);
    try {
      parseListen(value);
    } catch (error) {
      expect((error as VigilError).code).toBe('VIGIL_ERR_LISTEN_INVALID');
    }
  });
});

describe('formatListen', () => {
  it('puts IPv6 hosts back in brackets', () => {
    expect(formatListen({ host: '::1', port: 9860 })).toBe('[::1]:9860');
    expect(formatListen({ host: '127.0.0.1', port: 9860 })).toBe('127.0.0.1:9860');
  });
});
