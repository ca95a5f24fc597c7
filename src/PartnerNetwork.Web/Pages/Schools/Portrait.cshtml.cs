using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Catalogue.Search;
using PartnerNetwork.Core.Coverage;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Catalogue;
using PartnerNetwork.Data.Coverage;
using PartnerNetwork.Data.Exchange;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Schools;

/// <summary>
/// A school's portrait for its team (agents of the school, its CSS's staff, admins): deprivation and enrolment, per need
/// the three nearest partners with their hours and capacity, the gap level and remote options, the public places around,
/// and what became of its referrals this school year (suppressed aggregates). Prints on one or two pages.
/// </summary>
public class PortraitModel(PartnerNetworkDb db, CurrentActor current, CatalogueIndexCache catalogue, CoverageCalculator coverage,
    CoverageOptions options, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    public const int NearestCount = 3;

    static readonly Lazy<IReadOnlyList<CommunityPlace>> Places = new(() => SeedFiles.Default.CommunityPlaces());

    public School School { get; private set; } = null!;
    public string ServiceCentreName { get; private set; } = "";
    public DistanceBands Bands { get; private set; }
    public CoverageProfile Profile { get; private set; }
    public List<NeedPortrait> Needs { get; } = [];
    public List<(CommunityPlace Place, double Km)> NearbyPlaces { get; private set; } = [];
    public List<NeedCategory> Categories { get; private set; } = [];
    public List<IndicatorRow> Indicators { get; private set; } = [];
    public int SchoolYear { get; private set; }
    /// <summary>CSS staff of the school's CSS and admins set the school's phone (printed on take-home sheets).</summary>
    public bool MayEditPhone { get; private set; }
    public string? PhoneError { get; private set; }
    /// <summary>What was typed, kept when it is refused.</summary>
    public string? PhoneInput { get; private set; }
    [TempData] public string? StatusMessage { get; set; }


    public sealed record NeedPortrait(NeedCategory Need, CoverageResult Coverage, List<CatalogueHit> Nearest);

    public async Task<IActionResult> OnGetAsync(string code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > School.CodeMaxLength) return NotFound();
        var actor = await current.GetAsync();
        var school = await db.Schools.VisibleTo(actor).AsNoTracking().Include(s => s.ServiceCentre).SingleOrDefaultAsync(s => s.Code == code);
        if (school is null) return NotFound();
        School = school;
        MayEditPhone = Scopes.MayEditPhone(actor, school);
        ServiceCentreName = school.ServiceCentre!.Name;
        Profile = school.ServiceCentre.ProfileOf(school);
        Bands = options.BandsFor(Profile);

        Categories = await db.NeedCategories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync();
        var index = await catalogue.CurrentAsync(db);
        // Without a position there is no distance to anything: the portrait says so instead of showing gaps.
        foreach (var need in school.HasPosition ? Categories : [])
        {
            var snapshot = await coverage.ForNeedAsync(db, need.Id, new CoverageFilters(), school.ServiceCentreId);
            var nearest = index.Search(new CatalogueQuery
            {
                Origin = new GeoOrigin(school.Latitude!.Value, school.Longitude!.Value), RadiusKm = CatalogueQuery.MaxRadiusKm, CategoryIds = [need.Id],
                PageSize = NearestCount,
            }).Hits.Where(h => h.DistanceKm is not null).ToList();
            if (snapshot.Results.TryGetValue(school.Id, out var result))
                Needs.Add(new NeedPortrait(need, result, nearest));
        }

        NearbyPlaces = !school.HasPosition ? [] : Places.Value
            .Select(p => (Place: p, Km: Geodesy.DistanceKm(school.Latitude!.Value, school.Longitude!.Value, p.Latitude, p.Longitude)))
            .Where(p => p.Km <= Bands.Band1Km).OrderBy(p => p.Km).ToList();

        SchoolYear = Core.Coverage.Indicators.SchoolYearOf(QuebecTime.Today(clock));
        // The school's slice of its CSS's tables, suppressed with the CSS table and the other schools' (the indicators page).
        Indicators = (await IndicatorQueries.TablesAsync(db, school.ServiceCentreId, SchoolYear, Categories.Select(c => c.Id).ToList())).For(school.Id);
        return Page();
    }

    public async Task<IActionResult> OnPostPhoneAsync(string code, [FromForm(Name = "phone")] string? phone)
    {
        if (string.IsNullOrEmpty(code) || code.Length > School.CodeMaxLength) return NotFound();
        var actor = await current.GetAsync();
        var school = await db.Schools.VisibleTo(actor).SingleOrDefaultAsync(s => s.Code == code);
        if (school is null) return NotFound();
        if (!Scopes.MayEditPhone(actor, school)) return Forbid();
        phone = phone?.Trim();
        var checkedPhone = string.IsNullOrEmpty(phone) ? null : FieldChecks.Phone(phone, Organization.PhoneMaxLength);
        if (!string.IsNullOrEmpty(phone) && checkedPhone is null)
        {
            var page = await OnGetAsync(code);
            PhoneError = L["Validation.Phone", L["Field.SchoolPhone"]];
            PhoneInput = phone;
            return page;
        }
        school.Phone = checkedPhone;
        await db.SaveChangesAsync();
        StatusMessage = L["Portrait.PhoneSaved"];
        return RedirectToPage(new { code });
    }

    /// <summary>
    /// CSS staff of the school's CSS (and admins) read one school unlike the rest of its CSS — a rural school of a mostly
    /// urban CSS — or back like its CSS ("inherit"); anything else is refused without a change.
    /// </summary>
    public async Task<IActionResult> OnPostProfileAsync(string code, [FromForm(Name = "profile")] string? profile)
    {
        if (string.IsNullOrEmpty(code) || code.Length > School.CodeMaxLength) return NotFound();
        var actor = await current.GetAsync();
        var school = await db.Schools.VisibleTo(actor).SingleOrDefaultAsync(s => s.Code == code);
        if (school is null) return NotFound();
        if (!(actor.IsAdmin || (actor.Role == Role.CssStaff && actor.ServiceCentreId == school.ServiceCentreId))) return Forbid();
        if (profile != "inherit" && !Enum.TryParse<CoverageProfile>(profile, ignoreCase: false, out _)) return BadRequest();
        school.ProfileOverride = profile == "inherit" ? null : Enum.Parse<CoverageProfile>(profile!);
        await db.SaveChangesAsync();
        StatusMessage = L["Portrait.ProfileSaved"];
        return RedirectToPage(new { code });
    }

    public string NeedName(IndicatorRow row, bool french) => row.NeedId is { } id ? Categories.Single(c => c.Id == id).Name(french) : "";

    public static string Cell(IndicatorRow row, IndicatorCount count, string hidden) => row.IsHidden(count) ? hidden : row[count].ToString("N0");
}
