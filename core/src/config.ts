import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import webpush from 'web-push';
import { z } from 'zod';
import { OP_RATE_DEFAULT, SEGMENT_SIZE_DEFAULT, type Rate } from '@volley/shared';
import { NO_PROXY, normalRange, parseTrustedProxies, type TrustedProxies } from './addresses.js';
import { parseHostPorts, type RedisTarget } from './redis.js';
import { checkOAuthEnv, OAuthEnv, oauthProvider, type OAuthProvider } from './oauth-config.js';
export type { OAuthProvider } from './oauth-config.js';

/** `"<per second>/<burst>"`, e.g. `0.003/5`: a budget of attempts (Synapse's rc_* settings). */
const RateSetting = z
  .string()
  .regex(/^\d+(\.\d+)?\/\d+$/, 'must be "<per second>/<burst>", e.g. 0.003/5')
  .transform((text): Rate => {
    const [perSecond, burst] = text.split('/').map(Number) as [number, number];
    return { perSecond, burst };
  })
  .refine((rate) => rate.perSecond > 0 && rate.burst >= 1, 'per second and burst must be positive');

const TRUST_PROXY_FORM = 'a number of proxies (1, 2) or their IP addresses / CIDR ranges, comma-separated (127.0.0.1,10.0.0.0/8)';
const TRUST_PROXY_TRUE =
  "true would take the address the client writes itself into X-Forwarded-For: write how many proxies are in front (1 behind one nginx) or their addresses (e.g. 10.0.0.0/8)";

/** Comma-separated origins (`https://chat.example.org`), each checked to be one. */
const OriginList = z
  .string()
  .transform((text) => text.split(',').map((o) => o.trim()).filter(Boolean))
  .pipe(z.array(z.url().transform((url) => new URL(url).origin)));

const hostPorts = (what: string) =>
  z.string().transform((text, ctx) => {
    const nodes = parseHostPorts(text);
    if (nodes) return nodes;
    ctx.addIssue({ code: 'custom', message: `host:port,host:port,… (one or more ${what})` });
    return z.NEVER;
  });

