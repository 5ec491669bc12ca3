import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { describeValue, ValidationError } from '../core/errors';
import { rotationDeadlines } from '../core/rotation/declarations';
import type { RotationPolicy } from '../core/rotation/policy';

/** Properties of a {@link RotationCheck}. */
export interface RotationCheckProps {
  /** Names the environment in the warnings. */
  readonly environment: string;
  /** The signing-key generation the IdP signs with (Okta `key_name`). */
  readonly generation: string;
  /** The day the generation was issued, `YYYY-MM-DD` (UTC). */
  readonly issued: string;
  /**
   * How long the key may be used and how early the check warns; only `periodDays` and `warnDays`
   * matter here.
   * @default DEFAULT_ROTATION_POLICY (rotate every 90 days, warn 14 days before)
   */
  readonly policy?: RotationPolicy;
}

/** The check's Terraform address is `check.signing_key_rotation`. */
const ROTATION_CHECK_NAME = 'signing_key_rotation';

/**
 * The locals the check's asserts refer to. The clock is a local of its own so that a
 * `*_override.tf.json` can pin it (the tests do), and so that each condition refers to an
 * object: Terraform refuses an assert on `plantimestamp()` alone ("Invalid assert expression:
 * the condition expression must refer to at least one object from elsewhere in the
 * configuration"), which failed `terraform init` on every SAML stack.
 */
export const ROTATION_CLOCK_LOCAL = 'signing_key_rotation_clock';
export const ROTATION_DATES_LOCAL = 'signing_key_rotation';

/**
 * A Terraform `check` block that warns on every `terraform plan` once the signing key is due,
 * and again once it is past its rotate-by date, judged by Terraform's own clock
 * (`plantimestamp()`): a repository nobody touched for months still warns, while the synthesized
 * JSON stays the same from day to day because the dates in it are literals from the declaration.
 * Checks only warn; synthesis-time enforcement is the policy pack's job.
 *
 * cdktf has no construct for `check` blocks, so this writes one through a stack override.
 */
export class RotationCheck extends Construct {
  /**
   * The rotate-by date, `YYYY-MM-DD` (UTC): `issued` plus `periodDays`. From that day on, plans
   * report the key overdue.
   */
  readonly rotateBy: string;
  /** The day the key becomes due, `YYYY-MM-DD` (UTC): `warnDays` before `rotateBy`. */
  readonly warnFrom: string;

  constructor(scope: Construct, id: string, props: RotationCheckProps) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    validateProps(props, stack, this);
    const deadlines = rotationDeadlines(props.issued, props.policy, 'RotationCheck');
    this.rotateBy = deadlines.rotateBy;
    this.warnFrom = deadlines.warnFrom;

    const key = `${props.environment}: SAML signing key generation ${props.generation} (issued ${props.issued})`;
    const how =
      `set a new signingKey generation and issued date in the ${props.environment} declaration, deploy, ` +
      'and replace the x.509 certificate in the Databricks account console right after the apply ' +
      `(npx sso runbook --env ${props.environment} --change rotation)`;
    stack.addOverride(`locals.${ROTATION_CLOCK_LOCAL}`, '${plantimestamp()}');
    stack.addOverride(`locals.${ROTATION_DATES_LOCAL}`, {
      warn_from: startOfDay(this.warnFrom),
      rotate_by: startOfDay(this.rotateBy),
    });
    const overdue = {
      condition: `\${${before('rotate_by')}}`,
      error_message: template(`${key} passed its rotate-by date ${this.rotateBy}. Rotate it now: ${how}.`),
    };
    const due = {
      condition: `\${${before('warn_from')} || !(${before('rotate_by')})}`,
      error_message: template(`${key} must be rotated by ${this.rotateBy}. To rotate: ${how}.`),
    };
    // With no warning period the key goes straight from ok to overdue.
    const asserts = this.warnFrom === this.rotateBy ? [overdue] : [due, overdue];
    stack.addOverride(`check.${ROTATION_CHECK_NAME}`, { assert: asserts });
  }
}

function startOfDay(day: string): string {
  return `${day}T00:00:00Z`;
}

/** True while Terraform's plan time is before the first instant (UTC) of the named date. */
function before(date: 'warn_from' | 'rotate_by'): string {
  return `timecmp(local.${ROTATION_CLOCK_LOCAL}, local.${ROTATION_DATES_LOCAL}.${date}) < 0`;
}

/** `error_message` is a Terraform template: literal `${` and `%{` must be doubled. */
function template(text: string): string {
  return text.replace(/([$%])\{/g, (_, mark: string) => `${mark}${mark}{`);
}

function validateProps(props: RotationCheckProps, stack: TerraformStack, self: RotationCheck): void {
  for (const field of ['environment', 'generation'] as const) {
    const value: unknown = props[field];
    if (typeof value !== 'string' || value.trim() === '' || /\p{Cc}/u.test(value)) {
      throw new ValidationError(
        `RotationCheck.${field}`,
        describeValue(value),
        'a non-empty name without control characters',
      );
    }
  }
  // The check's address is fixed, so a second one would silently replace the first.
  const other = stack.node.findAll().find((c) => c instanceof RotationCheck && c !== self);
  if (other !== undefined) {
    throw new ValidationError(
      'RotationCheck',
      `a second rotation check in stack ${stack.node.id} (the first is ${other.node.path})`,
      `one rotation check per stack (its address is check.${ROTATION_CHECK_NAME})`,
    );
  }
}
