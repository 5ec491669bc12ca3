import { deriveAccess } from '../../core/access/derive';
import { renderAccessCsv, renderAccessJson, renderAccessMarkdown } from '../../core/access/render';
import { isKnown, knownNames, selectAccess, type AccessQuery } from '../../core/access/select';
import { describeValue, ValidationError } from '../../core/errors';
import { loadSynthesizedOutput, type SynthesizedOutput } from '../../core/review';
import { Command, oneOf, stringListOption, stringOption, UsageError } from '../command';
import { resolveDeclarations } from '../declarations';
import { GitRepository, StateSynthesizer } from '../git-states';
import { obtain, Scratch } from '../sides';

export const accessCommand: Command = {
  name: 'access',
  help: `usage: sso access [--declaration FILE]... | --out DIR | --at REF
                  [--format md|csv|json] [--group NAME] [--workspace NAME]

The effective access of each environment: per group and workspace the permission (USER or
ADMIN) and entitlements, account roles, the privileged groups (ADMIN or account_admin), the
emergency-access users, and the IdP groups that reach Databricks and those that do not (with
why). It is derived from the synthesized Terraform JSON by the review engine: what Terraform
applies, not what a declaration hopes for.

  --declaration FILE  declarations to synthesize in memory (default: cdktf.json
                      context.declarations, else the built-in example)
  --out DIR           or: an output written by \`sso synth --out DIR\`
  --at REF            or: a commit's declarations (its own cdktf.json), synthesized as
                      \`sso history\` does
  --format FORMAT     md: a matrix per environment, privileged access first (default);
                      csv: one row per group x workspace (environment, group, workspace,
                      permission, entitlements joined by ;);
                      json: {"environments": [{"environment", "rows": [{"group", "workspace",
                      "permission", "entitlements"}], "accountRoles": [{"group", "role"}],
                      "privilegedGroups", "emergencyAccess", "workspaces", "groups",
                      "idpGroups"}]}
  --group NAME        what this group can do, and through which mapping (IdP assignment,
                      account group, permission); group names are case-insensitive
  --workspace NAME    who can reach this workspace, and through which mapping; account admins
                      are listed, since they can grant themselves any workspace
`,
  options: {
    declaration: { type: 'string', multiple: true },
    out: { type: 'string' },
    at: { type: 'string' },
    format: { type: 'string' },
    group: { type: 'string' },
    workspace: { type: 'string' },
  },
  async run(args) {
    const format = oneOf(args, 'format', ['md', 'csv', 'json'] as const, 'md');
    const declarations = stringListOption(args, 'declaration');
    const out = stringOption(args, 'out');
    const at = stringOption(args, 'at');
    if ([declarations.length > 0, out !== undefined, at !== undefined].filter(Boolean).length > 1) {
      throw new UsageError('give one of --declaration FILE, --out DIR or --at REF');
    }
    const query: AccessQuery = {
      ...(stringOption(args, 'group') !== undefined ? { group: stringOption(args, 'group') } : {}),
      ...(stringOption(args, 'workspace') !== undefined
        ? { workspace: stringOption(args, 'workspace') }
        : {}),
    };

    const { output, origin } = await outputOf(declarations, out, at);
    const all = deriveAccess(output);
    const known = knownNames(all);
    if (query.group !== undefined && !isKnown(known.groups, query.group)) {
      throw new ValidationError(
        '--group',
        describeValue(query.group),
        `a group an environment assigns or grants (${known.groups.join(', ')}); any other group has no access through these declarations`,
      );
    }
    if (query.workspace !== undefined && !isKnown(known.workspaces, query.workspace)) {
      throw new ValidationError(
        '--workspace',
        describeValue(query.workspace),
        `a workspace of the environments (${known.workspaces.join(', ')})`,
      );
    }
    const environments = selectAccess(all, query);
    process.stdout.write(
      format === 'json'
        ? renderAccessJson(environments)
        : format === 'csv'
          ? renderAccessCsv(environments)
          : renderAccessMarkdown(environments, { origin }, query),
    );
    return 0;
  },
};

/** The synthesized output the answer is derived from, and how the report names it. */
async function outputOf(
  declarations: readonly string[],
  out: string | undefined,
  at: string | undefined,
): Promise<{ output: SynthesizedOutput; origin: string }> {
  if (out !== undefined)
    return { output: loadSynthesizedOutput(out, '--out'), origin: `the output directory ${out}` };
  const scratch = new Scratch();
  try {
    if (at === undefined) {
      const { sources, origin } = resolveDeclarations(declarations);
      return {
        output: await obtain({ workingTree: true }, 'head', scratch, declarations),
        origin: `the declarations ${sources.map((s) => s.source).join(', ')} (from ${origin})`,
      };
    }
    const repo = GitRepository.at(process.cwd(), '--at', at);
    const commit = repo.commit(repo.resolve(at, '--at'));
    const state = await new StateSynthesizer(
      repo,
      scratch,
      StateSynthesizer.projectOf(repo, process.cwd()),
    ).outcome(commit);
    if ('error' in state) {
      throw new ValidationError(
        '--at',
        describeValue(at),
        `a commit whose declarations synthesize (${state.error})`,
      );
    }
    return { output: state.output, origin: `commit ${commit.sha.slice(0, 12)} (${at})` };
  } finally {
    scratch.dispose();
  }
}
