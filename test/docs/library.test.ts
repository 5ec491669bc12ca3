import * as fs from 'fs';
import * as path from 'path';

/*
 * docs/library.md shows a consumer's files; they are the files of the project the consumer test
 * installs the package into and type-checks (test/fixtures/consumer-project), so the page cannot
 * show code that does not compile against the package.
 */
const ROOT = path.resolve(__dirname, '../..');
const PAGE = fs.readFileSync(path.join(ROOT, 'docs/library.md'), 'utf8');
const FIXTURE = path.join(ROOT, 'test/fixtures/consumer-project');

function fixtureFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(files, fixtureFiles(file));
    else files[path.relative(FIXTURE, file)] = fs.readFileSync(file, 'utf8').trim();
  }
  return files;
}

test('GIVEN docs/library.md WHEN its TypeScript and JSON blocks are read THEN each is a file of the consumer project, verbatim', () => {
  // GIVEN
  const files = fixtureFiles(FIXTURE);
  // WHEN
  const blocks = [...PAGE.matchAll(/^```(ts|json)\n([\s\S]*?)^```$/gm)].map((m) => (m[2] ?? '').trim());
  // THEN
  expect(blocks.length).toBeGreaterThanOrEqual(4);
  for (const block of blocks) {
    expect(Object.entries(files).find(([, content]) => content === block)?.[0]).toBeDefined();
  }
});

test('GIVEN docs/library.md WHEN its peer dependency table is read THEN it states the ranges and versions of package.json', () => {
  // GIVEN
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    peerDependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  // WHEN
  const rows = [...PAGE.matchAll(/^\| `([^`]+)` +\| `([^`]+)` +\| ([^ |]+) +\|$/gm)].map((m) => [
    m[1],
    m[2],
    m[3],
  ]);
  // THEN
  expect(rows).toEqual(
    Object.entries(manifest.peerDependencies).map(([name, range]) => [
      name,
      range,
      manifest.devDependencies[name],
    ]),
  );
});
