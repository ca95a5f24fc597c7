using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Operations;

/// <summary>`dotnet run --project src/PartnerNetwork.Web -- seed --services 100000 --schools 3000 [--referrals 200000] [--seed 7]`</summary>
public static class SeedCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        int Option(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value : fallback;
        }

        var serviceCount = Option("--services", 10_000);
        var schoolCount = Option("--schools", 0);
        var seed = Option("--seed", 7);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
        await db.Database.MigrateAsync();
        var seeder = scope.ServiceProvider.GetRequiredService<Seeder>();
        await seeder.SeedReferenceAsync(SeedFiles.Default);

        var clock = Stopwatch.StartNew();
        var catalogue = await seeder.SeedVolumeAsync(SeedFiles.Default, serviceCount, schoolCount, seed);
        Console.WriteLine(
            $"Seeded {catalogue.Services.Count:N0} services ({catalogue.Organizations.Count:N0} organisations, " +
            $"{catalogue.Locations.Count:N0} locations, {catalogue.Schedules.Count:N0} opening hours) and {schoolCount:N0} schools " +
            $"in {clock.Elapsed.TotalSeconds:N1} s.");

        var referralCount = Option("--referrals", 0);
        if (referralCount > 0)
        {
            clock.Restart();
            var schools = await db.Schools.ToListAsync();
            var history = await seeder.SeedReferralHistoryAsync(schools, referralCount, seed, _ => false);
            Console.WriteLine($"Seeded {history.Referrals.Count:N0} referrals ({history.Families.Count:N0} families, {history.Events.Count:N0} events) in {clock.Elapsed.TotalSeconds:N1} s.");
        }
        return 0;
    }
}
