// Gathers SQLite's writes to a WAL file into one system call per 64 KB. SQLite writes each frame as two
// calls, its 24-byte header and then the page, and since a frame is 24 bytes longer than a page, each one
// updates two pages of the file in the kernel's cache: 2 calls per event at full ingest speed, about a
// sixth of the writer's time (docs/performance.md §6). Appended frames wait in memory until the commit
// frame's page arrives, and that write fails if they cannot be written; rewrites of earlier frames go to
// the file at once; and the barrier SQLite calls before it publishes a commit writes out anything left.
// So a commit that SQLite reports is in the file (and visible to other connections) just as before.
#pragma once

namespace Burnrate::Storage {

// Makes the buffering VFS SQLite's default, once per process; Connection::open calls it first.
void installWalWriteBuffer();

} // namespace Burnrate::Storage
