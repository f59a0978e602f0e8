/**
 * The BFF's layers point one way: a module imports only from its own layer or the layers below it,
 * and nothing the production entry point can reach imports test code (`bff/test/`). Type imports
 * count too: they are dependencies of the design even when they vanish from the JavaScript.
 */
import fs from 'node:fs';
import path from 'node:path';

const SRC = __dirname;

/** Lowest first. A module of layer N may import layers 0…N. */
const LAYERS: string[][] = [
  ['errors.ts', 'logger.ts', 'paths.ts'],
  ['security', 'db', 'metrics'],
  ['models'],
  ['domain', 'ledger'],
  ['providers', 'presenters', 'callbacks'],
  ['services.ts'],
  ['policies'],
  ['commands', 'queries'],
  ['jobs', 'realtime'],
  ['auth', 'middleware', 'openapi', 'routes', 'portal'],
  ['app.ts', 'server.ts', 'main.ts', 'console'],
];

const layerOf = (file: string): number => {
  const top = path.relative(SRC, file).split(path.sep)[0];
  const layer = LAYERS.findIndex((names) => names.includes(top));
  if (layer < 0) throw new Error(`${path.relative(SRC, file)} is in no layer: add its folder to LAYERS`);
  return layer;
};

const isTest = (file: string) => /\.test\.tsx?$/.test(file);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.tsx?$/.test(e.name) && !isTest(e.name) ? [full] : [];
  });
}

/** The relative imports of a file, resolved to files. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specs.map((spec) => {
    const base = path.resolve(path.dirname(file), spec);
    return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f)) ?? base;
  });
}

describe('layers', () => {
  const files = sources(SRC);

  it('finds the modules (the scan itself works)', () => {
    expect(files.length).toBeGreaterThan(80);
    expect(importsOf(path.join(SRC, 'app.ts'))).toContain(path.join(SRC, 'routes', 'mount.ts'));
  });

  it('every module is in a layer, and imports only its own layer or lower ones', () => {
    const upward: string[] = [];
    for (const file of files) {
      for (const target of importsOf(file)) {
        if (!target.startsWith(SRC + path.sep)) continue; // shared, config: below every layer
        if (layerOf(target) > layerOf(file)) upward.push(`${path.relative(SRC, file)} → ${path.relative(SRC, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('the console is a browser app: it imports itself, the shared schemas and its UI packages only', () => {
    const allowed = /^(\.\/[^/]+|@regverify\/shared(\/\w+)?|react|react-dom(\/client)?|antd(\/.*)?|zod)$/;
    const consoleFiles = files.filter((f) => f.startsWith(path.join(SRC, 'console') + path.sep));
    expect(consoleFiles.length).toBeGreaterThan(3);
    const found = consoleFiles.flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"];$/gm)]
        .map((m) => m[1])
        .filter((spec) => !allowed.test(spec))
        .map((spec) => `${path.relative(SRC, file)} → ${spec}`),
    );
    expect(found).toEqual([]);
  });

  it('no production module imports test code', () => {
    const testCode = path.resolve(SRC, '..', 'test');
    const found = files.flatMap((file) =>
      importsOf(file)
        .filter((t) => t.startsWith(testCode + path.sep) || isTest(t))
        .map((t) => `${path.relative(SRC, file)} → ${t}`),
    );
    expect(found).toEqual([]);
  });
});
