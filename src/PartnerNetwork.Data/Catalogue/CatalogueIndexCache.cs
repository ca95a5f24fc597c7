using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Catalogue.Search;

namespace PartnerNetwork.Data.Catalogue;

/// <summary>
/// Holds the current search index and rebuilds it when the database's catalogue version differs, so a change made
/// through any web instance shows in the next search on every instance.
/// </summary>
public sealed class CatalogueIndexCache(IServiceScopeFactory scopes, ILogger<CatalogueIndexCache> log, IConfiguration configuration, CatalogueChanges localChanges)
{
    /// <summary>The bound: a change made through another instance shows in this one's searches within this many seconds.</summary>
    public const double DefaultVersionCheckSeconds = 2;

    readonly SemaphoreSlim rebuilding = new(1, 1);
    readonly long checkEvery = (long)(Stopwatch.Frequency * configuration.GetValue("Catalogue:VersionCheckSeconds", DefaultVersionCheckSeconds));
    CatalogueIndex? current;
    IReadOnlyList<NeedCategory> categories = [];
    long checkedAt;
    long changesSeen = -1;

    /// <summary>True once an index has been built: until then an instance is not ready for searches.</summary>
    public bool IsLoaded => current is not null;

    /// <summary>The need taxonomy as it was when the index was built (it changes only with the seed), in display order.</summary>
    public IReadOnlyList<NeedCategory> Categories => categories;

    /// <summary>The version row was read now, after this process's <paramref name="changes"/>-th change.</summary>
    void Checked(long changes)
    {
        Interlocked.Exchange(ref checkedAt, Stopwatch.GetTimestamp());
        Interlocked.Exchange(ref changesSeen, changes);
    }

    /// <summary>
    /// The index for the database's current catalogue version. The version row is read at most every
    /// <c>Catalogue:VersionCheckSeconds</c> (2 s), and at once after this process changed the directory — a search costs no
    /// query, and another instance's change shows here within the bound.
    /// </summary>
    public async Task<CatalogueIndex> CurrentAsync(PartnerNetworkDb db, CancellationToken cancel = default)
    {
        var changes = localChanges.Count;
        if (current is { } recent && changes == Interlocked.Read(ref changesSeen) && Stopwatch.GetTimestamp() - Interlocked.Read(ref checkedAt) < checkEvery)
            return recent;
        var version = await db.CatalogueVersions.AsNoTracking().Select(v => v.Version).SingleOrDefaultAsync(cancel);
        if (current is { } index && index.Version == version)
        {
            Checked(changes);
            return index;
        }
        await rebuilding.WaitAsync(cancel);
        try
        {
            if (current is { } built && built.Version == version) return built;
            using var scope = scopes.CreateScope();
            var fresh = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
            var clock = Stopwatch.StartNew();
            var entries = await CatalogueLoader.LoadAsync(fresh, cancel);
            categories = await fresh.NeedCategories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(cancel);
            current = CatalogueIndex.Build(entries, version);
            Checked(changes);
            log.LogInformation("Catalogue index built: {Services} services, {Sites} sites in {Ms} ms.", current.Count, current.SiteCount, clock.ElapsedMilliseconds);
            return current;
        }
        finally
        {
            rebuilding.Release();
        }
    }
}
