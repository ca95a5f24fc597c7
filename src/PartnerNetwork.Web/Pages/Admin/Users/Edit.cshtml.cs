using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Mail;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Admin.Users;

/// <summary>
/// Create a user (no self-registration) or change what they are attached to. A new user receives a one-time link to
/// choose their own password: no admin ever sees or sets one, so an admin cannot sign in as an agent and read families.
/// Making someone an agent, or giving an agent schools, is written to the audit log the CSS's staff read.
/// </summary>
public class EditModel(PartnerNetworkDb db, UserManager<User> users, CurrentActor current, AccountMail mail, TimeProvider clock,
    IStringLocalizer<SharedResource> L) : PageModel
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
    public List<SchoolOption> Schools { get; private set; } = [];

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
        if (ModelState.IsValid) await ValidateAttachmentsAsync();
        if (!ModelState.IsValid)
        {
            await LoadOptionsAsync();
            return Page();
        }

        var created = user is null;
        var previousAttachments = (user?.ServiceCentreId, user?.OrganizationId);
        user ??= new User { Id = Guid.NewGuid() };
        user.Email = user.UserName = Input.Email.Trim();
        user.DisplayName = Input.DisplayName.Trim();
        user.EmailConfirmed = true;
        user.ServiceCentreId = Input.Role is Role.Agent or Role.CssStaff ? Input.ServiceCentreId : null;
        user.OrganizationId = Input.Role == Role.PartnerStaff ? Input.OrganizationId : null;
        var schoolIds = Input.Role == Role.Agent ? Input.SchoolIds.Distinct().ToList() : [];
        user.Schools.RemoveAll(s => !schoolIds.Contains(s.SchoolId));
        user.Schools.AddRange(schoolIds.Where(s => user.Schools.All(x => x.SchoolId != s)).Select(s => new UserSchool { UserId = user.Id, SchoolId = s }));
        // New powers or fewer: a new security stamp (the attachments are cached per stamp) and, below, no open session.
        var powersChanged = !created && (previousRole != Input.Role || !previousSchools.SetEquals(schoolIds)
                                         || previousAttachments != (user.ServiceCentreId, user.OrganizationId));
        if (powersChanged) user.SecurityStamp = Guid.NewGuid().ToString("N");

        IdentityResult result;
        try
        {
            // No password: the person chooses it from the link below.
            result = created ? await users.CreateAsync(user) : await users.UpdateAsync(user);
        }
        catch (DbUpdateException)
        {
            // Two admins creating the same e-mail at once: the database's unique index keeps one.
            result = IdentityResult.Failed(new IdentityError { Code = "DuplicateEmail" });
        }
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                ModelState.AddModelError("Input.Email", error.Code is "DuplicateEmail" or "DuplicateUserName" ? L["Users.DuplicateEmail"] : L["Users.SaveFailed"]);
            await LoadOptionsAsync();
            return Page();
        }

        if (previousRole != Input.Role)
        {
            if (previousRole is not null) await users.RemoveFromRoleAsync(user, previousRole.Value.ToString());
            await users.AddToRoleAsync(user, Input.Role.ToString());
        }
        await RecordAuditAsync(actor, user, previousRole, previousSchools, schoolIds);
        if (created) mail.SetPasswordLink(user.Email, user.Id, await users.GeneratePasswordResetTokenAsync(user));
        await db.SaveChangesAsync();
        // The user's open sessions end now, and they sign in again with the new powers.
        if (powersChanged) await SessionStore.EndAllAsync(db, user.Id);

        StatusMessage = created ? L["Users.InvitedStatus", user.Email] : L["Users.Saved", user.Email];
        return RedirectToPage("Index");
    }

    async Task RecordAuditAsync(Actor actor, User user, Role? previousRole, HashSet<Guid> previousSchools, List<Guid> schoolIds)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var names = await db.Schools.Where(s => schoolIds.Contains(s.Id) || previousSchools.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => $"{s.Name} ({s.Code})");
        var centre = user.ServiceCentreId;
        if (Input.Role == Role.Agent && previousRole != Role.Agent)
            AccessAudit.Record(db, now, actor, user, centre, AuditChange.AgentRoleGranted, L["Role.Agent"]);
        if (previousRole == Role.Agent && Input.Role != Role.Agent)
            AccessAudit.Record(db, now, actor, user, centre ?? (await SchoolCentreAsync(previousSchools)), AuditChange.RoleRemoved, L["Role." + Input.Role]);
        var added = schoolIds.Where(s => !previousSchools.Contains(s)).ToList();
        var removed = previousSchools.Where(s => !schoolIds.Contains(s)).ToList();
        if (added.Count > 0) AccessAudit.Record(db, now, actor, user, centre, AuditChange.SchoolsAssigned, string.Join(", ", added.Select(s => names[s]).Order()));
        if (removed.Count > 0) AccessAudit.Record(db, now, actor, user, centre ?? (await SchoolCentreAsync(removed)), AuditChange.SchoolsUnassigned, string.Join(", ", removed.Select(s => names[s]).Order()));
    }

    Task<Guid?> SchoolCentreAsync(IEnumerable<Guid> schoolIds) =>
        db.Schools.Where(s => schoolIds.Contains(s.Id)).Select(s => (Guid?)s.ServiceCentreId).FirstOrDefaultAsync();

    async Task<Role?> RoleOfAsync(User user) =>
        Enum.TryParse<Role>((await users.GetRolesAsync(user)).FirstOrDefault(), out var role) ? role : null;

    async Task ValidateAttachmentsAsync()
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
                break;
            case Role.PartnerStaff when Input.OrganizationId is not { } organizationId || !await db.Organizations.AnyAsync(o => o.Id == organizationId):
                ModelState.AddModelError("Input.OrganizationId", L["Users.NeedsOrganization"]);
                break;
        }
    }

    async Task LoadOptionsAsync()
    {
        ServiceCentres = await db.ServiceCentres.OrderBy(c => c.Name).Select(c => new Option(c.Id, c.Name)).ToListAsync();
        Organizations = await db.Organizations.Where(o => o.IsActive).OrderBy(o => o.Name).Select(o => new Option(o.Id, o.Name)).ToListAsync();
        Schools = await db.Schools.OrderBy(s => s.ServiceCentre!.Name).ThenBy(s => s.Name)
            .Select(s => new SchoolOption(s.Id, s.Name, s.Code, s.ServiceCentre!.Name)).ToListAsync();
    }

    public sealed record Option(Guid Id, string Name);

    public sealed record SchoolOption(Guid Id, string Name, string Code, string ServiceCentre);

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
