// The window loads while the core starts (the database opens). Calls its page makes before the
// core's IPC handler exists would be dropped by Electron, so they are held and handed, in order,
// to the handler once it is there.
interface Channel {
  on(channel: string, listener: (...args: unknown[]) => void): unknown;
  off(channel: string, listener: (...args: unknown[]) => void): unknown;
  emit(channel: string, ...args: unknown[]): boolean;
}

/** Holds what arrives on `channel` until `release`, which sends it again to the listeners attached by then. */
export function holdEarlyCalls(ipc: Channel, channel: string): { release(): void } {
  const held: unknown[][] = [];
  const hold = (...args: unknown[]) => void held.push(args);
  ipc.on(channel, hold);
  return {
    release() {
      ipc.off(channel, hold);
      for (const args of held.splice(0)) ipc.emit(channel, ...args);
    },
  };
}
