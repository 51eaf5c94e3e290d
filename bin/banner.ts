import type { ListenAddress } from '../config/listen.js';
import { formatListen } from '../config/listen.js';

/** What the start-up banner reports. */
export interface BannerFacts {
  listen: ListenAddress;
  dataDir: string;
  storePath: string;
  hostMonitoring: boolean;
  rules: number;
  adminToken: { path: string; created: boolean } | null;
  configFile: string | null;
}

/**
 * The human start-up message of `vigil run`: where the API is, where state lives, and the exact
 * command to try first. Printed to stderr so stdout stays machine-readable.
 */
export function startupBanner(facts: BannerFacts): string {
  const address = formatListen(facts.listen);
  const base = `http://${address}`;
  const lines = [
    `vigil is running`,
    `  API and /metrics   ${base}  (OpenAPI: ${base}/openapi.json)`,
    `  config             ${facts.configFile ?? 'none (defaults; see config/examples/)'}`,
    `  state              ${facts.storePath}`,
    `  host monitoring    ${facts.hostMonitoring ? `on, ${facts.rules} threshold rules` : 'off'}`,
  ];
  if (facts.adminToken) {
    lines.push(
      `  admin token        ${facts.adminToken.path}${facts.adminToken.created ? ' (new)' : ''}`,
      '',
      '  Try it:',
      `    curl -s -H "Authorization: Bearer $(cat ${facts.adminToken.path})" ${base}/api/v1/incidents`,
    );
  } else {
    lines.push(`  tokens             from the config (server.tokens) and VIGIL_ADMIN_TOKEN`);
  }
  lines.push(`    curl -s ${base}/metrics | grep ^vigil_`, '');
  return lines.join('\n');
}
