// Express 4 under an alias, typed with the workspace's Express types (the API the tests use is the same).
declare module 'express4' {
  import express from 'express';
  export default express;
}
