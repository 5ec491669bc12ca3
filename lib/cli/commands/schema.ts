import { z } from 'zod';
import { declarationSchema } from '../../core/declaration/schema';
import { Command } from '../command';

/**
 * The JSON Schema of a declaration as a person writes it (defaults may be left out). Shared by
 * `sso schema` and the generated declaration reference, so the two cannot disagree.
 */
export function declarationJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(declarationSchema, { io: 'input', unrepresentable: 'any' });
  return { title: 'Databricks SSO declaration', ...schema };
}

export const schemaCommand: Command = {
  name: 'schema',
  help: `usage: sso schema

Prints the JSON Schema (draft 2020-12) a declaration file must satisfy. Point your editor's
YAML or JSON language server at it.
`,
  options: {},
  run() {
    process.stdout.write(`${JSON.stringify(declarationJsonSchema(), null, 2)}\n`);
    return 0;
  },
};
