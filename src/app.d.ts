import type { SessionUser } from '$lib/server/auth/sessions';
import type { Runtime } from '$lib/server/runtime';

declare global {
	namespace App {
		interface Locals {
			/** The Navette runtime (store, mailer, live connections), set once in `handle`. */
			runtime: Runtime;
			user: SessionUser | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
