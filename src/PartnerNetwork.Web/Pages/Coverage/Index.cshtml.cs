using AutoMapper;
using AutoMapper.QueryableExtensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Pages.Shared;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Coverage;

/// <summary>The CSS coordinator's home: their CSS's schools, most disadvantaged first.</summary>
public class IndexModel(PartnerNetworkDb db, CurrentActor current, IMapper mapper) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Sort { get; set; } = "decile";

    public string ServiceCentreName { get; private set; } = "";
    public List<SchoolRow> Schools { get; private set; } = [];
    public int DisadvantagedCount => Schools.Count(s => s.IsDisadvantaged);
    public int DisadvantagedEnrolment => Schools.Where(s => s.IsDisadvantaged).Sum(s => s.Enrolment ?? 0);

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await current.GetAsync();
        var centre = await db.ServiceCentres.Where(c => c.Id == actor.ServiceCentreId).Select(c => c.Name).SingleOrDefaultAsync();
        if (centre is null) return NotFound();
        ServiceCentreName = centre;
        var schools = db.Schools.Where(s => s.ServiceCentreId == actor.ServiceCentreId);
        schools = Sort switch
        {
            "name" => schools.OrderBy(s => s.Name),
            "enrolment" => schools.OrderByDescending(s => s.Enrolment).ThenBy(s => s.Name),
            _ => schools.OrderByDescending(s => s.ImseDecile).ThenByDescending(s => s.SfrDecile).ThenBy(s => s.Name),
        };
        Schools = await schools.ProjectTo<SchoolRow>(mapper.ConfigurationProvider).ToListAsync();
        return Page();
    }
}
