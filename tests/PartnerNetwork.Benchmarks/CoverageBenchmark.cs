// Coverage benchmark, run by hand: dotnet run -c Release --project tests/PartnerNetwork.Benchmarks -- coverage [services] [schools] [referrals]
// Seeds a provincial directory (100,000 services), the province's real schools and CSS (seed/quebec; or, with a school
// count, that many fictitious schools in fictitious CSS with the volume seed's urban/rural mix) and 200,000 referrals at one CSS, then times: the whole province × every need; one CSS's page (one need, and the
// school × need matrix); the indicators of that CSS over its referrals.
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue.Search;
using PartnerNetwork.Core.Coverage;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Catalogue;
using PartnerNetwork.Data.Coverage;
using PartnerNetwork.Data.Seeding;

static class CoverageBenchmark
{
    public static async Task RunAsync(int services, int schoolCount, int referrals)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pn-bench-coverage-{services}-{schoolCount}-{referrals}.db");
        var keep = Environment.GetEnvironmentVariable("PN_BENCH_KEEP") == "1";
        var reuse = keep && File.Exists(path);
        if (!reuse) File.Delete(path);
        var options = new DbContextOptionsBuilder<SqliteDb>().UseSqlite($"Data Source={path}").Options;
        var files = SeedFiles.Default;
        var places = files.QuebecPlaces();
        Console.WriteLine($"PartnerNetwork coverage benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
        Guid busiestCentre;
        if (!reuse)
        {
            var seeding = Stopwatch.StartNew();
            await using var db = new SqliteDb(options);
            await db.Database.MigrateAsync();
            db.NeedCategories.AddRange(files.Taxonomy());
            await db.SaveChangesAsync();
            var taxonomy = await db.NeedCategories.ToListAsync();
            var generator = new CatalogueGenerator(taxonomy, QuebecTime.Today(TimeProvider.System), seed: 7);
            var (centres, generatedSchools) = schoolCount > 0 ? generator.VolumeSchools(places, schoolCount)
                : (ProvinceFiles.Default.ServiceCentres().ToList(), ProvinceFiles.Default.Schools().ToList());
            await BulkInsert.InsertAsync(db, centres);
            await BulkInsert.InsertAsync(db, generatedSchools);
            var catalogue = generator.Volume(places, services);
            await catalogue.InsertAsync(db);
            await BulkInsert.InsertAsync(db, new[] { Seeder.HistoryAgentId, Seeder.HistoryPartnerId }.Select(id => new User
            {
                Id = id, UserName = $"{id:N}@bench.local", NormalizedUserName = $"{id:N}@BENCH.LOCAL", Email = $"{id:N}@bench.local",
                DisplayName = "Historique", IsActive = false, SecurityStamp = Guid.NewGuid().ToString(),
            }).ToList());
            busiestCentre = generatedSchools.GroupBy(s => s.ServiceCentreId).OrderBy(g => Math.Abs(g.Count() - 250)).First().Key;
            var index = CatalogueIndex.Build(await CatalogueLoader.LoadAsync(db), Guid.NewGuid());
            var today = QuebecTime.Today(TimeProvider.System);
            var (start, _) = Indicators.SchoolYear(Indicators.SchoolYearOf(today));
            var history = new ReferralHistoryGenerator(11, Seeder.HistoryAgentId, Seeder.HistoryPartnerId)
                .Generate(generatedSchools.Where(s => s.ServiceCentreId == busiestCentre && s.HasPosition).ToList(), index, referrals,
                    QuebecTime.ToUtc(start.AddYears(-1).ToDateTime(TimeOnly.MinValue)), DateTime.UtcNow, _ => false);
            await history.InsertAsync(db);
            Console.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:N0} s: {catalogue.Services.Count:N0} services, {generatedSchools.Count:N0} schools, {history.Referrals.Count:N0} referrals.");
        }

        await using var read = new SqliteDb(options);
        await read.Database.MigrateAsync(); // a kept database from an earlier version
        var loaded = CatalogueIndex.Build(await CatalogueLoader.LoadAsync(read), Guid.NewGuid());
        var schools = await CoverageCalculator.SchoolsAsync(read);
        busiestCentre = schools.GroupBy(s => s.ServiceCentreId).OrderBy(g => Math.Abs(g.Count() - 250)).First().Key;
        var centreSchools = schools.Count(s => s.ServiceCentreId == busiestCentre);
        var needs = await read.NeedCategories.Select(c => c.Id).ToListAsync();
        var bands = new CoverageOptions();
        var inputs = schools.Select(s => new CoverageSchool(s.Id, s.Latitude, s.Longitude, s.Enrolment, bands.BandsFor(s.Profile))).ToList();
        var centreOf = schools.ToDictionary(s => s.Id, s => s.ServiceCentreId);
        List<CoverageService> Suitable(Guid need) => loaded.Matching(new CatalogueQuery { CategoryIds = [need] })
            .Select(e => new CoverageService(e.ServiceId, e.Sites.Select(x => (x.Latitude, x.Longitude)).ToList(), e.CapacityMaximum, e.IsRemote, e.ServiceArea)).ToList();
        Console.WriteLine($"{loaded.Count:N0} services, {schools.Count:N0} schools ({schools.Count(s => s.Profile == CoverageProfile.Rural):N0} in rural CSS), one CSS of {centreSchools} schools.");

