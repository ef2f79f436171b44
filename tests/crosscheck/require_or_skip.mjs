// The npm package `name`, or exit 77 (ctest's "skipped") saying it is not installed.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export function requireOrSkip(name) {
  try {
    return require(name);
  } catch {
    console.log(`SKIPPED: ${name} is not installed (scripts/install-deps.sh runs npm ci here)`);
    process.exit(77);
  }
}
