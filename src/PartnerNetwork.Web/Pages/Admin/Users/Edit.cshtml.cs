using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Admin.Users;

/// <summary>
/// Create a user (no self-registration) or change what they are attached to. A new user receives a one-time link to
/// choose their own password: no admin ever sees or sets one, so an admin cannot sign in as an agent and read families.
/// Every change to what the account reaches, its address included, is written to the audit log its CSS or organisation reads.
/// </summary>
public class EditModel(PartnerNetworkDb db, UserManager<User> users, CurrentActor current, Accounts accounts, IStringLocalizer<SharedResource> L) : PageModel
{
    public const int EmailMaxLength = 254;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public Guid? UserId { get; private set; }
    public bool IsSelf { get; private set; }
    public List<Option> ServiceCentres { get; private set; } = [];
    public List<Option> Organizations { get; private set; } = [];
    /// <summary>The account's ticked schools (any CSS, closed ones marked) and the open schools of the chosen CSS.</summary>
    public List<SchoolOption> Schools { get; private set; } = [];

    public SchoolChecklist Checklist => new(Schools, Input.SchoolIds, ServiceCentres.FirstOrDefault(c => c.Id == Input.ServiceCentreId)?.Name);

    public async Task<IActionResult> OnGetAsync(Guid? id)
    {
        if (id is { } userId)
        {
            var user = await users.Users.Include(u => u.Schools).SingleOrDefaultAsync(u => u.Id == userId);
            if (user is null) return NotFound();
            UserId = userId;
            IsSelf = userId == (await current.GetAsync()).UserId;
            Input = new InputModel
            {
                Email = user.Email ?? "",
                DisplayName = user.DisplayName,
                Role = await RoleOfAsync(user) ?? Role.Agent,
                ServiceCentreId = user.ServiceCentreId,
                OrganizationId = user.OrganizationId,
                SchoolIds = user.Schools.Select(s => s.SchoolId).ToList(),
            };
        }
        await LoadOptionsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id)
    {
        var actor = await current.GetAsync();
        UserId = id;
        IsSelf = id == actor.UserId;
        var user = id is { } userId ? await users.Users.Include(u => u.Schools).SingleOrDefaultAsync(u => u.Id == userId) : null;
        if (id is not null && user is null) return NotFound();
        var previousRole = user is null ? null : await RoleOfAsync(user);
        var previousSchools = user?.Schools.Select(s => s.SchoolId).ToHashSet() ?? [];
        // An admin cannot change their own role or attachments: no one grants themselves powers, or removes the last admin by mistake.
        if (IsSelf && (Input.Role != previousRole || Input.ServiceCentreId != user!.ServiceCentreId || Input.OrganizationId != user.OrganizationId
                       || !Input.SchoolIds.ToHashSet().SetEquals(previousSchools)))
            ModelState.AddModelError("Input.Role", L["Users.CannotChangeOwnRole"]);
        if (ModelState.IsValid) await ValidateAttachmentsAsync(previousSchools);
        if (!ModelState.IsValid)
        {
            await LoadOptionsAsync();
            return Page();
        }

        var (outcome, saved) = await accounts.SaveAsync(actor, id,
            new Accounts.Request(Input.Email, Input.DisplayName, Input.Role, Input.ServiceCentreId, Input.OrganizationId, Input.SchoolIds));
        switch (outcome)
        {
            case Accounts.Outcome.NotFound:
                return NotFound();
            case Accounts.Outcome.DuplicateEmail or Accounts.Outcome.Failed:
                ModelState.AddModelError("Input.Email", outcome == Accounts.Outcome.DuplicateEmail ? L["Users.DuplicateEmail"] : L["Users.SaveFailed"]);
                await LoadOptionsAsync();
                return Page();
        }
        StatusMessage = outcome == Accounts.Outcome.Created ? L["Users.InvitedStatus", saved!.Email!] : L["Users.Saved", saved!.Email!];
        return RedirectToPage("Index");
    }

    /// <summary>Without JavaScript: the button beside the CSS shows its schools, keeping what was typed and saving nothing.</summary>
    public async Task<IActionResult> OnPostSchoolsAsync(Guid? id)
    {
        if (id is { } userId && !await users.Users.AnyAsync(u => u.Id == userId)) return NotFound();
        UserId = id;
        IsSelf = id == (await current.GetAsync()).UserId;
        ModelState.Clear();
        await LoadOptionsAsync();
        return Page();
    }

