// Fastify 4 under an alias; the tests drive it through the workspace's Fastify 5 types.
declare module 'fastify4' {
  const fastify: (options?: Record<string, unknown>) => unknown;
  export default fastify;
}
