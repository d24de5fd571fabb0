import { Server } from '@hocuspocus/server';

/** The baseline: a Hocuspocus server of the same version with no extensions, nothing stored. */
const port = Number(process.env.PORT);
const server = new Server({ port, address: '127.0.0.1', quiet: true });
await server.listen();
console.log('Navette est prête (plain Hocuspocus)');
