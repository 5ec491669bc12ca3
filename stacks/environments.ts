import type { EnvironmentDeclaration } from '../lib/core/declaration/schema';
import { prod } from './prod';
import { staging } from './staging';

/** The built-in example, in rollout order: staging first. */
export const BUILT_IN_ENVIRONMENTS: readonly EnvironmentDeclaration[] = [staging, prod];
