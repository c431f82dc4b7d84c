/**
 * Uploads from a process of their own, as from another member's device: sending 100 MB of bodies
 * stalls the sending event loop for seconds, which must not count as the server's delay in the
 * chat clients' timings. Run by `uploadBurst`; as a script it reads its job from UPLOAD_BURST and
 * answers each upload's status and time over the IPC channel.
 */
import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export interface BurstJob {
  apiUrl: string;
  token: string;
  convId: string;
  /** A file holding the image each upload sends. */
  imagePath: string;
  /** Uploads at once, per round. */
  uploads: number;
  rounds: number;
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

/** The job's rounds, each of its uploads at once, from a child process. */
export function uploadBurst(job: BurstJob): Promise<UploadResult[]> {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, UPLOAD_BURST: JSON.stringify(job) } });
  return new Promise((resolve, reject) => {
    child.once('message', (results) => resolve(results as UploadResult[]));
    child.once('exit', (code) => reject(new Error(`the uploading process exited with ${code}`)));
  });
}

const burst = process.env.UPLOAD_BURST;
if (burst && process.send) {
  const job = JSON.parse(burst) as BurstJob;
  const body = new Uint8Array(await readFile(job.imagePath));
  const results: UploadResult[] = [];
  for (let round = 0; round < job.rounds; round++) {
    results.push(...(await Promise.all(Array.from({ length: job.uploads }, (_, i) => uploadOne(job.apiUrl, job.token, job.convId, body, `photo-${round}-${i}.jpg`)))));
  }
  process.send(results, () => process.exit(0));
}
