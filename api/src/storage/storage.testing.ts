import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/**
 * A real S3-compatible server on a free port, its files in a temporary directory, with one bucket;
 * `connections()`: how many connections clients have opened to it (kept alive while a client keeps them).
 */
export async function startS3(bucket = 'volley-test'): Promise<{ env: Record<string, string>; connections: () => number; close: () => Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), 'volley-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  let connections = 0;
  server.httpServer.keepAliveTimeout = 120_000;
  server.httpServer.on('connection', () => connections++);
  return {
    env: { S3_BUCKET: bucket, S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' },
    connections: () => connections,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
