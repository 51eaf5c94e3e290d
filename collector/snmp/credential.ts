/** SNMPv3 authentication protocols vigil accepts (net-snmp names). */
export const AUTH_PROTOCOLS = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
/** One SNMPv3 authentication protocol. */
export type AuthProtocol = (typeof AUTH_PROTOCOLS)[number];
/** SNMPv3 privacy protocols vigil accepts (net-snmp names; `aes` is AES-128-CFB). */
export const PRIV_PROTOCOLS = ['des', 'aes', 'aes256b', 'aes256r'] as const;
/** One SNMPv3 privacy protocol. */
export type PrivProtocol = (typeof PRIV_PROTOCOLS)[number];

/** A community-based credential set (v1 or v2c). */
export interface CommunityCredential {
  name: string;
  version: '1' | '2c';
  community: string;
}

/**
 * A user-based (v3) credential set. The security level follows from the keys present:
 * both keys = authPriv, only `authKey` = authNoPriv, none = noAuthNoPriv.
 */
export interface UsmCredential {
  name: string;
  version: '3';
  user: string;
  authProtocol?: AuthProtocol;
  authKey?: string;
  privProtocol?: PrivProtocol;
  privKey?: string;
}

/**
 * One named SNMP credential set (config `snmp.credentials[]`, secrets already resolved). Targets,
 * the trap listener and discovery refer to these by name.
 */
export type SnmpCredential = CommunityCredential | UsmCredential;

/** The v3 security level a credential set implies. */
export function securityLevel(c: UsmCredential): 'noAuthNoPriv' | 'authNoPriv' | 'authPriv' {
  if (c.authKey && c.privKey) return 'authPriv';
  return c.authKey ? 'authNoPriv' : 'noAuthNoPriv';
}

/**
 * Why a credential set cannot be used, or null when it is fine. net-snmp refuses keys shorter than
 * 8 characters only at the first request; checking here turns that into a config error.
 */
export function credentialProblem(c: SnmpCredential): string | null {
  if (c.version !== '3') {
    if (c.community.length === 0) return 'the community is empty';
    if (c.community.length > 255) return 'the community is longer than 255 characters';
    return null;
  }
  if (c.user.length === 0 || c.user.length > 32) return 'the user name must be 1 to 32 characters';
  if (c.privKey && !c.authKey) return 'a privKey needs an authKey too (authPriv)';
  if (c.authKey !== undefined && c.authKey.length < 8) return 'authKey must be at least 8 characters';
  if (c.privKey !== undefined && c.privKey.length < 8) return 'privKey must be at least 8 characters';
  return null;
}
