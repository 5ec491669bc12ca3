import * as os from 'os';
import { App } from 'cdktf';
import { SSO_OUTPUTS } from '../../constructs/databricks-sso-settings';
import type { Declaration } from '../../core/declaration/schema';
import { validateDeclarations } from '../../core/declaration/validate';
import { describeValue, ValidationError } from '../../core/errors';
import { loadSynthesizedOutput } from '../../core/review';
import { resolveClock } from '../../core/rotation/calendar';
import { testLogins } from '../../core/saml/login-test';
import { loginTestsJson, renderLoginTests } from '../../core/saml/render';
import { addEnvironments } from '../../../stacks/sso-app';
import { Command, stringListOption, stringOption, UsageError } from '../command';
import { declarationSources } from '../declarations';
import { EXIT_REJECTED } from '../report';

export const testLoginCommand: Command = {
  name: 'test-login',
  help: `usage: sso test-login [--declaration FILE]... | [--out DIR]  [--env ENV] [--json] [--at TIME]

The account console's "Test SSO", offline and before the deploy, for every SAML environment:
builds the response the IdP app as synthesized would send a user of the mapped groups (NameID
format and template, attribute statements and their filters, response and assertion signing,
algorithms, audience, recipient, destination), signs it with a throwaway key standing in for
the IdP's, and checks it as \`sso diagnose --saml-response\` does, against the SSO settings
handoff (entity ID, SSO URL, certificate = the throwaway key's). Okta and Entra apps are read
from the configuration; for a metadata IdP only the Databricks side is known, and the report
says what was assumed. Nothing is deployed or contacted.

  --declaration FILE  declarations to synthesize in memory (default: cdktf.json's, else the
                      built-in example)
  --out DIR           or: test an existing synthesized output (\`sso synth --out DIR\`)
  --env ENV           only this environment
  --json              {"environments": [{"environment", "accepted", "errorCode", "checks":
                      [{"id", "status", "detail"}], "assumptions"}]}
  --at TIME           the moment of the test login (ISO time or a day); default: SSO_CLOCK,
                      else now

Exit 0 when every environment's login works, 1 when one would fail (with its Databricks error
code), 2 for a usage error.
`,
  options: {
    declaration: { type: 'string', multiple: true },
    out: { type: 'string' },
    env: { type: 'string' },
    json: { type: 'boolean' },
    at: { type: 'string' },
  },
  run(args) {
    const files = stringListOption(args, 'declaration');
    const out = stringOption(args, 'out');
    if (out !== undefined && files.length > 0) {
      throw new UsageError('give --declaration FILE (synthesized in memory) or --out DIR, not both');
    }
    const at = clock(stringOption(args, 'at'));
    const sources = declarationSources(files);
    const declarations = validateDeclarations(sources);
    const environments = out !== undefined ? fromOutput(out) : inMemory(sources);
    const env = stringOption(args, 'env');
    const chosen = env === undefined ? environments : environments.filter((e) => e.name === env);
    if (env !== undefined && chosen.length === 0) {
      throw new ValidationError(
        '--env',
        describeValue(env),
        `one of ${environments.map((e) => e.name).join(', ')}`,
      );
    }
    const { results, skipped } = testLogins(chosen, {
      at,
      outputs: SSO_OUTPUTS,
      declared: declaredOf(declarations),
    });
    process.stdout.write(
      args.values.json === true
        ? `${JSON.stringify(loginTestsJson(results), null, 2)}\n`
        : renderLoginTests(results, skipped),
    );
    return results.every((r) => r.accepted) ? 0 : EXIT_REJECTED;
  },
};

/** Each environment's main stack, rendered straight from the construct tree: nothing is written. */
function inMemory(sources: ReturnType<typeof declarationSources>): { name: string; json: unknown }[] {
  const stacks = addEnvironments(new App({ outdir: os.tmpdir() }), sources);
  return stacks
    .filter((stack) => stack.node.id === stack.declaration.environment)
    .map((stack) => ({ name: stack.node.id, json: stack.toTerraform() }));
}

function fromOutput(dir: string): { name: string; json: unknown }[] {
  const output = loadSynthesizedOutput(dir, '--out');
  return [...output.environments.values()].flatMap((e) => {
    const main = e.stacks.find((s) => s.name === e.name);
    return main === undefined ? [] : [{ name: e.name, json: main.json }];
  });
}

/** What the declarations say of attributes and groups; an output of other declarations just lacks them. */
function declaredOf(declarations: readonly Declaration[]) {
  return new Map(
    declarations.map((d) => [
      d.environment,
      {
        attributes: d.assertion.attributes,
        groups: Object.fromEntries(Object.entries(d.groups).map(([name, g]) => [name, g.workspaces])),
      },
    ]),
  );
}

function clock(value: string | undefined): Date {
  if (value === undefined || /^\d{4}-\d{2}-\d{2}$/.test(value)) return resolveClock(value, process.env);
  const parsed = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
    ? new Date(value)
    : undefined;
  if (parsed === undefined || Number.isNaN(parsed.getTime())) {
    throw new UsageError(
      `--at must be an ISO time (2026-11-25T10:00:00Z) or a day, got ${JSON.stringify(value)}`,
    );
  }
  return parsed;
}
