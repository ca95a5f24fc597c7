using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Catalogue.Search;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Catalogue;
using Microsoft.AspNetCore.Html;
using SchoolOption = PartnerNetwork.Web.Pages.Catalogue.SearchChoices.SchoolOption;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Security;
using PartnerNetwork.Web.Operations.Telemetry;

namespace PartnerNetwork.Web.Pages.Catalogue;

/// <summary>
/// "Who can help this family, near them, in their language, at a time they can make it?" The query lives in the URL
/// (a GET form), the list works without JavaScript, and the map fetches the same rows from the Markers handler.
/// </summary>
public class IndexModel(PartnerNetworkDb db, CatalogueIndexCache catalogue, SearchChoices choices, CurrentActor current, IStringLocalizer<SharedResource> L, System.Text.Encodings.Web.HtmlEncoder encoder,
    Freshness freshness, TimeProvider clock, ProductMetrics metrics) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Text { get; set; }
    [BindProperty(SupportsGet = true, Name = "c")] public List<string> Categories { get; set; } = [];
    [BindProperty(SupportsGet = true)] public string? Origin { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? School { get; set; }
    /// <summary>Narrows the CSS's schools offered to start from to one level (primary, secondary…); unknown values offer all.</summary>
    [BindProperty(SupportsGet = true)] public string? SchoolLevel { get; set; }
    public PartnerNetwork.Core.Schools.SchoolLevels? SchoolLevelShown => SchoolText.ParseLevel(SchoolLevel);
    [BindProperty(SupportsGet = true)] public string? Place { get; set; }
    [BindProperty(SupportsGet = true)] public double? Lat { get; set; }
    [BindProperty(SupportsGet = true)] public double? Lon { get; set; }
    [BindProperty(SupportsGet = true)] public double? Km { get; set; }
    [BindProperty(SupportsGet = true)] public string? Lang { get; set; }
    [BindProperty(SupportsGet = true)] public bool Evenings { get; set; }
    [BindProperty(SupportsGet = true)] public bool Weekends { get; set; }
    [BindProperty(SupportsGet = true)] public bool Free { get; set; }
    [BindProperty(SupportsGet = true, Name = "open")] public bool Accepting { get; set; }
    [BindProperty(SupportsGet = true)] public int? Age { get; set; }
    [BindProperty(SupportsGet = true)] public int? Grade { get; set; }
    /// <summary>Only services verified within <see cref="Freshness.StaleMonths"/>.</summary>
    [BindProperty(SupportsGet = true)] public bool Verified { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    /// <summary>The family the agent is looking for (from its page): carried to the referral form, which starts on it.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Family { get; set; }

    public List<NeedCategory> AllCategories { get; private set; } = [];
    public List<SchoolOption> MySchools { get; private set; } = [];
    /// <summary>The user's own schools, then their CSS's other schools (and one chosen by id in the URL), as options.</summary>
    public IHtmlContent MySchoolOptions { get; private set; } = HtmlString.Empty;
    public IHtmlContent OtherSchoolOptions { get; private set; } = HtmlString.Empty;
    public IHtmlContent PlaceOptions => choices.PlaceOptions.Render(Place);
    /// <summary>The directory's own languages, most listings first (the index counts them once per catalogue version).</summary>
    public IReadOnlyList<string> LanguageCodes { get; private set; } = [];
    public List<string> Notices { get; } = [];
    public OriginPoint? ResolvedOrigin { get; private set; }
    public CatalogueResult Result { get; private set; } = new([], 0, 1, PageSize);
    public double RadiusKm { get; private set; } = CatalogueQuery.DefaultRadiusKm;
    public Dictionary<Guid, string> CategoryNames { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public int StaleMonths => freshness.StaleMonths;

    /// <summary>Stale by the one rule, against today (the index keeps the date, not the verdict).</summary>
    public bool IsStale(CatalogueEntry entry) => freshness.IsStale(entry.AssuredDate, Today);

    public async Task OnGetAsync() => await SearchAsync();

    /// <summary>The map's markers: the rows the list shows on this page, as JSON.</summary>
    public async Task<IActionResult> OnGetMarkersAsync()
    {
        await SearchAsync();
        return new JsonResult(new
        {
            origin = ResolvedOrigin is { } o ? new { lat = o.Latitude, lon = o.Longitude, label = o.Label } : null,
            markers = Result.Hits.Where(h => h.Site is not null).Select(h => new
            {
                id = h.Entry.ServiceId,
                name = h.Entry.ServiceNameIn(Localization.ListingHtml.UiLanguage).Text,
                organization = h.Entry.OrganizationNameIn(Localization.ListingHtml.UiLanguage).Text,
                lat = h.Site!.Latitude,
                lon = h.Site.Longitude,
                distanceKm = h.DistanceKm is { } km ? Math.Round(km, 2) : (double?)null,
                categories = h.Entry.CategoryIds.Select(id => CategoryNames.GetValueOrDefault(id, "")).ToList(),
                url = Url.Page("/Catalogue/Service", new { id = h.Entry.ServiceId }),
            }),
        });
    }

    async Task SearchAsync()
    {
        var actor = await current.GetAsync();
        Today = PartnerNetwork.Core.Time.QuebecTime.Today(clock);
        var french = Cultures.IsFrench;
        var index = await catalogue.CurrentAsync(db);
        LanguageCodes = index.LanguagesByUse;
        AllCategories = catalogue.Categories.ToList();
        CategoryNames = AllCategories.ToDictionary(c => c.Id, c => c.Name(french));
        var schools = await choices.SchoolsAsync(db, index.Version);
        ListSchools(actor, schools);

        var query = new CatalogueQuery
        {
            Text = CleanText(),
            CategoryIds = CategoryIds(),
            Origin = ResolveOrigin(actor, schools.ById),
            RadiusKm = RadiusKm = Radius(),
            Language = Lang is not null && Languages.IsKnown(Lang) ? Lang : null,
            OpenEvenings = Evenings,
            OpenWeekends = Weekends,
            FreeOnly = Free,
            AcceptingReferrals = Accepting,
            VerifiedSince = Verified ? freshness.VerifiedSince(Today) : null,
            Age = Bounded(Age, 0, Service.MaxAge, "Search.AgeOutOfRange"),
            Grade = Bounded(Grade, Service.LowestGrade, Service.HighestGrade, "Search.GradeOutOfRange"),
            Page = Math.Max(1, PageNumber),
            PageSize = PageSize,
        };
        if (Lang is not null && query.Language is null) Notices.Add(L["Search.UnknownLanguage"]);
        foreach (var error in ModelState.Values.SelectMany(v => v.Errors)) Notices.Add(error.ErrorMessage);
        Result = metrics.TimeSearch("page", () => index.Search(query));
    }

    /// <summary>
    /// The list offers the user's schools and their CSS's (<see cref="Scopes.OriginsFor"/>); any other school still works
    /// by id in the URL, and is then listed too.
    /// </summary>
    void ListSchools(Actor actor, SearchChoices.Schools schools)
    {
        var selected = School?.ToString();
        MySchools = actor.SchoolIds.Select(schools.ById.GetValueOrDefault).OfType<SchoolOption>().ToList();
        MySchools.Sort(SearchChoices.ByName);
        MySchoolOptions = SearchChoices.Options(MySchools, encoder).Render(selected);
        var (centreSchools, centreOptions) = schools.OfCentre(actor.ServiceCentreId);
        var mine = actor.SchoolIds.Select(id => id.ToString()).ToHashSet();
        if (SchoolLevelShown is { } level)
        {
            // The chosen school stays offered whatever its level, so the form never drops the search's origin.
            var others = centreSchools.Where(s => !actor.SchoolIds.Contains(s.Id) && ((s.Levels & level) != 0 || s.Id == School))
                .Concat(School is { } picked && schools.ById.GetValueOrDefault(picked) is { } outside && outside.ServiceCentreId != actor.ServiceCentreId ? [outside] : [])
                .ToList();
            others.Sort(SearchChoices.ByName);
            OtherSchoolOptions = SearchChoices.Options(others, encoder).Render(selected);
        }
        else if (School is { } chosen && !actor.SchoolIds.Contains(chosen) && schools.ById.GetValueOrDefault(chosen) is { } extra && extra.ServiceCentreId != actor.ServiceCentreId)
        {
            var others = centreSchools.Where(s => !actor.SchoolIds.Contains(s.Id)).Append(extra).ToList();
            others.Sort(SearchChoices.ByName);
            OtherSchoolOptions = SearchChoices.Options(others, encoder).Render(selected);
        }
        else if (centreOptions is not null) OtherSchoolOptions = centreOptions.Render(selected, mine);
    }

    string? CleanText()
    {
        if (string.IsNullOrWhiteSpace(Text)) return null;
        if (Text.Length <= CatalogueQuery.MaxTextLength) return Text.Trim();
        Notices.Add(L["Search.TextTooLong", CatalogueQuery.MaxTextLength]);
        return null;
    }

    List<Guid> CategoryIds()
    {
        var known = AllCategories.ToDictionary(c => c.Code, c => c.Id);
        // An empty "c=" (a form or link with nothing ticked) means no need, not an unknown one.
        Categories = Categories.Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        var unknown = Categories.Where(c => !known.ContainsKey(c)).ToList();
        if (unknown.Count > 0) Notices.Add(L["Search.UnknownCategory"]);
        Categories = Categories.Where(known.ContainsKey).Distinct().ToList();
        return Categories.Select(c => known[c]).ToList();
    }

    GeoOrigin? ResolveOrigin(Actor actor, IReadOnlyDictionary<Guid, SchoolOption> schools)
    {
        // An agent starts from their first school; anyone can choose "anywhere".
        Origin ??= Lat is not null || Lon is not null ? "point" : School is not null ? "school" : Place is not null ? "place"
            : actor.Role == Role.Agent && MySchools.Count > 0 ? "school" : "none";
        switch (Origin)
        {
            case "school":
                var school = School is { } id ? schools.GetValueOrDefault(id) : MySchools.FirstOrDefault();
                if (school is null)
                {
                    Notices.Add(L["Search.UnknownSchool"]);
                    break;
                }
                School = school.Id;
                ResolvedOrigin = new OriginPoint(school.Latitude, school.Longitude, school.Name);
                break;
            case "place":
                var place = choices.Places.FirstOrDefault(p => p.Name == Place);
                if (place is null)
                {
                    Notices.Add(L["Search.UnknownPlace"]);
                    break;
                }
                ResolvedOrigin = new OriginPoint(place.Latitude, place.Longitude, place.Name);
                break;
            case "point":
                if (Lat is not { } lat || Lon is not { } lon || !Quebec.Contains(lat, lon))
                {
                    Notices.Add(L["Search.PointOutsideQuebec"]);
                    break;
                }
                ResolvedOrigin = new OriginPoint(lat, lon, L["Search.ChosenPoint"]);
                break;
            default:
                Origin = "none";
                break;
        }
        return ResolvedOrigin is { } o ? new GeoOrigin(o.Latitude, o.Longitude) : null;
    }

    double Radius()
    {
        if (Km is not { } km) return CatalogueQuery.DefaultRadiusKm;
        var clamped = Math.Clamp(double.IsNaN(km) ? CatalogueQuery.DefaultRadiusKm : km, CatalogueQuery.MinRadiusKm, CatalogueQuery.MaxRadiusKm);
        if (clamped != km) Notices.Add(L["Search.RadiusClamped", CatalogueQuery.MinRadiusKm, CatalogueQuery.MaxRadiusKm, clamped]);
        Km = clamped;
        return clamped;
    }

    int? Bounded(int? value, int min, int max, string message)
    {
        if (value is null || (value >= min && value <= max)) return value;
        Notices.Add(L[message, min, max]);
        return null;
    }

    /// <summary>The current query with another page number, for the paging links.</summary>
    public string QueryStringFor(int page) => CurrentQueryWith("p", page.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The same query for the map's markers.</summary>
    public string MarkersUrl => CurrentQueryWith("handler", "Markers");

    string CurrentQueryWith(string key, string value) => QueryStrings.With(Request.Query, key, value);

    public sealed record OriginPoint(double Latitude, double Longitude, string Label);
}
