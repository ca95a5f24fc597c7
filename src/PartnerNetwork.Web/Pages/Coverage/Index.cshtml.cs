using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NetTopologySuite.Geometries;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Coverage;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Catalogue;
using PartnerNetwork.Data.Coverage;
using PartnerNetwork.Data.Exchange;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Coverage;

/// <summary>
/// Where families of a CSS have no service nearby: for one need (narrowed like a directory search), each school's
/// nearest suitable partner, services per distance band, E2SFCA accessibility and gap level — on a map and in the
/// twin table, with a school × need summary and a CSV of every school × need.
/// </summary>
public class IndexModel(PartnerNetworkDb db, CurrentActor current, CoverageCalculator coverage, CoverageOptions options,
    CatalogueIndexCache catalogue, IStringLocalizer<SharedResource> L, Freshness freshness, TimeProvider clock) : PageModel
{
    public static readonly string[] CsvHeader =
        ["school_code", "school_name", "imse_decile", "enrolment", "need", "nearest_km", "services_band1", "services_band2", "services_band3", "e2sfca_per_1000", "gap", "remote_services"];

    public static readonly string[] Sorts = ["priority", "school", "imse", "enrolment", "nearest", "band1", "band2", "band3", "score", "gap", "remote"];

    [BindProperty(SupportsGet = true)] public string? Centre { get; set; }
    [BindProperty(SupportsGet = true)] public string? Need { get; set; }
    [BindProperty(SupportsGet = true)] public string? Lang { get; set; }
    [BindProperty(SupportsGet = true)] public bool Evenings { get; set; }
    [BindProperty(SupportsGet = true)] public bool Weekends { get; set; }
    [BindProperty(SupportsGet = true)] public bool Free { get; set; }
    [BindProperty(SupportsGet = true)] public bool Open { get; set; }
    /// <summary>Count only services verified within <see cref="Freshness.StaleMonths"/>.</summary>
    [BindProperty(SupportsGet = true)] public bool Verified { get; set; }
    /// <summary>One level (primary, secondary…) or every school; an unknown value shows every school.</summary>
    [BindProperty(SupportsGet = true)] public string? Level { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public bool Desc { get; set; }
    /// <summary>"matrix" shows every need for every school on a tab of its own; otherwise the chosen need's table and map.</summary>
    [BindProperty(SupportsGet = true, Name = "view")] public string? Tab { get; set; }
    /// <summary>"gaps" orders the matrix by the number of needs without near coverage; otherwise by IMSE decile.</summary>
    [BindProperty(SupportsGet = true, Name = "msort")] public string? MatrixSort { get; set; }

    public bool ShowsMatrix => Tab == "matrix";

    [TempData]
    public string? StatusMessage { get; set; }

    public ServiceCentre ServiceCentre { get; private set; } = null!;
    public List<ServiceCentre> Centres { get; private set; } = [];
    public List<NeedCategory> Needs { get; private set; } = [];
    public NeedCategory SelectedNeed { get; private set; } = null!;
    public DistanceBands Bands { get; private set; }
    public List<Row> Rows { get; private set; } = [];
    public List<(SchoolInfo School, Dictionary<Guid, GapLevel> Gaps)> Matrix { get; private set; } = [];
    public int RemoteServices { get; private set; }
    public List<string> Notices { get; } = [];
    /// <summary>The directory's own languages, most listings first.</summary>
    public IReadOnlyList<string> LanguageCodes { get; private set; } = [];
    public bool IsAdmin { get; private set; }
    public SchoolLevels? LevelShown => SchoolText.ParseLevel(Level);
    /// <summary>The CSS's schools the files give no position: outside every distance, named so nobody thinks them covered.</summary>
    public List<string> Unpositioned { get; private set; } = [];

    public sealed record Row(SchoolInfo School, CoverageResult Result);

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var snapshot = await coverage.ForNeedAsync(db, SelectedNeed.Id, Filters(), ServiceCentre.Id);
        Rows = Sorted(RowsOf(snapshot)).ToList();
        RemoteServices = snapshot.Services.Count(s => s.IsRemote);
        // Eight coverage computations: only on the matrix's own tab.
        if (!ShowsMatrix) return Page();
        foreach (var need in Needs)
        {
            var results = need.Id == SelectedNeed.Id ? snapshot : await coverage.ForNeedAsync(db, need.Id, Filters(), ServiceCentre.Id);
            foreach (var row in RowsOf(results))
            {
                var entry = Matrix.FirstOrDefault(m => m.School.Id == row.School.Id);
                if (entry.School is null) Matrix.Add(entry = (row.School, []));
                entry.Gaps[need.Id] = row.Result.Gap;
            }
        }
        Matrix = (MatrixSort == "gaps"
                ? Matrix.OrderByDescending(m => GapCount(m.Gaps)).ThenByDescending(m => m.Gaps.Values.Count(g => g == GapLevel.None)).ThenByDescending(m => m.School.ImseDecile ?? 0)
                : Matrix.OrderByDescending(m => m.School.ImseDecile ?? 0))
            .ThenBy(m => m.School.Name, StringComparer.CurrentCulture).ToList();
        return Page();
    }

    /// <summary>The map's data: the territory, the schools with their gap, and the suitable services' sites nearby.</summary>
    public async Task<IActionResult> OnGetMarkersAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var snapshot = await coverage.ForNeedAsync(db, SelectedNeed.Id, Filters(), ServiceCentre.Id);
        var rows = RowsOf(snapshot).ToList();
        if (rows.Count == 0) return new JsonResult(new { territory = ServiceCentre.Territory is { } none ? GeoJson(none) : null, schools = Array.Empty<object>(), sites = Array.Empty<object>() });
        var margin = Bands.Band3Km / 111.0;
        var (south, north) = (rows.Min(r => r.School.Latitude) - margin * 2, rows.Max(r => r.School.Latitude) + margin * 2);
        var (west, east) = (rows.Min(r => r.School.Longitude) - margin * 3, rows.Max(r => r.School.Longitude) + margin * 3);
        return new JsonResult(new
        {
            territory = ServiceCentre.Territory is { } t ? GeoJson(t) : null,
            schools = rows.Select(r => new
            {
                code = r.School.Code, name = r.School.Name, lat = r.School.Latitude, lon = r.School.Longitude,
                gap = r.Result.Gap.ToString().ToLowerInvariant(), gapLabel = L[$"Gap.{r.Result.Gap}"].Value,
                nearestKm = r.Result.NearestKm is { } km ? Math.Round(km, 2) : (double?)null, remote = r.Result.Remote,
            }),
            sites = snapshot.Services.Where(s => !s.IsRemote).SelectMany(s => s.Sites.Select(site => (s, site)))
                .Where(x => x.site.Latitude >= south && x.site.Latitude <= north && x.site.Longitude >= west && x.site.Longitude <= east)
                .Select(x => new { name = x.s.ServiceName, organization = x.s.OrganizationName, lat = x.site.Latitude, lon = x.site.Longitude, url = Url.Page("/Catalogue/Service", new { id = x.s.ServiceId }) }),
        });
    }

    /// <summary>Every school × need of the CSS, with the current filters: the columns the coverage issue fixes.</summary>
    public async Task<IActionResult> OnGetCsvAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var lines = new List<IReadOnlyList<object?>>();
        foreach (var need in Needs)
        {
            var snapshot = await coverage.ForNeedAsync(db, need.Id, Filters(), ServiceCentre.Id);
            foreach (var row in RowsOf(snapshot).OrderBy(r => r.School.Code, StringComparer.Ordinal))
            {
                var r = row.Result;
                lines.Add([row.School.Code, row.School.Name, row.School.ImseDecile, row.School.Enrolment, need.Code,
                    r.NearestKm is { } km ? km.ToString("F2", CultureInfo.InvariantCulture) : null,
                    r.Band1, r.Band2, r.Band3, r.ScorePer1000.ToString("F3", CultureInfo.InvariantCulture), r.Gap.ToString().ToLowerInvariant(), r.Remote]);
            }
        }
        return CsvFile.Result($"coverage-{ServiceCentre.Code}.csv", CsvHeader, lines);
    }

    /// <summary>CSS staff say whether their CSS reads distances as a town or as the countryside; admins for any CSS.</summary>
    public async Task<IActionResult> OnPostProfileAsync(CoverageProfile profile)
    {
        if (!ModelState.IsValid || !Enum.IsDefined(profile)) return BadRequest();
        var actor = await current.GetAsync();
        var centre = await db.ServiceCentres.AsNoTracking().CoverageFor(actor, Centre).FirstOrDefaultAsync();
        if (centre is null) return NotFound();
        await db.ServiceCentres.Where(c => c.Id == centre.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Profile, profile));
        StatusMessage = L["Coverage.ProfileSaved", L[$"Profile.{profile}"]];
        return RedirectToPage(new { centre = actor.IsAdmin ? centre.Code : null, need = Need });
    }

    async Task<bool> LoadAsync()
    {
        var actor = await current.GetAsync();
        IsAdmin = actor.IsAdmin;
        if (Centre is { Length: > ServiceCentre.CodeMaxLength }) return false;
        var centre = await db.ServiceCentres.AsNoTracking().CoverageFor(actor, Centre).FirstOrDefaultAsync();
        if (centre is null) return false;
        ServiceCentre = centre;
        // The names for the choice, not the 72 territories.
        if (IsAdmin) Centres = await db.ServiceCentres.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new ServiceCentre { Id = c.Id, Code = c.Code, Name = c.Name }).ToListAsync();
        Needs = await db.NeedCategories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync();
        // The need asked for by code, or the first of the taxonomy; none when the code is unknown.
        var need = string.IsNullOrWhiteSpace(Need) ? Needs.FirstOrDefault() : Needs.FirstOrDefault(n => n.Code == Need);
        if (need is null)
        {
            Notices.Add(L["Search.UnknownCategory"]);
            need = Needs.First();
        }
        SelectedNeed = need;
        Need = need.Code;
        LanguageCodes = (await catalogue.CurrentAsync(db)).LanguagesByUse;
        if (Lang is not null && !Languages.IsKnown(Lang))
        {
            Notices.Add(L["Search.UnknownLanguage"]);
            Lang = null;
        }
        if (Sort is not null && !Sorts.Contains(Sort)) Sort = null;
        if (!string.IsNullOrEmpty(Level) && LevelShown is null) Notices.Add(L["SchoolLevel.Unknown"]);
        foreach (var error in ModelState.Values.SelectMany(v => v.Errors)) Notices.Add(error.ErrorMessage);
        Bands = options.BandsFor(centre.Profile);
        var level = LevelShown;
        Unpositioned = await db.Schools.Where(s => s.ServiceCentreId == centre.Id && s.ClosedOn == null && s.Latitude == null
                && (level == null || (s.Levels & level) != 0))
            .OrderBy(s => s.Name).Select(s => s.Name).ToListAsync();
        return true;
    }

    CoverageFilters Filters() => new(Lang, Evenings, Weekends, Free, Open,
        Verified ? freshness.VerifiedSince(PartnerNetwork.Core.Time.QuebecTime.Today(clock)) : null);

    public int StaleMonths => freshness.StaleMonths;

    IEnumerable<Row> RowsOf(CoverageSnapshot snapshot) =>
        snapshot.Schools.Where(s => snapshot.Results.ContainsKey(s.Id) && s.ServiceCentreId == ServiceCentre.Id && (LevelShown is not { } level || s.Teaches(level)))
            .Select(s => new Row(s, snapshot.Results[s.Id]));

    /// <summary>By default the most disadvantaged schools with a gap come first: gap (none, far), then IMSE decile, then pupils.</summary>
    IEnumerable<Row> Sorted(IEnumerable<Row> rows)
    {
        var byName = StringComparer.Create(CultureInfo.CurrentCulture, ignoreCase: true);
        if (Sort is null or "priority")
            return rows.OrderBy(r => r.Result.Gap == GapLevel.Covered).ThenByDescending(r => r.School.ImseDecile ?? 0).ThenBy(r => r.Result.Gap)
                .ThenByDescending(r => r.School.Enrolment ?? 0).ThenBy(r => r.School.Name, byName);
        if (Sort == "school") return Desc ? rows.OrderByDescending(r => r.School.Name, byName) : rows.OrderBy(r => r.School.Name, byName);
        Func<Row, double> key = Sort switch
        {
            "imse" => r => r.School.ImseDecile ?? 0,
            "enrolment" => r => r.School.Enrolment ?? 0,
            "nearest" => r => r.Result.NearestKm ?? double.MaxValue,
            "band1" => r => r.Result.Band1,
            "band2" => r => r.Result.Band2,
            "band3" => r => r.Result.Band3,
            "score" => r => r.Result.ScorePer1000,
            "gap" => r => (int)r.Result.Gap,
            _ => r => r.Result.Remote,
        };
        return (Desc ? rows.OrderByDescending(key) : rows.OrderBy(key)).ThenBy(r => r.School.Name, byName);
    }

    /// <summary>The URL of this page with one parameter changed (sort links, CSV, markers), keeping the others.</summary>
    public string With(string key, string? value) => QueryStrings.With(Request.Query, key, value, key == "sort" ? ["desc"] : []);

    /// <summary>Needs with no service or only far ones: a school missing from a need's results counts as without.</summary>
    public int GapCount(Dictionary<Guid, GapLevel> gaps) => Needs.Count(n => gaps.GetValueOrDefault(n.Id, GapLevel.None) != GapLevel.Covered);

    /// <summary>
    /// One decimal, unless that would put the distance on a band's edge it is not on: 2.004 km shown "2,0 km" but classed
    /// beyond 2 km reads as a mistake, so near an edge three decimals show which side it falls.
    /// </summary>
    public string DistanceText(double km) => DistanceText(km, Bands);

    public static string DistanceText(double km, DistanceBands bands)
    {
        var nearEdge = new[] { bands.Band1Km, bands.Band2Km, bands.Band3Km }.Any(edge => Math.Abs(km - edge) < 0.05 && km != edge);
        return km.ToString(nearEdge ? "N3" : "N1", CultureInfo.CurrentCulture);
    }

    public string SortLink(string sort) => With("sort", sort) + (Sort == sort && !Desc ? "&desc=true" : "");

    public string? AriaSort(string sort) => (Sort ?? "priority") == sort ? (Desc ? "descending" : "ascending") : null;

    static object GeoJson(Geometry geometry)
    {
        static double[][] Ring(LineString ring) => ring.Coordinates.Select(c => new[] { Math.Round(c.X, 5), Math.Round(c.Y, 5) }).ToArray();
        static double[][][] Polygon(Polygon p) => [Ring(p.ExteriorRing), .. p.InteriorRings.Select(Ring)];
        return geometry switch
        {
            Polygon p => new { type = "Polygon", coordinates = Polygon(p) },
            MultiPolygon m => new { type = "MultiPolygon", coordinates = m.Geometries.OfType<Polygon>().Select(Polygon).ToArray() },
            _ => new { type = "Polygon", coordinates = Polygon((Polygon)geometry.Envelope) },
        };
    }
}
