/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

import '@remix-run/node'

declare module '@remix-run/node' {
  // Types for single fetch (future.v3_singleFetch in remix.config.js).
  interface Future {
    v3_singleFetch: true
  }
}
