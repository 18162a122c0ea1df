// Keeps the layers of src/main apart (ARCHITECTURE.md):
// - platform/ imports no other folder of src/main;
// - a domain (any other folder but app/, electron/, browser/) imports another domain only through
//   its index.ts, and never app/ or a host;
// - the hosts (electron/, browser/) and app/ import a domain only through its index.ts; app/ may
//   also import a domain's worker.ts, what the domain gives a worker process (src/main/platform/worker.ts),
//   so that the worker's bundle does not load everything the domain's index.ts brings along.
// Paths are resolved, so '../invoices/invoices.js' and '../../invoices/pdf/render.js' are both seen.
import { dirname, relative, resolve, sep } from 'node:path';

const hosts = new Set(['electron', 'browser']);

function folderOf(mainDir, file) {
  const rel = relative(mainDir, file);
  if (rel.startsWith('..') || rel === '') return null;
  return { folder: rel.split(sep)[0], rest: rel.split(sep).slice(1).join('/') };
}

export const domainBoundaries = {
  meta: { type: 'problem', schema: [], messages: { crossing: '{{why}}' } },
  create(context) {
    const file = context.filename;
    const mainDir = resolve(context.cwd, 'src', 'main');
    const from = folderOf(mainDir, file);
    if (!from) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = folderOf(mainDir, resolve(dirname(file), source));
      if (!to || to.folder === from.folder) return;
      const isIndex = /^index\.(js|ts)$/.test(to.rest) || (from.folder === 'app' && /^worker\.(js|ts)$/.test(to.rest));
      let why = null;
      if (from.folder === 'platform') why = 'platform/ imports no domain, app or host: it is what they all build on.';
      else if (to.folder === 'platform') why = null;
      else if (to.folder === 'app' && from.folder !== 'electron' && from.folder !== 'browser') why = 'A domain never imports the composition root (app/).';
      else if (hosts.has(to.folder)) why = `Nothing imports the ${to.folder} host; put what both need into platform/.`;
      else if (to.folder !== 'app' && !isIndex) why = `Import the ${to.folder} domain through its index.ts, not its files (${to.rest}).`;
      if (why) context.report({ node, messageId: 'crossing', data: { why } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
