using Microsoft.EntityFrameworkCore;

namespace PartnerNetwork.Data;

/// <summary>
/// SQLite keeps 2 MB of pages per connection by default. A job that inserts tens of thousands of rows lands them at
/// random places in several indexes (hashes, random ids) and thrashes that cache; while it runs, it holds one
/// connection open with a larger cache, set back to the default before the connection returns to the pool.
/// Other providers size their caches themselves: nothing happens there.
/// </summary>
public static class SqlitePageCache
{
    public static async Task<IAsyncDisposable> WidenAsync(PartnerNetworkDb db, CancellationToken cancel = default)
    {
        if (!db.Database.IsSqlite()) return Nothing.Instance;
        await db.Database.OpenConnectionAsync(cancel);
        // Negative: a size in KiB (64 MB), however large the pages are.
        await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -65536", cancel);
        return new Widened(db);
    }

    sealed class Widened(PartnerNetworkDb db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000");
            await db.Database.CloseConnectionAsync();
        }
    }

    sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
