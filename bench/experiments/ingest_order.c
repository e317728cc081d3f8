// Experiment (docs/performance.md section 6, not part of the build): does an ingest-ordered staging table
// pay for itself? Rows shaped like usage_events arrive at 50 k/s (simulated clock) in commits of BATCH rows,
// their start times spread over the last SPREAD seconds, as sustained OTLP load does; CPU per row.
//   mode 0: straight into `events`, unique on (ts, key), as Burnrate stores calls;
//   mode 1: into `staging` (same unique index), moved into `events` in start-time order every MOVE rows.
// Build and run: gcc -O2 -o /tmp/ingest_order bench/experiments/ingest_order.c -lsqlite3
//   taskset -c 1 /tmp/ingest_order MODE ROWS BATCH SPREAD [MOVE]   (e.g. 0 3000000 1700 30; CACHE_KB=16384)
// Writes /tmp/ingest_order.sqlite.
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
static void ex(sqlite3 *db, const char *sql)
{
    char *e = 0;
    if (sqlite3_exec(db, sql, 0, 0, &e) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, e);
        exit(1);
    }
}
static double cpu(void)
{
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return r.ru_utime.tv_sec + r.ru_stime.tv_sec + (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}
static double wall(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}
static unsigned long long rng = 88172645463325252ULL;
static unsigned long long xr(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
#define COLS                                                                                                 \
    "ts INTEGER NOT NULL, k INTEGER NOT NULL, te INTEGER, provider TEXT, model TEXT, model_requested TEXT, " \
    "operation TEXT, input INTEGER, output INTEGER, cr INTEGER, cw INTEGER, cost INTEGER, cost_source "      \
    "TEXT, agent TEXT, feature TEXT, user TEXT, session TEXT, trace TEXT, span TEXT, parent TEXT, response " \
    "TEXT, latency INTEGER, service TEXT, env TEXT"
int main(int argc, char **argv)
{
    int mode = atoi(argv[1]);
    long total = atol(argv[2]);
    int batch = atoi(argv[3]);
    double spread = atof(argv[4]);
    long move = argc > 5 ? atol(argv[5]) : 250000;
    const char *path = "/tmp/ingest_order.sqlite";
    remove(path);
    char w[256];
    snprintf(w, sizeof w, "%s-wal", path);
    remove(w);
    snprintf(w, sizeof w, "%s-shm", path);
    remove(w);
    sqlite3 *db;
    sqlite3_open(path, &db);
    ex(db, "PRAGMA journal_mode=WAL");
    ex(db, "PRAGMA synchronous=NORMAL");
    {
        char cs[64];
        snprintf(cs, sizeof cs, "PRAGMA cache_size=-%d",
                 getenv("CACHE_KB") ? atoi(getenv("CACHE_KB")) : 16384);
        ex(db, cs);
    }
    ex(db, "PRAGMA wal_autocheckpoint=65536");
    ex(db, "CREATE TABLE events(id INTEGER PRIMARY KEY, " COLS ")");
    ex(db, "CREATE UNIQUE INDEX events_ts ON events(ts, k)");
    ex(db, "CREATE TABLE staging(id INTEGER PRIMARY KEY, " COLS ")");
    ex(db, "CREATE UNIQUE INDEX staging_ts ON staging(ts, k)");
    sqlite3_stmt *ins;
    const char *table = mode ? "staging" : "events";
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT OR IGNORE INTO "
             "%s(ts,k,te,provider,model,model_requested,operation,input,output,cr,cw,cost,cost_source,agent,"
             "feature,user,session,trace,span,parent,response,latency,service,env) "
             "VALUES(?,?,?,'anthropic','claude-sonnet-4-5-20250929','claude-sonnet-4-5','chat',?,?,?,?,?,'"
             "computed','research-orchestrator','market-research',?,?,?,?,?,?,?,'agent-fleet','production')",
             table);
    if (sqlite3_prepare_v2(db, sql, -1, &ins, 0)) {
        fprintf(stderr, "%s\n", sqlite3_errmsg(db));
        return 1;
    }
    double c0 = cpu(), w0 = wall();
    long long now = 1800000000000000000LL;
    long since_move = 0, moved = 0;
    char s[64];
    for (long n = 0; n < total; n += batch) {
        ex(db, "BEGIN");
        for (int i = 0; i < batch; ++i) {
            long long ts = now - (long long)((xr() % 1000000) / 1e6 * spread * 1e9);
            sqlite3_bind_int64(ins, 1, ts);
            sqlite3_bind_int64(ins, 2, (long long)(xr() >> 1));
            sqlite3_bind_int64(ins, 3, ts + 2000000000LL);
            for (int c = 4; c <= 8; ++c)
                sqlite3_bind_int64(ins, c, xr() % 100000);
            snprintf(s, sizeof s, "user-%llu", xr() % 200);
            sqlite3_bind_text(ins, 9, s, -1, SQLITE_TRANSIENT);
            snprintf(s, sizeof s, "sess_%016llx", xr());
            sqlite3_bind_text(ins, 10, s, -1, SQLITE_TRANSIENT);
            snprintf(s, sizeof s, "%016llx%016llx", xr(), xr());
            sqlite3_bind_text(ins, 11, s, -1, SQLITE_TRANSIENT);
            snprintf(s, sizeof s, "%016llx", xr());
            sqlite3_bind_text(ins, 12, s, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 13, s, -1, SQLITE_TRANSIENT);
            snprintf(s, sizeof s, "resp_%012llx", xr());
            sqlite3_bind_text(ins, 14, s, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(ins, 15, 2000);
            sqlite3_step(ins);
            sqlite3_reset(ins);
        }
        since_move += batch;
        if (mode && since_move >= move) {
            ex(db, "INSERT OR IGNORE INTO events SELECT NULL, "
                   "ts,k,te,provider,model,model_requested,operation,input,output,cr,cw,cost,cost_source,"
                   "agent,feature,user,session,trace,span,parent,response,latency,service,env FROM staging "
                   "NOT INDEXED ORDER BY ts, k");
            ex(db, "DELETE FROM staging");
            since_move = 0;
            ++moved;
        }
        ex(db, "COMMIT");
        now += (long long)(batch / 50000.0 * 1e9); // 50k events/s
    }
    printf("mode=%d rows=%ld batch=%d spread=%.0f move=%ld: cpu %.2f us/row, wall %.2f us/row, moves %ld\n",
           mode, total, batch, spread, move, (cpu() - c0) / total * 1e6, (wall() - w0) / total * 1e6, moved);
    sqlite3_close(db);
    return 0;
}