/** Empty is unset: a compose file passes `${NAME:-}` through, or sets a variable empty to turn a default off. */
const unlessEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: unlessEmpty(z.string().url().optional()),
  /** Redis through Sentinel instead of REDIS_URL: the sentinels, `host:port,host:port,…`. */
  REDIS_SENTINELS: unlessEmpty(hostPorts('sentinels').optional()),
  /** A Redis Cluster instead of REDIS_URL: some of its nodes, `host:port,host:port,…`. */
  REDIS_CLUSTER_NODES: unlessEmpty(hostPorts('cluster nodes').optional()),
  /** The primary's name the sentinels monitor. */
  REDIS_SENTINEL_NAME: z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits and . - _ only').default('volley'),
  REDIS_PREFIX: z.string().regex(/^[\w.:-]{1,64}$/, 'letters, digits and . : - _ only').optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_SECRET_PREVIOUS: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEGMENT_SIZE: z.coerce.number().int().min(10).max(100_000).default(SEGMENT_SIZE_DEFAULT),
  ACCESS_TOKEN_TTL: z.coerce.number().int().min(5).max(86_400).default(900),
  REFRESH_TOKEN_TTL: z.coerce.number().int().min(60).default(30 * 86_400),
  PWA_DIR: z.string().optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().optional(),
  /**
   * The proxies in front: how many (`1` behind one nginx), or their addresses and ranges; unset,
   * `0` or `false`: none. `true` is refused: trusting every proxy is trusting the client's own
   * X-Forwarded-For.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((text, context): TrustedProxies => {
      const trust = text.trim() === 'false' ? NO_PROXY : parseTrustedProxies(text);
      if (!trust) context.addIssue({ code: 'custom', message: text.trim() === 'true' ? TRUST_PROXY_TRUE : TRUST_PROXY_FORM });
      return trust ?? NO_PROXY;
    }),
  OP_RATE_PER_SECOND: z.coerce.number().positive().max(10_000).default(OP_RATE_DEFAULT.perSecond),
  OP_RATE_BURST: z.coerce.number().int().min(1).max(100_000).default(OP_RATE_DEFAULT.burst),
  ADMIN_ALLOWED_ADDRESSES: z
    .string()
    .default('')
    .transform((text) => text.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine((range) => normalRange(range) !== null, 'an IP address or CIDR range'))),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  SMTP_URL: unlessEmpty(
    z
      .string()
      .url()
      .refine((url) => /^smtps?:$/.test(new URL(url).protocol), 'smtp://user:pass@host:587 or smtps://…')
      .optional(),
  ),
  MAIL_FROM: z.string().min(3).default('Volley <no-reply@localhost>'),
  /** With no SMTP_URL: write each mail to the log (tokens redacted) and to DATA_DIR/mail. Default: only on the embedded database. */
  MAIL_TO_LOG: z.enum(['true', 'false']).optional(),
  PUBLIC_URL: z
    .string()
    .url()
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  ...OAuthEnv,
  // 60 sign-ins per 5 minutes from one address: a class of 50 behind one school address, with typos.
  LOGIN_ADDRESS_RATE: RateSetting.prefault('0.2/60'),
  LOGIN_RATE: RateSetting.prefault('0.003/5'),
  LOGIN_ACCOUNT_RATE: RateSetting.prefault('0.003/20'),
  REGISTER_RATE: RateSetting.prefault('0.17/3'),
  OAUTH_START_RATE: RateSetting.prefault('0.17/10'),
  CHANNEL_PASSWORD_RATE: RateSetting.prefault('0.003/5'),
  CREDENTIAL_RATE: RateSetting.prefault('0.003/5'),
  ALLOWED_ORIGINS: OriginList.optional(),
  VAPID_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{87}$/, 'a P-256 public key, base64url (87 characters)').optional(),
  VAPID_PRIVATE_KEY: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a P-256 private key, base64url (43 characters)').optional(),
  /** Whom a push service may contact about this server's pushes: `mailto:` or an https URL. */
  VAPID_SUBJECT: z.string().regex(/^(mailto:.+|https:\/\/.+)$/, 'mailto:… or https://…').optional(),
  /** Push endpoints accepted besides the known push services' (comma-separated origins), e.g. a test's stand-in. */
  PUSH_SERVICE_ORIGINS: OriginList.optional(),
  /** Attachments go to this S3-compatible bucket when set, else under DATA_DIR/attachments. */
  S3_BUCKET: z.string().min(3).max(63).optional(),
  /** An S3-compatible server (MinIO…); AWS's own when unset. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1).max(2 ** 31).default(25 * 1024 * 1024),
  ATTACHMENT_QUOTA_BYTES: z.coerce.number().int().min(1).default(1024 * 1024 * 1024),
  /** An image larger than this many pixels is refused before it is decoded (a decompression bomb). */
  ATTACHMENT_MAX_PIXELS: z.coerce.number().int().min(1).max(1_000_000_000).default(50_000_000),
  /** MIME types an attachment may have, as its bytes tell (comma-separated). */
  ATTACHMENT_TYPES: z
    .string()
    .transform((text) => text.split(',').map((t) => t.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'a MIME type')))
    .optional(),
  /** `false`: no link previews are fetched (messages keep their bare links). */
  LINK_PREVIEWS: z.enum(['true', 'false']).default('true'),
  /**
   * Addresses (IPs or CIDR ranges) a link preview may be fetched from although they are not public,
   * e.g. a test's stand-in site on 127.0.0.1. Empty in production: only public addresses.
   */
  LINK_PREVIEW_ALLOWED_ADDRESSES: z
    .string()
    .default('')
    .transform((text) => text.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine((range) => normalRange(range) !== null, 'an IP address or CIDR range'))),
});

/** What an attachment may be unless ATTACHMENT_TYPES says otherwise: images, PDF, text, zip and office documents. */
export const ATTACHMENT_TYPES_DEFAULT: readonly string[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
];

/**
 * Throttle settings loose enough for test suites, end-to-end specs and benches that sign in many
 * times from one address; the throttle tests set the real budgets back.
 */
export const LOOSE_THROTTLES = {
  LOGIN_ADDRESS_RATE: '1000/10000',
  LOGIN_RATE: '1000/10000',
  LOGIN_ACCOUNT_RATE: '1000/10000',
  REGISTER_RATE: '1000/10000',
  OAUTH_START_RATE: '1000/10000',
  CHANNEL_PASSWORD_RATE: '1000/10000',
  CREDENTIAL_RATE: '1000/10000',
};

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Redis (REDIS_URL, REDIS_SENTINELS and REDIS_SENTINEL_NAME, or REDIS_CLUSTER_NODES); none: the in-process bus, throttles and queues. */
  redis: RedisTarget | undefined;
  /** In front of every Redis key and channel, so that installs sharing a Redis never meet. */
  redisPrefix: string;
  jwtSecret: string;
  /** While rotating JWT_SECRET: tokens signed with this one are still accepted (none are signed with it). */
  jwtPreviousSecret: string | undefined;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  segmentSize: number;
  /** Seconds. */
  accessTokenTtl: number;
  /** Seconds. */
  refreshTokenTtl: number;
  pwaDir: string | undefined;
  /** `/metrics` listens here, apart from the public port; no metrics server when unset. */
  metrics: { port: number; host: string } | undefined;
  /**
   * The reverse proxies in front whose X-Forwarded-For and X-Forwarded-Proto are taken (client
   * addresses, secure cookies): `requestAddress` walks past them to the client.
   */
  trustProxy: TrustedProxies;
  /** Ops decided per account (sends, edits, deletes, reactions, invitations): a token bucket. */
  opRate: Rate;
  /** The admin api answers only from these ranges (canonical CIDR); any address when empty. */
  adminAllowedAddresses: string[];
  /** Audit entries, and the address each message was sent from, are kept this long. */
  auditRetentionDays: number;
  /** Where browsers reach this server (`https://volley.example`): the links in mails and OAuth's redirect URI are built on it (unset: OAuth uses the request's host, mails `http://localhost:<port>`). */
  publicUrl: string | undefined;
  /** Outgoing mail: through SMTP, or left to the operator (`log`: the embedded default or MAIL_TO_LOG), or none (`off`). */
  mail: { delivery: MailDelivery; smtpUrl: string | undefined; from: string };
  /** The OAuth / OpenID Connect provider people may sign in with, if one is configured. */
  oauth: OAuthProvider | undefined;
  /** Throttles of the credential paths (docs/architecture.md §5, "Throttles"). */
  throttles: ThrottleRates;
  /**
   * Origins a browser may call from with a cookie or open a socket from; undefined: only the origin
   * of the request's own Host.
   */
  allowedOrigins: string[] | undefined;
  /** Web Push: the server's VAPID key pair and contact, and the push services it will post to. */
  push: PushConfig;
  attachments: AttachmentConfig;
  linkPreviews: LinkPreviewConfig;
}

