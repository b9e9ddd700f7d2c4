// kubectl's small formatters shared by several kinds' columns.

const ACCESS_MODE_ORDER: [string, string][] = [
  ['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP'],
];

/** "RWO,RWX" in kubectl's fixed order. */
export function accessModes(modes: string[] | undefined): string {
  const set = new Set(modes ?? []);
  return ACCESS_MODE_ORDER.filter(([m]) => set.has(m)).map(([, s]) => s).join(',');
}

/** Load balancer ingress IPs/hostnames; truncated to 16 chars unless wide. */
export function loadBalancerStatus(lb: any, wideOutput: boolean): string {
  const parts: string[] = [];
  for (const i of lb?.ingress ?? []) {
    if (i.ip) parts.push(i.ip);
    else if (i.hostname) parts.push(i.hostname);
  }
  let r = parts.join(',');
  if (!wideOutput && r.length > 16) r = `${r.slice(0, 13)}...`;
  return r;
}

/** IP:port lists capped at three entries with " + N more...". */
export function capped(list: string[], total: number, max = 3): string {
  const shown = list.slice(0, max).join(',');
  if (total > max) return `${shown} + ${total - max} more...`;
  return shown;
}

export function joinHostPort(ip: string, port: number | string): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export function boolPtr(v: unknown): string {
  if (v === undefined || v === null) return '<unset>';
  return v ? 'True' : 'False';
}
