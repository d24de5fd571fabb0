import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh random secret for a cookie or a link: 256 bits, URL-safe. */
export function randomToken(): string {
	return randomBytes(32).toString('base64url');
}

/** What the store keeps of a secret: its SHA-256, so that a leaked table opens no session. */
export function digest(secret: string): string {
	return createHash('sha256').update(secret).digest('base64url');
}

/** HMAC-signs a JSON payload: `base64url(payload).base64url(mac)`. */
export function sign(secret: string, payload: object): string {
	const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
	return `${body}.${mac(secret, body)}`;
}

/** The payload of a token signed with `secret`, or null when it is malformed or forged. */
export function unsign(secret: string, token: unknown): unknown {
	if (typeof token !== 'string' || token.length > 2048) return null;
	const dot = token.indexOf('.');
	if (dot < 1) return null;
	const body = token.slice(0, dot);
	const given = Buffer.from(token.slice(dot + 1), 'base64url');
	const expected = Buffer.from(mac(secret, body), 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
	try {
		return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
	} catch {
		return null;
	}
}

function mac(secret: string, body: string): string {
	return createHmac('sha256', secret).update(body).digest('base64url');
}
