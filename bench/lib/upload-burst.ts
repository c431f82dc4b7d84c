/**
 * Uploads from a process of their own, as from another member's device: sending 100 MB of bodies
 * stalls the sending event loop for seconds, which must not count as the server's delay in the
 * chat clients' timings. The process starts (tsx compiling its sources: most of a core for most of
 * a second) and reads its file before the uploads are timed, and sends them each time it is told. Run by `uploadBurst`; as a script it reads its job from UPLOAD_BURST and
 * answers each upload's status and time over the IPC channel.
 */
import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export interface BurstJob {
  apiUrl: string;
  token: string;
  convId: string;
  /** A file holding the image each upload sends. */
  imagePath: string;
  /** Uploads at once, each time it is told to go. */
  uploads: number;
  /**
   * The sending process's niceness. It stands for another member's device, which does not share
   * the server's processors; on one machine it does, and sending 100 MB takes most of a core for a
   * second: at 10 it gets its turn when the server, its database and the chat have had theirs.
   */
  niceness: number;
}

export interface UploadResult {
  status: number;
  ms: number;
}

export async function uploadOne(apiUrl: string, token: string, convId: string, body: Uint8Array, name: string): Promise<UploadResult> {
  const started = performance.now();
  const res = await fetch(`${apiUrl}/conversations/${convId}/attachments?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body,
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}

/** The job's uploads at once, as many times as told, from a child process started ahead. */
export interface UploadBurst {
  /** Sends the uploads at once and answers when all are done; the process has started and read its file already, so none of that is timed with them. */
  go(): Promise<UploadResult[]>;
  /** Ends the process. */
  stop(): void;
}

/** Starts the uploading process and waits until it is ready (its runtime loaded, the file read). */
export function uploadBurst(job: BurstJob): Promise<UploadBurst> {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, UPLOAD_BURST: JSON.stringify(job) } });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the uploading process exited with ${code}`))));
  const next = <T>() => Promise.race([new Promise<T>((resolve) => child.once('message', (message) => resolve(message as T))), exited]);
  return next<'ready'>().then(() => ({
    go() {
      const results = next<UploadResult[]>();
      child.send('go');
      return results;
    },
    stop: () => child.disconnect(),
  }));
}

const burst = process.env.UPLOAD_BURST;
if (burst && process.send) {
  const job = JSON.parse(burst) as BurstJob;
  // The calling thread's: the main thread, which does the sending.
  setPriority(job.niceness);
  const body = new Uint8Array(await readFile(job.imagePath));
  let round = 0;
  process.on('message', async () => {
    round++;
    process.send?.(await Promise.all(Array.from({ length: job.uploads }, (_, i) => uploadOne(job.apiUrl, job.token, job.convId, body, `photo-${round}-${i}.jpg`))));
  });
  // The benchmark that started it has gone: so does it.
  process.on('disconnect', () => process.exit(0));
  process.send('ready');
}
