// The yaml package, as one prebuilt file when the build made it (scripts/bundle-vendor.mjs):
// requiring the package's ~60 CommonJS files costs ~50 ms of every command that reads the
// config; the single file ~10 ms. Same package, same version: the build bundles node_modules/yaml.
import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');
let loaded: Yaml | undefined;

export async function loadYaml(): Promise<Yaml> {
  if (loaded) return loaded;
  try {
    loaded = createRequire(import.meta.url)('../../vendor/yaml.cjs') as Yaml;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
    loaded = await import('yaml');
  }
  return loaded;
}
