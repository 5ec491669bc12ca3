import { validateDeclaration } from '../../../lib/core/declaration/validate';
import { example } from '../../helpers';

const withAudit = (signInAudit: unknown) => ({ ...example('prod'), signInAudit });

describe('signInAudit', () => {
  test('GIVEN declared workspaces WHEN validated THEN they are kept', () => {
    expect(validateDeclaration(withAudit({ workspaces: ['ml-prod'] })).signInAudit).toEqual({
      workspaces: ['ml-prod'],
    });
  });

  test('GIVEN no signInAudit WHEN validated THEN none is filled in', () => {
    expect(validateDeclaration(example('prod')).signInAudit).toBeUndefined();
  });

  test('GIVEN a workspace that is not declared THEN it is refused naming the declared ones', () => {
    expect(() => validateDeclaration(withAudit({ workspaces: ['ml-stage'] }))).toThrow(
      'prod: signInAudit.workspaces[0]: expected a workspace declared in databricks.workspaces (ml-prod, analytics-prod, ml-sandbox), got "ml-stage"',
    );
  });

  test('GIVEN a workspace named twice THEN it is refused', () => {
    expect(() => validateDeclaration(withAudit({ workspaces: ['ml-prod', 'ml-prod'] }))).toThrow(
      /signInAudit\.workspaces\[1\]: expected each workspace once/,
    );
  });

  test('GIVEN an empty list THEN it is refused', () => {
    expect(() => validateDeclaration(withAudit({ workspaces: [] }))).toThrow(
      /signInAudit\.workspaces: expected at least one workspace/,
    );
  });

  test('GIVEN a schema name instead of workspaces THEN the unknown field is refused', () => {
    expect(() => validateDeclaration(withAudit({ schema: 'billing' }))).toThrow(/signInAudit\.schema/);
  });
});
