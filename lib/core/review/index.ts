/** The pull-request review engine: compares two synthesized outputs by meaning. */
export { severityRank, type Finding, type FindingKind, type Severity } from './findings';
export { loadSynthesizedOutput, outputFromStacks, type SynthesizedOutput } from './output';
export { renderJson, renderMarkdown } from './render';
export { reviewOutputs, type Review } from './review';
export { withTerraformPlan, type PlannedReview, type PlannedStack } from './terraform-plan';
