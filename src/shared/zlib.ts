/**
 * The output chunk size for zlib, in place of its 16 KB: a policy page (about 200 KB, 40 KB gzipped) then comes out
 * in one to four chunks instead of three to fourteen, each of which is a trip from the pool thread back to the
 * JavaScript thread and a buffer to join. Gunzipping the 40 pages of the side-by-side bench: CPU 51–80 ms → 30–34 ms,
 * the JavaScript thread's share 16–26 ms → 9–12 ms; gzipping them: 181 → 152 ms, 27–29 → 14 ms (three rounds each).
 * Larger chunks gained nothing more; a stream holds one chunk at a time.
 */
export const ZLIB_CHUNK_SIZE = 64 * 1024;
