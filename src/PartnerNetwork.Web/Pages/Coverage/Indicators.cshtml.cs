using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Coverage;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Coverage;
using PartnerNetwork.Web.Exports;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Coverage;

/// <summary>
/// What became of the referrals of a CSS (or one of its schools) during a school year, by need: aggregates only, small
/// cells suppressed. Charts with their table twin, and the same table as CSV.
/// </summary>
public class IndicatorsModel(PartnerNetworkDb db, CurrentActor current, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    public const int FirstYear = 2000;

    public static readonly IndicatorCount[] Shown = Enum.GetValues<IndicatorCount>();

    [BindProperty(SupportsGet = true)] public string? Centre { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? School { get; set; }

    public ServiceCentre ServiceCentre { get; private set; } = null!;
    public List<ServiceCentre> Centres { get; private set; } = [];
    public List<(string Code, string Name)> Schools { get; private set; } = [];
    public string? SchoolName { get; private set; }
    public List<NeedCategory> Needs { get; private set; } = [];
    public List<IndicatorRow> Rows { get; private set; } = [];
    public int SchoolYear { get; private set; }
    public int CurrentYear { get; private set; }
    public List<string> Notices { get; } = [];
    public bool IsAdmin { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnGetCsvAsync()
    {
        if (!await LoadAsync()) return NotFound();
        string[] header = ["need", .. Shown.Select(CsvName), "acknowledged_within_2_business_days_pct", "median_business_days_to_acknowledge", "completion_rate_pct"];
        var lines = Rows.Select(row => (IReadOnlyList<object?>)[
            row.NeedId is { } id ? Needs.Single(n => n.Id == id).Code : "all",
            .. Shown.Select(c => (object?)CsvCell(row, c)),
            Percent(row.AcknowledgedInTimeRate), row.MedianDaysToAcknowledge?.ToString("0.#", CultureInfo.InvariantCulture), Percent(row.CompletionRate)]);
        return CsvFile.Result($"indicators-{ServiceCentre.Code}{(School is null ? "" : "-" + School)}-{SchoolYear}.csv", header, lines);
    }

    async Task<bool> LoadAsync()
    {
        var actor = await current.GetAsync();
        IsAdmin = actor.IsAdmin;
        if (Centre is { Length: > ServiceCentre.CodeMaxLength } || School is { Length: > PartnerNetwork.Core.Schools.School.CodeMaxLength }) return false;
        var centre = await CoverageScope.CentreAsync(db, actor, Centre);
        if (centre is null) return false;
        ServiceCentre = centre;
        if (IsAdmin) Centres = await db.ServiceCentres.AsNoTracking().OrderBy(c => c.Name).ToListAsync();
        var schools = db.Schools.VisibleTo(actor).Where(s => s.ServiceCentreId == centre.Id);
        Schools = (await schools.OrderBy(s => s.Name).Select(s => new { s.Code, s.Name }).ToListAsync()).Select(s => (s.Code, s.Name)).ToList();
        if (School is not null)
        {
            // Another CSS's school, or one the user may not see, does not exist here.
            SchoolName = Schools.FirstOrDefault(s => s.Code == School).Name;
            if (SchoolName is null) return false;
            schools = schools.Where(s => s.Code == School);
        }

        CurrentYear = Indicators.SchoolYearOf(QuebecTime.Today(clock));
        foreach (var error in ModelState.Values.SelectMany(v => v.Errors)) Notices.Add(error.ErrorMessage);
        if (Year is { } year && (year < FirstYear || year > CurrentYear))
        {
            Notices.Add(L["Indicators.YearOutOfRange", FirstYear, CurrentYear]);
            Year = null;
        }
        SchoolYear = Year ?? CurrentYear;

        Needs = await db.NeedCategories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync();
        var schoolIds = schools.Select(s => s.Id);
        var referrals = db.Referrals.CountableBy(actor, db.Schools).Where(r => schoolIds.Contains(r.SchoolId));
        Rows = await IndicatorQueries.RowsAsync(db, referrals, SchoolYear, Needs.Select(n => n.Id).ToList());
        return true;
    }

    public string NeedName(IndicatorRow row) => row.NeedId is { } id ? Needs.Single(n => n.Id == id).Name(Cultures.IsFrench) : L["Indicators.AllNeeds"];

    /// <summary>A count as shown: the number, "&lt; 5" for a small one, or a mark for one hidden to protect another.</summary>
    public string Cell(IndicatorRow row, IndicatorCount count) =>
        !row.Suppressed[(int)count] ? row[count].ToString("N0") : row[count] is > 0 and < Indicators.SmallestShown ? "< 5" : L["Indicators.Hidden"];

    static string CsvCell(IndicatorRow row, IndicatorCount count) =>
        !row.Suppressed[(int)count] ? row[count].ToString(CultureInfo.InvariantCulture) : row[count] is > 0 and < Indicators.SmallestShown ? "<5" : "x";

    static string? Percent(double? rate) => rate is { } r ? Math.Round(r * 100, 1).ToString("0.#", CultureInfo.InvariantCulture) : null;

    public string Rate(double? rate) => rate is { } r ? r.ToString("P0") : "—";

    public static string CsvName(IndicatorCount count) => string.Concat(count.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>A chart's data for the script (a data attribute: no inline script): hidden counts are gaps, never numbers.</summary>
    public string ChartData(params IndicatorCount[] series) => JsonSerializer.Serialize(new
    {
        labels = Rows.Where(r => r.NeedId is not null).Select(NeedName),
        series = series.Select(c => new
        {
            label = L[$"Indicator.{c}"].Value,
            values = Rows.Where(r => r.NeedId is not null).Select(r => r.Suppressed[(int)c] ? (int?)null : r[c]),
        }),
    });

    public string With(string key, string? value) => QueryStrings.With(Request.Query, key, value);
}
