// HSDS exchange benchmark, run by hand: dotnet run -c Release --project tests/PartnerNetwork.Benchmarks -- exchange [services]
// Seeds (or, with PN_BENCH_KEEP=1, reuses, keeping the package beside it) the volume directory, then times: the whole directory as an HSDS data
// package (tables + zip), its import into an empty database (read, check, apply in one transaction), and the same
// package again (nothing to change). Prints the package size and the process's peak working set.
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Exchange;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Data.Exchange.Hsds;
using PartnerNetwork.Web.Operations.CommandLine;

static class ExchangeBenchmark
{
    public static async Task RunAsync(int size)
    {
        var files = SeedFiles.Default;
        var source = Path.Combine(Path.GetTempPath(), $"pn-bench-{size}.db");
        var keep = Environment.GetEnvironmentVariable("PN_BENCH_KEEP") == "1";
        Console.WriteLine($"PartnerNetwork HSDS exchange benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
        if (!(keep && File.Exists(source)))
        {
            File.Delete(source);
            await using var seed = new SqliteDb(Options(source));
            await seed.Database.MigrateAsync();
            seed.NeedCategories.AddRange(files.Taxonomy());
            await seed.SaveChangesAsync();
            var catalogue = new CatalogueGenerator(await seed.NeedCategories.ToListAsync(), new DateOnly(2026, 11, 22), seed: 7).Volume(files.QuebecPlaces(), size);
            await catalogue.InsertAsync(seed);
        }

        var clock = Stopwatch.StartNew();
        byte[] package;
        await using (var db = new SqliteDb(Options(source)))
        await using (var file = HsdsPackageWriter.TemporaryFile())
        {
            await HsdsExport.WritePackageAsync(db, territory: null, file);
            file.Position = 0;
            package = new byte[file.Length];
            file.ReadExactly(package);
        }
        var export = clock.Elapsed;
        // Kept with the database, for trying the import command on it.
        if (keep) await File.WriteAllBytesAsync(Path.Combine(Path.GetTempPath(), $"pn-bench-{size}.zip"), package);
        Console.WriteLine($"export: {size:N0} services → {package.Length / 1024.0 / 1024.0:F1} MB zip in {export.TotalSeconds:F1} s (peak working set so far {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MB)");

        var target = Path.Combine(Path.GetTempPath(), $"pn-bench-import-{size}.db");
        File.Delete(target);
        await using (var empty = new SqliteDb(Options(target)))
        {
            await empty.Database.MigrateAsync();
            empty.NeedCategories.AddRange(files.Taxonomy());
            await empty.SaveChangesAsync();
        }
        foreach (var round in new[] { "import into an empty database", "same package again" })
        {
            clock.Restart();
            var problems = new List<ImportProblem>();
            await using var db = new SqliteDb(Options(target));
            var tables = HsdsTables.ReadPackage(new MemoryStream(package), problems, ImportCommand.MaxExpandedBytes, ImportCommand.MaxRows);
            var read = clock.Elapsed;
            var outcome = await HsdsImport.RunAsync(db, tables, problems, new DateTime(2026, 12, 4, 17, 0, 0, DateTimeKind.Utc), PartnerNetwork.Core.Access.ImportReach.Everything, dryRun: false);
            Console.WriteLine($"{round}: {clock.Elapsed.TotalSeconds:F1} s (reading the zip {read.TotalSeconds:F1} s) — created {outcome.Created:N0}, updated {outcome.Updated:N0}, unchanged {outcome.Unchanged:N0}, rejected {outcome.Rejected:N0}");
            // A package over the product's limits (entries, expanded size) is refused whole, as an upload would be.
            foreach (var refusal in problems.Where(p => p.Line == 0).Take(3)) Console.WriteLine($"  refused: {refusal.MessageKey} {refusal.Value}");
        }
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MB");
        SqliteConnection.ClearAllPools();
        File.Delete(target);
        if (!keep) File.Delete(source);
    }

    static DbContextOptions<SqliteDb> Options(string path) => new DbContextOptionsBuilder<SqliteDb>().UseSqlite($"Data Source={path}").Options;
}
