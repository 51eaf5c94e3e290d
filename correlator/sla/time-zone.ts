/**
 * Wall-clock arithmetic in IANA time zones with the platform's Intl (full ICU in Node 20), so
 * business hours and calendar months follow daylight-saving changes without a date library.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone name this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The local calendar fields of an instant in a zone; `weekday` is ISO (1 = Monday .. 7 = Sunday). */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** The wall-clock time of `instant` in `timeZone`. */
export function localTime(instant: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) parts[p.type] = p.value;
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
    weekday: WEEKDAYS[parts['weekday']!]!,
  };
}

/** The zone's offset from UTC at `instant`, in ms (Berlin in winter: +3,600,000). */
export function offsetAt(instant: number, timeZone: string): number {
  const l = localTime(instant, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows the given local time. A local time that
 * a spring-forward skips is moved forward by the gap (02:30 becomes 03:30, as Temporal's
 * `compatible` disambiguation); one that a fall-back repeats is its first occurrence. Fields may
 * overflow (day 32, minute 1440), as with Date.UTC.
 */
export function zonedInstant(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Intl formatting is the cost of every SLA figure: remember answers (bounded).
  const key = `${timeZone}|${wall}`;
  const known = instants.get(key);
  if (known !== undefined) return known;
  const instant = resolveWall(timeZone, wall);
  if (instants.size >= MAX_REMEMBERED) instants.clear();
  instants.set(key, instant);
  return instant;
}

const instants = new Map<string, number>();
const MAX_REMEMBERED = 200_000;

/** ISO weekday (1 = Monday .. 7 = Sunday) of a local calendar date; pure arithmetic, no zone needed. */
export function weekdayOf(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}

function resolveWall(timeZone: string, wall: number): number {
  // Offsets before and after the wall time bracket the answer; try the earlier offset first.
  const before = offsetAt(wall - 86_400_000, timeZone);
  const after = offsetAt(wall + 86_400_000, timeZone);
  for (const offset of [before, after]) {
    const candidate = wall - offset;
    if (offsetAt(candidate, timeZone) === offset) return candidate;
  }
  // Skipped wall time (spring forward): read it with the offset before the jump.
  return wall - before;
}
