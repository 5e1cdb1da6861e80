/**
 * Scans captured log lines for secrets and tokens. A finding names the process and line number,
 * never the line itself (which would print the secret it found).
 */

// Any JWT-shaped string: no log line should carry one, whoever issued it.
const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/;

export function findLeaks(
  sources: readonly { name: string; lines: readonly string[] }[],
  needles: readonly string[],
): string[] {
  const findings: string[] = [];
  const exact = needles.filter((n) => n.length >= 8);
  for (const source of sources) {
    source.lines.forEach((line, i) => {
      if (JWT.test(line)) findings.push(`${source.name}: line ${i + 1} contains a JWT`);
      else if (exact.some((n) => line.includes(n)))
        findings.push(`${source.name}: line ${i + 1} contains a secret or token`);
    });
  }
  return findings;
}
