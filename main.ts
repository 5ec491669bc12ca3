import { App } from 'cdktf';
import { reportAndExit } from './lib/cli/report';
import { BUILT_IN_ENVIRONMENTS } from './stacks/environments';
import { addEnvironments } from './stacks/sso-app';

// `cdktf synth` runs this file: it only assembles the app from the built-in declarations.
try {
  const app = new App();
  addEnvironments(
    app,
    BUILT_IN_ENVIRONMENTS.map((input) => ({ input, source: `built-in ${String(input.environment)}` })),
  );
  app.synth();
} catch (error) {
  reportAndExit(error);
}
