using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Schools;

namespace PartnerNetwork.Data.Seeding;

/// <summary>The yearly refresh against the database: what newer ministry files change, and applying exactly that in one transaction.</summary>
public static class ProvinceRefresh
{
    /// <summary>Compares the schools of the CSS the files cover (closed ones too) with the files' schools.</summary>
    public static async Task<List<SchoolChange>> CompareAsync(PartnerNetworkDb db, IReadOnlyList<School> incoming, CancellationToken cancel = default)
    {
        var centres = Seeder.ProvinceCodes.Select(code => StableId.From("css", code)).ToList();
        var current = await db.Schools.AsNoTracking().Include(s => s.Sites).AsSplitQuery()
            .Where(s => centres.Contains(s.ServiceCentreId)).ToListAsync(cancel);
        return SchoolRefresh.Compare(current, incoming);
    }

    /// <summary>The CSS codes the files name that the database does not hold: such a file is refused whole.</summary>
    public static async Task<List<Guid>> UnknownCentresAsync(PartnerNetworkDb db, IReadOnlyList<School> incoming, CancellationToken cancel = default)
    {
        var known = (await db.ServiceCentres.Select(c => c.Id).ToListAsync(cancel)).ToHashSet();
        return incoming.Select(s => s.ServiceCentreId).Distinct().Where(id => !known.Contains(id)).ToList();
    }

    public static Task ApplyAsync(PartnerNetworkDb db, IReadOnlyList<School> incoming, IReadOnlyList<SchoolChange> changes, DateOnly today,
        CancellationToken cancel = default) =>
        db.InTransactionAsync(async () =>
        {
            var byCode = incoming.ToDictionary(s => s.Code);
            var added = changes.Where(c => c.Kind == SchoolChangeKind.New).Select(c => byCode[c.Code]).ToList();
            await BulkInsert.InsertAsync(db, added, cancel);
            await BulkInsert.InsertAsync(db, added.SelectMany(s => s.Sites).ToList(), cancel);

            var changed = changes.Where(c => c.Kind != SchoolChangeKind.New).GroupBy(c => c.Code).ToDictionary(g => g.Key, g => g.Select(c => c.Kind).ToList());
            var codes = changed.Keys.ToList();
            var held = await db.Schools.Where(s => codes.Contains(s.Code)).ToListAsync(cancel);
            foreach (var school in held)
            {
                var kinds = changed[school.Code];
                var now = byCode.GetValueOrDefault(school.Code);
                SchoolRefresh.ApplyTo(school, now, kinds, today);
                if (now is not null && (kinds.Contains(SchoolChangeKind.Moved) || kinds.Contains(SchoolChangeKind.Buildings)))
                {
                    await db.SchoolSites.Where(s => s.SchoolId == school.Id).ExecuteDeleteAsync(cancel);
                    db.SchoolSites.AddRange(now.Sites);
                }
            }
            await db.SaveChangesAsync(cancel);
            return changes.Count;
        }, beforeRetry: db.ChangeTracker.Clear, cancel);
}
