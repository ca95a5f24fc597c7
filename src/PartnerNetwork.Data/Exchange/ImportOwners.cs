using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;

namespace PartnerNetwork.Data.Exchange;

/// <summary>The facts <see cref="ImportReach"/> decides on that only the database knows, shared by every importer.</summary>
public static class ImportOwners
{
    /// <summary>The organisations among these with an active staff account of their own: their listing is theirs to keep.</summary>
    public static async Task<HashSet<Guid>> WithOwnStaffAsync(PartnerNetworkDb db, IEnumerable<Guid> organizationIds, CancellationToken cancel = default)
    {
        var found = new HashSet<Guid>();
        foreach (var chunk in organizationIds.Distinct().Chunk(2000))
            found.UnionWith(await db.Users.Where(u => u.IsActive && u.OrganizationId != null && EF.Parameter(chunk).Contains(u.OrganizationId.Value))
                .Select(u => u.OrganizationId!.Value).Distinct().ToListAsync(cancel));
        return found;
    }

    /// <summary>The report's reason for a record the author may not change.</summary>
    public static string MessageKey(ImportOwnership ownership) => ownership switch
    {
        ImportOwnership.KeptByOrganization => "Import.KeptByOrganization",
        _ => "Import.NotEntirelyYours",
    };
}
