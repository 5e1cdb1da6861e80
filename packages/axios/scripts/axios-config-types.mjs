#!/usr/bin/env node
// Moves the `declare module 'axios'` augmentation out of dist/index.d.cts into two files,
// dist/axios-config.d.cts and dist/axios-config.d.mts, and makes the index reference both. Run
// after tsdown and before scripts/esm-wrapper.mjs (which copies index.d.cts to index.d.mts).
//
// Why: axios ships two declarations of itself, index.d.cts (require) and index.d.ts (import). An
// augmentation merges only into the one its own file resolves `axios` to, so a lone CommonJS
// augmentation misses the ESM declaration that e.g. @nestjs/axios 12 uses, and the other way
// round. A .d.cts and a .d.mts copy cover both, whatever the importing app's module system.
// Both take `VismaAuthRequestOptions` from index.d.cts, so where both resolve to one axios file
// (moduleResolution node10, bundler) the two merged `vismaAuth` properties are the same type.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dist = join(resolve(process.argv[2] ?? '.'), 'dist');
const indexPath = join(dist, 'index.d.cts');
const index = readFileSync(indexPath, 'utf8');
const blocks = [...index.matchAll(/^declare module ['"]axios['"] \{\n[\s\S]*?^\}\n/gm)];
if (blocks.length !== 1) {
  throw new Error(
    `${indexPath}: expected one "declare module 'axios'" block, got ${blocks.length}.`,
  );
}
const block = blocks[0][0];
// The block must name the exported option type, not a bundler-renamed copy of it.
if (!/\bvismaAuth\?: VismaAuthRequestOptions \| false;/.test(block)) {
  throw new Error(`${indexPath}: the axios augmentation does not use VismaAuthRequestOptions.`);
}
if (!/\btype VismaAuthRequestOptions\b/.test(index)) {
  throw new Error(`${indexPath}: VismaAuthRequestOptions is not exported.`);
}

const config = [
  "// Adds `vismaAuth` to axios' request config; see index.d.cts for why there are two copies.",
  "import type { VismaAuthRequestOptions } from './index.cjs';",
  '',
  block,
].join('\n');
writeFileSync(join(dist, 'axios-config.d.cts'), config);
writeFileSync(join(dist, 'axios-config.d.mts'), config);

const references = [
  '/// <reference path="./axios-config.d.cts" />',
  '/// <reference path="./axios-config.d.mts" />',
  '// axios declares itself twice (index.d.cts for require, index.d.ts for import); the two files',
  "// above add `vismaAuth` to the request config of each, whichever one the app's HTTP client uses.",
  '',
].join('\n');
writeFileSync(indexPath, references + index.replace(block, ''));
