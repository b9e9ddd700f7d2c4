// Cron schedules as CronJob accepts them (robfig/cron standard parser): five fields
// minute hour day-of-month month day-of-week with `*`, `*/n`, `a-b`, `a-b/n`, lists, month and
// weekday names, `?`, and the descriptors @yearly/@annually/@monthly/@weekly/@daily/@midnight/
// @hourly. Times are UTC (the playground's controller time zone); `CRON_TZ=`/timeZone ignored.
export interface CronSchedule { minute: Set<number>; hour: Set<number>; dom: Set<number>; month: Set<number>; dow: Set<number>; domStar: boolean; dowStar: boolean }

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function field(s: string, min: number, max: number, names?: string[], nameBase = 0): Set<number> {
  const out = new Set<number>();
  const val = (x: string): number => {
    const i = names?.indexOf(x.toLowerCase()) ?? -1;
    if (i >= 0) return i + nameBase;
    if (!/^\d+$/.test(x)) throw new Error(`failed to parse int from ${x}`);
    return Number(x);
  };
  for (const part of s.split(',')) {
    const [range, stepS] = part.split('/');
    const step = stepS === undefined ? 1 : Number(stepS);
    if (!Number.isInteger(step) || step <= 0) throw new Error(`invalid step in ${part}`);
    let lo: number; let hi: number;
    if (range === '*' || range === '?') { lo = min; hi = max; }
    else if (range.includes('-')) { const [a, b] = range.split('-'); lo = val(a); hi = val(b); }
    else { lo = val(range); hi = stepS === undefined ? lo : max; }
    if (lo < min || hi > max || lo > hi) throw new Error(`end of range (${hi}) above maximum (${max}): ${part}`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export function parseCron(spec: string): CronSchedule {
  let s = spec.trim().replace(/^(CRON_)?TZ=\S+\s+/, '');
  if (s.startsWith('@')) {
    const d = DESCRIPTORS[s.toLowerCase()];
    if (!d) throw new Error(`unrecognized descriptor: ${s}`);
    s = d;
  }
  const f = s.split(/\s+/);
  if (f.length !== 5) throw new Error(`expected exactly 5 fields, found ${f.length}: ${spec}`);
  const dow = field(f[4], 0, 7, DAYS);
  if (dow.has(7)) { dow.delete(7); dow.add(0); }
  return {
    minute: field(f[0], 0, 59), hour: field(f[1], 0, 23), dom: field(f[2], 1, 31), month: field(f[3], 1, 12, MONTHS, 1), dow,
    domStar: f[2] === '*' || f[2] === '?', dowStar: f[4] === '*' || f[4] === '?',
  };
}

function dayMatches(c: CronSchedule, d: Date): boolean {
  const dom = c.dom.has(d.getUTCDate());
  const dow = c.dow.has(d.getUTCDay());
  if (c.domStar || c.dowStar) return dom && dow;
  return dom || dow;
}

/** The first scheduled time strictly after `after` (ms), searching at most ~5 years. */
export function nextAfter(c: CronSchedule, after: number): number | undefined {
  const d = new Date(Math.floor(after / 60_000) * 60_000 + 60_000);
  const limit = after + 5 * 366 * 86_400_000;
  while (d.getTime() < limit) {
    if (!c.month.has(d.getUTCMonth() + 1)) { d.setUTCMonth(d.getUTCMonth() + 1, 1); d.setUTCHours(0, 0, 0, 0); continue; }
    if (!dayMatches(c, d)) { d.setUTCDate(d.getUTCDate() + 1); d.setUTCHours(0, 0, 0, 0); continue; }
    if (!c.hour.has(d.getUTCHours())) { d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0); continue; }
    if (!c.minute.has(d.getUTCMinutes())) { d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0); continue; }
    return d.getTime();
  }
  return undefined;
}

/** The most recent scheduled time in (since, now], and how many were missed (capped at 101). */
export function mostRecent(c: CronSchedule, since: number, now: number): { time?: number; missed: number } {
  let t = nextAfter(c, since);
  let last: number | undefined;
  let missed = 0;
  while (t !== undefined && t <= now) {
    last = t; missed++;
    if (missed > 100) break;
    t = nextAfter(c, t);
  }
  return { time: last, missed };
}
