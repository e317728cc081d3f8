#include "walbuffer.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace Burnrate::Storage {

namespace {

// SQLite's unix VFS writes at most 128 KB - 1 bytes per call (seekAndWriteFd masks the length).
constexpr int kBufferBytes = 64 * 1024;
constexpr int kFrameHeaderBytes = 24; // a WAL frame header; pages are 512 bytes or more

sqlite3_vfs *g_real = nullptr; // the VFS underneath, unix on Linux
sqlite3_vfs g_vfs;

struct File
{
    sqlite3_file base; // first: SQLite sees this
    sqlite3_file *real;
    bool wal;
    char *buffer;         // a WAL file's, allocated at its first write
    int length;           // bytes waiting in buffer
    sqlite3_int64 start;  // where they go in the file
    sqlite3_int64 end;    // the end of what was written since the file started over: appends go there
    File *walOfDatabase;  // a database file's WAL file, while it is open
    File *databaseOfWal;  // a WAL file's database file
    bool commitFrameNext; // the last write was a commit frame's header: its page ends the commit
};

static_assert(sizeof(File) % 8 == 0, "the real file that follows a File must be aligned");

File *self(sqlite3_file *file)
{
    return reinterpret_cast<File *>(file);
}

int flush(File *f)
{
    if (f->length == 0)
        return SQLITE_OK;
    const int length = f->length;
    f->length = 0;
    return f->real->pMethods->xWrite(f->real, f->buffer, length, f->start);
}

// Every method passes on to the real file; a WAL file's writes are gathered first, and anything that
// could read, size or sync the file writes them out before.
int xClose(sqlite3_file *file)
{
    File *f = self(file);
    flush(f); // frames of an unfinished commit: ignored by every reader, as they were before
    std::free(f->buffer);
    f->buffer = nullptr;
    if (f->databaseOfWal)
        f->databaseOfWal->walOfDatabase = nullptr;
    if (f->walOfDatabase)
        f->walOfDatabase->databaseOfWal = nullptr;
    return f->real->pMethods->xClose(f->real);
}

int xRead(sqlite3_file *file, void *data, int amount, sqlite3_int64 offset)
{
    File *f = self(file);
    if (const int rc = flush(f); rc != SQLITE_OK)
        return rc;
    return f->real->pMethods->xRead(f->real, data, amount, offset);
}

int xWrite(sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset)
{
    File *f = self(file);
    if (f->wal && !f->buffer)
        f->buffer = static_cast<char *>(std::malloc(kBufferBytes));
    if (!f->buffer)
        return f->real->pMethods->xWrite(f->real, data, amount, offset);
    if (offset == 0)
        f->end = 0; // the WAL header: SQLite starts the file over
    // Only appends wait. SQLite also rewrites frames of the open transaction in place and, after the commit
    // frame, the checksums in their headers; a commit is done when those are in the file, so they are
    // written at once (after what waits before them).
    const bool append = offset >= f->end && amount <= kBufferBytes;
    f->end = std::max(f->end, offset + amount);
    if (f->length > 0 && (!append || offset != f->start + f->length || f->length + amount > kBufferBytes)) {
        if (const int rc = flush(f); rc != SQLITE_OK)
            return rc;
    }
    if (!append)
        return f->real->pMethods->xWrite(f->real, data, amount, offset);
    if (f->length == 0)
        f->start = offset;
    std::memcpy(f->buffer + f->length, data, size_t(amount));
    f->length += amount;
    if (f->commitFrameNext) {
        f->commitFrameNext = false;
        return flush(f);
    }
    // Bytes 4-7 of a frame header: the database size in pages after a commit, 0 in the other frames.
    const auto *header = static_cast<const unsigned char *>(data);
    f->commitFrameNext =
        amount == kFrameHeaderBytes && (header[4] | header[5] | header[6] | header[7]) != 0 && offset >= 32;
    return SQLITE_OK;
}

int xTruncate(sqlite3_file *file, sqlite3_int64 size)
{
    File *f = self(file);
    if (const int rc = flush(f); rc != SQLITE_OK)
        return rc;
    f->end = std::min(f->end, size);
    return f->real->pMethods->xTruncate(f->real, size);
}

int xSync(sqlite3_file *file, int flags)
{
    File *f = self(file);
    if (const int rc = flush(f); rc != SQLITE_OK)
        return rc;
    return f->real->pMethods->xSync(f->real, flags);
}

int xFileSize(sqlite3_file *file, sqlite3_int64 *size)
{
    File *f = self(file);
    if (const int rc = flush(f); rc != SQLITE_OK)
        return rc;
    return f->real->pMethods->xFileSize(f->real, size);
}

int xLock(sqlite3_file *file, int lock)
{
    return self(file)->real->pMethods->xLock(self(file)->real, lock);
}

int xUnlock(sqlite3_file *file, int lock)
{
    return self(file)->real->pMethods->xUnlock(self(file)->real, lock);
}

int xCheckReservedLock(sqlite3_file *file, int *out)
{
    return self(file)->real->pMethods->xCheckReservedLock(self(file)->real, out);
}

int xFileControl(sqlite3_file *file, int op, void *arg)
{
    File *f = self(file);
    if (const int rc = flush(f); rc != SQLITE_OK)
        return rc;
    return f->real->pMethods->xFileControl(f->real, op, arg);
}

int xSectorSize(sqlite3_file *file)
{
    return self(file)->real->pMethods->xSectorSize(self(file)->real);
}

int xDeviceCharacteristics(sqlite3_file *file)
{
    return self(file)->real->pMethods->xDeviceCharacteristics(self(file)->real);
}

int xShmMap(sqlite3_file *file, int region, int size, int extend, void volatile **out)
{
    return self(file)->real->pMethods->xShmMap(self(file)->real, region, size, extend, out);
}

int xShmLock(sqlite3_file *file, int offset, int n, int flags)
{
    return self(file)->real->pMethods->xShmLock(self(file)->real, offset, n, flags);
}

void xShmBarrier(sqlite3_file *file)
{
    // SQLite publishes a commit in the WAL index after this barrier on the database file; the commit frame
    // has written everything out already, and this makes sure of it.
    if (File *wal = self(file)->walOfDatabase)
        flush(wal);
    self(file)->real->pMethods->xShmBarrier(self(file)->real);
}

int xShmUnmap(sqlite3_file *file, int deleteFlag)
{
    return self(file)->real->pMethods->xShmUnmap(self(file)->real, deleteFlag);
}

int xFetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
    return self(file)->real->pMethods->xFetch(self(file)->real, offset, amount, out);
}

