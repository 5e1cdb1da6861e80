/**
 * `pnpm soak`: the chaos soak for `--duration <s>` or `SOAK_SECONDS` (default 60); exits 1 when
 * any invariant was violated. `--seed <n>` replays a schedule.
 */
import { runSoak } from './run-soak.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
}

const durationS = Number(arg('duration') ?? process.env.SOAK_SECONDS ?? 60);
if (!Number.isFinite(durationS) || durationS < 10 || durationS > 3_600) {
  console.error('soak: --duration / SOAK_SECONDS must be between 10 and 3600 seconds');
  process.exit(2);
}
const seedArg = arg('seed');
// Never hang: the run is bounded by its duration plus start-up and shutdown.
const guard = setTimeout(
  () => {
    console.error('soak: exceeded its time budget, stopping');
    process.exit(1);
  },
  (durationS + 180) * 1000,
);
guard.unref();

console.log(`soak: ${durationS} s`);
const result = await runSoak({
  durationS,
  seed: seedArg === undefined ? undefined : Number(seedArg),
  log: (line) => console.log(line),
});
console.log(`\n${result.summary}`);
process.exit(result.violations.length === 0 ? 0 : 1);
