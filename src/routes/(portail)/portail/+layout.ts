// The workspace lives in the browser (Yjs, IndexedDB): nothing to render on the server.
export const ssr = false;
