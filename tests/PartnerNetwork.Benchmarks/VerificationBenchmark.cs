// Listing verification benchmark, run by hand: dotnet run -c Release --project tests/PartnerNetwork.Benchmarks -- verification [services]
// Seeds (or, with PN_BENCH_KEEP=1, reuses) the volume directory, then runs the daily verification job once on a fixed
// day: every organisation with services due gets its e-mail, links and request records. Prints the time, the
// organisations, requests and batches, and the queries the job sent (one per batch, plus the list of organisations).
using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Jobs;
using PartnerNetwork.Web.Mail;

static class VerificationBenchmark
{
    static readonly DateOnly Today = new(2026, 11, 22);

    public static async Task RunAsync(int size)
    {
        var files = SeedFiles.Default;
        var path = Path.Combine(Path.GetTempPath(), $"pn-bench-verification-{size}.db");
        var keep = Environment.GetEnvironmentVariable("PN_BENCH_KEEP") == "1";
        Console.WriteLine($"PartnerNetwork verification job benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
        if (!(keep && File.Exists(path)))
        {
            File.Delete(path);
            await using var seed = new SqliteDb(Options(path).Options);
            await seed.Database.MigrateAsync();
            seed.NeedCategories.AddRange(files.Taxonomy());
            await seed.SaveChangesAsync();
            var catalogue = new CatalogueGenerator(await seed.NeedCategories.ToListAsync(), Today, seed: 7).Volume(files.QuebecPlaces(), size);
            await catalogue.InsertAsync(seed);
        }
        else
        {
            // A kept database: forget the previous run's requests, so this run has the same work to do.
            await using var reset = new SqliteDb(Options(path).Options);
            await reset.Database.ExecuteSqlRawAsync("DELETE FROM \"EmailLinks\"; DELETE FROM \"ListingVerifications\"; DELETE FROM \"Outbox\";");
            // Compacted as a fresh seed leaves it: the freed pages scattered through the file made runs slower and less even.
            await reset.Database.ExecuteSqlRawAsync("VACUUM");
        }

        var queries = new QueryCounter();
        var clock = new FixedClock(QuebecTime.ToUtc(Today.ToDateTime(new TimeOnly(6, 0))));
        await using var db = new SqliteDb(Options(path).AddInterceptors(queries).Options) { Clock = clock };
        var freshness = new Freshness();
        var configuration = new ConfigurationBuilder().Build();
        var job = new VerificationJob(db, new ListingMail(db, new Outbox(db, clock, configuration), freshness), freshness, clock);
        var services = await db.Services.CountAsync();
        queries.Reads = 0;

        // The seeding's garbage is not the job's: collected before the clock starts, as in a server that has been up a while.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var sent = await job.SendDueAsync();
        watch.Stop();
        process.Refresh();
        // CPU time beside the wall clock: on a shared machine the wall clock measures the neighbours too.
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine($"daily verification job over {services:N0} services: {watch.Elapsed.TotalSeconds:F2} s — {sent.Organizations:N0} organisations e-mailed, "
            + $"{sent.Requests:N0} requests, {sent.Reminders:N0} reminders, {sent.Batches:N0} batches, {queries.Reads:N0} reading queries; CPU {cpuSeconds:F2} s; load average {LoadAverage()}");
        SqliteConnection.ClearAllPools();
        if (!keep) File.Delete(path);
    }

    static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    static DbContextOptionsBuilder<SqliteDb> Options(string path) => new DbContextOptionsBuilder<SqliteDb>().UseSqlite($"Data Source={path}");

    sealed class FixedClock(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc, TimeSpan.Zero);
    }

    /// <summary>Counts the queries that read (SELECT), not the batched writes of each save.</summary>
    sealed class QueryCounter : DbCommandInterceptor
    {
        public int Reads;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref Reads);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
