using System.Text.Encodings.Web;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Pages.Shared;

namespace PartnerNetwork.Web.Pages.Catalogue;

/// <summary>
/// What the search form offers to start from — schools by CSS and Quebec places — read once per catalogue version
/// (schools are part of it) and kept as ready-encoded option lists, so a search costs no query for them.
/// </summary>
public sealed class SearchChoices(HtmlEncoder encoder)
{
    public sealed record SchoolOption(Guid Id, string Name, double Latitude, double Longitude, Guid ServiceCentreId, SchoolLevels Levels);

    /// <summary>The schools of one catalogue version, by id and by CSS (sorted by name as the database sorted them).</summary>
    public sealed class Schools(Guid version, List<SchoolOption> all, HtmlEncoder encoder)
    {
        public Guid Version { get; } = version;
        public IReadOnlyDictionary<Guid, SchoolOption> ById { get; } = all.ToDictionary(s => s.Id);
        readonly Dictionary<Guid, (List<SchoolOption> Schools, OptionList Options)> byCentre = all.GroupBy(s => s.ServiceCentreId)
            .ToDictionary(g => g.Key, g => (g.ToList(), Options(g, encoder)));

        public (IReadOnlyList<SchoolOption> Schools, OptionList? Options) OfCentre(Guid? centreId) =>
            centreId is { } id && byCentre.TryGetValue(id, out var found) ? found : ([], null);
    }

    public static OptionList Options(IEnumerable<SchoolOption> schools, HtmlEncoder encoder) =>
        new(schools.Select(s => (s.Id.ToString(), s.Name)), encoder);

    /// <summary>Ordinal by name, as SQLite's ORDER BY gave it before this cache, on every provider.</summary>
    public static int ByName(SchoolOption a, SchoolOption b) =>
        string.CompareOrdinal(a.Name, b.Name) is var byName and not 0 ? byName : a.Id.CompareTo(b.Id);

    Schools? schools;
    readonly SemaphoreSlim loading = new(1, 1);

    static readonly IReadOnlyList<QuebecPlace> SortedPlaces = SeedFiles.Default.QuebecPlaces().OrderBy(p => p.Name).ToList();

    public IReadOnlyList<QuebecPlace> Places => SortedPlaces;

    public OptionList PlaceOptions { get; } = new(SortedPlaces.Select(p => (p.Name, $"{p.Name} ({p.Region})")), encoder);

    public async Task<Schools> SchoolsAsync(PartnerNetworkDb db, Guid version)
    {
        if (schools is { } known && known.Version == version) return known;
        await loading.WaitAsync();
        try
        {
            if (schools is { } loaded && loaded.Version == version) return loaded;
            // A search from a school starts at its position: schools without one are not offered.
            var all = await db.Schools.AsNoTracking().Where(s => s.Latitude != null && s.Longitude != null && s.ClosedOn == null)
                .Select(s => new SchoolOption(s.Id, s.Name, s.Latitude!.Value, s.Longitude!.Value, s.ServiceCentreId, s.Levels)).ToListAsync();
            all.Sort(ByName);
            return schools = new Schools(version, all, encoder);
        }
        finally
        {
            loading.Release();
        }
    }
}
