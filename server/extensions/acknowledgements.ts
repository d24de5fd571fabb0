import { MessageType, type Connection } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';

/**
 * Holding back a sender's acknowledgements until its updates are durable (issue 16). Hocuspocus
 * applies an update, relays it, and sends the sender a `SyncStatus` at once, in one step; the
 * provider counts those to decide that its changes are saved (« Enregistré »). So each connection
 * that sent an update gets a gate on its `send`: while any of its updates is not yet stored,
 * every `SyncStatus` for it waits in order behind them; every other message (peers' updates,
 * awareness) goes out at once.
 */
class AcknowledgementGate {
	/** Steps of the chain not yet run: a held append, or an acknowledgement waiting behind one. */
	#pending = 0;
	#tail: Promise<unknown> = Promise.resolve();

	constructor(connection: Connection) {
		const send = connection.send.bind(connection);
		connection.send = (message: Uint8Array) => {
			if (this.#pending > 0 && isSyncStatus(message)) this.#chain(() => send(message));
			else send(message);
		};
	}

	hold(durable: Promise<void>): void {
		this.#chain(() => durable);
	}

	#chain(step: () => unknown): void {
		this.#pending++;
		this.#tail = this.#tail.then(step).finally(() => this.#pending--);
	}
}

const gates = new WeakMap<Connection, AcknowledgementGate>();

/**
 * Every acknowledgement `connection` is sent from now on waits until `durable` resolves (and
 * those already waiting are sent before it). Called before Hocuspocus handles the update.
 */
export function holdAcknowledgements(connection: Connection, durable: Promise<void>): void {
	let gate = gates.get(connection);
	if (!gate) {
		gate = new AcknowledgementGate(connection);
		gates.set(connection, gate);
	}
	gate.hold(durable);
}

function isSyncStatus(message: Uint8Array): boolean {
	try {
		const decoder = decoding.createDecoder(message);
		decoding.readVarString(decoder);
		return decoding.readVarUint(decoder) === MessageType.SyncStatus;
	} catch {
		return false;
	}
}
