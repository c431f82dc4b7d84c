/**
 * The game's sounds (media/*.wav, made by scripts/make-game-sounds.mjs), played with Web Audio.
 * The files are fetched and decoded once, on the first sound (browsers let audio start only after
 * a key press or a touch on the page); muting is remembered on this device.
 */
import type { SoundName } from './sound-cues.js';
import paddleUrl from './media/paddle.wav';
import pointUrl from './media/point.wav';
import wallUrl from './media/wall.wav';
import winUrl from './media/win.wav';

const URLS: Record<SoundName, string> = { paddle: paddleUrl, wall: wallUrl, point: pointUrl, win: winUrl };
const MUTED_KEY = 'volley.game.muted';

export class GameSounds {
  muted = globalThis.localStorage?.getItem(MUTED_KEY) === '1';
  #context: AudioContext | null = null;
  #buffers: Promise<Partial<Record<SoundName, AudioBuffer>>> | null = null;

  toggleMuted(): void {
    this.muted = !this.muted;
    localStorage.setItem(MUTED_KEY, this.muted ? '1' : '0');
  }

  play(name: SoundName): void {
    if (this.muted || typeof AudioContext === 'undefined') return;
    this.#context ??= new AudioContext();
    const context = this.#context;
    // Made before any key press or touch (a spectator's first sound), it starts suspended: try again each time.
    if (context.state === 'suspended') void context.resume();
    this.#buffers ??= loadAll(context);
    void this.#buffers.then((buffers) => {
      const buffer = buffers[name];
      if (!buffer || context.state === 'closed') return;
      const source = context.createBufferSource();
      source.buffer = buffer;
      source.connect(context.destination);
      source.start();
    });
  }

  /** Lets the audio hardware go (leaving the page). */
  close(): void {
    void this.#context?.close();
    this.#context = null;
    this.#buffers = null;
  }
}

/**
 * The bytes of a sound. The build inlines small files as `data:` URIs, which the app's own CSP
 * (`connect-src 'self'`) refuses to `fetch`: those are decoded here, and only a file served from
 * our origin is fetched.
 */
async function bytesOf(url: string): Promise<ArrayBuffer> {
  const inline = /^data:[^,]*;base64,(.*)$/s.exec(url);
  if (!inline) return await (await fetch(url)).arrayBuffer();
  return Uint8Array.from(atob(inline[1]!), (c) => c.charCodeAt(0)).buffer;
}

/** A sound that cannot be loaded stays silent; the game goes on. */
async function loadAll(context: AudioContext): Promise<Partial<Record<SoundName, AudioBuffer>>> {
  const entries = await Promise.all(
    (Object.keys(URLS) as SoundName[]).map(async (name) => {
      try {
        return [name, await context.decodeAudioData(await bytesOf(URLS[name]))] as const;
      } catch {
        return [name, undefined] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}
