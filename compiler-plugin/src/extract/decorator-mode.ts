// Whether the tsconfig that compiles an actor file enables the legacy decorators the Sprocket decorators are written for.
import { dirname } from 'node:path';
import { ts } from 'ts-morph';

const cache = new Map<string, { mtime: number; off: boolean }>();

/**
 * The nearest `tsconfig.json` above `fileName` when it does not set `experimentalDecorators: true` (so `tsc` fails
 * on every Sprocket decorator with TS1241); undefined when it does, or when there is no tsconfig to check.
 */
export function tsconfigWithoutLegacyDecorators(fileName: string): string | undefined {
  const config = ts.findConfigFile(dirname(fileName), ts.sys.fileExists, 'tsconfig.json');
  if (config === undefined) return undefined;
  const mtime = ts.sys.getModifiedTime?.(config)?.getTime() ?? 0;
  const cached = cache.get(config);
  if (cached !== undefined && cached.mtime === mtime) return cached.off ? config : undefined;
  const read = ts.readConfigFile(config, ts.sys.readFile);
  // An unreadable tsconfig is tsc's to report; nothing to say about decorators.
  const off =
    read.error === undefined &&
    ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(config), undefined, config).options.experimentalDecorators !== true;
  cache.set(config, { mtime, off });
  return off ? config : undefined;
}
