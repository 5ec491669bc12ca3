import type { TerraformElement } from 'cdktf';

/**
 * Gives an element a fixed Terraform address. Construct IDs are a contract: they become the
 * addresses reviewers read and state holds, so they are spelled out instead of hashed.
 */
export function fixAddress<T extends TerraformElement>(element: T, logicalId: string): T {
  element.overrideLogicalId(logicalId);
  return element;
}

/** Escapes a string for use as a literal inside a regular expression (Okta group filters). */
export function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
