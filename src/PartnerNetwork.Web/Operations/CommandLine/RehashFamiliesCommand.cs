using System.CommandLine;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Privacy;

namespace PartnerNetwork.Web.Operations.CommandLine;

/// <summary>`dotnet run --project src/PartnerNetwork.Web -- rehash-families`: after a rotation of Families:MatchKey.</summary>
public sealed class RehashFamiliesCommand() : AppCommand("rehash-families",
    "Recompute every family's contact hashes with the current Families:MatchKey (after rotating the key).")
{
    public override async Task<int> RunAsync(IServiceProvider services, ParseResult parsed)
    {
        using var scope = services.CreateScope();
        var changed = await FamilyMatching.RehashAsync(scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>(),
            scope.ServiceProvider.GetRequiredService<ContactMatch>(), onlyMissing: false);
        Console.WriteLine($"Family contact hashes recomputed with the current Families:MatchKey: {changed} changed.");
        return 0;
    }
}
