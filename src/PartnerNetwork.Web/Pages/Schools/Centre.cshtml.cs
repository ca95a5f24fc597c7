using AutoMapper;
using AutoMapper.QueryableExtensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Exchange;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Schools;

/// <summary>The CSS coordinator's home: their CSS's schools, most disadvantaged first, and the same table as CSV.</summary>
public class CentreModel(PartnerNetworkDb db, CurrentActor current, IMapper mapper) : PageModel
{
    public static readonly string[] CsvHeader = ["school_code", "school_name", "city", "imse_decile", "sfr_decile", "enrolment"];

    [BindProperty(SupportsGet = true)]
    public string Sort { get; set; } = "decile";

    public string ServiceCentreName { get; private set; } = "";
    public List<SchoolRow> Schools { get; private set; } = [];
    public int DisadvantagedCount => Schools.Count(s => s.IsDisadvantaged);
    public int DisadvantagedEnrolment => Schools.Where(s => s.IsDisadvantaged).Sum(s => s.Enrolment ?? 0);

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnGetCsvAsync() =>
        await LoadAsync()
            ? CsvFile.Result("schools.csv", CsvHeader, Schools.Select(s => new object?[] { s.Code, s.Name, s.City, s.ImseDecile, s.SfrDecile, s.Enrolment }))
            : NotFound();

    async Task<bool> LoadAsync()
    {
        var actor = await current.GetAsync();
        var centre = await db.ServiceCentres.Where(c => c.Id == actor.ServiceCentreId).Select(c => c.Name).SingleOrDefaultAsync();
        if (centre is null) return false;
        ServiceCentreName = centre;
        var schools = db.Schools.VisibleTo(actor);
        schools = Sort switch
        {
            "name" => schools.OrderBy(s => s.Name),
            "enrolment" => schools.OrderByDescending(s => s.Enrolment).ThenBy(s => s.Name),
            _ => schools.OrderByDescending(s => s.ImseDecile).ThenByDescending(s => s.SfrDecile).ThenBy(s => s.Name),
        };
        Schools = await schools.ProjectTo<SchoolRow>(mapper.ConfigurationProvider).ToListAsync();
        return true;
    }
}