        var suitable = Time(3, () => needs.Sum(n => Suitable(n).Count));
        var prepared = needs.Select(Suitable).ToList();
        var analysis = Time(3, () => prepared.Sum(p => CoverageAnalysis.Analyse(inputs, p).Count));
        var province = Time(5, () => needs.Sum(n => CoverageAnalysis.Analyse(inputs, Suitable(n)).Count));
        Console.WriteLine($"suitable services for {needs.Count} needs: {suitable.Median:N0} ms (CPU {suitable.Cpu:N0} ms); analysis alone: {analysis.Median:N0} ms (CPU {analysis.Cpu:N0} ms); "
            + $"sites of the suitable services, all needs together: {prepared.Sum(p => p.Sum(s => s.Sites.Count)):N0}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        var oneNeed = Time(20, () => CoverageAnalysis.Analyse(inputs, Suitable(needs[0]), s => centreOf[s.Id] == busiestCentre).Count);
        var matrix = Time(5, () => needs.Sum(n => CoverageAnalysis.Analyse(inputs, Suitable(n), s => centreOf[s.Id] == busiestCentre).Count));
        var year = Indicators.SchoolYearOf(QuebecTime.Today(TimeProvider.System));
        await IndicatorQueries.BackfillAcknowledgementDaysAsync(read);
        await IndicatorQueries.FillNeedFlagsAsync(read);
        // What the indicators page, its CSV and the portraits publish: the CSS's tables, all its schools', suppressed together.
        var centreSchoolIds = read.Schools.Where(s => s.ServiceCentreId == busiestCentre).Select(s => s.Id);
        var centreReferrals = read.Referrals.Where(r => centreSchoolIds.Contains(r.SchoolId));
        var count = await centreReferrals.CountAsync();
        var thisYear = await centreReferrals.CountAsync(r => r.CreatedAt >= QuebecTime.ToUtc(Indicators.SchoolYear(year).First.ToDateTime(TimeOnly.MinValue)));
        var indicators = Time(5, () => IndicatorQueries.TablesAsync(read, busiestCentre, year, needs).GetAwaiter().GetResult().Schools.Count);
        var lastYear = Time(5, () => IndicatorQueries.TablesAsync(read, busiestCentre, year - 1, needs).GetAwaiter().GetResult().Schools.Count);

        Console.WriteLine();
        // CPU time of the whole process (every core) during the median run (by wall clock): steadier than the wall clock on a shared machine.
        Console.WriteLine("| what | median (ms) | fastest (ms) | CPU of the median run (ms) |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| whole province: {schools.Count:N0} schools × {needs.Count} needs × {loaded.Count:N0} services | {province.Median:N0} | {province.Min:N0} | {province.Cpu:N0} |");
        Console.WriteLine($"| one CSS page ({centreSchools} schools), one need | {oneNeed.Median:N1} | {oneNeed.Min:N1} | {oneNeed.Cpu:N1} |");
        Console.WriteLine($"| one CSS page with its school × need matrix (all {needs.Count} needs) | {matrix.Median:N0} | {matrix.Min:N0} | {matrix.Cpu:N0} |");
        Console.WriteLine($"| indicators of that CSS, this school year ({thisYear:N0} of its {count:N0} referrals; query + suppression) | {indicators.Median:N0} | {indicators.Min:N0} | {indicators.Cpu:N0} |");
        Console.WriteLine($"| indicators of that CSS, last school year ({count - thisYear:N0} referrals) | {lastYear.Median:N0} | {lastYear.Min:N0} | {lastYear.Cpu:N0} |");
        SqliteConnection.ClearAllPools();
        if (!keep) File.Delete(path);
    }

    static (double Median, double Min, double Cpu) Time(int runs, Func<int> work)
    {
        work(); // warm-up
        var process = Process.GetCurrentProcess();
        var times = Enumerable.Range(0, runs).Select(_ =>
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var start = Stopwatch.GetTimestamp();
            work();
            var wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            process.Refresh();
            return (Wall: wall, Cpu: (process.TotalProcessorTime - cpu).TotalMilliseconds);
        }).OrderBy(t => t.Wall).ToList();
        return (times[runs / 2].Wall, times[0].Wall, times[runs / 2].Cpu);
    }
}
