using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Tests.Exchange;

/// <summary>A fresh SQLite directory with only the need taxonomy: where an export is loaded back to compare.</summary>
static class EmptyDirectory
{
    public static async Task<T> RunAsync<T>(Func<SqliteDb, Task<T>> work)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pn-empty-{Guid.NewGuid():N}.db");
        try
        {
            await using var empty = new SqliteDb(new DbContextOptionsBuilder<SqliteDb>().UseSqlite($"Data Source={path}").Options);
            await empty.Database.MigrateAsync();
            empty.NeedCategories.AddRange(SeedFiles.Default.Taxonomy());
            await empty.SaveChangesAsync();
            return await work(empty);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    public static Task RunAsync(Func<SqliteDb, Task> work) => RunAsync(async empty =>
    {
        await work(empty);
        return true;
    });
}
