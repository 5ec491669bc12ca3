/** A declaration field as validation messages spell it: `groups.analysts.workspaces.ml-prod`, `groups["Data Team"]`. */
export function declarationField(...keys: readonly string[]): string {
  return keys
    .map((key, i) =>
      /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `${i === 0 ? '' : '.'}${key}` : `[${JSON.stringify(key)}]`,
    )
    .join('');
}
