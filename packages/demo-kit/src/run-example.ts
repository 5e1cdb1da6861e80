import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

/** How an example's process ended, and everything it printed. */
export interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsx src/main.ts` in `appDir` without any VISMA_* variable, killing it after `timeoutMs`. */
export function runExample(appDir: string, timeoutMs: number): Promise<ExampleRun> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VISMA_')),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, 'src/main.ts'], { cwd: appDir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
