// The preload exposes the tRPC bridge and nothing else.
import { exposeElectronTRPC } from 'trpc-electron/main';

process.once('loaded', () => exposeElectronTRPC());
