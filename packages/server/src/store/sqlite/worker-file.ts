/**
 * Where a worker thread's compiled file is. Under vitest the embedded store's modules are the TypeScript sources
 * (`src/…`), and a worker thread, plain Node, cannot load TypeScript with `.js` specifiers: it runs the build
 * beside them (`dist/…`), which the server's test script builds first.
 *
 * @param name the worker's file name, e.g. `sqlite-thread-worker.js`
 * @param from `import.meta.url` of a module in the same folder
 */
export function workerFile(name: string, from: string): URL {
  const url = new URL(`./${name}`, from);
  if (!from.endsWith('.ts')) return url;
  const at = url.pathname.lastIndexOf('/src/');
  return new URL(`file://${url.pathname.slice(0, at)}/dist/${url.pathname.slice(at + '/src/'.length)}`);
}
