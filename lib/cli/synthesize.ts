import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { countResourceInstances } from '../core/terraform/json';
import { addEnvironments, type DeclarationSource } from '../../stacks/sso-app';
import { isAccountMember } from '../core/declaration/account';

export interface EnvironmentSummary {
  /** The stack: the environment, or one of its mapping shards (`prod-mappings-2`). */
  readonly environment: string;
  readonly idp: string;
  readonly groups: number;
  readonly workspaces: number;
  /** Resource instances: a `for_each` block counts once per key. */
  readonly resources: number;
}

/**
 * Synthesizes into a fresh temporary directory next to `outDir` and moves the result in only
 * when everything succeeded, so a failed run leaves the previous output exactly as it was.
 */
export function synthesizeToDirectory(
  sources: readonly DeclarationSource[],
  outDir: string,
): EnvironmentSummary[] {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.new-`));
  let summaries: EnvironmentSummary[];
  try {
    const app = new App({ outdir: staging });
    const stacks = addEnvironments(app, sources);
    app.synth();
    summaries = stacks.map((stack) => {
      const d = stack.declaration;
      const json: unknown = JSON.parse(
        fs.readFileSync(path.join(staging, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'),
      );
      return {
        environment: stack.node.id,
        // An environment sharing an account it does not own signs in through the owner's IdP app.
        idp: isAccountMember(d)
          ? `${d.idp.kind} of ${d.databricks.sharedAccount?.owner ?? ''} (shared account)`
          : d.idp.kind,
        groups: stack.mappedGroups,
        workspaces: Object.keys(d.databricks.workspaces).length,
        resources: countResourceInstances(json),
      };
    });
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  replaceDirectory(staging, target);
  return summaries;
}

/**
 * Moves the synthesized files over the previous ones, file by file (a rename replaces a file in
 * one step), and leaves everything else in the output alone: Terraform keeps `.terraform/`, its
 * lock file and plans in each stack's directory, and a re-synthesis must not cost a re-init.
 */
function replaceDirectory(fresh: string, target: string): void {
  if (!fs.existsSync(target)) {
    fs.renameSync(fresh, target);
    return;
  }
  moveInto(fresh, target);
  fs.rmSync(fresh, { recursive: true, force: true });
}

function moveInto(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const destination = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (fs.existsSync(destination) && !fs.statSync(destination).isDirectory()) fs.rmSync(destination);
      moveInto(source, destination);
    } else {
      if (fs.existsSync(destination) && fs.statSync(destination).isDirectory()) {
        fs.rmSync(destination, { recursive: true });
      }
      fs.renameSync(source, destination);
    }
  }
}
