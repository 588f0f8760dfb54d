/**
 * A short two-tone beep made with WebAudio: no audio files, nothing fetched. Browsers
 * only let a page make sound after the person has interacted with it, so the beeper
 * arms itself on the first click or key press and stays silent until then.
 */
export class Beeper {
  #ctx: AudioContext | null = null;
  #armed = false;
  /** How many beeps actually played (a test hook on the alarm). */
  played = 0;

  constructor() {
    const arm = () => {
      this.#armed = true;
      window.removeEventListener('pointerdown', arm, true);
      window.removeEventListener('keydown', arm, true);
    };
    window.addEventListener('pointerdown', arm, true);
    window.addEventListener('keydown', arm, true);
  }

  get armed(): boolean {
    return this.#armed;
  }

  /** Plays the beep if the page may make sound; returns whether it did. */
  beep(): boolean {
    if (!this.#armed || typeof AudioContext === 'undefined') return false;
    this.#ctx ??= new AudioContext();
    const ctx = this.#ctx;
    if (ctx.state === 'suspended') void ctx.resume();
    const start = ctx.currentTime + 0.02;
    // Two short tones, high then higher: heard over a control room's hum, not shrill.
    [880, 1175].forEach((hz, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      const t = start + i * 0.18;
      osc.type = 'square';
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.12, t + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.15);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 0.16);
    });
    this.played++;
    return true;
  }
}
