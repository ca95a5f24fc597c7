using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;

namespace PartnerNetwork.Data.Exchange.Spreadsheet;

/// <summary>
/// The directory as the spreadsheet the importer reads back: one row per service at a location, remote services without
/// an address, in French or English words; and the template's example row.
/// </summary>
public static class SpreadsheetExport
{
    public static List<string> Header(bool english) => SpreadsheetFormat.Columns.Select(c => english ? c.English : c.French).ToList();

    /// <summary>Active services of active organisations, those with a site in <paramref name="territory"/> when one is given.</summary>
    public static async Task<List<IReadOnlyList<object?>>> RowsAsync(PartnerNetworkDb db, Geometry? territory, bool english, CancellationToken cancel = default)
    {
        var needs = await db.NeedCategories.AsNoTracking().ToDictionaryAsync(n => n.Id, n => n.Code, cancel);
        var services = await db.Services.AsNoTracking().AsSplitQuery().Listed()
            .Include(s => s.Organization).Include(s => s.Categories).Include(s => s.Schedules).Include(s => s.ServiceAtLocations).ThenInclude(l => l.Location)
            .OrderBy(s => s.Organization!.Name).ThenBy(s => s.Name).ToListAsync(cancel);
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var s in services)
        {
            var hours = SpreadsheetFormat.HoursText(s.Schedules.Select(h => new WeeklyOpening(h.ByDay, h.OpensAt, h.ClosesAt)), english);
            var sites = s.ServiceAtLocations.Select(l => l.Location).ToList();
            if (territory is not null) sites = sites.Where(l => l!.LiesIn(territory)).ToList();
            if (territory is not null && sites.Count == 0) continue;
            foreach (var location in sites.DefaultIfEmpty())
                rows.Add([s.Organization!.Name, s.Organization.Email, s.Organization.Phone, s.Organization.Website, s.Name, s.Description,
                    string.Join(';', s.Categories.Select(c => needs[c.NeedCategoryId])), string.Join(';', s.Languages), CostText(s.Cost, english),
                    s.MinimumAge, s.MaximumAge, s.ReferralContactName, s.ReferralEmail, s.ReferralPhone, YesNo(s.AcceptsReferrals, english),
                    location?.Name, location?.Address1, location?.City, location?.PostalCode, location?.Latitude, location?.Longitude, hours]);
        }
        return rows;
    }

    /// <summary>The template's one row, showing how each column is written.</summary>
    public static List<object?> Example(bool english) => SpreadsheetFormat.Columns.Select(c => (object?)ExampleCell(c.Key, english)).ToList();

    /// <summary>A cost in the words <see cref="FieldChecks.CostOf"/> reads back.</summary>
    public static string CostText(Cost cost, bool english) => cost switch
    {
        Cost.Free => english ? "free" : "gratuit",
        Cost.LowCost => english ? "low" : "faible",
        _ => english ? "fee" : "payant",
    };

    static string YesNo(bool value, bool english) => value ? (english ? "yes" : "oui") : (english ? "no" : "non");

    static string ExampleCell(string key, bool english) => key switch
    {
        "organization" => "Cuisine collective du Quartier",
        "organization_email" => "info@exemple.org",
        "organization_phone" => "514-555-0123",
        "service" => english ? "Community kitchen" : "Cuisine collective",
        "description" => english ? "Cook together and take meals home." : "Cuisiner ensemble et repartir avec des repas.",
        "needs" => "food-security",
        "languages" => "fr;es",
        "cost" => CostText(Cost.Free, english),
        "accepts_referrals" => YesNo(true, english),
        "location_name" => english ? "Community centre" : "Centre communautaire",
        "address" => "1234 rue Exemple",
        "city" => "Montréal",
        "postal_code" => "H2X 1Y4",
        "latitude" => "45.5088",
        "longitude" => "-73.5617",
        "hours" => english ? "tue 18:00-21:00; sat 09:00-12:00" : "mar 18:00-21:00; sam 09:00-12:00",
        _ => "",
    };
}
