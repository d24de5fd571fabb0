/** A refusal the user reads: an HTTP status and a French message. */
export class UploadError extends Error {
	readonly status: number;
	constructor(status: number, message: string) {
		super(message);
		this.name = 'UploadError';
		this.status = status;
	}
}
