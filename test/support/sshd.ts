/** The private sshd helpers live with the bench (built into dist/); tests use the same code. */
export {
  createTestUser,
  freePort,
  startSshd,
  type TestSshd,
  type TestSshdOptions,
  type TestUser,
} from '../../bench/support/private-sshd.js';
