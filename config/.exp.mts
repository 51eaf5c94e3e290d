import { readdirSync } from 'node:fs';
import { checkConfigFile } from './check.js';
for (const f of readdirSync('config/testdata').sort()) {
  const r = await checkConfigFile(`config/testdata/${f}`, { env: { VIGIL_SHORT_TOKEN: 'short' } });
  console.log(f, r.ok);
  for (const e of r.errors) console.log('   ', e.code, e.line, e.column, e.key, '|', e.message);
}
for (const f of readdirSync('config/examples').sort()) {
  const r = await checkConfigFile(`config/examples/${f}`, { env: { VIGIL_VIEWER_TOKEN: 'v'.repeat(20), VIGIL_AGENT_TOKEN: 'a'.repeat(20), VIGIL_OPS_TOKEN: 'o'.repeat(20), REDIS_PASSWORD: 'p@ss' }, readFile: async (p) => { if (p.startsWith('/run/secrets/')) return 'x'.repeat(24) + '\n'; const fs = await import('node:fs/promises'); return fs.readFile(p, 'utf8'); } });
  console.log(f, r.ok, JSON.stringify(r.summary ?? r.errors));
}
