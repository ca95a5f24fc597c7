using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Admin.Centres;

/// <summary>
/// The province's 72 CSS and school boards: which have started, their schools, and enabling one — its first staff
/// account, created through <see cref="Accounts"/> (audited for that CSS, with its set-password link by e-mail).
/// </summary>
public class IndexModel(PartnerNetworkDb db, CurrentActor current, Accounts accounts, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public List<CentreRow> Centres { get; private set; } = [];

    public async Task OnGetAsync() => Centres = await RowsAsync();

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var centre = await db.ServiceCentres.SingleOrDefaultAsync(c => c.Code == Input.Code);
        if (centre is null) return NotFound();
        if (!ModelState.IsValid)
        {
            Centres = await RowsAsync();
            return Page();
        }
        var actor = await current.GetAsync();
        var (outcome, _) = await accounts.SaveAsync(actor, null, new Accounts.Request(Input.Email!, Input.DisplayName!, Role.CssStaff, centre.Id, null, []));
        if (outcome != Accounts.Outcome.Created)
        {
            ModelState.AddModelError("Input.Email", outcome == Accounts.Outcome.DuplicateEmail ? L["Users.DuplicateEmail"] : L["Users.SaveFailed"]);
            Centres = await RowsAsync();
            return Page();
        }
        // The first account starts the CSS; later ones are ordinary users (Admin/Users).
        await db.ServiceCentres.Where(c => c.Id == centre.Id && c.EnabledAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.EnabledAt, clock.GetUtcNow().UtcDateTime));
        StatusMessage = L["Centres.Enabled", centre.Name, Input.Email!];
        return RedirectToPage();
    }

    Task<List<CentreRow>> RowsAsync() => db.ServiceCentres.AsNoTracking().OrderBy(c => c.Name)
        .Select(c => new CentreRow(c.Code, c.Name, c.Kind, c.Profile, c.EnabledAt,
            c.Schools.Count(s => s.ClosedOn == null),
            c.Schools.Count(s => s.ClosedOn == null && (s.Levels & SchoolLevels.Secondary) != 0),
            db.Users.Count(u => u.ServiceCentreId == c.Id && u.IsActive)))
        .ToListAsync();

    public sealed record CentreRow(string Code, string Name, ServiceCentreKind Kind, Core.Coverage.CoverageProfile Profile, DateTime? EnabledAt,
        int Schools, int SecondarySchools, int ActiveUsers);

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(ServiceCentre.CodeMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.ServiceCentre")]
        public string? Code { get; set; }

        [Required(ErrorMessage = "Validation.Required"), EmailAddress(ErrorMessage = "Validation.Email"), StringLength(256, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Email")]
        public string? Email { get; set; }

        [Required(ErrorMessage = "Validation.Required"), StringLength(PartnerNetwork.Data.User.DisplayNameMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Name")]
        public string? DisplayName { get; set; }
    }
}
