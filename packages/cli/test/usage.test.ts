import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, runCli } from './run-cli.js';

afterEach(() => {
  killAll();
});

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('visma-auth usage', () => {
  it('--version prints the package version', async () => {
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('--help lists the commands and exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/token[\s\S]*doctor[\s\S]*mock/);
    expect(result.stdout).toContain('Exit codes: 0 ok, 1');
  });

  it.each(['token', 'doctor', 'mock'])('%s --help shows that command’s usage', async (command) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: visma-auth ${command}`);
    const viaHelp = await runCli(['help', command]);
    expect(viaHelp.stdout).toBe(result.stdout);
  });

  it('no command is a usage error (exit 2)', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: visma-auth <token|doctor|mock>');
  });

  it('an unknown command is a usage error (exit 2)', async () => {
    const result = await runCli(['tokne']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown command "tokne"');
  });

  it('an unknown flag is a usage error with the command’s usage line', async () => {
    const result = await runCli(['doctor', '--tenant', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--tenant'");
    expect(result.stderr).toMatch(/^usage: visma-auth doctor/m);
    expect(result.stderr).toContain("Run 'visma-auth doctor --help'");
  });

  it('a flag without its value is a usage error', async () => {
    const result = await runCli(['token', '--client-id']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--client-id');
  });

  it('--raw and --json together are a usage error', async () => {
    const result = await runCli(['token', '--raw', '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('either --raw or --json');
  });
});

describe('the built package', () => {
  it('exports run() to a plain Node process, which returns an exit code', () => {
    const script = `
      const { run, VERSION } = await import('@visma-auth/cli');
      const out = [];
      const code = await run(['--version'], { stdout: { write: (s) => out.push(s) }, stderr: { write: () => {} } });
      console.log(JSON.stringify({ code, out: out.join(''), VERSION }));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(JSON.parse(output)).toEqual({ code: 0, out: `${pkg.version}\n`, VERSION: pkg.version });
  });
});
