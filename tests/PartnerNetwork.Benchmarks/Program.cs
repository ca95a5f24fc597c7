// Directory search benchmark, run by hand (never by `dotnet test`); `-- coverage` runs the coverage one (CoverageBenchmark.cs),
// `-- exchange` the HSDS export/import one (ExchangeBenchmark.cs), `-- verification` the daily listing verification job (VerificationBenchmark.cs):
//   dotnet run -c Release --project tests/PartnerNetwork.Benchmarks [-- 1000 10000 100000]
// For each size it seeds a fresh SQLite file with the volume generator, loads the index the way the app does, and
// prints build time, index memory and query latencies (median, p95), beside the same nearest query done by SQLite.
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Catalogue.Search;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Catalogue;
using PartnerNetwork.Data.Seeding;

if (args is ["exchange", ..])
{
    await ExchangeBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000);
    return;
}

if (args is ["verification", ..])
{
    await VerificationBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000);
    return;
}

if (args is ["coverage", ..])
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
    // Schools 0: the province's real ones (seed/quebec).
    await CoverageBenchmark.RunAsync(Arg(1, 100_000), Arg(2, 0), Arg(3, 200_000));
    return;
}

var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1_000, 10_000, 100_000];
var files = SeedFiles.Default;
var places = files.QuebecPlaces();
var rows = new List<string>();
Console.WriteLine($"PartnerNetwork directory benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");

foreach (var size in sizes)
{
    var path = Path.Combine(Path.GetTempPath(), $"pn-bench-{size}.db");
    // PN_BENCH_KEEP=1 keeps the generated database for the next run (seeding 100,000 services takes a while).
    var keep = Environment.GetEnvironmentVariable("PN_BENCH_KEEP") == "1";
    var reuse = keep && File.Exists(path);
    if (!reuse) File.Delete(path);
    var options = new DbContextOptionsBuilder<SqliteDb>().UseSqlite($"Data Source={path}").Options;
    if (!reuse)
    {
        await using var db = new SqliteDb(options);
        await db.Database.MigrateAsync();
        db.NeedCategories.AddRange(files.Taxonomy());
        await db.SaveChangesAsync();
        var taxonomy = await db.NeedCategories.ToListAsync();
        var catalogue = new CatalogueGenerator(taxonomy, new DateOnly(2026, 11, 22), seed: 7).Volume(places, size);
        await catalogue.InsertAsync(db);
    }

    await using var read = new SqliteDb(options);
    var load = Stopwatch.StartNew();
    var entries = await CatalogueLoader.LoadAsync(read);
    load.Stop();

    var build = Stopwatch.StartNew();
    CatalogueIndex? index = CatalogueIndex.Build(entries, Guid.NewGuid());
    build.Stop();
    entries = null;

    var random = new Random(42);
    var categories = await read.NeedCategories.Select(c => c.Id).ToListAsync();
    var words = new[] { "devoirs", "epicerie", "aide alimentaire", "mentorat", "halte-garderie", "francisation", "logement", "camp de jour", "impots", "anxiete" };
    var weights = places.Select(p => (double)p.Population).ToArray();
    GeoOrigin Origin()
    {
        var target = random.NextDouble() * weights.Sum();
        var place = places[^1];
        for (var i = 0; i < places.Count; i++) { target -= weights[i]; if (target <= 0) { place = places[i]; break; } }
        return new GeoOrigin(place.Latitude + (random.NextDouble() - 0.5) * 0.05, place.Longitude + (random.NextDouble() - 0.5) * 0.05);
    }

    var nearest = Measure(2000, () => index.Search(new CatalogueQuery { Origin = Origin(), RadiusKm = 25, CategoryIds = [categories[random.Next(categories.Count)]], PageSize = 20 }).Total);
    var text = Measure(2000, () => index.Search(new CatalogueQuery { Text = words[random.Next(words.Length)], PageSize = 20 }).Total);
    var combined = Measure(2000, () => index.Search(new CatalogueQuery
    {
        Text = words[random.Next(words.Length)], Origin = Origin(), RadiusKm = 25, CategoryIds = [categories[random.Next(categories.Count)]],
        OpenEvenings = random.Next(2) == 0, Language = random.Next(3) == 0 ? "en" : null, PageSize = 20,
    }).Total);
    var database = Measure(300, () => NearestInSqlite(read, Origin(), 25, categories[random.Next(categories.Count)]));

    // What a web instance keeps: the index with its entries, measured as the heap it frees when dropped.
    var withIndex = GC.GetTotalMemory(forceFullCollection: true);
    GC.KeepAlive(index);
    index = null;
    GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
    var memoryMb = (withIndex - GC.GetTotalMemory(forceFullCollection: true)) / 1024.0 / 1024.0;

    rows.Add($"| {size:N0} | {load.Elapsed.TotalMilliseconds:N0} | {build.Elapsed.TotalMilliseconds:N0} | {memoryMb:N1} | {nearest} | {text} | {combined} | {database} |");
    Console.WriteLine(rows[^1]);
    SqliteConnection.ClearAllPools();
    if (!keep) File.Delete(path);
}

Console.WriteLine();
Console.WriteLine("| services | load from SQLite (ms) | index build (ms) | index memory (MB) | nearest 20 ≤ 25 km + 1 category, median / p95 (ms) | text, median / p95 (ms) | combined, median / p95 (ms) | same nearest in SQLite (bbox + exact), median / p95 (ms) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
rows.ForEach(Console.WriteLine);

static string Measure(int runs, Func<int> query)
{
    for (var i = 0; i < Math.Min(50, runs); i++) query();   // warm-up (JIT, caches)
    var times = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var start = Stopwatch.GetTimestamp();
        query();
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    Array.Sort(times);
    return $"{times[runs / 2]:N3} / {times[(int)(runs * 0.95)]:N3}";
}

// What the database alone can do without the index: the indexed lat/lon box in SQL, exact distance and order in memory.
static int NearestInSqlite(SqliteDb db, GeoOrigin origin, double km, Guid category)
{
    var box = Geodesy.BoxAround(origin.Latitude, origin.Longitude, km);
    var sites = db.Services.AsNoTracking().Listed().Where(s => s.Categories.Any(c => c.NeedCategoryId == category))
        .SelectMany(s => s.ServiceAtLocations, (s, l) => new { ServiceId = s.Id, l.Location!.Latitude, l.Location.Longitude })
        .Where(s => s.Latitude >= box.MinLatitude && s.Latitude <= box.MaxLatitude && s.Longitude >= box.MinLongitude && s.Longitude <= box.MaxLongitude)
        .ToList();
    return sites.Select(s => (s.ServiceId, Km: Geodesy.DistanceKm(origin.Latitude, origin.Longitude, s.Latitude!.Value, s.Longitude!.Value)))
        .Where(s => s.Km <= km).GroupBy(s => s.ServiceId).Select(g => g.Min(s => s.Km)).Order().Take(20).Count();
}
