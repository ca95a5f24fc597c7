using AutoMapper;
using AutoMapper.QueryableExtensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Exchange;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Schools;

/// <summary>The CSS coordinator's home: their CSS's schools, most disadvantaged first, and the same table as CSV.</summary>
public class CentreModel(PartnerNetworkDb db, CurrentActor current, IMapper mapper) : PageModel
{
    public static readonly string[] CsvHeader = ["school_code", "school_name", "city", "imse_decile", "sfr_decile", "enrolment", "levels", "positioned"];

    [BindProperty(SupportsGet = true)]
    public string Sort { get; set; } = "decile";

    /// <summary>One level (primary, secondary…) or every school; an unknown value lists every school.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Level { get; set; }

    public SchoolLevels? LevelShown => SchoolText.ParseLevel(Level);

    public string ServiceCentreName { get; private set; } = "";
    public List<SchoolRow> Schools { get; private set; } = [];
    /// <summary>Schools a yearly refresh found gone: out of the list and its totals, still reachable for their history.</summary>
    public List<SchoolRow> Closed { get; private set; } = [];
    public int DisadvantagedCount => Schools.Count(s => s.IsDisadvantaged);
    public int UnpositionedCount => Schools.Count(s => !s.HasPosition);
    public int DisadvantagedEnrolment => Schools.Where(s => s.IsDisadvantaged).Sum(s => s.Enrolment ?? 0);

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnGetCsvAsync() =>
        await LoadAsync()
            ? CsvFile.Result("schools.csv", CsvHeader, Schools.Select(s => new object?[]
                { s.Code, s.Name, s.City, s.ImseDecile, s.SfrDecile, s.Enrolment, s.Levels.ToString(), s.HasPosition ? "yes" : "no" }))
            : NotFound();

    async Task<bool> LoadAsync()
    {
        var actor = await current.GetAsync();
        var centre = await db.ServiceCentres.Where(c => c.Id == actor.ServiceCentreId).Select(c => c.Name).SingleOrDefaultAsync();
        if (centre is null) return false;
        ServiceCentreName = centre;
        var visible = db.Schools.VisibleTo(actor);
        if (LevelShown is { } level) visible = visible.Where(s => (s.Levels & level) != 0);
        Closed = await visible.Where(s => s.ClosedOn != null).OrderBy(s => s.Name).ProjectTo<SchoolRow>(mapper.ConfigurationProvider).ToListAsync();
        var schools = visible.Where(s => s.ClosedOn == null);
        // Schools without a published index (every secondary school here) come last in the deprivation order, never as 0.
        schools = Sort switch
        {
            "name" => schools.OrderBy(s => s.Name),
            "enrolment" => schools.OrderByDescending(s => s.Enrolment).ThenBy(s => s.Name),
            _ => schools.OrderBy(s => s.ImseDecile == null).ThenByDescending(s => s.ImseDecile).ThenByDescending(s => s.SfrDecile).ThenBy(s => s.Name),
        };
        Schools = await schools.ProjectTo<SchoolRow>(mapper.ConfigurationProvider).ToListAsync();
        return true;
    }
}
