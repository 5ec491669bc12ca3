/*
 * The stand-in provider's entry point, bundled into one file by ../install.ts and started by
 * Terraform through a wrapper in a filesystem mirror: `node <bundle> <schema.json>`.
 */
import { runPlugin } from './server';

runPlugin(process.argv[2]);
