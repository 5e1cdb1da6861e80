import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The cell builds twice (Turbopack, webpack) side by side; an app needs no distDir.
  distDir: process.env.NEXT_DIST_DIR || '.next',
};

export default nextConfig;