/**
 * How mail leaves: by SMTP; to the log and a file under DATA_DIR/mail (where whoever runs the server
 * reads the links, never in the log itself); or not at all, and what needs a mail says so.
 */
export type MailDelivery = 'smtp' | 'log' | 'off';

export interface LinkPreviewConfig {
  enabled: boolean;
  /** Non-public addresses a preview may be fetched from anyway (IPs or CIDR ranges): tests' stand-in sites. */
  allowedAddresses: string[];
}

export interface AttachmentConfig {
  /** Where the files are kept: an S3-compatible bucket, or under the data directory. */
  s3: { bucket: string; endpoint: string | undefined; region: string; accessKeyId: string | undefined; secretAccessKey: string | undefined } | undefined;
  /** Bytes, per file. */
  maxBytes: number;
  /** Bytes, all of one user's attachments together. */
  quotaBytes: number;
  /** Pixels (width × height) an image may declare. */
  maxPixels: number;
  types: readonly string[];
}

export interface PushConfig {
  vapid: { publicKey: string; privateKey: string; subject: string };
  /** Origins of push endpoints accepted besides the known push services' (PUSH_SERVICE_ORIGINS). */
  extraServiceOrigins: string[];
}

export interface ThrottleRates {
  /** Sign-in attempts per address, whichever account: sized for a classroom behind one address. */
  loginAddress: Rate;
  /** Failed sign-ins per (account, address). */
  login: Rate;
  /** Failures per account from addresses that never signed in to it: a botnet's ceiling. */
  loginAccount: Rate;
  /** Registrations per address, an account made by the OAuth provider's first sign-in included. */
  register: Rate;
  /** Sign-ins and links started with the OAuth provider, per address (each costs a trip to the provider). */
  oauthStart: Rate;
  /** Wrong channel passwords per user. */
  channelPassword: Rate;
  /** Other credential checks per user: the current password when changing it (and reset, 2FA, bot tokens). */
  credential: Rate;
}

export class ConfigError extends Error {}

