import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';

/**
 * The baseline a user would otherwise pick: Hocuspocus of the same version with its SQLite
 * extension, default settings (documents stored after the default debounce, so an
 * acknowledgement there is not durable).
 */
const server = new Server({
	port: Number(process.env.PORT),
	address: '127.0.0.1',
	quiet: true,
	extensions: [new SQLite({ database: process.env.DATABASE_FILE })]
});
await server.listen();
console.log('Navette est prête (Hocuspocus + extension-sqlite)');
