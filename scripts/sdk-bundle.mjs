/**
 * The AWS SDK as one CommonJS file with a V8 code cache (used by scripts/build.mjs for dist/cli.js).
 *
 * Loading the SDK was most of `ddb list-tables`'s start-up: ~400 KB of ESM that V8 parsed and compiled on every run.
 * Node 20 caches no module's compiled code, but vm.Script takes a code cache (src/code-cache.ts), and vm.Script runs
 * scripts, not ES modules: so the SDK packages src/ imports are bundled into dist/sdk-HASH.cjs, and each import of
 * them in src/ (`import { X } from '@aws-sdk/client-dynamodb'`, or `const { X } = await import(…)`) is answered by a
 * small ESM module that loads that file once (requireWithCodeCache) and exports its names. One file, one copy of the
 * SDK: every client, command and error class is the same object wherever src/ meets it.
 *
 * The names come from src/ itself (TypeScript's parser: value imports only), so the CommonJS file holds only what
 * ddb uses (tree-shaken as before). A use the scan cannot name (`import *`, an import() not destructured) stops the
 * build. @aws-sdk/util-dynamodb stays in the ESM build (src/values/ uses it without the SDK): the CommonJS file's
 * require() of it gets that copy, so NumberValue is one class.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import ts from 'typescript';

/** Packages that go into the CommonJS file when src/ imports them. */
const IN_SDK_FILE = (spec) => (spec.startsWith('@aws-sdk/') || spec.startsWith('@smithy/')) && spec !== SHARED;
/** Bundled in ESM, and handed to the CommonJS file for its own require() of it. */
const SHARED = '@aws-sdk/util-dynamodb';

const sourceFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

/** { package: Set of names } for every value import of an SDK package in src/ (static, or a destructured import()). */
export function sdkImports(root, srcDir = 'src') {
  const used = new Map();
  const add = (pkg, name) => (used.get(pkg) ?? used.set(pkg, new Set()).get(pkg)).add(name);
  for (const path of sourceFiles(join(root, srcDir))) {
    const text = readFileSync(path, 'utf8');
    if (!/@aws-sdk\/|@smithy\//.test(text)) continue;
    const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const where = (node) => `${relative(root, path)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node) => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        const pkg = node.moduleSpecifier.text;
        if (IN_SDK_FILE(pkg)) {
          const clause = ts.isImportDeclaration(node) ? node.importClause : node;
          const typeOnly = ts.isImportDeclaration(node) ? clause?.isTypeOnly : node.isTypeOnly;
          const bindings = ts.isImportDeclaration(node) ? clause?.namedBindings : node.exportClause;
          if (!typeOnly) {
            if (!clause || (ts.isImportDeclaration(node) && clause.name) || !bindings || !(ts.isNamedImports(bindings) || ts.isNamedExports(bindings)))
              throw new Error(`${where(node)}: import the SDK by name (import { X } from '${pkg}'): the build answers named imports only`);
            for (const el of bindings.elements) if (!el.isTypeOnly) add(pkg, (el.propertyName ?? el.name).text);
          }
        }
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && ts.isStringLiteral(node.arguments[0] ?? node) && IN_SDK_FILE(node.arguments[0].text)) {
        const pkg = node.arguments[0].text;
        const decl = ts.isAwaitExpression(node.parent) ? node.parent.parent : undefined;
        if (!decl || !ts.isVariableDeclaration(decl) || !ts.isObjectBindingPattern(decl.name) || decl.name.elements.some((e) => e.dotDotDotToken || !ts.isIdentifier(e.propertyName ?? e.name)))
          throw new Error(`${where(node)}: destructure the SDK's import() by name (const { X } = await import('${pkg}')): the build answers named imports only`);
        for (const el of decl.name.elements) add(pkg, (el.propertyName ?? el.name).text);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return used;
}

const key = (i) => `p${i}`;

/**
 * Bundles the SDK names src/ uses into `outdir`/sdk-HASH.cjs; returns { file, packages, plugin }: the plugin answers
 * src/'s SDK imports in the ESM build; `packages` are the npm packages bundled into the file (for dist/chunks.json).
 */
export async function bundleSdk({ root, outdir, common, sourcemap, minify }) {
  const used = sdkImports(root);
  const pkgs = [...used.keys()].sort();
  const entry = pkgs.map((pkg, i) => `import { ${[...used.get(pkg)].join(', ')} } from ${JSON.stringify(pkg)}; export const ${key(i)} = { ${[...used.get(pkg)].join(', ')} };`).join('\n');
  const { metafile } = await esbuild.build({
    ...common,
    // strict, as the same code was in ESM (esbuild adds no "use strict" to CommonJS output)
    banner: { js: '"use strict";' },
    format: 'cjs',
    charset: 'ascii', // src/code-cache.ts reads the file as latin1: one byte per character
    stdin: { contents: entry, resolveDir: root, sourcefile: 'sdk-entry.js' },
    outdir,
    entryNames: 'sdk-[hash]',
    outExtension: { '.js': '.cjs' },
    external: [...common.external, SHARED],
    sourcemap: sourcemap ? 'linked' : false,
    sourcesContent: false,
    minifyWhitespace: minify,
    minifySyntax: minify,
    metafile: true,
  });
  const [out, output] = Object.entries(metafile.outputs).find(([f]) => f.endsWith('.cjs'));
  const path = join(root, out);
  // A script run by vm.Script has no loader for import(): the SDK's few import()s of node built-ins become require().
  const code = readFileSync(path, 'utf8').replace(/\bimport\("(node:[a-z_/]+)"\)/g, 'Promise.resolve().then(() => require("$1"))');
  if (/\bimport\(|\bimport\.meta\b/.test(code.replace(/\/\/# sourceMappingURL=.*/, ''))) throw new Error(`${out}: an import() or import.meta is left, which vm.Script cannot run`);
  if (/[^\x00-\x7f]/.test(code)) throw new Error(`${out}: not ASCII (src/code-cache.ts reads one byte a character)`);
  writeFileSync(path, code);
  const file = relative(outdir, path);
  const packages = [...new Set(Object.keys(output.inputs).flatMap((i) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(i)?.[1] ?? []))].sort();
  const loader = join(root, 'src/code-cache.ts');
  const plugin = {
    name: 'sdk-commonjs',
    setup(build) {
      build.onResolve({ filter: /^@(aws-sdk|smithy)\// }, (args) => (IN_SDK_FILE(args.path) && used.has(args.path) && args.importer.startsWith(join(root, 'src/')) ? { path: args.path, namespace: 'sdk-commonjs' } : undefined));
      build.onLoad({ filter: /.*/, namespace: 'sdk-commonjs' }, (args) => ({
        resolveDir: root,
        contents: [
          `import { requireWithCodeCache } from ${JSON.stringify(loader)};`,
          `import * as shared from ${JSON.stringify(SHARED)};`,
          `import { fileURLToPath } from 'node:url';`,
          `const sdk = requireWithCodeCache(fileURLToPath(new URL(${JSON.stringify(`./${file}`)}, import.meta.url)), { ${JSON.stringify(SHARED)}: shared });`,
          `export const { ${[...used.get(args.path)].join(', ')} } = sdk.${key(pkgs.indexOf(args.path))};`,
        ].join('\n'),
      }));
    },
  };
  return { file, packages, plugin };
}
