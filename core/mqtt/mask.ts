/** A broker URL fit to show: any user name and password in it become `***`. */
export function maskCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '***';
    u.password = u.password ? '***' : '';
    return u.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** A URL without any user name and password in it. */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1');
}

/** Text with host:port pairs cut to the host, for callers who may not learn the port. */
export const withoutPorts = (text: string) => text.replace(/((?:\d{1,3}\.){3}\d{1,3}|localhost|\[[0-9a-f:]+\]|[a-z0-9.-]+\.[a-z]{2,}):\d{1,5}\b/gi, '$1');