int xUnfetch(sqlite3_file *file, sqlite3_int64 offset, void *page)
{
    return self(file)->real->pMethods->xUnfetch(self(file)->real, offset, page);
}

// One method table per version of the real one (unix: 3), so SQLite asks for nothing the file lacks.
sqlite3_io_methods g_methods[3];

int xOpen(sqlite3_vfs *, sqlite3_filename name, sqlite3_file *file, int flags, int *outFlags)
{
    File *f = self(file);
    f->real = reinterpret_cast<sqlite3_file *>(f + 1);
    f->wal = flags & SQLITE_OPEN_WAL;
    f->buffer = nullptr;
    f->length = 0;
    f->start = 0;
    f->end = 0;
    f->walOfDatabase = nullptr;
    f->databaseOfWal = nullptr;
    f->commitFrameNext = false;
    f->real->pMethods = nullptr;
    const int rc = g_real->xOpen(g_real, name, f->real, flags, outFlags);
    const sqlite3_io_methods *real = f->real->pMethods;
    f->base.pMethods = real ? &g_methods[std::clamp(real->iVersion, 1, 3) - 1] : nullptr;
    if (rc == SQLITE_OK && f->wal && name) {
        // SQLite opened the database file through this VFS as well, so it is a File.
        if (sqlite3_file *database = sqlite3_database_file_object(name); database && database->pMethods) {
            f->databaseOfWal = self(database);
            f->databaseOfWal->walOfDatabase = f;
        }
    }
    return rc;
}

} // namespace

void installWalWriteBuffer()
{
    static std::once_flag once;
    std::call_once(once, [] {
        g_real = sqlite3_vfs_find(nullptr);
        if (!g_real)
            return;
        for (int v = 1; v <= 3; ++v) {
            g_methods[v - 1] = {v,
                                xClose,
                                xRead,
                                xWrite,
                                xTruncate,
                                xSync,
                                xFileSize,
                                xLock,
                                xUnlock,
                                xCheckReservedLock,
                                xFileControl,
                                xSectorSize,
                                xDeviceCharacteristics,
                                v >= 2 ? xShmMap : nullptr,
                                v >= 2 ? xShmLock : nullptr,
                                v >= 2 ? xShmBarrier : nullptr,
                                v >= 2 ? xShmUnmap : nullptr,
                                v >= 3 ? xFetch : nullptr,
                                v >= 3 ? xUnfetch : nullptr};
        }
        g_vfs = *g_real;
        g_vfs.zName = "burnrate-walbuffer";
        g_vfs.szOsFile = int(sizeof(File)) + g_real->szOsFile; // the real file follows ours
        g_vfs.xOpen = xOpen;
        sqlite3_vfs_register(&g_vfs, 1);
    });
}

} // namespace Burnrate::Storage
