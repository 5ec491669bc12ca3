import { App } from 'cdktf';
import { declarationSources } from './lib/cli/declarations';
import { reportAndExit } from './lib/cli/report';
import { addEnvironments } from './stacks/sso-app';

// `cdktf synth` runs this file: it only assembles the app from the declarations that cdktf.json names.
try {
  const app = new App();
  addEnvironments(app, declarationSources([]));
  app.synth();
} catch (error) {
  reportAndExit(error);
}
