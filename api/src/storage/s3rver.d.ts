/** The few parts of s3rver (an S3-compatible server the tests run) that the tests use. */
declare module 's3rver' {
  interface S3rverOptions {
    port?: number;
    address?: string;
    silent?: boolean;
    directory: string;
    configureBuckets?: { name: string }[];
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    /** Set once running. */
    httpServer: import('node:http').Server;
    close(): Promise<void>;
  }
}
