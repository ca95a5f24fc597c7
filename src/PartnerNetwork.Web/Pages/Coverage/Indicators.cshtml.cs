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
using PartnerNetwork.Data.Exchange;
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
    [BindProperty(SupportsGet = true)] public string? Level { get; set; }

    public ServiceCentre ServiceCentre { get; private set; } = null!;
    public List<ServiceCentre> Centres { get; private set; } = [];
    public List<(string Code, string Name)> Schools { get; private set; } = [];
    public string? SchoolName { get; private set; }
    /// <summary>The level shown (the CSS's schools teaching it), or null for every level.</summary>
    public SchoolLevels? LevelShown { get; private set; }
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
        var scope = School is not null ? "-" + School : LevelShown is { } level ? "-" + level.ToString().ToLowerInvariant() : "";
        return CsvFile.Result($"indicators-{ServiceCentre.Code}{scope}-{SchoolYear}.csv", header, lines);
    }

    async Task<bool> LoadAsync()
    {
        var actor = await current.GetAsync();
        IsAdmin = actor.IsAdmin;
        if (Centre is { Length: > ServiceCentre.CodeMaxLength } || School is { Length: > PartnerNetwork.Core.Schools.School.CodeMaxLength }) return false;
        var centre = await db.ServiceCentres.AsNoTracking().CoverageFor(actor, Centre).FirstOrDefaultAsync();
        if (centre is null) return false;
        ServiceCentre = centre;
        // The names for the choice, not the 72 territories.
        if (IsAdmin) Centres = await db.ServiceCentres.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new ServiceCentre { Id = c.Id, Code = c.Code, Name = c.Name }).ToListAsync();
        var schools = db.Schools.VisibleTo(actor).Where(s => s.ServiceCentreId == centre.Id);
        if (School is not null && !await schools.AnyAsync(s => s.Code == School)) return false;
        // A level the page does not offer is said, never a 500 nor a silent "every level".
        LevelShown = SchoolText.ParseLevel(Level);
        if (!string.IsNullOrEmpty(Level) && LevelShown is null) Notices.Add(L["SchoolLevel.Unknown"]);
        if (LevelShown is { } shown) schools = schools.Where(s => (s.Levels & shown) != 0);
        // A closed school's referrals stay in its CSS's figures: it is still chosen here, marked.
        Schools = (await schools.OrderBy(s => s.Name).Select(s => new { s.Code, s.Name, s.ClosedOn }).ToListAsync())
            .Select(s => (s.Code, SchoolText.ChoiceName(L, s.Name, s.ClosedOn))).ToList();
        if (School is not null)
        {
            // Another CSS's school, or one the user may not see, does not exist here (above); one of another level is said.
            SchoolName = Schools.FirstOrDefault(s => s.Code == School).Name;
            if (SchoolName is null)
            {
                Notices.Add(L["Indicators.SchoolNotOfLevel", SchoolText.Level(L, LevelShown!.Value)]);
                School = null;
            }
            else schools = schools.Where(s => s.Code == School);
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
        // The whole CSS and all its schools are suppressed together (what one table hides, another must not give back).
        var tables = await IndicatorQueries.TablesAsync(db, centre.Id, SchoolYear, Needs.Select(n => n.Id).ToList());
        // A level's table is published with the others and suppressed with them (the CSS minus a level is the other levels).
        Rows = School is not null ? tables.For(await schools.Select(s => s.Id).SingleAsync())
            : LevelShown is { } level ? tables.For(level) : tables.Centre;
        return true;
    }

    public string NeedName(IndicatorRow row) => row.NeedId is { } id ? Needs.Single(n => n.Id == id).Name(Cultures.IsFrench) : L["Indicators.AllNeeds"];

    /// <summary>A count as shown: the number, "&lt; 5" for a small one, or a mark for one hidden to protect another.</summary>
    /// <summary>A count as shown, or the one mark of every hidden count: a distinct "&lt; 5" would tell that it is at least 1.</summary>
    public string Cell(IndicatorRow row, IndicatorCount count) => row.IsHidden(count) ? L["Indicators.Hidden"] : row[count].ToString("N0");

    static string CsvCell(IndicatorRow row, IndicatorCount count) => row.IsHidden(count) ? "x" : row[count].ToString(CultureInfo.InvariantCulture);

    static string? Percent(double? rate) => rate is { } r ? Math.Round(r * 100, 1).ToString("0.#", CultureInfo.InvariantCulture) : null;

    public string Rate(double? rate) => rate is { } r ? r.ToString("P0") : "—";

    public static string CsvName(IndicatorCount count) => string.Concat(count.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>
    /// A chart's data for the script (a data attribute: no inline script). The series split the need's referrals sent;
    /// where some are hidden, what the shown ones leave of the total (when the total is shown) is one hatched "hidden"
    /// segment, so the bar still tells the total, and the need gets the hidden mark: never a hidden count, never a gap.
    /// </summary>
    public string ChartData(params IndicatorCount[] series)
    {
        var rows = Rows.Where(r => r.NeedId is not null).ToList();
        int? HiddenPart(IndicatorRow r) => !series.Any(r.IsHidden) || r.IsHidden(IndicatorCount.Sent) ? null
            : r[IndicatorCount.Sent] - series.Where(c => !r.IsHidden(c)).Sum(c => r[c]);
        return JsonSerializer.Serialize(new
        {
            labels = rows.Select(NeedName),
            series = series.Select(c => new
            {
                label = L[$"Indicator.{c}"].Value,
                values = rows.Select(r => r.IsHidden(c) ? (int?)null : r[c]),
            }).Append(new { label = L["Indicators.ChartHidden"].Value, values = rows.Select(HiddenPart) }),
            marks = rows.Select(r => series.Any(r.IsHidden) || r.IsHidden(IndicatorCount.Sent) ? L["Indicators.Hidden"].Value : null),
        });
    }

    public string With(string key, string? value) => QueryStrings.With(Request.Query, key, value);
}
