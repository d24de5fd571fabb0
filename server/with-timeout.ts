/** `promise`, or a rejection with `timedOut()` once `ms` have passed without it settling. */
export async function withTimeout<T>(
	promise: Promise<T>,
	ms: number,
	timedOut: () => Error
): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(timedOut()), ms);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}
