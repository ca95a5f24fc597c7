using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data.Exchange.Hsds;

namespace PartnerNetwork.Web.Tests.Exchange;

/// <summary>Our own services as the HSDS API writes them, and copies of them made into listings of their own.</summary>
static class HsdsCopies
{
    /// <summary>An existing service, fully nested, as the API writes it.</summary>
    public static async Task<JsonObject> ServiceAsync(AppFactory app, Guid id) => (await app.WithAsync(async db =>
    {
        var needs = await db.NeedCategories.AsNoTracking().ToDictionaryAsync(n => n.Id);
        var loaded = (await HsdsMapping.LoadServicesAsync(db, [id], full: true, CancellationToken.None)).Single();
        return JsonSerializer.SerializeToNode(HsdsMapping.Service(loaded, needs, full: true), HsdsMapping.Json)!;
    })).AsObject();

    /// <summary>A copy under a new id and name; what hangs from it gets new ids too (its links to sites keep theirs).</summary>
    public static JsonObject Copy(JsonObject service, string name)
    {
        var copy = service.DeepClone().AsObject();
        copy["id"] = Guid.NewGuid().ToString();
        copy["name"] = name;
        foreach (var list in new[] { "phones", "schedules", "languages", "contacts", "attributes" })
            foreach (var item in copy[list]?.AsArray() ?? []) item!["id"] = Guid.NewGuid().ToString();
        return copy;
    }

    /// <summary>Gives the service to another organisation, named in the record as HSDS nests it.</summary>
    public static void OwnedBy(JsonObject service, string organizationId, string organizationName)
    {
        service["organization_id"] = organizationId;
        service["organization"]!["id"] = organizationId;
        service["organization"]!["name"] = organizationName;
    }

    /// <summary>A link to a new place copied from <paramref name="link"/>: new ids throughout, the place the organisation's, renamed when a name is given.</summary>
    public static JsonObject NewSite(JsonObject link, string organizationId, string? name = null)
    {
        var site = link.DeepClone().AsObject();
        var locationId = Guid.NewGuid().ToString();
        site["id"] = Guid.NewGuid().ToString();
        site["location_id"] = locationId;
        var location = site["location"]!.AsObject();
        location["id"] = locationId;
        location["organization_id"] = organizationId;
        if (name is not null) location["name"] = name;
        foreach (var nested in new[] { "addresses", "phones", "languages", "accessibility", "schedules", "attributes" })
            foreach (var item in location[nested]?.AsArray() ?? []) item!["id"] = Guid.NewGuid().ToString();
        return site;
    }
}
