import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { OP_RATE_DEFAULT, SEGMENT_SIZE_DEFAULT, type Rate } from '@volley/shared';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEGMENT_SIZE: z.coerce.number().int().min(10).max(100_000).default(SEGMENT_SIZE_DEFAULT),
  ACCESS_TOKEN_TTL: z.coerce.number().int().min(5).max(86_400).default(900),
  REFRESH_TOKEN_TTL: z.coerce.number().int().min(60).default(30 * 86_400),
  PWA_DIR: z.string().optional(),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  OP_RATE_PER_SECOND: z.coerce.number().positive().max(10_000).default(OP_RATE_DEFAULT.perSecond),
  OP_RATE_BURST: z.coerce.number().int().min(1).max(100_000).default(OP_RATE_DEFAULT.burst),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  jwtSecret: string;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  segmentSize: number;
  /** Seconds. */
  accessTokenTtl: number;
  /** Seconds. */
  refreshTokenTtl: number;
  pwaDir: string | undefined;
  /** Behind a reverse proxy that terminates TLS: trust X-Forwarded-Proto/-For (secure cookies, client IPs). */
  trustProxy: boolean;
  /** Ops decided per account (sends, edits, deletes, reactions, invitations): a token bucket. */
  opRate: Rate;
}

export class ConfigError extends Error {}

/** Reads and validates the environment once. Throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid environment:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    jwtSecret: e.JWT_SECRET ?? persistedSecret(dataDir),
    logLevel: e.LOG_LEVEL,
    segmentSize: e.SEGMENT_SIZE,
    accessTokenTtl: e.ACCESS_TOKEN_TTL,
    refreshTokenTtl: e.REFRESH_TOKEN_TTL,
    pwaDir: e.PWA_DIR,
    trustProxy: e.TRUST_PROXY === 'true',
    opRate: { perSecond: e.OP_RATE_PER_SECOND, burst: e.OP_RATE_BURST },
  };
}

/** With no JWT_SECRET, one is generated on first start and kept under the data directory. */
function persistedSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}
