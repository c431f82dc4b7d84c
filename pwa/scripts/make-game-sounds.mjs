/**
 * Writes the game's sounds, `src/game/media/*.wav`: short original blips synthesised here
 * (16-bit mono PCM, no audio library), so the repository holds both the files and how they were made.
 * Run: `npm run sounds -w @volley/pwa`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RATE = 22050;
const out = (name) => fileURLToPath(new URL(`../src/game/media/${name}.wav`, import.meta.url));

/** Notes played one after the other: [frequency Hz (or [from, to] for a slide), seconds]. */
const sounds = {
  paddle: { wave: 'square', notes: [[660, 0.05]] },
  wall: { wave: 'square', notes: [[330, 0.04]] },
  point: { wave: 'triangle', notes: [[[520, 180], 0.28]] },
  win: { wave: 'triangle', notes: [[523, 0.1], [659, 0.1], [784, 0.1], [1047, 0.26]] },
};

const waves = {
  square: (phase) => (phase % 1 < 0.5 ? 1 : -1) * 0.5,
  triangle: (phase) => 1 - 4 * Math.abs((phase % 1) - 0.5),
};

function render({ wave, notes }) {
  const samples = [];
  for (const [freq, seconds] of notes) {
    const [from, to] = Array.isArray(freq) ? freq : [freq, freq];
    const count = Math.round(seconds * RATE);
    let phase = 0;
    for (let i = 0; i < count; i++) {
      const t = i / count;
      phase += (from + (to - from) * t) / RATE;
      // A 5 ms attack and a linear release: no clicks at either end.
      const envelope = Math.min(1, i / (0.005 * RATE)) * (1 - t);
      samples.push(waves[wave](phase) * envelope * 0.6);
    }
  }
  return samples;
}

function wav(samples) {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32767), i * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

for (const [name, sound] of Object.entries(sounds)) writeFileSync(out(name), wav(render(sound)));
