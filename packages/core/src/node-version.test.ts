import { describe, expect, it } from 'vitest';
import { assertSupportedNode, MINIMUM_NODE_VERSION } from './node-version.js';

describe('assertSupportedNode', () => {
  it('names the version needed on an older Node.js', () => {
    expect(() => assertSupportedNode('20.18.3')).toThrow(
      `needs Node.js ${MINIMUM_NODE_VERSION} or newer; this is Node.js 20.18.3`,
    );
    expect(() => assertSupportedNode('18.20.8')).toThrow(MINIMUM_NODE_VERSION);
  });

  it('accepts the minimum, later 20.x and later majors', () => {
    for (const version of [MINIMUM_NODE_VERSION, '20.20.2', '22.0.0', '26.1.0']) {
      expect(() => assertSupportedNode(version)).not.toThrow();
    }
  });

  it('accepts the Node.js running this test', () => {
    expect(() => assertSupportedNode(process.versions.node)).not.toThrow();
  });
});
