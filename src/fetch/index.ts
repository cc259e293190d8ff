export { createFetcher, userAgentOf, DEFAULT_ACCEPT_LANGUAGE } from './fetcher.ts';
export { createCorpusFetcher, readCorpus, type CorpusDocument } from './corpus.ts';
export { findBrowser, CHROMIUM_ENV, CHROMIUM_ARGS, type FoundBrowser, type DiscoveryProbe } from './discovery.ts';
export { pdfToText } from './pdf.ts';
export {
  FetchError,
  type FetchFailureReason,
  type ConditionalState,
  type FetchRequest,
  type FetchResult,
  type FetchedPage,
  type NotModified,
  type Fetcher,
  type FetcherDeps,
  type BodyFormat,
} from './types.ts';