    /// <summary>With JavaScript: the checklist for the CSS just chosen, the ticked schools kept on top. Reads only.</summary>
    public async Task<IActionResult> OnGetSchoolsAsync(Guid? centreId, List<Guid>? chosen)
    {
        Input.ServiceCentreId = centreId;
        Input.SchoolIds = (chosen ?? []).Distinct().Take(MaxSchools).ToList();
        await LoadOptionsAsync();
        return Partial("_SchoolChecklist", Checklist);
    }

    /// <summary>More ticked schools than any agent has: the rest of a longer list is ignored.</summary>
    const int MaxSchools = 500;

    async Task<Role?> RoleOfAsync(User user) =>
        Enum.TryParse<Role>((await users.GetRolesAsync(user)).FirstOrDefault(), out var role) ? role : null;

    async Task ValidateAttachmentsAsync(HashSet<Guid> previousSchools)
    {
        switch (Input.Role)
        {
            case Role.Agent or Role.CssStaff when Input.ServiceCentreId is not { } centreId || !await db.ServiceCentres.AnyAsync(c => c.Id == centreId):
                ModelState.AddModelError("Input.ServiceCentreId", L["Users.NeedsServiceCentre"]);
                break;
            case Role.Agent when Input.SchoolIds.Count == 0:
                ModelState.AddModelError("Input.SchoolIds", L["Users.NeedsSchools"]);
                break;
            case Role.Agent:
                var inCentre = await db.Schools.CountAsync(s => Input.SchoolIds.Contains(s.Id) && s.ServiceCentreId == Input.ServiceCentreId);
                if (inCentre != Input.SchoolIds.Distinct().Count())
                    ModelState.AddModelError("Input.SchoolIds", L["Users.SchoolsOutsideCentre"]);
                // An agent keeps a school that has closed (its families' history), but is not given one.
                var closed = await db.Schools.Where(s => Input.SchoolIds.Contains(s.Id) && !previousSchools.Contains(s.Id) && s.ClosedOn != null)
                    .OrderBy(s => s.Name).Select(s => s.Name).ToListAsync();
                if (closed.Count > 0)
                    ModelState.AddModelError("Input.SchoolIds", L["Users.SchoolClosed", string.Join(", ", closed)]);
                break;
            case Role.PartnerStaff when Input.OrganizationId is not { } organizationId || !await db.Organizations.AnyAsync(o => o.Id == organizationId && o.IsActive):
                ModelState.AddModelError("Input.OrganizationId", L["Users.NeedsOrganization"]);
                break;
        }
    }

    async Task LoadOptionsAsync()
    {
        ServiceCentres = await db.ServiceCentres.OrderBy(c => c.Name).Select(c => new Option(c.Id, c.Name)).ToListAsync();
        Organizations = await db.Organizations.Where(o => o.IsActive).OrderBy(o => o.Name).Select(o => new Option(o.Id, o.Name)).ToListAsync();
        // An agent's schools are in their CSS, so only that CSS's schools are offered (the province has 2,800). Closed
        // schools are offered to no one; the ones the account already has stay listed, marked.
        var centreId = Input.ServiceCentreId;
        Schools = await db.Schools.Where(s => Input.SchoolIds.Contains(s.Id) || (s.ServiceCentreId == centreId && s.ClosedOn == null))
            .OrderBy(s => s.Name).Select(s => new SchoolOption(s.Id, s.Name, s.Code, s.ServiceCentre!.Name, s.ClosedOn)).ToListAsync();
    }

    public sealed record Option(Guid Id, string Name);

    public sealed record SchoolOption(Guid Id, string Name, string Code, string ServiceCentre, DateOnly? ClosedOn);

    /// <summary>What the checklist shows: the ticked schools first, then the other schools of the CSS named (null: none chosen).</summary>
    public sealed record SchoolChecklist(IReadOnlyList<SchoolOption> Schools, IReadOnlyCollection<Guid> Ticked, string? CentreName);

    public class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        [StringLength(EmailMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(PartnerNetwork.Data.User.DisplayNameMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Name")]
        public string DisplayName { get; set; } = "";

        [Display(Name = "Field.Role")]
        [EnumDataType(typeof(Role), ErrorMessage = "Validation.Invalid")]
        public Role Role { get; set; } = Role.Agent;

        [Display(Name = "Field.ServiceCentre")]
        public Guid? ServiceCentreId { get; set; }

        [Display(Name = "Field.Schools")]
        public List<Guid> SchoolIds { get; set; } = [];

        [Display(Name = "Field.Organization")]
        public Guid? OrganizationId { get; set; }
    }
}
