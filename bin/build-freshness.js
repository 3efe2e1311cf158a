// Whether dist/ (scripts/build.mjs) was built from the sources as they are now.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The directories whose files the running code is compiled from or reads. */
export const SOURCE_DIRS = ['src', 'worker', 'emails'];

/** The source files' count and newest modification time (ms): a file edited, added or removed changes one of them. */
export function sourceState(root) {
  let newest = 0;
  let files = 0;
  for (const dir of SOURCE_DIRS) {
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      files++;
      newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
    }
  }
  return { files, newest };
}

/** True when dist/ exists and no source file changed since it was built. */
export function buildIsFresh(root) {
  try {
    const built = JSON.parse(readFileSync(join(root, 'dist', 'build.json'), 'utf8'));
    const now = sourceState(root);
    return built.files === now.files && built.newest >= now.newest;
  } catch {
    return false;
  }
}
