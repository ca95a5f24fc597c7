using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data;

namespace PartnerNetwork.Data.Exchange.Hsds;

/// <summary>
/// The directory as an HSDS data package: every active service of an active organisation (for a CSS, those with a site
/// in its territory) written exactly as the read API writes it, flattened, with the taxonomies. It imports back into an
/// empty directory as the same catalogue.
/// </summary>
public static class HsdsExport
{
    /// <summary>Services read, mapped and written per batch: memory stays flat whatever the directory's size.</summary>
    const int BatchSize = 1000;

    public static async Task WritePackageAsync(PartnerNetworkDb db, Geometry? territory, Stream output, CancellationToken cancel = default)
    {
        var needs = await db.NeedCategories.AsNoTracking().ToDictionaryAsync(n => n.Id, cancel);
        var ids = await db.Services.Listed()
            .OrderBy(s => s.OrganizationId).ThenBy(s => s.Id).Select(s => s.Id).ToListAsync(cancel);
        using var package = new HsdsPackageWriter();
        // A batch is mapped and written on another thread while the next one is read: the two halves of the work
        // take about as long, and this machine has two cores.
        var writing = Task.CompletedTask;
        foreach (var chunk in ids.Chunk(BatchSize))
        {
            // One JSON parameter for the ids: as a thousand parameters, building the command cost more than running it.
            var services = await db.Services.AsNoTracking().AsSplitQuery().Where(s => EF.Parameter(chunk).Contains(s.Id))
                .Include(s => s.Organization).Include(s => s.Categories).Include(s => s.Schedules)
                .Include(s => s.ServiceAtLocations).ThenInclude(l => l.Location)
                .ToDictionaryAsync(s => s.Id, cancel);
            await writing;
            writing = Task.Run(() => package.Append(Batch(chunk, services, needs, territory)), cancel);
        }
        await writing;
        var taxonomies = new HsdsTables();
        foreach (var taxonomy in HsdsMapping.Taxonomies())
            taxonomies.AddRecord("taxonomy", JsonSerializer.SerializeToElement(taxonomy, HsdsMapping.Json), 0, parent: null);
        foreach (var term in await HsdsMapping.TermsAsync(db, cancel))
            taxonomies.AddRecord("taxonomy_term", JsonSerializer.SerializeToElement(term, HsdsMapping.Json), 0, parent: null);
        package.Append(taxonomies);
        package.WriteZip(output);
    }

    /// <summary>A batch of services as HSDS tables, in the order of their ids.</summary>
    static HsdsTables Batch(Guid[] ids, Dictionary<Guid, Service> services, Dictionary<Guid, NeedCategory> needs, Geometry? territory)
    {
        var batch = new HsdsTables();
        foreach (var id in ids)
        {
            // Gone since the id list was read: left out, as it would have been a moment later.
            if (!services.TryGetValue(id, out var service)) continue;
            if (territory is not null && !service.ServiceAtLocations.Any(l => l.Location!.LiesIn(territory))) continue;
            batch.AddRecord("service", JsonSerializer.SerializeToElement(HsdsMapping.Service(service, needs, full: true), HsdsMapping.Json), 0, parent: null);
        }
        return batch;
    }
}