/** Reads and validates the environment once. Throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Env.superRefine(checkOAuthEnv).superRefine(oneRedis).safeParse(env);
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
    redis: e.REDIS_SENTINELS ? { sentinels: e.REDIS_SENTINELS, name: e.REDIS_SENTINEL_NAME } : e.REDIS_CLUSTER_NODES ? { cluster: e.REDIS_CLUSTER_NODES } : e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX ?? defaultRedisPrefix(e.DATABASE_URL),
    jwtSecret: e.JWT_SECRET ?? persistedSecret(dataDir),
    jwtPreviousSecret: e.JWT_SECRET_PREVIOUS,
    logLevel: e.LOG_LEVEL,
    segmentSize: e.SEGMENT_SIZE,
    accessTokenTtl: e.ACCESS_TOKEN_TTL,
    refreshTokenTtl: e.REFRESH_TOKEN_TTL,
    pwaDir: e.PWA_DIR,
    metrics: e.METRICS_PORT === undefined ? undefined : { port: e.METRICS_PORT, host: e.METRICS_HOST ?? e.HOST },
    trustProxy: e.TRUST_PROXY,
    opRate: { perSecond: e.OP_RATE_PER_SECOND, burst: e.OP_RATE_BURST },
    adminAllowedAddresses: e.ADMIN_ALLOWED_ADDRESSES.map((range) => normalRange(range)!),
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    publicUrl: e.PUBLIC_URL,
    mail: { delivery: mailDelivery(e), smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    oauth: oauthProvider(e),
    throttles: {
      loginAddress: e.LOGIN_ADDRESS_RATE,
      login: e.LOGIN_RATE,
      loginAccount: e.LOGIN_ACCOUNT_RATE,
      register: e.REGISTER_RATE,
      oauthStart: e.OAUTH_START_RATE,
      channelPassword: e.CHANNEL_PASSWORD_RATE,
      credential: e.CREDENTIAL_RATE,
    },
    allowedOrigins: e.ALLOWED_ORIGINS,
    push: {
      vapid: { ...vapidKeys(e.VAPID_PUBLIC_KEY, e.VAPID_PRIVATE_KEY, dataDir), subject: e.VAPID_SUBJECT ?? (e.PUBLIC_URL?.startsWith('https://') ? e.PUBLIC_URL : 'mailto:admin@localhost') },
      extraServiceOrigins: e.PUSH_SERVICE_ORIGINS ?? [],
    },
    attachments: {
      s3: e.S3_BUCKET
        ? { bucket: e.S3_BUCKET, endpoint: e.S3_ENDPOINT, region: e.S3_REGION, accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
        : undefined,
      maxBytes: e.ATTACHMENT_MAX_BYTES,
      quotaBytes: e.ATTACHMENT_QUOTA_BYTES,
      maxPixels: e.ATTACHMENT_MAX_PIXELS,
      types: e.ATTACHMENT_TYPES ?? ATTACHMENT_TYPES_DEFAULT,
    },
    linkPreviews: { enabled: e.LINK_PREVIEWS === 'true', allowedAddresses: e.LINK_PREVIEW_ALLOWED_ADDRESSES.map((range) => normalRange(range)!) },
  };
}

/**
 * For a server's entry point: the configuration, or the process exits with status 2 after saying
 * on stderr what is wrong (no logger yet: its level is part of what failed).
 */
export function loadConfigOrExit(program: string): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${program}: ${err.message}\n`);
    process.exit(2);
  }
}

/** Redis is at a URL, behind sentinels or a cluster, only one: which one a process used would depend on the code, not the operator. */
function oneRedis(e: { REDIS_URL?: string | undefined; REDIS_SENTINELS?: unknown; REDIS_CLUSTER_NODES?: unknown }, ctx: z.RefinementCtx): void {
  const set = (['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'] as const).filter((name) => e[name]);
  if (set.length > 1) ctx.addIssue({ code: 'custom', path: [set[1]!], message: `set one of REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES, not ${set.join(' and ')}` });
}

/** How mail leaves: by SMTP when configured, else to the log on the embedded default or when asked, else not at all. */
function mailDelivery(e: Pick<z.infer<typeof Env>, 'SMTP_URL' | 'MAIL_TO_LOG' | 'DATABASE_URL'>): MailDelivery {
  if (e.SMTP_URL) return 'smtp';
  return (e.MAIL_TO_LOG ?? (e.DATABASE_URL ? 'false' : 'true')) === 'true' ? 'log' : 'off';
}

/** `volley:<database name>:`: two installs on one Redis have two databases, so two prefixes. */
function defaultRedisPrefix(databaseUrl: string | undefined): string {
  const name = databaseUrl ? decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) : '';
  return `volley:${name || 'embedded'}:`;
}

/**
 * The VAPID key pair: both from the environment, or generated on first start and kept under the
 * data directory like the JWT secret (a new pair would orphan every device's subscription).
 */
function vapidKeys(publicKey: string | undefined, privateKey: string | undefined, dataDir: string): { publicKey: string; privateKey: string } {
  if (publicKey && privateKey) return { publicKey, privateKey };
  if (publicKey || privateKey) throw new ConfigError('invalid environment:\n  VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY: set both or neither');
  const text = keptUnderDataDir(dataDir, 'vapid-keys.json', () => `${JSON.stringify(webpush.generateVAPIDKeys())}\n`);
  return JSON.parse(text) as { publicKey: string; privateKey: string };
}

/** With no JWT_SECRET, one is generated on first start and kept under the data directory. */
function persistedSecret(dataDir: string): string {
  return keptUnderDataDir(dataDir, 'jwt-secret', () => `${randomBytes(48).toString('base64url')}\n`).trim();
}

/**
 * A file made once, on the first start, and read on every later one. Processes that start together
 * on one data directory (an api and a sync server) agree on it: the content is written whole to a
 * file of this process's own, then linked into place, which fails for all but the first; nobody
 * ever reads a file half-written.
 */
function keptUnderDataDir(dataDir: string, name: string, make: () => string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  mkdirSync(dataDir, { recursive: true });
  const own = join(dataDir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(own, make(), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(own, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(own, { force: true });
  }
  return readFileSync(file, 'utf8');
}
