/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

/**
 * Offline-first for the client portal (DESIGN §1): the app's own files are kept per version, and
 * the portal's pages are kept as last served, so that `/portail` opens with no network. Data
 * is not this worker's business: the documents live in IndexedDB (y-indexeddb) and sync on their
 * own; uploads wait in the page's outbox. Everything else goes to the network untouched.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;

const ASSETS = `navette-assets-${version}`;
/** Holds signed-in pages: deleted at logout (`clearLocalCopies`), whatever the version. */
const PAGES = 'navette-pages';
/** Past this, a slow network counts as none and the kept page is shown. */
const NETWORK_TIMEOUT_MS = 3000;
const SHELL = '/portail';

const assetPaths = new Set([...build, ...files]);

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(ASSETS);
			await cache.addAll([...assetPaths]);
			// The portal page and its data (the page renders in the browser and asks for them), if
			// this browser is signed in as a client: the first visit is served before the worker
			// controls it, so they would otherwise only be kept at the next.
			for (const path of [SHELL, `${SHELL}/__data.json`]) {
				await keepPage(new Request(path, { credentials: 'same-origin' })).catch(() => {});
			}
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const name of await caches.keys()) {
				if (name.startsWith('navette-assets-') && name !== ASSETS) await caches.delete(name);
			}
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (assetPaths.has(url.pathname)) {
		event.respondWith(cacheFirst(request));
	} else if (isPortalPage(url)) {
		event.respondWith(networkFirst(request));
	}
});

function isPortalPage(url: URL): boolean {
	return url.pathname === SHELL || url.pathname.startsWith(`${SHELL}/`);
}

async function cacheFirst(request: Request): Promise<Response> {
	const cached = await caches.match(request, { cacheName: ASSETS });
	return cached ?? fetch(request);
}

/**
 * The network's answer when it comes in time, kept for later; otherwise the kept page. A
 * redirect (to the login page, when the session has expired) is passed on and never kept.
 */
async function networkFirst(request: Request): Promise<Response> {
	const network = keepPage(request);
	const timeout = new Promise<null>((resolve) => setTimeout(resolve, NETWORK_TIMEOUT_MS, null));
	try {
		const response = await Promise.race([network, timeout]);
		if (response) return response;
	} catch {
		// Offline: fall through to the kept page.
	}
	const kept = await caches.match(pageKey(request), { cacheName: PAGES, ignoreSearch: true });
	return kept ?? network;
}

async function keepPage(request: Request): Promise<Response> {
	const response = await fetch(request);
	if (response.ok && !response.redirected && response.type === 'basic') {
		const cache = await caches.open(PAGES);
		await cache.put(pageKey(request), response.clone());
	}
	return response;
}

/**
 * One entry per path, whether a navigation or a fetch asked for it: SvelteKit asks for a page's
 * data with a query string that varies (`?x-sveltekit-invalidated=…`), the data being the same.
 */
function pageKey(request: Request): string {
	const url = new URL(request.url);
	return url.origin + url.pathname;
}
