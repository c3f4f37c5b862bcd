import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export const VERSION = pkg.version;

/** A note about the runtime that the SDK would otherwise print on every run. */
export const nodeSupportNote = (nodeVersion = process.version): string | undefined => {
  const major = Number(nodeVersion.slice(1).split('.')[0]);
  return major < 22
    ? `note: you run Node ${nodeVersion}; AWS SDK v3 releases after the first week of January 2027 need Node >= 22. ddb works on Node 20 with the SDK version it pins.`
    : undefined;
};

export const versionText = (): string => {
  const note = nodeSupportNote();
  return note ? `ddb ${VERSION}\n${note}` : `ddb ${VERSION}`;
};
