using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Operations.CommandLine;

/// <summary>`dotnet run --project src/PartnerNetwork.Web -- seed --services 100000 --schools 3000 [--referrals 200000] [--seed 7]`</summary>
public sealed class SeedCommand : AppCommand
{
    readonly Option<int> services = Count("--services", 10_000, "Fictitious services to add, with their organisations, locations and hours.");
    readonly Option<int> schools = Count("--schools", 0, "Fictitious schools to add, spread like the population, one fictitious CSS per region.");
    readonly Option<int> referrals = Count("--referrals", 0, "A school year of fictitious referral history at the database's schools.");
    readonly Option<int> seed = Count("--seed", 7, "The random seed: the same seed gives the same rows.");

    public SeedCommand() : base("seed", "Add a fictitious volume directory (and schools, referral history) for benchmarks and load tests.")
    {
        Options.Add(services);
        Options.Add(schools);
        Options.Add(referrals);
        Options.Add(seed);
    }

    static Option<int> Count(string name, int fallback, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        HelpName = "n",
        CustomParser = result =>
        {
            var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
            result.AddError($"{name} takes a whole number, 0 or more, not '{token}'.");
            return fallback;
        },
    };

    public override async Task<int> RunAsync(IServiceProvider provider, ParseResult parsed)
    {
        var (serviceCount, schoolCount, referralCount, randomSeed) = (parsed.GetValue(services), parsed.GetValue(schools), parsed.GetValue(referrals), parsed.GetValue(seed));
        using var scope = provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
        await db.Database.MigrateAsync();
        var seeder = scope.ServiceProvider.GetRequiredService<Seeder>();
        await seeder.SeedReferenceAsync(SeedFiles.Default);

        var clock = Stopwatch.StartNew();
        var catalogue = await seeder.SeedVolumeAsync(SeedFiles.Default, serviceCount, schoolCount, randomSeed);
        Console.WriteLine(
            $"Seeded {catalogue.Services.Count:N0} services ({catalogue.Organizations.Count:N0} organisations, " +
            $"{catalogue.Locations.Count:N0} locations, {catalogue.Schedules.Count:N0} opening hours) and {schoolCount:N0} schools " +
            $"in {clock.Elapsed.TotalSeconds:N1} s.");

        if (referralCount > 0)
        {
            clock.Restart();
            var schoolRows = await db.Schools.Where(s => s.Latitude != null).OrderBy(s => s.Code).ToListAsync();
            var history = await seeder.SeedReferralHistoryAsync(schoolRows, referralCount, randomSeed, _ => false);
            Console.WriteLine($"Seeded {history.Referrals.Count:N0} referrals ({history.Families.Count:N0} families, {history.Events.Count:N0} events) in {clock.Elapsed.TotalSeconds:N1} s.");
        }
        return 0;
    }
}
