import { describe, expect, it } from 'vitest';
import { isScriptPermissionError, refusalOf } from './server-refusal.js';

describe('refusalOf', () => {
  it('names the command an ACL refuses and points to the ACL line', () => {
    const r = refusalOf(
      new Error("NOPERM this user has no permissions to run the 'pexpire' command"),
    );
    expect(r).toMatchObject({ kind: 'permission', command: 'pexpire' });
    expect(r?.reason).toContain("may not run 'pexpire'");
    expect(r?.advice).toContain('Least privilege');
  });

  it('takes write refusals for what they are and drops the script details', () => {
    const r = refusalOf(
      new Error(
        "OOM command not allowed when used memory > 'maxmemory'. script: abc, on @user_script:1.",
      ),
    );
    expect(r?.kind).toBe('write');
    expect(r?.reason).not.toContain('script');
    expect(
      refusalOf(new Error("READONLY You can't write against a read only replica."))?.kind,
    ).toBe('write');
  });

  it('leaves errors that fail reads too, and non-errors, alone', () => {
    expect(refusalOf(new Error('CLUSTERDOWN The cluster is down'))).toBeUndefined();
    expect(refusalOf(new Error('Connection is closed.'))).toBeUndefined();
    expect(refusalOf('NOPERM')).toBeUndefined();
  });

  it('recognises a script refused a command, which Redis does not name', () => {
    const message =
      "ERR The user executing the script can't run this command or subcommand script: da05, on @user_script:1.";
    expect(isScriptPermissionError(message)).toBe(true);
    expect(refusalOf(new Error(message))?.kind).toBe('permission');
  });
});
