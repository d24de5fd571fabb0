import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

/** Everything the process reads from its environment (DESIGN §7), resolved once at start. */
export interface Config {
	port: number;
	host: string;
	dataDir: string;
	seed: 'demo' | 'none';
	origin: string;
	sessionSecret: string;
	databaseUrl: string | null;
	redisUrl: string | null;
	/** `REDIS_PREFIX`: the namespace of one deployment's keys and channels in a shared Redis. */
	redisPrefix: string;
	/** Largest file a user may deposit, in bytes (`UPLOAD_MAX_MB`, 50 by default). */
	maxUploadBytes: number;
	/** `CLAMD_URL` (`tcp://host:port`): every deposit is scanned by ClamAV before it is kept. */
	clamdUrl: string | null;
	/** `SMTP_URL` (`smtp://user:pass@host:587`): invitations and resets are e-mailed. */
	smtpUrl: string | null;
	/** `MAIL_FROM`: the sender of those e-mails. */
	mailFrom: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const port = parsePort(env.PORT ?? '3000');
	const dataDir = resolve(env.DATA_DIR ?? './data');
	mkdirSync(dataDir, { recursive: true });
	const seed = env.SEED ?? 'demo';
	if (seed !== 'demo' && seed !== 'none') {
		throw new Error(`SEED must be "demo" or "none", not "${seed}".`);
	}
	return {
		port,
		host: env.HOST ?? '0.0.0.0',
		dataDir,
		seed,
		origin: (env.ORIGIN ?? `http://localhost:${port}`).replace(/\/$/, ''),
		sessionSecret: env.SESSION_SECRET || keptSecret(dataDir),
		databaseUrl: env.DATABASE_URL || null,
		redisUrl: env.REDIS_URL || null,
		redisPrefix: env.REDIS_PREFIX || 'navette',
		maxUploadBytes: parseMegabytes(env.UPLOAD_MAX_MB ?? '50'),
		clamdUrl: env.CLAMD_URL || null,
		smtpUrl: env.SMTP_URL || null,
		mailFrom: env.MAIL_FROM || 'Navette <no-reply@localhost>'
	};
}

function parsePort(value: string): number {
	const port = Number(value);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		throw new Error(`PORT must be a port number, not "${value}".`);
	}
	return port;
}

function parseMegabytes(value: string): number {
	const megabytes = Number(value);
	if (!Number.isFinite(megabytes) || megabytes <= 0) {
		throw new Error(`UPLOAD_MAX_MB must be a positive number of megabytes, not "${value}".`);
	}
	return Math.floor(megabytes * 1024 * 1024);
}

/** A secret generated on first start and kept in DATA_DIR, so that restarts keep sessions valid. */
function keptSecret(dataDir: string): string {
	const file = join(dataDir, 'session-secret');
	if (existsSync(file)) return readFileSync(file, 'utf8').trim();
	const secret = randomBytes(32).toString('base64url');
	writeFileSync(file, secret + '\n', { mode: 0o600 });
	return secret;
}
