import { createHash } from 'crypto';
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import { ValidationError } from '../core/errors';
import { dependencyFolder } from '../package';

/*
 * TypeScript and JavaScript declaration files, loaded without a require hook: the installed
 * command line is plain JavaScript, and a project's declarations must load the same way there as
 * under tsx, cdktf's app runner or jest.
 */

interface EsbuildMessage {
  readonly text: string;
  readonly location?: { readonly file: string; readonly line: number; readonly column: number } | null;
}

/** Node's Module, with the one internal method that evaluates source text as a CommonJS module. */
type CompilableModule = Module & { _compile(code: string, filename: string): void };

/** A compiled declaration and the content hash of every file esbuild read to compile it. */
interface CachedModule {
  readonly inputs: Readonly<Record<string, string>>;
  readonly code: string;
}

const sha256 = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Compiles a declaration module with esbuild (its relative imports bundled, packages left to
 * Node's require) and evaluates it in a module of its own. The compiled code is kept in
 * node_modules/.cache and reused while every file it was compiled from is unchanged, so a run
 * whose declarations did not change starts no compiler.
 *
 * @param field - where the file was named, for the error when it does not compile
 * @param shown - the file as the user wrote it
 */
export function evaluateModule(file: string, field: string, shown: string): Record<string, unknown> {
  const cacheFile = path.join(
    dependencyFolder(),
    '.cache',
    'databricks-sso',
    'declarations',
    `${sha256(file).slice(0, 16)}.json`,
  );
  const code = cached(cacheFile) ?? compile(file, field, shown, cacheFile);
  const compiled = new Module(file, module) as CompilableModule;
  compiled.filename = file;
  compiled.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
    path.dirname(file),
  );
  compiled._compile(code, file);
  return compiled.exports as Record<string, unknown>;
}

function cached(cacheFile: string): string | undefined {
  try {
    const entry = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as CachedModule;
    for (const [input, hash] of Object.entries(entry.inputs)) {
      if (sha256(fs.readFileSync(input)) !== hash) return undefined;
    }
    return entry.code;
  } catch {
    return undefined; // none yet, a file it read is gone, or an unreadable entry: compile again
  }
}

function compile(file: string, field: string, shown: string, cacheFile: string): string {
  // Loaded on demand: JSON and YAML declarations, and unchanged modules, need no compiler.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const workingDir = path.dirname(file);
  let result: import('esbuild').BuildResult & { outputFiles: import('esbuild').OutputFile[] };
  try {
    result = esbuild.buildSync({
      entryPoints: [file],
      absWorkingDir: workingDir,
      bundle: true,
      packages: 'external',
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
  } catch (e) {
    const first = (e as { errors?: readonly EsbuildMessage[] }).errors?.[0];
    if (first === undefined) throw e;
    const at = first.location
      ? ` at ${path.resolve(workingDir, first.location.file)}:${first.location.line}:${first.location.column + 1}`
      : '';
    throw new ValidationError(
      field,
      `${shown}, which does not compile${at}: ${first.text}`,
      'a TypeScript or JavaScript module exporting one declaration',
    );
  }
  const code = result.outputFiles[0]?.text ?? '';
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile?.inputs ?? {})) {
    const absolute = path.resolve(workingDir, input);
    inputs[absolute] = sha256(fs.readFileSync(absolute));
  }
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    const written = `${cacheFile}.${process.pid}`;
    fs.writeFileSync(written, JSON.stringify({ inputs, code } satisfies CachedModule));
    fs.renameSync(written, cacheFile);
  } catch {
    // A read-only node_modules only costs the next run its compile.
  }
  return code;
}
