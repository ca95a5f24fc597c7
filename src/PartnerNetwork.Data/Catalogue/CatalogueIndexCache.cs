using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Catalogue.Search;

namespace PartnerNetwork.Data.Catalogue;

/// <summary>
/// Holds the current search index and rebuilds it when the database's catalogue version differs, so a change made
/// through any web instance shows in the next search on every instance.
/// </summary>
public sealed class CatalogueIndexCache(IServiceScopeFactory scopes, ILogger<CatalogueIndexCache> log)
{
    readonly SemaphoreSlim rebuilding = new(1, 1);
    CatalogueIndex? current;

    /// <summary>True once an index has been built: until then an instance is not ready for searches.</summary>
    public bool IsLoaded => current is not null;

    public async Task<CatalogueIndex> CurrentAsync(PartnerNetworkDb db, CancellationToken cancel = default)
    {
        var version = await db.CatalogueVersions.AsNoTracking().Select(v => v.Version).SingleOrDefaultAsync(cancel);
        if (current is { } index && index.Version == version) return index;
        await rebuilding.WaitAsync(cancel);
        try
        {
            if (current is { } built && built.Version == version) return built;
            using var scope = scopes.CreateScope();
            var fresh = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var entries = await CatalogueLoader.LoadAsync(fresh, cancel);
            current = CatalogueIndex.Build(entries, version);
            log.LogInformation("Catalogue index built: {Services} services, {Sites} sites in {Ms} ms.", current.Count, current.SiteCount, clock.ElapsedMilliseconds);
            return current;
        }
        finally
        {
            rebuilding.Release();
        }
    }
}
