export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  child(ns: string): Logger;
}

export type LogSink = (line: { level: LogLevel; ns: string; msg: string; data?: Record<string, unknown> }) => void;

/** One line per entry on stderr; `stdout` of the hosts stays for what a person must read. */
export const stderrSink: LogSink = ({ level, ns, msg, data }) => {
  const extra = data ? ' ' + JSON.stringify(data, (_k, v: unknown) => (v instanceof Error ? v.message : v)) : '';
  process.stderr.write(`${new Date().toISOString()} ${level.padEnd(5)} [${ns}] ${msg}${extra}\n`);
};

export function createLogger(ns: string, level: LogLevel = 'info', sink: LogSink = stderrSink): Logger {
  const at = (l: LogLevel) => (msg: string, data?: Record<string, unknown>) => {
    if (order[l] >= order[level]) sink({ level: l, ns, msg, data });
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (sub) => createLogger(`${ns}:${sub}`, level, sink),
  };
}
