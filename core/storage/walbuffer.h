// Gathers SQLite's writes to a WAL file into one system call per 64 KB. SQLite writes each frame as two
// calls, its 24-byte header and then the page, and since a frame is 24 bytes longer than a page, each one
// updates two pages of the file in the kernel's cache: at full ingest speed those calls were a third of
// the writer's time (docs/performance.md §6). The frames of a commit wait in memory until its last frame
// has arrived, and that frame's write fails if they cannot be written, so a commit that SQLite reports is
// in the file (and visible to other connections) just as before.
#pragma once

namespace Burnrate::Storage {

// Makes the buffering VFS SQLite's default, once per process; Connection::open calls it first.
void installWalWriteBuffer();

} // namespace Burnrate::Storage
