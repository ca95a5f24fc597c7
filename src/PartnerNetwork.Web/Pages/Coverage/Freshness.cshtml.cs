using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NetTopologySuite.Geometries.Prepared;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Catalogue.Search;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Catalogue;
using PartnerNetwork.Data.Exchange;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Mail;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Coverage;

/// <summary>
/// How fresh the directory is: the share of listed services verified within the confirmation period and within the
/// stale limit, by need and overall (a chart and its table twin), and the stale list with the last request sent and
/// answered, sortable, as CSV, with a button to ask now. Admins see everything (or one CSS's territory); CSS staff the
/// organisations with a site in their territory. Figures come from the search index (no query per service).
/// </summary>
public class FreshnessModel(PartnerNetworkDb db, CurrentActor current, CatalogueIndexCache catalogue, Freshness freshness,
    ListingMail mail, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    public const int MaxRows = 500;
    public static readonly string[] Sorts = ["verified", "service", "organization", "requested", "answered"];
    public static readonly string[] CsvHeader = ["service_id", "service", "organization", "assured_date", "last_request_sent", "last_answer"];

    [BindProperty(SupportsGet = true)] public string? Centre { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public bool Desc { get; set; }

    [TempData] public string? StatusMessage { get; set; }

    public string? CentreName { get; private set; }
    public bool IsAdmin { get; private set; }
    public List<(string Code, string Name)> Centres { get; private set; } = [];
    public List<ShareRow> Shares { get; private set; } = [];
    public List<StaleRow> Stale { get; private set; } = [];
    public int StaleCount { get; private set; }
    public int DueMonths => freshness.DueMonths;
    public int StaleMonths => freshness.StaleMonths;

    public sealed record ShareRow(string Need, int Services, int WithinDue, int WithinStale)
    {
        public double DueShare => Services == 0 ? 0 : (double)WithinDue / Services;
        public double StaleShare => Services == 0 ? 0 : (double)WithinStale / Services;
    }

    public sealed record StaleRow(Guid ServiceId, string Service, Guid OrganizationId, string Organization, DateOnly? AssuredDate,
        DateTime? RequestedAt, DateTime? AnsweredAt, VerificationAnswer? Answer);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await InScopeAsync() is not { } entries) return NotFound();
        var today = QuebecTime.Today(clock);
        var names = await db.NeedCategories.AsNoTracking().OrderBy(c => c.SortOrder).Select(c => new { c.Id, c.NameFr, c.NameEn }).ToListAsync();
        Shares = names.Select(n => Share(Cultures.IsFrench ? n.NameFr : n.NameEn, entries.Where(e => e.CategoryIds.Contains(n.Id)), today))
            .Append(Share(L["Freshness.Overall"], entries, today)).ToList();
        var stale = await StaleAsync(entries, today);
        StaleCount = stale.Count;
        Stale = stale.Take(MaxRows).ToList();
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync()
    {
        if (await InScopeAsync() is not { } entries) return NotFound();
        var stale = await StaleAsync(entries, QuebecTime.Today(clock));
        return CsvFile.Result("stale-listings.csv", CsvHeader, stale.Select(s => (IReadOnlyList<object?>)
        [
            s.ServiceId, s.Service, s.Organization, s.AssuredDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            s.RequestedAt?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), s.AnsweredAt?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ]));
    }

    /// <summary>Asks the organisation's contact about one service now, whatever its due date (a phone call said it changed).</summary>
    public async Task<IActionResult> OnPostSendAsync(Guid serviceId)
    {
        if (await InScopeAsync() is not { } entries || entries.All(e => e.ServiceId != serviceId)) return NotFound();
        var service = await db.Services.AsNoTracking().Where(s => s.Id == serviceId)
            .Select(s => new { s.Id, s.Name, s.AssuredDate, s.OrganizationId, Organization = s.Organization!.Name, s.Organization.Email }).SingleAsync();
        if (string.IsNullOrWhiteSpace(service.Email))
        {
            StatusMessage = L["Freshness.NoContact", service.Organization];
            return RedirectToPage(new { centre = Centre, sort = Sort, desc = Desc });
        }
        var verification = await db.ListingVerifications.FindAsync(serviceId);
        var now = clock.GetUtcNow().UtcDateTime;
        var request = mail.Compose(service.OrganizationId, service.Organization, service.Email,
            [new ListingMail.Requested(service.Id, service.Name, service.AssuredDate, Reminder: false, null)], now);
        mail.Stage(service.OrganizationId, request,
            verification is null ? new Dictionary<Guid, ListingVerification>() : new() { [serviceId] = verification }, now);
        await db.SaveChangesAsync();
        StatusMessage = L["Freshness.Sent", service.Name, service.Email];
        return RedirectToPage(new { centre = Centre, sort = Sort, desc = Desc });
    }

    ShareRow Share(string need, IEnumerable<CatalogueEntry> entries, DateOnly today)
    {
        var list = entries.ToList();
        return new ShareRow(need, list.Count,
            list.Count(e => Core.Catalogue.Freshness.VerifiedWithin(e.AssuredDate, today, freshness.DueMonths)),
            list.Count(e => !freshness.IsStale(e.AssuredDate, today)));
    }

    async Task<List<StaleRow>> StaleAsync(IReadOnlyList<CatalogueEntry> entries, DateOnly today)
    {
        var stale = entries.Where(e => freshness.IsStale(e.AssuredDate, today)).ToList();
        var organizations = stale.Select(e => e.OrganizationId).Distinct().ToList();
        // One read of the request records of the organisations concerned, joined in memory.
        var requests = await db.ListingVerifications.AsNoTracking().Where(v => EF.Parameter(organizations).Contains(v.OrganizationId)).ToDictionaryAsync(v => v.ServiceId);
        var rows = stale.Select(e =>
        {
            var v = requests.GetValueOrDefault(e.ServiceId);
            return new StaleRow(e.ServiceId, e.ServiceName, e.OrganizationId, e.OrganizationName, e.AssuredDate, v?.RequestedAt, v?.AnsweredAt, v?.LastAnswer);
        });
        var byName = StringComparer.Create(CultureInfo.CurrentCulture, ignoreCase: true);
        if (Sort is not null && !Sorts.Contains(Sort)) Sort = null;
        IOrderedEnumerable<StaleRow> sorted = (Sort ?? "verified") switch
        {
            "service" => Desc ? rows.OrderByDescending(r => r.Service, byName) : rows.OrderBy(r => r.Service, byName),
            "organization" => Desc ? rows.OrderByDescending(r => r.Organization, byName) : rows.OrderBy(r => r.Organization, byName),
            "requested" => Desc ? rows.OrderByDescending(r => r.RequestedAt) : rows.OrderBy(r => r.RequestedAt),
            "answered" => Desc ? rows.OrderByDescending(r => r.AnsweredAt) : rows.OrderBy(r => r.AnsweredAt),
            _ => Desc ? rows.OrderByDescending(r => r.AssuredDate) : rows.OrderBy(r => r.AssuredDate),
        };
        return sorted.ThenBy(r => r.Service, byName).ToList();
    }

    /// <summary>
    /// The listed services the actor may see here, or null (not found): admins all of them (or one CSS's territory when
    /// asked), CSS staff those of organisations with a site in their CSS's territory.
    /// </summary>
    async Task<IReadOnlyList<CatalogueEntry>?> InScopeAsync()
    {
        var actor = await current.GetAsync();
        IsAdmin = actor.IsAdmin;
        var all = (await catalogue.CurrentAsync(db)).Matching(new CatalogueQuery());
        if (IsAdmin)
        {
            Centres = (await db.ServiceCentres.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Code, c.Name }).ToListAsync())
                .Select(c => (c.Code, c.Name)).ToList();
            if (string.IsNullOrEmpty(Centre)) return all;
        }
        if (Centre is { Length: > Core.Schools.ServiceCentre.CodeMaxLength }) return null;
        var centre = await db.ServiceCentres.AsNoTracking().CoverageFor(actor, Centre).FirstOrDefaultAsync();
        if (centre is null) return null;
        CentreName = centre.Name;
        if (centre.Territory is null) return [];
        var territory = PreparedGeometryFactory.Prepare(centre.Territory);
        var factory = centre.Territory.Factory;
        var inside = all.Where(e => e.Sites.Any(s => territory.Contains(factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(s.Longitude, s.Latitude)))))
            .Select(e => e.OrganizationId).ToHashSet();
        return all.Where(e => inside.Contains(e.OrganizationId)).ToList();
    }

    public string ChartData() => JsonSerializer.Serialize(new
    {
        labels = Shares.Select(s => s.Need),
        series = new[]
        {
            new { label = L["Freshness.WithinMonths", DueMonths].Value, values = Shares.Select(s => Math.Round(s.DueShare * 100, 1)) },
            new { label = L["Freshness.WithinMonths", StaleMonths].Value, values = Shares.Select(s => Math.Round(s.StaleShare * 100, 1)) },
        },
    });

    public string With(string key, string? value) => QueryStrings.With(Request.Query, key, value, key == "sort" ? ["desc"] : []);

    public string SortLink(string sort) => With("sort", sort) + ((Sort ?? "verified") == sort && !Desc ? "&desc=true" : "");

    public string? AriaSort(string sort) => (Sort ?? "verified") == sort ? (Desc ? "descending" : "ascending") : null;

    public static string Percent(double share) => share.ToString("P0", CultureInfo.CurrentCulture);
}
