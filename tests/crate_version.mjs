// The crate version from Cargo.toml: what the CLI, the wasm package and the page must all show.
import { readFileSync } from 'node:fs';

const manifest = readFileSync(new URL('../Cargo.toml', import.meta.url), 'utf8');
export const CRATE_VERSION = manifest.match(/^version = "([^"]+)"$/m)[1];
