import { csvField } from '../cmdb/export-csv.js';
import type { SlaReport } from './report.js';

const iso = (ms: number) => new Date(ms).toISOString();
const seconds = (ms: number | null) => (ms === null ? '' : String(Math.round(ms) / 1000));
const ratio = (r: number | null) => (r === null ? '' : r.toFixed(6));

/** The report as JSON for the API: times ISO-8601, durations in seconds, ratios 0..1. */
export function reportJson(r: SlaReport) {
  return {
    service: r.service,
    sla: r.sla,
    from: iso(r.from),
    to: iso(r.to),
    generatedAt: iso(r.generatedAt),
    members: r.members,
    periods: r.periods.map((p) => ({
      from: iso(p.from),
      to: iso(p.to),
      scheduledSeconds: p.scheduledMs / 1000,
      downtimeSeconds: p.downtimeMs / 1000,
      maintenanceSeconds: p.maintenanceMs / 1000,
      availability: p.availability,
      target: p.target,
      met: p.met,
      errorBudgetRemaining: p.errorBudgetRemaining,
      outages: p.outages.map((o) => ({ from: iso(o.start), to: iso(o.end) })),
      incidentIds: p.incidentIds,
    })),
    priorities: r.priorities.map((p) => ({
      priority: p.priority,
      incidents: p.incidents,
      responseTargetSeconds: p.responseTargetMs / 1000,
      resolutionTargetSeconds: p.resolutionTargetMs / 1000,
      responseAttainment: p.responseAttainment,
      resolutionAttainment: p.resolutionAttainment,
      mttaSeconds: p.mttaMs === null ? null : p.mttaMs / 1000,
      mttrSeconds: p.mttrMs === null ? null : p.mttrMs / 1000,
    })),
    breaches: r.breaches.map((b) =>
      b.kind === 'availability'
        ? {
            kind: b.kind,
            from: iso(b.from),
            to: iso(b.to),
            availability: b.availability,
            target: b.target,
            incidentIds: b.incidentIds,
          }
        : {
            kind: b.kind,
            incidentId: b.incidentId,
            priority: b.priority,
            tookSeconds: b.tookMs / 1000,
            targetSeconds: b.targetMs / 1000,
          },
    ),
  };
}

/** CSV columns: one row per period, per priority and per breach, told apart by `section`. */
const COLUMNS = [
  'section',
  'service',
  'from',
  'to',
  'priority',
  'target',
  'attainment',
  'met',
  'scheduled_seconds',
  'downtime_seconds',
  'error_budget_remaining',
  'mtta_seconds',
  'mttr_seconds',
  'incidents',
];

/** The report as one CSV file (RFC 4180, CRLF, formula-safe cells). */
export function reportCsv(r: SlaReport): string {
  const rows: string[][] = [COLUMNS];
  for (const p of r.periods)
    rows.push([
      'period',
      r.service,
      iso(p.from),
      iso(p.to),
      '',
      ratio(p.target),
      ratio(p.availability),
      p.met === null ? '' : String(p.met),
      seconds(p.scheduledMs),
      seconds(p.downtimeMs),
      ratio(p.errorBudgetRemaining),
      '',
      '',
      p.incidentIds.join(' '),
    ]);
  for (const p of r.priorities)
    rows.push([
      'priority',
      r.service,
      iso(r.from),
      iso(r.to),
      p.priority,
      '',
      `${ratio(p.responseAttainment)}/${ratio(p.resolutionAttainment)}`,
      '',
      '',
      '',
      '',
      seconds(p.mttaMs),
      seconds(p.mttrMs),
      String(p.incidents),
    ]);
  for (const b of r.breaches)
    rows.push(
      b.kind === 'availability'
        ? [
            'breach:availability',
            r.service,
            iso(b.from),
            iso(b.to),
            '',
            ratio(b.target),
            ratio(b.availability),
            'false',
            '',
            '',
            '',
            '',
            '',
            b.incidentIds.join(' '),
          ]
        : [
            `breach:${b.kind}`,
            r.service,
            iso(r.from),
            iso(r.to),
            b.priority,
            seconds(b.targetMs),
            seconds(b.tookMs),
            'false',
            '',
            '',
            '',
            '',
            '',
            b.incidentId,
          ],
    );
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(3)} %`);
const dur = (ms: number | null) => {
  if (ms === null) return '–';
  const m = Math.round(ms / 60_000);
  return m < 120 ? `${m} min` : `${(m / 60).toFixed(1)} h`;
};

/**
 * The report as one printable HTML page with no scripts or external resources (a strict CSP is
 * sent with it); every value from config or incidents is escaped.
 */
export function reportHtml(r: SlaReport): string {
  const e = escapeHtml;
  const periodRows = r.periods
    .map(
      (p) =>
        `<tr><td>${e(iso(p.from))}</td><td>${e(iso(p.to))}</td><td>${pct(p.availability)}</td><td>${pct(p.target)}</td>` +
        `<td class="${p.met === false ? 'bad' : 'ok'}">${p.met === null ? '–' : p.met ? 'met' : 'breached'}</td>` +
        `<td>${dur(p.downtimeMs)}</td><td>${p.errorBudgetRemaining === null ? '–' : pct(p.errorBudgetRemaining)}</td></tr>`,
    )
    .join('\n');
  const priorityRows = r.priorities
    .map(
      (p) =>
        `<tr><td>${p.priority}</td><td>${p.incidents}</td><td>${dur(p.responseTargetMs)}</td><td>${pct(p.responseAttainment)}</td>` +
        `<td>${dur(p.resolutionTargetMs)}</td><td>${pct(p.resolutionAttainment)}</td><td>${dur(p.mttaMs)}</td><td>${dur(p.mttrMs)}</td></tr>`,
    )
    .join('\n');
  const breachRows = r.breaches
    .map((b) =>
      b.kind === 'availability'
        ? `<li>Availability ${pct(b.availability)} below ${pct(b.target)} from ${e(iso(b.from))} to ${e(iso(b.to))}; incidents: ${e(b.incidentIds.join(', ') || 'none')}</li>`
        : `<li>${e(b.incidentId)} (${b.priority}) missed its ${b.kind} target: ${dur(b.tookMs)} against ${dur(b.targetMs)}</li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>SLA report: ${e(r.service)}</title>
<style>
body{font:11pt/1.4 system-ui,sans-serif;margin:2em;color:#111}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #999;padding:.3em .6em;text-align:left}
.bad{color:#a00;font-weight:bold}.ok{color:#060}@media print{body{margin:0}}
</style></head><body>
<h1>SLA report: ${e(r.service)}</h1>
<p>SLA ${e(r.sla ?? 'none')} · ${e(iso(r.from))} to ${e(iso(r.to))} · ${r.members} CIs · generated ${e(iso(r.generatedAt))}</p>
<h2>Availability</h2>
<table><thead><tr><th>From</th><th>To</th><th>Availability</th><th>Target</th><th>Result</th><th>Downtime</th><th>Error budget left</th></tr></thead>
<tbody>
${periodRows}
</tbody></table>
<h2>Response and resolution by priority</h2>
<table><thead><tr><th>Priority</th><th>Incidents</th><th>Response target</th><th>Attained</th><th>Resolution target</th><th>Attained</th><th>MTTA</th><th>MTTR</th></tr></thead>
<tbody>
${priorityRows}
</tbody></table>
<h2>Breaches</h2>
<ul>
${breachRows || '<li>none</li>'}
</ul>
</body></html>
`;
}
