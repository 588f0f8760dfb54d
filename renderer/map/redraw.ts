// A render budget for live sources: data arriving many times a second reaches the
// map at most once per frame, and where WebGL runs in software (no GPU: virtual
// desktops, remote sessions) at most a few times a second, as each redraw there
// costs 100 ms or more of the page's only thread.

/** Redraws per second of live data where WebGL runs in software, unless configured otherwise. */
export const SOFTWARE_REDRAW_HZ = 2;
/** Where the page's own setting lives (`localStorage`), e.g. "5"; documented in the README. */
export const REDRAW_HZ_KEY = 'watchfloor.softwareRedrawHz';

/** SwiftShader (Chromium without a GPU), llvmpipe and softpipe (Mesa), Microsoft's Basic Render Driver. */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
}

/** The renderer string of a canvas's WebGL context (unmasked where the browser allows). */
export function webglRenderer(canvas: HTMLCanvasElement): string {
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return '';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
}

/** Whether this browser draws WebGL in software, asked of a throwaway canvas (before a map exists). */
export function softwareWebgl(): boolean {
  const canvas = document.createElement('canvas');
  const software = isSoftwareRenderer(webglRenderer(canvas));
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  gl?.getExtension('WEBGL_lose_context')?.loseContext();
  return software;
}

/** The least time between two redraws of live data: none with a GPU, 1/Hz in software (a setting may say otherwise). */
export function minRedrawMs(software: boolean, setting: string | null): number {
  if (!software) return 0;
  const hz = Number(setting);
  return 1000 / (Number.isFinite(hz) && hz > 0 && hz <= 60 ? hz : SOFTWARE_REDRAW_HZ);
}

/**
 * Keeps the latest value per key and hands them all over in one flush, on the next
 * frame but no sooner than `minMs` after the previous flush. Values replaced before
 * a flush are never drawn: a page that cannot keep up draws the latest, not a queue.
 */
export class FrameBatch<T> {
  #pending = new Map<string, T>();
  #scheduled = false;
  #last = -Infinity;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #frame: number | null = null;
  flushes = 0;

  constructor(
    private readonly flush: (values: Map<string, T>) => void,
    public minMs: number,
    private readonly clock: { now: () => number; frame: (cb: () => void) => number; cancelFrame: (id: number) => void } = {
      now: () => performance.now(),
      frame: (cb) => requestAnimationFrame(cb),
      cancelFrame: (id) => cancelAnimationFrame(id),
    },
  ) {}

  set(key: string, value: T): void {
    this.#pending.set(key, value);
    if (this.#scheduled) return;
    this.#scheduled = true;
    const wait = this.#last + this.minMs - this.clock.now();
    if (wait > 0) this.#timer = setTimeout(() => this.#onFrameSoon(), wait);
    else this.#onFrameSoon();
  }

  #onFrameSoon(): void {
    this.#timer = null;
    this.#frame = this.clock.frame(() => this.#run());
  }

  #run(): void {
    this.#frame = null;
    this.#scheduled = false;
    this.#last = this.clock.now();
    const values = this.#pending;
    this.#pending = new Map();
    this.flushes++;
    this.flush(values);
  }

  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#frame !== null) this.clock.cancelFrame(this.#frame);
    this.#timer = null;
    this.#frame = null;
    this.#scheduled = false;
    this.#pending.clear();
  }
}
