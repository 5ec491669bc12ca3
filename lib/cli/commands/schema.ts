import { z } from 'zod';
import { declarationSchema } from '../../core/declaration/schema';
import { Command } from '../command';

export const schemaCommand: Command = {
  name: 'schema',
  help: `usage: sso schema

Prints the JSON Schema (draft 2020-12) a declaration file must satisfy. Point your editor's
YAML or JSON language server at it.
`,
  options: {},
  run() {
    const schema = z.toJSONSchema(declarationSchema, { io: 'input', unrepresentable: 'any' });
    process.stdout.write(`${JSON.stringify({ title: 'Databricks SSO declaration', ...schema }, null, 2)}\n`);
    return 0;
  },
};
